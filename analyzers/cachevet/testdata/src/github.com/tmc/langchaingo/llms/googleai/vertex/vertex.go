// Package vertex is a stub of github.com/tmc/langchaingo/llms/googleai/vertex.
package vertex

import (
	"context"

	"github.com/tmc/langchaingo/llms"
	"github.com/tmc/langchaingo/llms/googleai"
)

type Vertex struct{}

func New(ctx context.Context, opts ...googleai.Option) (*Vertex, error) { return &Vertex{}, nil }

func (g *Vertex) GenerateContent(ctx context.Context, messages []llms.MessageContent, options ...llms.CallOption) (*llms.ContentResponse, error) {
	return nil, nil
}
