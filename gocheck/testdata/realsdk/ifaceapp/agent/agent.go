// Package agent answers messages with a model and tools.
package agent

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"time"

	"example.com/realsdk/ifaceapp/llm"
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

// Defs lists the tools for the model.
func (r *Registry) Defs() []llm.ToolDef {
	var out []llm.ToolDef
	for _, t := range r.tools { // expect: PC006
		out = append(out, llm.ToolDef{Name: t.Name, Description: t.Description, Category: t.Category, InputSchema: t.Schema})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Category < out[j].Category })
	return out
}

// Summaries is one line per tool.
func (r *Registry) Summaries() string {
	var sb strings.Builder
	for name, t := range r.tools { // expect: PC006
		fmt.Fprintf(&sb, "- %s: %s\n", name, t.Description)
	}
	return sb.String()
}

// PromptBuilder assembles the system prompt.
type PromptBuilder struct {
	reg       *Registry
	workspace string
}

func (b *PromptBuilder) identity() string {
	return fmt.Sprintf("You are Claw, a coding agent. The time is %s.", time.Now().Format("2006-01-02 15:04")) // expect: PC001
}

// Build is the system prompt.
func (b *PromptBuilder) Build() string {
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
	b       *PromptBuilder
	reg     *Registry
	history []llm.Message
}

// New makes an agent.
func New(p llm.Provider, tools map[string]Tool) *Agent {
	reg := &Registry{tools: tools}
	return &Agent{p: p, reg: reg, b: &PromptBuilder{reg: reg}}
}

// Handle answers one inbound message.
func (a *Agent) Handle(ctx context.Context, input string) (string, error) {
	msgs := append([]llm.Message{{Role: "system", Content: a.b.Build()}}, a.history...)
	msgs = append(msgs, llm.Message{Role: "user", Content: input})
	resp, err := a.p.Chat(ctx, llm.Request{Messages: msgs, Tools: a.reg.Defs()})
	if err != nil {
		return "", err
	}
	a.history = append(a.history, llm.Message{Role: "user", Content: input}, llm.Message{Role: "assistant", Content: resp.Text})
	return resp.Text, nil
}
