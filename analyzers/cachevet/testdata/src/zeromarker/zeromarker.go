// Package zeromarker writes Anthropic cache markers as struct literals.
// anthropic-sdk-go leaves the zero CacheControlEphemeralParam{} out of the
// JSON (the field is omitzero), so such a marker caches nothing and is
// reported at the literal, whatever the size of the prefix it marks.
package zeromarker

import (
	"context"

	"github.com/anthropics/anthropic-sdk-go"
)

var client = anthropic.NewClient()

// zeroOnSystem marks the long policies with the zero value: no breakpoint
// is sent, and the finding stands at the literal, not at the system block.
func zeroOnSystem(ctx context.Context, q string) {
	client.Messages.New(ctx, anthropic.MessageNewParams{
		Model: anthropic.ModelClaudeSonnet4_5,
		System: []anthropic.TextBlockParam{{
			Text:         policies,
			CacheControl: anthropic.CacheControlEphemeralParam{}, // want `anthropic.CacheControlEphemeralParam\{\} is the zero value, which anthropic-sdk-go leaves out of the JSON \(the field is omitzero\); use anthropic.NewCacheControlEphemeralParam\(\), so the request is sent without it`
		}},
		Messages: []anthropic.MessageParam{anthropic.NewUserMessage(anthropic.NewTextBlock(q))},
	})
}

// zeroOnShort marks a short prompt: explicit intent is reported whatever
// the size.
func zeroOnShort(ctx context.Context, q string) {
	client.Messages.New(ctx, anthropic.MessageNewParams{
		Model:    anthropic.ModelClaudeSonnet4_5,
		System:   []anthropic.TextBlockParam{{Text: "You are terse.", CacheControl: anthropic.CacheControlEphemeralParam{}}}, // want `CacheControlEphemeralParam\{\} is the zero value`
		Messages: []anthropic.MessageParam{anthropic.NewUserMessage(anthropic.NewTextBlock(q))},
	})
}

// zeroOnRequest asks for automatic caching with the zero value.
func zeroOnRequest(ctx context.Context, q string) {
	client.Messages.New(ctx, anthropic.MessageNewParams{
		Model:        anthropic.ModelClaudeSonnet4_5,
		System:       []anthropic.TextBlockParam{{Text: policies}},
		Messages:     []anthropic.MessageParam{anthropic.NewUserMessage(anthropic.NewTextBlock(q))},
		CacheControl: anthropic.CacheControlEphemeralParam{}, // want `CacheControlEphemeralParam\{\} is the zero value`
	})
}

// zeroThroughVariable reaches the literal through a variable.
func zeroThroughVariable(ctx context.Context, q string) {
	marker := anthropic.CacheControlEphemeralParam{}
	client.Messages.New(ctx, anthropic.MessageNewParams{
		Model:    anthropic.ModelClaudeSonnet4_5,
		System:   []anthropic.TextBlockParam{{Text: policies, CacheControl: marker}}, // want `CacheControlEphemeralParam\{\} is the zero value`
		Messages: []anthropic.MessageParam{anthropic.NewUserMessage(anthropic.NewTextBlock(q))},
	})
}

// zeroOnBeta is the Beta service's twin.
func zeroOnBeta(ctx context.Context, q string) {
	client.Beta.Messages.New(ctx, anthropic.BetaMessageNewParams{
		Model:    anthropic.ModelClaudeSonnet4_5,
		System:   []anthropic.BetaTextBlockParam{{Text: policies, CacheControl: anthropic.BetaCacheControlEphemeralParam{}}}, // want `use anthropic.NewBetaCacheControlEphemeralParam\(\)`
		Messages: []anthropic.BetaMessageParam{anthropic.NewBetaUserMessage(anthropic.NewBetaTextBlock(q))},
	})
}

// constructor is the fix: a breakpoint on the long policies, silent.
func constructor(ctx context.Context, q string) {
	client.Messages.New(ctx, anthropic.MessageNewParams{
		Model:    anthropic.ModelClaudeSonnet4_5,
		System:   []anthropic.TextBlockParam{{Text: policies, CacheControl: anthropic.NewCacheControlEphemeralParam()}},
		Messages: []anthropic.MessageParam{anthropic.NewUserMessage(anthropic.NewTextBlock(q))},
	})
}

// withTTL sets a field, so the literal is not the zero value: the SDK
// sends it (with its default type), silent.
func withTTL(ctx context.Context, q string) {
	client.Messages.New(ctx, anthropic.MessageNewParams{
		Model:    anthropic.ModelClaudeSonnet4_5,
		System:   []anthropic.TextBlockParam{{Text: policies, CacheControl: anthropic.CacheControlEphemeralParam{TTL: anthropic.CacheControlEphemeralTTLTTL1h}}},
		Messages: []anthropic.MessageParam{anthropic.NewUserMessage(anthropic.NewTextBlock(q))},
	})
}
