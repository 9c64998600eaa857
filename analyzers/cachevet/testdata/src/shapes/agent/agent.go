// Package agent talks to its own llm.Provider interface: the
// implementation is in a package it does not import.
package agent

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"time"

	"shapes/filter"
	"shapes/llm"
	"shapes/toolreg"
)

const guidelines = `Follow the operator's policies. Be concise. Cite files by path.
Never run destructive commands without asking. Prefer small, reviewable changes.`

// Tool is a registered tool.
type Tool struct {
	Name, Description, Category string
	Schema                      map[string]any
}

// Registry holds the tools by name.
type Registry struct{ tools map[string]Tool }

// Defs lists the tools for the model, sorted by a key that repeats.
func (r *Registry) Defs() []llm.ToolDef { // want Defs:"map order"
	var out []llm.ToolDef
	for _, t := range r.tools { // want `"r.tools" is emitted in nondeterministic order \(map iteration order; sorted by Category, which can tie\)`
		out = append(out, llm.ToolDef{Name: t.Name, Description: t.Description, Category: t.Category, InputSchema: t.Schema})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Category < out[j].Category })
	return out
}

// Sorted lists the tools by name: a total order.
func (r *Registry) Sorted() []llm.ToolDef {
	var out []llm.ToolDef
	for _, t := range r.tools {
		out = append(out, llm.ToolDef{Name: t.Name, Description: t.Description, InputSchema: t.Schema})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

// Summaries is one line per tool, in map order.
func (r *Registry) Summaries() string { // want Summaries:`prompt\(order:stable\)`
	var sb strings.Builder
	for name, t := range r.tools { // want `"r.tools" is emitted in nondeterministic order \(map iteration order\) and stands ahead of`
		fmt.Fprintf(&sb, "- %s: %s\n", name, t.Description)
	}
	return sb.String()
}

// PromptBuilder assembles the system prompt over several methods.
type PromptBuilder struct{ reg *Registry }

func (b *PromptBuilder) identity() string {
	return fmt.Sprintf("You are Claw, a coding agent. The time is %s.", time.Now().Format("2006-01-02 15:04")) // want `time "time.Now" \(time.Now\) changes every request and stands ahead of`
}

// Build is the system prompt.
func (b *PromptBuilder) Build() string { // want Build:`prompt\(text \+ time:request \+ text \+ text \+ text \+ text \+ order:stable\)`
	var sb strings.Builder
	sb.WriteString(b.identity())
	sb.WriteString("\n\n")
	sb.WriteString(guidelines)
	sb.WriteString("\n\nTools:\n")
	sb.WriteString(b.reg.Summaries())
	return sb.String()
}

// Agent runs turns.
type Agent struct {
	p       llm.Provider
	store   llm.Store
	b       *PromptBuilder
	reg     *Registry
	history []llm.Message
}

// Handle answers one inbound message through the interface.
func (a *Agent) Handle(ctx context.Context, input string) (string, error) { // want Handle:`prompt\(other:stable\)`
	msgs := append([]llm.Message{{Role: "system", Content: a.b.Build()}}, a.history...)
	msgs = append(msgs, llm.Message{Role: "user", Content: input})
	resp, err := a.p.Chat(ctx, llm.Request{Messages: msgs, Tools: a.reg.Defs()})
	if err != nil {
		return "", err
	}
	a.history = append(a.history, llm.Message{Role: "user", Content: input}, llm.Message{Role: "assistant", Content: resp.Text})
	return resp.Text, a.store.Save(ctx, "id", a.history)
}

// Ask sends a stable system prompt, the sorted tools and the history:
// nothing to report.
func (a *Agent) Ask(ctx context.Context, input string) (string, error) {
	a.history = append(a.history, llm.Message{Role: "user", Content: input})
	resp, err := a.p.Complete(ctx, guidelines, a.history)
	if err != nil {
		return "", err
	}
	return resp.Text, nil
}

// Send is a function value with the same shape.
var Send func(ctx context.Context, req llm.Request) (*llm.Response, error)

// Stamp sends through the function value with the date ahead of the
// guidelines.
func (a *Agent) Stamp(ctx context.Context, input string) error {
	sys := "Today is " + time.Now().Format(time.DateOnly) + ".\n" + guidelines // want `time "time.Now" \(date without a time of day\) changes once a day`
	_, err := Send(ctx, llm.Request{Messages: append([]llm.Message{{Role: "system", Content: sys}}, a.history...), Tools: a.reg.Sorted()})
	return err
}

// All lists the registry in map order.
func (r *Registry) All() []llm.ToolDef { // want All:"map order"
	var out []llm.ToolDef
	for _, t := range r.tools {
		out = append(out, llm.ToolDef{Name: t.Name, Description: t.Description, InputSchema: t.Schema})
	}
	return out
}

// Filtered sends the registry's list through a filter of another package
// that keeps its input's order.
func (a *Agent) Filtered(ctx context.Context, input string) error {
	a.history = append(a.history, llm.Message{Role: "user", Content: input})
	_, err := a.p.Chat(ctx, llm.Request{Messages: a.history, Tools: filter.Active(a.reg.All(), allowed)}) // want `"filter.Active\(a.reg.All\(\), allowed\)" is emitted in nondeterministic order`
	return err
}

func allowed(name string) bool { return name != "shell" }

// Listed sends the tools of a registry known only by its interface.
func (a *Agent) Listed(ctx context.Context, reg toolreg.Registry) error {
	req := &llm.Request{Messages: a.history}
	req.Tools = reg.List() // want `"reg.List\(\)" is emitted in nondeterministic order`
	_, err := a.p.Chat(ctx, *req)
	return err
}
