package anthropicapp

import (
	"context"

	"github.com/anthropics/anthropic-sdk-go"
	"github.com/anthropics/anthropic-sdk-go/option"
)

// ZeroMarker marks the instructions with the zero CacheControl value,
// which the SDK's JSON leaves out (the field is omitzero): nothing is
// cached.
func ZeroMarker(ctx context.Context, c *anthropic.Client, question string) (*anthropic.Message, error) {
	return c.Messages.New(ctx, anthropic.MessageNewParams{
		Model:     anthropic.ModelClaudeSonnet4_5,
		MaxTokens: 1024,
		System: []anthropic.TextBlockParam{{
			Text:         instructions,
			CacheControl: anthropic.CacheControlEphemeralParam{}, // expect: PC003
		}},
		Messages: []anthropic.MessageParam{anthropic.NewUserMessage(anthropic.NewTextBlock(question))},
	})
}

// DiagnosticsHeaderOnly asks for cache diagnostics with the header alone.
func DiagnosticsHeaderOnly(ctx context.Context, c *anthropic.Client, question string) (*anthropic.Message, error) {
	return c.Messages.New(ctx, anthropic.MessageNewParams{
		Model:     anthropic.ModelClaudeSonnet4_5,
		MaxTokens: 1024,
		System: []anthropic.TextBlockParam{{
			Text:         instructions,
			CacheControl: anthropic.NewCacheControlEphemeralParam(),
		}},
		Messages: []anthropic.MessageParam{anthropic.NewUserMessage(anthropic.NewTextBlock(question))},
	}, option.WithHeader("anthropic-beta", "cache-diagnosis-2026-04-07")) // expect: PC011
}

// DiagnosticsWithPrevious names the previous message: silent.
func DiagnosticsWithPrevious(ctx context.Context, c *anthropic.Client, question, previous string) (*anthropic.Message, error) {
	return c.Messages.New(ctx, anthropic.MessageNewParams{
		Model:     anthropic.ModelClaudeSonnet4_5,
		MaxTokens: 1024,
		System: []anthropic.TextBlockParam{{
			Text:         instructions,
			CacheControl: anthropic.NewCacheControlEphemeralParam(),
		}},
		Messages:    []anthropic.MessageParam{anthropic.NewUserMessage(anthropic.NewTextBlock(question))},
		Diagnostics: anthropic.DiagnosticsParam{PreviousMessageID: anthropic.String(previous)},
	}, option.WithHeader("anthropic-beta", "cache-diagnosis-2026-04-07"))
}
