// Package anthropicapp calls the real anthropic-sdk-go in cache-hostile and
// cache-friendly ways. Lines marked "expect:" must produce exactly those
// rule codes; every other line must stay silent.
package anthropicapp

import (
	"context"
	"sort"
	"strings"
	"time"

	"github.com/anthropics/anthropic-sdk-go"
)

// TimeFirst puts the current time ahead of the stable instructions and
// caches the whole block: every request writes a new cache entry.
func TimeFirst(ctx context.Context, c *anthropic.Client, question string) (*anthropic.Message, error) {
	now := time.Now().Format(time.RFC3339) // expect: PC001
	return c.Messages.New(ctx, anthropic.MessageNewParams{
		Model:     anthropic.ModelClaudeSonnet4_5,
		MaxTokens: 1024,
		System: []anthropic.TextBlockParam{{
			Text:         "Current time: " + now + "\n\n" + instructions,
			CacheControl: anthropic.NewCacheControlEphemeralParam(),
		}},
		Messages: []anthropic.MessageParam{
			anthropic.NewUserMessage(anthropic.NewTextBlock(question)),
		},
	})
}

// NoBreakpoint sends a long stable system prompt without cache_control, so
// Anthropic never caches it.
func NoBreakpoint(ctx context.Context, c *anthropic.Client, question string) (*anthropic.Message, error) {
	return c.Messages.New(ctx, anthropic.MessageNewParams{
		Model:     anthropic.ModelClaudeSonnet4_5,
		MaxTokens: 1024,
		System: []anthropic.TextBlockParam{{ // expect: PC002
			Text: instructions,
		}},
		Messages: []anthropic.MessageParam{
			anthropic.NewUserMessage(anthropic.NewTextBlock(question)),
		},
	})
}

// Friendly caches the stable instructions and sends the time with the
// question, after the breakpoint.
func Friendly(ctx context.Context, c *anthropic.Client, question string) (*anthropic.Message, error) {
	now := time.Now().Format(time.RFC3339)
	return c.Messages.New(ctx, anthropic.MessageNewParams{
		Model:     anthropic.ModelClaudeSonnet4_5,
		MaxTokens: 1024,
		System: []anthropic.TextBlockParam{{
			Text:         instructions,
			CacheControl: anthropic.NewCacheControlEphemeralParam(),
		}},
		Messages: []anthropic.MessageParam{
			anthropic.NewUserMessage(anthropic.NewTextBlock("Current time: " + now + "\n\n" + question)),
		},
	})
}

// SortedPolicies builds the prompt from a map in sorted key order, so the
// bytes are the same on every request.
func SortedPolicies(ctx context.Context, c *anthropic.Client, policies map[string]string, question string) (*anthropic.Message, error) {
	keys := make([]string, 0, len(policies))
	for k := range policies {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var b strings.Builder
	b.WriteString(instructions)
	for _, k := range keys {
		b.WriteString(k + ": " + policies[k] + "\n")
	}
	return c.Messages.New(ctx, anthropic.MessageNewParams{
		Model:     anthropic.ModelClaudeSonnet4_5,
		MaxTokens: 1024,
		System: []anthropic.TextBlockParam{{
			Text:         b.String(),
			CacheControl: anthropic.NewCacheControlEphemeralParam(),
		}},
		Messages: []anthropic.MessageParam{
			anthropic.NewUserMessage(anthropic.NewTextBlock(question)),
		},
	})
}
