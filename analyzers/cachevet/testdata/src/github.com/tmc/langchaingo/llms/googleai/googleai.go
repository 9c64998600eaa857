// Package googleai is a stub of github.com/tmc/langchaingo/llms/googleai (v0.1.14).
package googleai

import (
	"context"

	"github.com/tmc/langchaingo/llms"
)

type Options struct{ DefaultModel string }

type Option func(*Options)

func WithDefaultModel(model string) Option { return func(o *Options) { o.DefaultModel = model } }

type GoogleAI struct{}

func New(ctx context.Context, opts ...Option) (*GoogleAI, error) { return &GoogleAI{}, nil }

func (g *GoogleAI) GenerateContent(ctx context.Context, messages []llms.MessageContent, options ...llms.CallOption) (*llms.ContentResponse, error) {
	return nil, nil
}

func WithCachedContent(name string) llms.CallOption { return func(*llms.CallOptions) {} }
