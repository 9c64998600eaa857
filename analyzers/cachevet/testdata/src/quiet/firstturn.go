package quiet

import (
	"context"
	"time"

	"github.com/anthropics/anthropic-sdk-go"
	openai "github.com/openai/openai-go/v3"
)

var claude = anthropic.NewClient()

// firstTurnClaude puts the date and the question in the first user turn:
// the system prompt is separate, stable and cached, and the first turn is
// the part of a request that is new every time.
func firstTurnClaude(ctx context.Context, q string) {
	claude.Messages.New(ctx, anthropic.MessageNewParams{
		Model:  anthropic.ModelClaudeSonnet4_5,
		System: []anthropic.TextBlockParam{{Text: policies, CacheControl: anthropic.NewCacheControlEphemeralParam()}},
		Messages: []anthropic.MessageParam{
			anthropic.NewUserMessage(anthropic.NewTextBlock("Today is " + time.Now().Format(time.RFC1123) + ".\n\n" + q)),
		},
	})
}

// firstTurnOpenAI is the same with a system message of its own.
func firstTurnOpenAI(ctx context.Context, c *openai.Client, q string) {
	c.Chat.Completions.New(ctx, openai.ChatCompletionNewParams{
		Model: openai.ChatModelGPT4o,
		Messages: []openai.ChatCompletionMessageParamUnion{
			openai.SystemMessage(policies),
			openai.UserMessage("Current time: " + time.Now().Format(time.RFC3339) + "\n" + q),
		},
	})
}
