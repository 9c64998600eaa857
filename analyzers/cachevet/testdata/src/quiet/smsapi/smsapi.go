// Package smsapi is an SMS provider's client, shaped like an LLM SDK:
// client.Messages.Create(ctx, params) with a Body and a list of messages.
// Nothing it sends reaches a model.
package smsapi

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
)

// MessageCreateParams is one text message to send.
type MessageCreateParams struct {
	To   string `json:"to"`
	From string `json:"from"`
	Body string `json:"body"`
}

// BatchParams sends several messages at once.
type BatchParams struct {
	Messages []MessageCreateParams `json:"messages"`
	System   string                `json:"system"` // the sending system's name
}

// MessageService sends text messages.
type MessageService struct{ base string }

// Create sends one message.
func (s *MessageService) Create(ctx context.Context, p MessageCreateParams) error {
	body, err := json.Marshal(p)
	if err != nil {
		return err
	}
	return s.post(ctx, "/messages", body)
}

// CreateBatch sends several messages.
func (s *MessageService) CreateBatch(ctx context.Context, p BatchParams) error {
	body, err := json.Marshal(p)
	if err != nil {
		return err
	}
	return s.post(ctx, "/messages/batch", body)
}

func (s *MessageService) post(ctx context.Context, path string, body []byte) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, s.base+path, bytes.NewReader(body))
	if err != nil {
		return err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	return resp.Body.Close()
}

// Client is the SMS API client.
type Client struct{ Messages *MessageService }

// NewClient returns a client.
func NewClient() *Client { return &Client{Messages: &MessageService{base: "https://sms.example.com/v1"}} }
