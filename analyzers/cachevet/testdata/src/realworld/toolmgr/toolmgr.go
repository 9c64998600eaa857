// Package toolmgr loads MCP servers' tools at start-up: a method ranges
// over the configured servers (a map) and a helper appends each server's
// tools to a field a getter hands out. It imports no SDK.
package toolmgr

import "slices"

// Tool is one tool definition.
type Tool struct{ Name, Description string }

// Server is one configured MCP server.
type Server struct{ Tools []Tool }

// Manager holds the loaded tools.
type Manager struct{ tools []Tool }

// Load loads every configured server's tools.
func (m *Manager) Load(servers map[string]Server) {
	for name, s := range servers {
		m.loadServer(name, s)
	}
}

func (m *Manager) loadServer(name string, s Server) {
	for _, t := range s.Tools {
		m.tools = append(m.tools, Tool{Name: name + "__" + t.Name, Description: t.Description})
	}
}

// Tools hands out the loaded tools.
func (m *Manager) Tools() []Tool { return m.tools } // want Tools:"kept map order"

// Sorted loads the same way but sorts the list: its order is stable.
type Sorted struct{ tools []Tool }

// Load loads and sorts.
func (m *Sorted) Load(servers map[string]Server) {
	for _, s := range servers {
		m.tools = append(m.tools, s.Tools...)
	}
	slices.SortFunc(m.tools, func(a, b Tool) int {
		if a.Name < b.Name {
			return -1
		}
		return 1
	})
}

// Tools hands out the sorted tools.
func (m *Sorted) Tools() []Tool { return m.tools }

// Registry keeps tool specs by name.
type Registry struct{ specs map[string]Tool }

// List hands out the specs in map order, a new order on every call.
func (r *Registry) List() []Tool { // want List:"map order"
	var out []Tool
	for _, t := range r.specs {
		out = append(out, t)
	}
	return out
}

// SortedList sorts them first: stable.
func (r *Registry) SortedList() []Tool {
	var out []Tool
	for _, t := range r.specs {
		out = append(out, t)
	}
	slices.SortFunc(out, func(a, b Tool) int {
		if a.Name < b.Name {
			return -1
		}
		return 1
	})
	return out
}

// Tree flattens itself recursively: the analyzer must not recurse with it.
type Tree struct {
	Tool     Tool
	Children []*Tree
}

// Flatten lists the tools depth first.
func (t *Tree) Flatten() []Tool {
	out := []Tool{t.Tool}
	for _, c := range t.Children {
		out = append(out, c.Flatten()...)
	}
	return out
}

// Walk lists mutually recursive tools.
func Walk(t *Tree) []Tool { return walkChildren(t) }

func walkChildren(t *Tree) []Tool {
	var out []Tool
	for _, c := range t.Children {
		out = append(out, Walk(c)...)
	}
	return out
}

// Dedupe keeps the first of each run: a slice re-sliced from itself.
func Dedupe(vs []Tool) []Tool {
	if len(vs) == 0 {
		return vs
	}
	vs2 := vs[:1]
	for _, v := range vs[1:] {
		if vs2[len(vs2)-1].Name != v.Name {
			vs2 = append(vs2, v)
		}
	}
	return vs2
}

// Chain returns what it gets from calling itself.
func Chain(n int) []Tool {
	if n == 0 {
		return nil
	}
	out := Chain(n - 1)
	return out
}
