// Package diagnostics asks Anthropic for cache diagnostics: the body must
// carry diagnostics.previous_message_id; the beta header alone does
// nothing.
package diagnostics

import (
	"context"

	"github.com/anthropics/anthropic-sdk-go"
	"github.com/anthropics/anthropic-sdk-go/option"
)

var client = anthropic.NewClient()

// headerOnly sends the beta header and no diagnostics object.
func headerOnly(ctx context.Context, q string) {
	client.Messages.New(ctx, anthropic.MessageNewParams{
		Model:    anthropic.ModelClaudeSonnet4_5,
		System:   []anthropic.TextBlockParam{{Text: "You are terse."}},
		Messages: []anthropic.MessageParam{anthropic.NewUserMessage(anthropic.NewTextBlock(q))},
	}, option.WithHeader("anthropic-beta", "cache-diagnosis-2026-04-07")) // want `the cache-diagnosis header alone does nothing: the body must carry diagnostics.previous_message_id`
}

// betaHeaderOnly asks through the Beta service's Betas param.
func betaHeaderOnly(ctx context.Context, q string) {
	client.Beta.Messages.New(ctx, anthropic.BetaMessageNewParams{
		Model:    anthropic.ModelClaudeSonnet4_5,
		Betas:    []anthropic.AnthropicBeta{anthropic.AnthropicBetaCacheDiagnosis2026_04_07}, // want `the cache-diagnosis header alone does nothing`
		System:   []anthropic.BetaTextBlockParam{{Text: "You are terse."}},
		Messages: []anthropic.BetaMessageParam{anthropic.NewBetaUserMessage(anthropic.NewBetaTextBlock(q))},
	})
}

// zeroDiagnostics sets the zero value, which the SDK leaves out of the
// JSON: the header is all that is sent.
func zeroDiagnostics(ctx context.Context, q string) {
	client.Messages.New(ctx, anthropic.MessageNewParams{
		Model:       anthropic.ModelClaudeSonnet4_5,
		System:      []anthropic.TextBlockParam{{Text: "You are terse."}},
		Messages:    []anthropic.MessageParam{anthropic.NewUserMessage(anthropic.NewTextBlock(q))},
		Diagnostics: anthropic.DiagnosticsParam{},
	}, option.WithHeader("anthropic-beta", "cache-diagnosis-2026-04-07")) // want `the cache-diagnosis header alone does nothing`
}

// withPrevious names the previous message: silent.
func withPrevious(ctx context.Context, q, previous string) {
	client.Messages.New(ctx, anthropic.MessageNewParams{
		Model:       anthropic.ModelClaudeSonnet4_5,
		System:      []anthropic.TextBlockParam{{Text: "You are terse."}},
		Messages:    []anthropic.MessageParam{anthropic.NewUserMessage(anthropic.NewTextBlock(q))},
		Diagnostics: anthropic.DiagnosticsParam{PreviousMessageID: anthropic.String(previous)},
	}, option.WithHeader("anthropic-beta", "cache-diagnosis-2026-04-07"))
}
