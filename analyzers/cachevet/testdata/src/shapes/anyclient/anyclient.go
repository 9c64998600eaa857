// Package anyclient posts Anthropic Messages requests whose content is
// typed any: it could hold content blocks with a marker, but nothing in
// the package ever writes the cache_control key.
package anyclient

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
	Content any    `json:"content"`
}

type request struct {
	Model     string    `json:"model"`
	MaxTokens int       `json:"max_tokens"`
	System    string    `json:"system"`
	Messages  []message `json:"messages"`
}

// Client talks to the Messages API.
type Client struct{ key string }

// Send sends the conversation, text as content blocks.
func (c *Client) Send(ctx context.Context, turns []string) error {
	var msgs []message
	for _, t := range turns { // want `with no cache_control breakpoint`
		msgs = append(msgs, message{Role: "user", Content: []map[string]any{{"type": "text", "text": t}}})
	}
	body, err := json.Marshal(request{Model: "claude-sonnet-4-5", MaxTokens: 4096, System: systemPrompt, Messages: msgs})
	if err != nil {
		return err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, "https://api.anthropic.com/v1/messages", bytes.NewReader(body))
	if err != nil {
		return err
	}
	req.Header.Set("x-api-key", c.key)
	_, err = http.DefaultClient.Do(req)
	return err
}
