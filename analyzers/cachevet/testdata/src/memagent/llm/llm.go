// Package llm is an agent's own chat client: its message type writes its
// content in a MarshalJSON of its own, so encoding/json skips the field.
package llm

import (
	"context"
	"encoding/json"
)

// Message is a chat message.
type Message struct {
	Role    string `json:"role"`
	Content string `json:"-"`
}

// MarshalJSON writes the content as a string.
func (m Message) MarshalJSON() ([]byte, error) {
	return json.Marshal(struct {
		Role    string `json:"role"`
		Content string `json:"content"`
	}{m.Role, m.Content})
}

// ToolDefinition is a tool in the chat completions form.
type ToolDefinition struct {
	Type     string      `json:"type"`
	Function FunctionDef `json:"function"`
}

// FunctionDef is a tool's function.
type FunctionDef struct {
	Name        string          `json:"name"`
	Description string          `json:"description"`
	Parameters  json.RawMessage `json:"parameters"`
}

// Choice is the model's answer.
type Choice struct{ Message Message }

// Client is a chat client.
type Client struct{}

// Chat sends messages and tools.
func (c *Client) Chat(ctx context.Context, messages []Message, tools []ToolDefinition) (Choice, error) {
	return Choice{}, nil
}
