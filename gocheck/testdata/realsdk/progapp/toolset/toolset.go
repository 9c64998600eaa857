// Package toolset declares what the session needs of a set of tools; the
// sets themselves live in packages the session never imports.
package toolset

import "context"

// Tool is one tool offered to the model.
type Tool struct {
	Name, Description string
	Params            map[string]any
}

// Set is a group of tools with the instructions that go with them.
type Set interface {
	Tools(ctx context.Context) ([]Tool, error)
	Instructions() string
}

// Strict marks every tool's parameters as strict, keeping the order.
func Strict(in []Tool) []Tool {
	out := make([]Tool, len(in))
	for i, t := range in {
		t.Params = map[string]any{"strict": true, "properties": t.Params}
		out[i] = t
	}
	return out
}
