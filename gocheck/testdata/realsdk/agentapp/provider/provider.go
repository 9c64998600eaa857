// Package provider sends the conversation to Anthropic under a system
// prompt its callers set by option.
package provider

import (
	"context"

	"github.com/anthropics/anthropic-sdk-go"
)

type clientOptions struct {
	system    string
	maxTokens int64
}

// Option configures a Provider.
type Option func(*clientOptions)

// WithSystem sets the system prompt.
func WithSystem(s string) Option { return func(o *clientOptions) { o.system = s } }

// Provider sends requests.
type Provider struct {
	opts   clientOptions
	client anthropic.Client
}

// New builds a Provider.
func New(opts ...Option) *Provider {
	o := clientOptions{maxTokens: 1024}
	for _, fn := range opts {
		fn(&o)
	}
	return &Provider{opts: o, client: anthropic.NewClient()}
}

// Send sends the conversation.
func (p *Provider) Send(ctx context.Context, history []anthropic.MessageParam) (*anthropic.Message, error) {
	return p.client.Messages.New(ctx, anthropic.MessageNewParams{
		Model:     anthropic.ModelClaudeSonnet4_5,
		MaxTokens: p.opts.maxTokens,
		System:    []anthropic.TextBlockParam{{Text: p.opts.system, CacheControl: anthropic.NewCacheControlEphemeralParam()}},
		Messages:  history,
	})
}
