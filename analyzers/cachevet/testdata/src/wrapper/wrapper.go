// Package wrapper sends through an exported method that takes the system
// prompt and the conversation from its callers: each caller's request is
// judged with what it passes.
package wrapper

import (
	"context"
	"time"

	"github.com/anthropics/anthropic-sdk-go"
)

// Runner sends requests.
type Runner struct{ client anthropic.Client }

// Run sends what the caller built.
func (r *Runner) Run(ctx context.Context, system string, msgs []anthropic.MessageParam) error {
	_, err := r.client.Messages.New(ctx, anthropic.MessageNewParams{
		Model:     anthropic.ModelClaudeSonnet4_5,
		MaxTokens: 1024,
		System:    []anthropic.TextBlockParam{{Text: system, CacheControl: anthropic.NewCacheControlEphemeralParam()}}, // want `cache breakpoint covers ≈7 tokens, below the 1,024-token minimum`
		Messages:  msgs,
	})
	return err
}

// Thread keeps a conversation.
type Thread struct {
	r       *Runner
	history []anthropic.MessageParam
}

// Ask stamps the time into the system prompt.
func (t *Thread) Ask(ctx context.Context, q string) error {
	system := "You are a support agent. The time is " + time.Now().Format(time.Kitchen) // want `time "time.Now" \(time.Now\) changes every request`
	t.history = append(t.history, anthropic.NewUserMessage(anthropic.NewTextBlock(q)))
	return t.r.Run(ctx, system, t.history)
}

// AskPlain passes a fixed system prompt: no volatile value, but too short
// for its breakpoint to cache (reported at the breakpoint, with AskPlain's
// text).
func (t *Thread) AskPlain(ctx context.Context, q string) error {
	t.history = append(t.history, anthropic.NewUserMessage(anthropic.NewTextBlock(q)))
	return t.r.Run(ctx, "You are a support agent.", t.history)
}
