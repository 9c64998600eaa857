// Package perset adds one system message per tool set ahead of the
// conversation, each with the set's instructions.
package perset

import (
	"context"
	"sort"
	"strings"
)

// Message is one turn.
type Message struct {
	Role    string
	Content string
}

// Model answers a conversation.
type Model interface {
	Complete(ctx context.Context, msgs []Message) (string, error)
}

// Set is a tool set with commands by name.
type Set struct{ commands map[string]string }

// Instructions lists the commands in map order.
func (s *Set) Instructions() string { // want Instructions:`prompt\(order:stable\)`
	var sb strings.Builder
	for name, usage := range s.commands { // want `"s.commands" is emitted in nondeterministic order`
		sb.WriteString("- " + name + ": " + usage + "\n")
	}
	return sb.String()
}

// SortedInstructions lists them by name.
func (s *Set) SortedInstructions() string { // want SortedInstructions:`prompt\(text \+ other:stable \+ text \+ other:unknown \+ text\)`
	names := make([]string, 0, len(s.commands))
	for name := range s.commands {
		names = append(names, name)
	}
	sort.Strings(names)
	var sb strings.Builder
	for _, name := range names {
		sb.WriteString("- " + name + ": " + s.commands[name] + "\n")
	}
	return sb.String()
}

// Ask puts each set's instructions in a system message of its own.
func Ask(ctx context.Context, m Model, sets []*Set, history []Message) (string, error) {
	msgs := []Message{{Role: "system", Content: "You are a build assistant."}}
	for _, s := range sets {
		msgs = append(msgs, Message{Role: "system", Content: s.Instructions()})
	}
	msgs = append(msgs, history...)
	return m.Complete(ctx, msgs)
}

// AskSorted does the same with sorted instructions: silent.
func AskSorted(ctx context.Context, m Model, sets []*Set, history []Message) (string, error) {
	msgs := []Message{{Role: "system", Content: "You are a build assistant."}}
	for _, s := range sets {
		msgs = append(msgs, Message{Role: "system", Content: s.SortedInstructions()})
	}
	msgs = append(msgs, history...)
	return m.Complete(ctx, msgs)
}
