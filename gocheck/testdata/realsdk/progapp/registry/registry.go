// Package registry keeps the built-in tools by name.
package registry

import "example.com/realsdk/progapp/toolset"

// Registry is the built-in tools.
type Registry struct{ byName map[string]toolset.Tool }

// New returns a registry.
func New(tools map[string]toolset.Tool) *Registry { return &Registry{byName: tools} }

// List hands out the tools.
func (r *Registry) List() []toolset.Tool {
	out := make([]toolset.Tool, 0, len(r.byName))
	for _, t := range r.byName {
		out = append(out, t)
	}
	return out
}
