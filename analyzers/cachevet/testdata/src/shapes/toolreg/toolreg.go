// Package toolreg hides its registry behind an interface.
package toolreg

import "shapes/llm"

// Registry lists tools for requests.
type Registry interface {
	List() []llm.ToolDef // want List:"map order"
}

type registry struct{ tools map[string]llm.ToolDef }

// New returns an empty registry.
func New() Registry { return &registry{tools: map[string]llm.ToolDef{}} }

func (r *registry) List() []llm.ToolDef { // want List:"map order"
	out := make([]llm.ToolDef, 0, len(r.tools))
	for _, t := range r.tools {
		out = append(out, t)
	}
	return out
}
