// Package embedapp caches a system prompt read from an embedded file. The
// integration test edits system.md and checks that both drivers notice.
package embedapp

import (
	"context"
	_ "embed"

	"github.com/anthropics/anthropic-sdk-go"
)

//go:embed system.md
var system string

// Ask caches the embedded system prompt. While system.md is shorter than
// the model's minimum the breakpoint never caches (PC003).
func Ask(ctx context.Context, c *anthropic.Client, question string) (*anthropic.Message, error) {
	return c.Messages.New(ctx, anthropic.MessageNewParams{
		Model:     anthropic.ModelClaudeSonnet4_5,
		MaxTokens: 1024,
		System: []anthropic.TextBlockParam{{
			Text:         system,
			CacheControl: anthropic.NewCacheControlEphemeralParam(), // expect: PC003
		}},
		Messages: []anthropic.MessageParam{
			anthropic.NewUserMessage(anthropic.NewTextBlock(question)),
		},
	})
}
