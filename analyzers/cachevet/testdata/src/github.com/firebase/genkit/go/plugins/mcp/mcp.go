// Package mcp is a stub of github.com/firebase/genkit/go/plugins/mcp (v1.4).
package mcp

import (
	"context"

	"github.com/firebase/genkit/go/ai"
	"github.com/firebase/genkit/go/genkit"
)

type MCPHostOptions struct{ Name string }

type MCPHost struct{}

func NewMCPHost(g *genkit.Genkit, options MCPHostOptions) (*MCPHost, error) { return &MCPHost{}, nil }

func (h *MCPHost) GetActiveTools(ctx context.Context, gk *genkit.Genkit) ([]ai.Tool, error) {
	return nil, nil
}
