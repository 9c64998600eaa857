// Package gemini is a stub of google.golang.org/adk/model/gemini.
package gemini

import (
	"context"

	"google.golang.org/adk/model"
	"google.golang.org/genai"
)

func NewModel(ctx context.Context, modelName string, cfg *genai.ClientConfig) (model.LLM, error) {
	return nil, nil
}
