// Package handrolled posts Anthropic Messages requests without an SDK.
package handrolled

import (
	"bytes"
	"context"
	_ "embed"
	"encoding/json"
	"net/http"
)

//go:embed system.md
var systemPrompt string

type message struct {
	Role    string `json:"role"`
	Content string `json:"content"`
}

type tool struct {
	Name        string         `json:"name"`
	Description string         `json:"description"`
	InputSchema map[string]any `json:"input_schema"`
}

type request struct {
	Model     string    `json:"model"`
	MaxTokens int       `json:"max_tokens"`
	System    string    `json:"system"`
	Messages  []message `json:"messages"`
	Tools     []tool    `json:"tools"`
}

// Client talks to the Messages API.
type Client struct {
	http  *http.Client
	key   string
	tools []tool
}

// Send sends the conversation.
func (c *Client) Send(ctx context.Context, history []message) (*http.Response, error) {
	body, err := json.Marshal(request{Model: "claude-sonnet-4-5", MaxTokens: 4096, System: systemPrompt, Messages: history, Tools: c.tools}) // expect: PC002
	if err != nil {
		return nil, err
	}
	req, err := http.NewRequestWithContext(ctx, "POST", "https://api.anthropic.com/v1/messages", bytes.NewReader(body))
	if err != nil {
		return nil, err
	}
	req.Header.Set("x-api-key", c.key)
	return c.http.Do(req)
}
