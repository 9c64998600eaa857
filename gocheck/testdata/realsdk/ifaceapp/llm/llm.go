// Package llm is the agent's provider-neutral model interface.
package llm

import "context"

// Message is one turn of a conversation.
type Message struct {
	Role    string
	Content string
}

// ToolDef describes a tool to the model.
type ToolDef struct {
	Name        string
	Description string
	Category    string
	InputSchema map[string]any
}

// Request is what the agent asks a provider.
type Request struct {
	Messages []Message
	Tools    []ToolDef
}

// Response is the model's answer.
type Response struct{ Text string }

// Provider is a model backend.
type Provider interface {
	Chat(ctx context.Context, req Request) (*Response, error)
}
