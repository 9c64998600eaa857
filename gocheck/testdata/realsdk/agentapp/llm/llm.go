// Package llm is a hand-rolled OpenAI-compatible client: callers build
// the request body, Chat posts it.
package llm

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
)

// Message is one chat message.
type Message struct {
	Role    string `json:"role"`
	Content string `json:"content"`
}

// Request is the request body.
type Request struct {
	Model    string    `json:"model"`
	Messages []Message `json:"messages"`
}

// Chat posts the request.
func Chat(ctx context.Context, req Request) (*http.Response, error) {
	return post(ctx, req)
}

func post(ctx context.Context, body Request) (*http.Response, error) {
	data, err := json.Marshal(body)
	if err != nil {
		return nil, err
	}
	r, err := http.NewRequestWithContext(ctx, http.MethodPost, "https://api.openai.com/v1/chat/completions", bytes.NewReader(data))
	if err != nil {
		return nil, err
	}
	return http.DefaultClient.Do(r)
}
