// Package handrolled talks to the providers without an SDK: request // want package:"cache_control"
// bodies of its own types or maps, marshalled and posted with net/http.
package handrolled

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"time"
)

// Message is a chat message.
type Message struct {
	Role    string `json:"role"`
	Content string `json:"content"`
}

// ChatRequest is an OpenAI-compatible request body.
type ChatRequest struct {
	Model    string           `json:"model"`
	Messages []Message        `json:"messages"`
	Tools    []map[string]any `json:"tools,omitempty"`
	Stream   bool             `json:"stream"`
}

// Settings is not a request body.
type Settings struct {
	Name  string   `json:"name"`
	Items []string `json:"items"`
}

func post(ctx context.Context, url string, body []byte) error {
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

func chatStruct(ctx context.Context, q string) error {
	body, _ := json.Marshal(ChatRequest{
		Model: "gpt-4o",
		Messages: []Message{
			{Role: "system", Content: "Now: " + time.Now().Format(time.RFC3339) + "\n" + policies}, // want `time "time.Now" \(time.Now\) changes every request`
			{Role: "user", Content: q},
		},
	})
	return post(ctx, "https://api.openai.com/v1/chat/completions", body)
}

// chatStable keeps the system message stable: silent.
func chatStable(ctx context.Context, q string) error {
	req := ChatRequest{Model: "gpt-4o"}
	req.Messages = append(req.Messages, Message{Role: "system", Content: policies}, Message{Role: "user", Content: q})
	var buf bytes.Buffer
	if err := json.NewEncoder(&buf).Encode(req); err != nil {
		return err
	}
	return post(ctx, "https://api.openai.com/v1/chat/completions", buf.Bytes())
}

// Registry lists tools at run time.
type Registry struct{ specs []map[string]any }

// Specs returns the tool definitions.
func (r *Registry) Specs() []map[string]any { return r.specs }

// chatRegistryTools stamps the time after the tools, which render first:
// silent.
func chatRegistryTools(ctx context.Context, r *Registry, q string) error {
	body, _ := json.Marshal(ChatRequest{
		Model: "gpt-4o",
		Tools: r.Specs(),
		Messages: []Message{
			{Role: "system", Content: "Request " + time.Now().Format(time.Kitchen) + "\n"},
			{Role: "user", Content: q},
		},
	})
	return post(ctx, "https://api.openai.com/v1/chat/completions", body)
}

func anthropicMap(ctx context.Context, history []map[string]any) error {
	body, _ := json.Marshal(map[string]any{
		"model":      "claude-sonnet-4-5",
		"max_tokens": 1024,
		"system": []map[string]any{
			{"type": "text", "text": policies},
			{"type": "text", "text": "Now " + time.Now().Format(time.RFC3339), "cache_control": map[string]string{"type": "ephemeral"}}, // want `time "time.Now" \(time.Now\) changes every request and stands ahead of the conversation history`
		},
		"messages": history,
	})
	return post(ctx, "https://api.anthropic.com/v1/messages", body)
}

// anthropicMapCached caches the stable system prompt: silent.
func anthropicMapCached(ctx context.Context, history []map[string]any) error {
	body, _ := json.Marshal(map[string]any{
		"model":      "claude-sonnet-4-5",
		"max_tokens": 1024,
		"system": []map[string]any{
			{"type": "text", "text": policies, "cache_control": map[string]string{"type": "ephemeral"}},
		},
		"messages": history,
	})
	return post(ctx, "https://api.anthropic.com/v1/messages", body)
}

// settings marshals a value that is not a request body: silent.
func settings(ctx context.Context, name string) error {
	body, _ := json.Marshal(Settings{Name: "Now " + time.Now().Format(time.RFC3339) + name})
	return post(ctx, "https://example.com/settings", body)
}

// anthropicOption adds cache_control by option, where the literal does not
// show it: silent.
func anthropicOption(ctx context.Context, history []map[string]any, cache bool) error {
	system := map[string]any{"type": "text", "text": policies}
	if cache {
		system["cache_control"] = map[string]string{"type": "ephemeral"}
	}
	body, _ := json.Marshal(map[string]any{"model": "claude-sonnet-4-5", "system": []map[string]any{system}, "messages": history})
	return post(ctx, "https://api.anthropic.com/v1/messages", body)
}

// anthropicToolsLater sets the tools on the body's map after the literal:
// they are sent, in the map order they were listed in.
func anthropicToolsLater(ctx context.Context, history []map[string]any, byName map[string]map[string]any) error {
	var tools []map[string]any
	for _, t := range byName { // want `"byName" is emitted in nondeterministic order \(map iteration order\) and stands ahead of`
		tools = append(tools, t)
	}
	req := map[string]any{
		"model":    "claude-sonnet-4-5",
		"system":   []map[string]any{{"type": "text", "text": policies, "cache_control": map[string]string{"type": "ephemeral"}}},
		"messages": history,
	}
	if len(tools) > 0 {
		req["tools"] = tools
	}
	body, _ := json.Marshal(req)
	return post(ctx, "https://api.anthropic.com/v1/messages", body)
}
