package provider // want package:"sinks"

// Provider sends requests with a system prompt its callers hand in
// through an option function.

import (
	"context"

	"github.com/anthropics/anthropic-sdk-go"
)

var client = anthropic.NewClient()

type options struct{ systemMessage string }

// Option configures a Provider.
type Option func(*options)

// WithSystemMessage sets the system prompt.
func WithSystemMessage(s string) Option { // want WithSystemMessage:"sink\\(0\\)"
	return func(o *options) { o.systemMessage = s }
}

// Provider sends requests.
type Provider struct{ opts options }

// New builds a Provider.
func New(opts ...Option) *Provider {
	p := &Provider{}
	for _, o := range opts {
		o(&p.opts)
	}
	return p
}

// Send sends the conversation under the system prompt.
func (p *Provider) Send(ctx context.Context, history []anthropic.MessageParam) {
	client.Messages.New(ctx, anthropic.MessageNewParams{
		Model:    anthropic.ModelClaudeSonnet4_5,
		System:   []anthropic.TextBlockParam{{Text: p.opts.systemMessage, CacheControl: anthropic.NewCacheControlEphemeralParam()}},
		Messages: history,
	})
}
