// Package intent marks content for caching explicitly: a marker on too
// little content is reported whatever was meant.
package intent

import (
	"context"

	"github.com/anthropics/anthropic-sdk-go"
	"github.com/tmc/langchaingo/llms"
	lcanthropic "github.com/tmc/langchaingo/llms/anthropic"
)

var client = anthropic.NewClient()

// smallBreakpoint means to cache "the large context" but marks about five
// hundred tokens.
func smallBreakpoint(ctx context.Context, q string) {
	client.Messages.New(ctx, anthropic.MessageNewParams{
		Model:    anthropic.ModelClaudeSonnet4_5,
		System:   []anthropic.TextBlockParam{{Text: brief, CacheControl: anthropic.NewCacheControlEphemeralParam()}}, // want `below the 1,024-token minimum`
		Messages: []anthropic.MessageParam{anthropic.NewUserMessage(anthropic.NewTextBlock(q))},
	})
}

// largeBreakpoint marks the long policies: silent.
func largeBreakpoint(ctx context.Context, q string) {
	client.Messages.New(ctx, anthropic.MessageNewParams{
		Model:    anthropic.ModelClaudeSonnet4_5,
		System:   []anthropic.TextBlockParam{{Text: policies, CacheControl: anthropic.NewCacheControlEphemeralParam()}},
		Messages: []anthropic.MessageParam{anthropic.NewUserMessage(anthropic.NewTextBlock(q))},
	})
}

// langchainSmall marks a short human message through langchaingo.
func langchainSmall(ctx context.Context, q string) {
	llm, _ := lcanthropic.New(lcanthropic.WithModel("claude-sonnet-4-5"))
	llm.GenerateContent(ctx, []llms.MessageContent{
		{Role: llms.ChatMessageTypeHuman, Parts: []llms.ContentPart{
			llms.WithCacheControl(llms.TextPart(brief), lcanthropic.EphemeralCache()), // want `below the 1,024-token minimum`
		}},
		llms.TextParts(llms.ChatMessageTypeAI, "Understood."),
		llms.TextParts(llms.ChatMessageTypeHuman, q),
	})
}
