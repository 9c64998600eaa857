// Package bedrock is a stub of github.com/tmc/langchaingo/llms/bedrock (v0.1.14).
package bedrock

import (
	"context"

	"github.com/tmc/langchaingo/llms"
)

type Option func(*options)

type options struct{ model string }

func WithModel(model string) Option { return func(o *options) { o.model = model } }

type LLM struct{}

func New(opts ...Option) (*LLM, error) { return &LLM{}, nil }

func (o *LLM) GenerateContent(ctx context.Context, messages []llms.MessageContent, options ...llms.CallOption) (*llms.ContentResponse, error) {
	return nil, nil
}

func (o *LLM) Call(ctx context.Context, prompt string, options ...llms.CallOption) (string, error) {
	return "", nil
}
