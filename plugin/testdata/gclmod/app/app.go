// Package app calls the real anthropic-sdk-go. Lines marked "expect:" must
// give exactly one golangci-lint issue with that rule code; every other line
// must stay silent.
package app

import (
	"context"
	"time"

	"github.com/anthropics/anthropic-sdk-go"
)

// TimeFirst puts the clock ahead of the policies and caches the block.
func TimeFirst(ctx context.Context, c *anthropic.Client, question string) (*anthropic.Message, error) {
	now := time.Now().Format(time.RFC3339) // expect: PC001
	return c.Messages.New(ctx, anthropic.MessageNewParams{
		Model:     anthropic.ModelClaudeSonnet4_5,
		MaxTokens: 1024,
		System: []anthropic.TextBlockParam{{
			Text:         "Current time: " + now + "\n\n" + policies,
			CacheControl: anthropic.NewCacheControlEphemeralParam(),
		}},
		Messages: []anthropic.MessageParam{anthropic.NewUserMessage(anthropic.NewTextBlock(question))},
	})
}

// NoBreakpoint sends the policies without cache_control.
func NoBreakpoint(ctx context.Context, c *anthropic.Client, question string) (*anthropic.Message, error) {
	return c.Messages.New(ctx, anthropic.MessageNewParams{
		Model:     anthropic.ModelClaudeSonnet4_5,
		MaxTokens: 1024,
		System: []anthropic.TextBlockParam{{ // expect: PC002
			Text: policies,
		}},
		Messages: []anthropic.MessageParam{anthropic.NewUserMessage(anthropic.NewTextBlock(question))},
	})
}

// Suppressed is TimeFirst with the finding silenced by golangci-lint's own
// directive.
func Suppressed(ctx context.Context, c *anthropic.Client, question string) (*anthropic.Message, error) {
	today := time.Now().Format(time.DateOnly) //nolint:cachevet // the date is part of the cache key by design
	return c.Messages.New(ctx, anthropic.MessageNewParams{
		Model:     anthropic.ModelClaudeSonnet4_5,
		MaxTokens: 1024,
		System: []anthropic.TextBlockParam{{
			Text:         "Today: " + today + "\n\n" + policies,
			CacheControl: anthropic.NewCacheControlEphemeralParam(),
		}},
		Messages: []anthropic.MessageParam{anthropic.NewUserMessage(anthropic.NewTextBlock(question))},
	})
}
