// Package openaiapp calls the real openai-go/v3 SDK in cache-hostile and
// cache-friendly ways. Lines marked "expect:" must produce exactly those
// rule codes; every other line must stay silent.
package openaiapp

import (
	"context"
	"fmt"
	"time"

	"github.com/openai/openai-go/v3"
)

// DateFirst formats today's date and the user's id into the start of the
// system message, ahead of the stable instructions.
func DateFirst(ctx context.Context, c *openai.Client, userID, question string) (*openai.ChatCompletion, error) {
	system := fmt.Sprintf("Today is %s. Customer %s.\n\n%s",
		time.Now().Format("2006-01-02"), // expect: PC001
		userID,                          // expect: PC001
		instructions)
	return c.Chat.Completions.New(ctx, openai.ChatCompletionNewParams{
		Model: openai.ChatModelGPT4o,
		Messages: []openai.ChatCompletionMessageParamUnion{
			openai.SystemMessage(system),
			openai.UserMessage(question),
		},
	})
}

// Friendly keeps the system message stable and moves the date into the
// user message at the end.
func Friendly(ctx context.Context, c *openai.Client, userID, question string) (*openai.ChatCompletion, error) {
	return c.Chat.Completions.New(ctx, openai.ChatCompletionNewParams{
		Model: openai.ChatModelGPT4o,
		Messages: []openai.ChatCompletionMessageParamUnion{
			openai.SystemMessage(instructions),
			openai.UserMessage(fmt.Sprintf("Today is %s. Customer %s.\n\n%s",
				time.Now().Format("2006-01-02"), userID, question)),
		},
	})
}
