// Package anymarked is anyclient with the last turn's block marked: the // want package:"cache_control"
// key is written into a map, so content typed any may carry markers.
package anymarked

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

// Send sends the conversation, marking the last turn.
func (c *Client) Send(ctx context.Context, turns []string) error {
	var msgs []message
	for i, t := range turns {
		block := map[string]any{"type": "text", "text": t}
		if i == len(turns)-1 {
			block["cache_control"] = map[string]string{"type": "ephemeral"}
		}
		msgs = append(msgs, message{Role: "user", Content: []map[string]any{block}})
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
