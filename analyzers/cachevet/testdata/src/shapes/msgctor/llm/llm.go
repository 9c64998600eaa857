// Package llm is an agent's provider-neutral model API with message
// constructors.
package llm

import "context"

// Message is one message.
type Message struct {
	Role    string `json:"role"`
	Content string `json:"content"`
}

// SystemMessage is the system prompt as a message.
func SystemMessage(text string) Message { // want SystemMessage:"message\\(system\\)"
	return Message{Role: "system", Content: text}
}

// UserMessage is a user turn.
func UserMessage(text string) Message { // want UserMessage:"message\\(user\\)"
	return Message{Role: "user", Content: text}
}

// Provider answers a conversation.
type Provider interface {
	Chat(ctx context.Context, msgs []Message) (string, error)
}
