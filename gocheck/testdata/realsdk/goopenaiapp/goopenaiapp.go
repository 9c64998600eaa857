// Package goopenaiapp calls the real sashabaranov/go-openai SDK in
// cache-hostile and cache-friendly ways. Lines marked "expect:" must
// produce exactly those rule codes; every other line must stay silent.
package goopenaiapp

import (
	"context"
	"strings"

	openai "github.com/sashabaranov/go-openai"
)

// SessionFirst starts the system message with the session id.
func SessionFirst(ctx context.Context, c *openai.Client, sessionID, question string) (openai.ChatCompletionResponse, error) {
	return c.CreateChatCompletion(ctx, openai.ChatCompletionRequest{
		Model: openai.GPT4o,
		Messages: []openai.ChatCompletionMessage{
			{Role: openai.ChatMessageRoleSystem, Content: "Session " + sessionID + "\n\n" + instructions}, // expect: PC001
			{Role: openai.ChatMessageRoleUser, Content: question},
		},
	})
}

// MapOrder writes the tool notes in map iteration order, which Go
// randomizes: two identical requests get different prefixes.
func MapOrder(ctx context.Context, c *openai.Client, notes map[string]string, question string) (openai.ChatCompletionResponse, error) {
	var b strings.Builder
	for name, note := range notes { // expect: PC006
		b.WriteString(name + ": " + note + "\n")
	}
	b.WriteString(instructions)
	return c.CreateChatCompletion(ctx, openai.ChatCompletionRequest{
		Model: openai.GPT4o,
		Messages: []openai.ChatCompletionMessage{
			{Role: openai.ChatMessageRoleSystem, Content: b.String()},
			{Role: openai.ChatMessageRoleUser, Content: question},
		},
	})
}

// Friendly keeps the system message stable and sends the session id with
// the question.
func Friendly(ctx context.Context, c *openai.Client, sessionID, question string) (openai.ChatCompletionResponse, error) {
	return c.CreateChatCompletion(ctx, openai.ChatCompletionRequest{
		Model: openai.GPT4o,
		Messages: []openai.ChatCompletionMessage{
			{Role: openai.ChatMessageRoleSystem, Content: instructions},
			{Role: openai.ChatMessageRoleUser, Content: "Session " + sessionID + "\n\n" + question},
		},
	})
}
