// Package reg is a concurrent tool registry whose iterators range over a
// Go map inside.
package reg

import (
	"iter"
	"slices"
	"sync"
)

// Registry holds tool descriptions by name.
type Registry struct {
	mu    sync.Mutex
	tools map[string]string
}

// All yields the tools in map order.
func (r *Registry) All() iter.Seq2[string, string] { // want All:"map order"
	return func(yield func(string, string) bool) {
		r.mu.Lock()
		defer r.mu.Unlock()
		for name, desc := range r.tools {
			if !yield(name, desc) {
				return
			}
		}
	}
}

// Each calls fn for every tool, in map order.
func (r *Registry) Each(fn func(name, desc string)) { // want Each:"map order"
	for name, desc := range r.tools {
		fn(name, desc)
	}
}

// Sorted yields the tools by name.
func (r *Registry) Sorted() iter.Seq2[string, string] {
	return func(yield func(string, string) bool) {
		names := make([]string, 0, len(r.tools))
		for name := range r.tools {
			names = append(names, name)
		}
		slices.Sort(names)
		for _, name := range names {
			if !yield(name, r.tools[name]) {
				return
			}
		}
	}
}

// Source is what a caller needs of a registry: its tools, as an iterator.
type Source interface {
	All() iter.Seq2[string, string] // want All:"map order"
}
