// Package handrolledcloud posts Bedrock Converse and Gemini
// generateContent bodies it builds itself, as maps and as structs.
package handrolledcloud

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"time"
)

func post(ctx context.Context, url string, v any) error {
	body, err := json.Marshal(v)
	if err != nil {
		return err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(body))
	if err != nil {
		return err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	return resp.Body.Close()
}

const converse = "https://bedrock-runtime.us-east-1.amazonaws.com/model/anthropic.claude-sonnet-4-5-20250929-v1:0/converse"

// bedrockTimestamp stamps the time ahead of the policies it caches.
func bedrockTimestamp(ctx context.Context, q string) error {
	body, _ := json.Marshal(map[string]any{
		"modelId": "anthropic.claude-sonnet-4-5-20250929-v1:0",
		"system": []map[string]any{
			{"text": "Now: " + time.Now().Format(time.RFC3339) + "\n" + policies}, // want `time "time.Now" \(time.Now\) changes every request`
			{"cachePoint": map[string]any{"type": "default"}},
		},
		"messages": []map[string]any{{"role": "user", "content": []map[string]any{{"text": q}}}},
	})
	return post(ctx, converse, body)
}

// bedrockStable caches the policies and puts the time in the turn: silent.
func bedrockStable(ctx context.Context, q string) error {
	body, _ := json.Marshal(map[string]any{
		"modelId": "anthropic.claude-sonnet-4-5-20250929-v1:0",
		"system": []map[string]any{
			{"text": policies},
			{"cachePoint": map[string]any{"type": "default", "ttl": "1h"}},
		},
		"messages": []map[string]any{{"role": "user", "content": []map[string]any{{"text": "Now: " + time.Now().Format(time.RFC3339) + "\n" + q}}}},
	})
	return post(ctx, converse, body)
}

// bedrockSmall marks a short system prompt: it never caches.
func bedrockSmall(ctx context.Context, q string) error {
	body, _ := json.Marshal(map[string]any{
		"modelId": "anthropic.claude-sonnet-4-5-20250929-v1:0",
		"system": []map[string]any{
			{"text": "You are terse."},
			{"cachePoint": map[string]any{"type": "default"}}, // want `below the 1,024-token minimum`
		},
		"messages": []map[string]any{{"role": "user", "content": []map[string]any{{"text": q}}}},
	})
	return post(ctx, converse, body)
}

// Part is a Gemini part.
type Part struct {
	Text string `json:"text,omitempty"`
}

// Content is a Gemini content.
type Content struct {
	Role  string `json:"role,omitempty"`
	Parts []Part `json:"parts"`
}

// GenerateRequest is a generateContent body.
type GenerateRequest struct {
	SystemInstruction *Content  `json:"systemInstruction,omitempty"`
	Contents          []Content `json:"contents"`
}

const generate = "https://generativelanguage.googleapis.com/v1beta/models/gemini-2.5-flash:generateContent"

// geminiTimestamp puts a request id ahead of the system instruction.
func geminiTimestamp(ctx context.Context, q, requestID string) error {
	body, _ := json.Marshal(GenerateRequest{
		SystemInstruction: &Content{Parts: []Part{{Text: "Now: " + time.Now().Format(time.RFC3339) + "\n" + policies}}}, // want `time "time.Now" \(time.Now\) changes every request`
		Contents:          []Content{{Role: "user", Parts: []Part{{Text: q}}}},
	})
	return post(ctx, generate, body)
}

// geminiStable keeps the system instruction stable: silent.
func geminiStable(ctx context.Context, q string) error {
	body, _ := json.Marshal(GenerateRequest{
		SystemInstruction: &Content{Parts: []Part{{Text: policies}}},
		Contents:          []Content{{Role: "user", Parts: []Part{{Text: "Now: " + time.Now().Format(time.RFC3339) + "\n" + q}}}},
	})
	return post(ctx, generate, body)
}
