// Package rawclient posts Anthropic Messages requests with types of its // want package:"cache_control"
// own: the first client's types have no cache_control at all, the second's
// have one that nothing sets, the third sets it.
package rawclient

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
	key   string
	tools []tool
}

// Send sends the conversation.
func (c *Client) Send(ctx context.Context, history []message) error {
	body, err := json.Marshal(request{Model: "claude-sonnet-4-5", MaxTokens: 4096, System: systemPrompt, Messages: history, Tools: c.tools}) // want `with no cache_control breakpoint`
	if err != nil {
		return err
	}
	return post(ctx, c.key, body)
}

type cacheControl struct {
	Type string `json:"type"`
}

type systemBlock struct {
	Type         string        `json:"type"`
	Text         string        `json:"text"`
	CacheControl *cacheControl `json:"cache_control,omitempty"`
}

type blockRequest struct {
	Model     string        `json:"model"`
	MaxTokens int           `json:"max_tokens"`
	System    []systemBlock `json:"system"`
	Messages  []message     `json:"messages"`
}

// SendBlocks has a marker type that nothing in the package sets.
func (c *Client) SendBlocks(ctx context.Context, history []message) error {
	body, err := json.Marshal(blockRequest{Model: "claude-sonnet-4-5", MaxTokens: 4096, System: []systemBlock{{Type: "text", Text: systemPrompt}}, Messages: history}) // want `with no cache_control breakpoint`
	if err != nil {
		return err
	}
	return post(ctx, c.key, body)
}

type markedBlock struct {
	Type         string        `json:"type"`
	Text         string        `json:"text"`
	CacheControl *cacheControl `json:"cache_control,omitempty"`
}

type markedRequest struct {
	Model     string        `json:"model"`
	MaxTokens int           `json:"max_tokens"`
	System    []markedBlock `json:"system"`
	Messages  []message     `json:"messages"`
}

// SendMarked marks the system block where it builds it: silent.
func (c *Client) SendMarked(ctx context.Context, history []message) error {
	sys := markedBlock{Type: "text", Text: systemPrompt}
	sys.CacheControl = &cacheControl{Type: "ephemeral"}
	body, err := json.Marshal(markedRequest{Model: "claude-sonnet-4-5", MaxTokens: 4096, System: []markedBlock{sys}, Messages: history})
	if err != nil {
		return err
	}
	return post(ctx, c.key, body)
}

func post(ctx context.Context, key string, body []byte) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, "https://api.anthropic.com/v1/messages", bytes.NewReader(body))
	if err != nil {
		return err
	}
	req.Header.Set("x-api-key", key)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	return resp.Body.Close()
}
