// Package genkit is a stub of github.com/firebase/genkit/go/genkit (v1.4).
package genkit

import (
	"context"
	"iter"

	"github.com/firebase/genkit/go/ai"
)

type Genkit struct{}

type GenkitOption interface{ apply() }

type option struct{}

func (option) apply() {}

func WithDefaultModel(model string) GenkitOption { return option{} }

func Init(ctx context.Context, opts ...GenkitOption) *Genkit { return &Genkit{} }

func Generate(ctx context.Context, g *Genkit, opts ...ai.GenerateOption) (*ai.ModelResponse, error) {
	return nil, nil
}

func GenerateText(ctx context.Context, g *Genkit, opts ...ai.GenerateOption) (string, error) {
	return "", nil
}

func GenerateData[Out any](ctx context.Context, g *Genkit, opts ...ai.GenerateOption) (*Out, *ai.ModelResponse, error) {
	return nil, nil, nil
}

func DefinePrompt(g *Genkit, name string, opts ...ai.PromptOption) ai.Prompt { return nil }

func DefineTool[In, Out any](g *Genkit, name, description string, fn ai.ToolFunc[In, Out]) *ai.ToolDef[In, Out] {
	return &ai.ToolDef[In, Out]{}
}

// GenerateStream streams a generation.
func GenerateStream(ctx context.Context, g *Genkit, opts ...ai.GenerateOption) iter.Seq2[*ai.ModelResponse, error] {
	return func(func(*ai.ModelResponse, error) bool) {}
}
