// Package untyped hands its model interface tool definitions as untyped
// JSON maps: only the parameter's name says they are tools.
package untyped

import (
	"context"
	"sort"
)

// Message is one turn.
type Message struct {
	Role    string
	Content string
}

// LLM is the model client, implemented elsewhere.
type LLM interface {
	ChatStream(ctx context.Context, model string, msgs []Message, tools []map[string]any) (<-chan string, error)
}

// Registry keeps tool definitions by name.
type Registry struct{ defs map[string]map[string]any }

// List hands out the definitions in map order.
func (r *Registry) List() []map[string]any { // want List:"map order"
	var out []map[string]any
	for _, d := range r.defs { // want `"r.defs" is emitted in nondeterministic order \(map iteration order\)`
		out = append(out, d)
	}
	return out
}

// Sorted hands them out by name.
func (r *Registry) Sorted() []map[string]any {
	names := make([]string, 0, len(r.defs))
	for n := range r.defs {
		names = append(names, n)
	}
	sort.Strings(names)
	out := make([]map[string]any, 0, len(names))
	for _, n := range names {
		out = append(out, r.defs[n])
	}
	return out
}

// Loop runs turns.
type Loop struct {
	llm     LLM
	reg     *Registry
	history []Message
}

// Turn sends the conversation with the tools in map order.
func (l *Loop) Turn(ctx context.Context, input string) error {
	l.history = append(l.history, Message{Role: "user", Content: input})
	_, err := l.llm.ChatStream(ctx, "claude-sonnet-4-5", l.history, l.reg.List())
	return err
}

// SortedTurn sends them sorted.
func (l *Loop) SortedTurn(ctx context.Context, input string) error {
	l.history = append(l.history, Message{Role: "user", Content: input})
	_, err := l.llm.ChatStream(ctx, "claude-sonnet-4-5", l.history, l.reg.Sorted())
	return err
}
