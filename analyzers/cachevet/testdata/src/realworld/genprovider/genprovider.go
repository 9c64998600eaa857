package genprovider // want package:"sinks"

// Package genprovider wraps SDK clients behind a generic base provider:
// options land in a struct whose type name says Options, and each client
// reads the system prompt from it.

import (
	"context"

	"github.com/anthropics/anthropic-sdk-go"
)

type clientOptions struct {
	system    string
	maxTokens int64
}

// Option configures a provider.
type Option func(*clientOptions)

// WithSystem sets the system prompt.
func WithSystem(s string) Option { // want WithSystem:"sink\\(0\\)"
	return func(o *clientOptions) { o.system = s }
}

// WithMaxTokens sets the output limit.
func WithMaxTokens(n int64) Option {
	return func(o *clientOptions) { o.maxTokens = n }
}

// Client sends one conversation.
type Client interface {
	send(ctx context.Context, history []anthropic.MessageParam) error
}

type base[C Client] struct {
	opts   clientOptions
	client C
}

// New builds the provider.
func New(opts ...Option) *base[claudeClient] {
	o := clientOptions{maxTokens: 1024}
	for _, fn := range opts {
		fn(&o)
	}
	return &base[claudeClient]{opts: o, client: claudeClient{opts: o, api: anthropic.NewClient()}}
}

// Send sends the conversation.
func (b *base[C]) Send(ctx context.Context, history []anthropic.MessageParam) error {
	return b.client.send(ctx, history)
}

type claudeClient struct {
	opts clientOptions
	api  anthropic.Client
}

func (c claudeClient) send(ctx context.Context, history []anthropic.MessageParam) error {
	_, err := c.api.Messages.New(ctx, anthropic.MessageNewParams{
		Model:     anthropic.ModelClaudeSonnet4_5,
		MaxTokens: c.opts.maxTokens,
		System:    []anthropic.TextBlockParam{{Text: c.opts.system, CacheControl: anthropic.NewCacheControlEphemeralParam()}},
		Messages:  history,
	})
	return err
}
