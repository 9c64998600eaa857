// Package iface builds its system prompt behind an interface whose one
// implementation in the module stamps the time, and sends through a
// wrapper type that embeds the SDK client.
package iface

import (
	"context"
	"strings"
	"time"

	"github.com/anthropics/anthropic-sdk-go"
)

var policy = strings.Repeat("Refunds are allowed within thirty days of delivery for unused items. ", 120)

// PromptSource supplies the system prompt.
type PromptSource interface {
	System() string
}

type stamped struct{ name string }

func (s *stamped) System() string { // want System:`prompt\(text \+ time:request`
	return "Now: " + time.Now().Format(time.RFC3339) + "\n" + policy // want `time "time.Now" \(time.Now\) changes every request and stands ahead of`
}

// Client wraps the SDK client.
type Client struct {
	anthropic.Client
	src PromptSource
}

// New builds a client.
func New() *Client { return &Client{Client: anthropic.NewClient(), src: &stamped{name: "support"}} }

// Ask sends one turn of the conversation.
func (c *Client) Ask(ctx context.Context, history []anthropic.MessageParam) {
	c.Messages.New(ctx, anthropic.MessageNewParams{
		Model:    anthropic.ModelClaudeSonnet4_5,
		System:   []anthropic.TextBlockParam{{Text: c.src.System(), CacheControl: anthropic.NewCacheControlEphemeralParam()}},
		Messages: history,
	})
}

// Builder is a function value that makes the prompt.
type Builder func() string

// AskWith sends with a prompt function passed in.
func (c *Client) AskWith(ctx context.Context, build Builder, history []anthropic.MessageParam) {
	c.Messages.New(ctx, anthropic.MessageNewParams{
		Model:    anthropic.ModelClaudeSonnet4_5,
		System:   []anthropic.TextBlockParam{{Text: build(), CacheControl: anthropic.NewCacheControlEphemeralParam()}},
		Messages: history,
	})
}

func stampedPrompt() string { return "Now: " + time.Now().Format(time.RFC3339) + "\n" + policy } // want `time "time.Now" \(time.Now\) changes every request`

func plainPrompt() string { return policy + "\nAnswer in English." }

// RunPlain passes a stable prompt function to another wrapper: silent.
func RunPlain(ctx context.Context, c *Quiet, history []anthropic.MessageParam) {
	c.AskWith(ctx, plainPrompt, history)
}

// Quiet is a wrapper whose prompt source is stable.
type Quiet struct {
	anthropic.Client
	src Fixed
}

// Fixed supplies a stable prompt.
type Fixed interface{ Text() string }

type fixed struct{}

func (fixed) Text() string { return policy } // want Text:`prompt\(`

// Ask sends with the stable source: silent.
func (c *Quiet) Ask(ctx context.Context, history []anthropic.MessageParam) {
	c.Messages.New(ctx, anthropic.MessageNewParams{
		Model:    anthropic.ModelClaudeSonnet4_5,
		System:   []anthropic.TextBlockParam{{Text: c.src.Text(), CacheControl: anthropic.NewCacheControlEphemeralParam()}},
		Messages: history,
	})
}

// AskWith sends with a prompt function passed in.
func (c *Quiet) AskWith(ctx context.Context, build Builder, history []anthropic.MessageParam) {
	c.Messages.New(ctx, anthropic.MessageNewParams{
		Model:    anthropic.ModelClaudeSonnet4_5,
		System:   []anthropic.TextBlockParam{{Text: build(), CacheControl: anthropic.NewCacheControlEphemeralParam()}},
		Messages: history,
	})
}

// Run passes the function value.
func Run(ctx context.Context, c *Client, history []anthropic.MessageParam) {
	c.AskWith(ctx, stampedPrompt, history)
}

// stampedErr is an error whose text carries a time: the standard
// library's interfaces (error, fmt.Stringer) are not followed to it.
type stampedErr struct{}

func (stampedErr) Error() string { return "failed at " + time.Now().Format(time.RFC3339) } // want Error:`prompt\(`

// AskAfterError reports the last error after the policy: silent.
func (c *Quiet) AskAfterError(ctx context.Context, last error, history []anthropic.MessageParam) {
	c.Messages.New(ctx, anthropic.MessageNewParams{
		Model:    anthropic.ModelClaudeSonnet4_5,
		System:   []anthropic.TextBlockParam{{Text: policy, CacheControl: anthropic.NewCacheControlEphemeralParam()}},
		Messages: append(history, anthropic.NewUserMessage(anthropic.NewTextBlock("The last step failed: "+last.Error()))),
	})
}
