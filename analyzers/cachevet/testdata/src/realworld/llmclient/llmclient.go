package llmclient // want package:"sinks" package:"cache_control"

// Package llmclient is a hand-rolled OpenAI-compatible client: callers
// build the request, an unexported helper marshals and posts it.

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
)

// Part is one content part.
type Part struct {
	Type         string     `json:"type"`
	Text         string     `json:"text,omitempty"`
	CacheControl *CacheSpec `json:"cache_control,omitempty"`
}

// CacheSpec is a cache breakpoint.
type CacheSpec struct {
	Type string `json:"type"`
}

// Message is one chat message.
type Message struct {
	Role    string `json:"role"`
	Content []Part `json:"content"`
}

// ChatRequest is the request body.
type ChatRequest struct {
	Model    string    `json:"model"`
	Messages []Message `json:"messages"`
	Stream   bool      `json:"stream,omitempty"`
}

// Client posts requests.
type Client struct{ base string }

// Stream sends the request the caller built.
func (c *Client) Stream(ctx context.Context, req ChatRequest) error { // want Stream:"body\\(1\\)"
	req.Stream = true
	return c.post(ctx, req)
}

func (c *Client) post(ctx context.Context, body ChatRequest) error {
	data, err := json.Marshal(body)
	if err != nil {
		return err
	}
	r, err := http.NewRequestWithContext(ctx, http.MethodPost, c.base+"/chat/completions", bytes.NewReader(data))
	if err != nil {
		return err
	}
	_, err = http.DefaultClient.Do(r)
	return err
}
