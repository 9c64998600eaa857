// Package agentapp wires the packages the way real agents do: a prompt
// from one package handed by option to a provider of another, tools from a
// loader, a hand-rolled client fed a body built here.
package agentapp

import (
	"context"
	"fmt"
	"strings"

	"github.com/anthropics/anthropic-sdk-go"

	"example.com/realsdk/agentapp/llm"
	"example.com/realsdk/agentapp/prompt"
	"example.com/realsdk/agentapp/provider"
	"example.com/realsdk/agentapp/toolmgr"
)

var guide = strings.Repeat("Answer from the handbook and name the section you used. ", 150)

// Coder builds the coding agent's provider: For's coder path puts a
// timestamp ahead of the conventions.
func Coder() *provider.Provider {
	return provider.New(provider.WithSystem(prompt.For(prompt.Coder))) // expect: PC001
}

// Plain hands the provider a stable prompt: silent.
func Plain() *provider.Provider {
	return provider.New(provider.WithSystem(guide))
}

// Tools lists the loaded tools in the system prompt: their order was drawn
// ranging over a map when they were loaded.
func Tools(ctx context.Context, m *toolmgr.Manager, history []anthropic.MessageParam) {
	var names []string
	for _, t := range m.Tools() { // expect: PC006
		names = append(names, t.Name+": "+t.Description)
	}
	p := provider.New(provider.WithSystem(guide + "\nTools:\n" + strings.Join(names, "\n")))
	p.Send(ctx, history)
}

// Ask sends a body built here through the hand-rolled client: the user's
// name ahead of the handbook.
func Ask(ctx context.Context, user, question string, history []llm.Message) {
	msgs := append([]llm.Message{{Role: "system", Content: fmt.Sprintf("The customer is %s.\n%s", user, guide)}}, history...) // expect: PC001
	msgs = append(msgs, llm.Message{Role: "user", Content: question})
	llm.Chat(ctx, llm.Request{Model: "gpt-4o", Messages: msgs})
}

// AskStable keeps the handbook first: silent.
func AskStable(ctx context.Context, user, question string, history []llm.Message) {
	msgs := append([]llm.Message{{Role: "system", Content: guide}}, history...)
	msgs = append(msgs, llm.Message{Role: "user", Content: fmt.Sprintf("I am %s. %s", user, question)})
	llm.Chat(ctx, llm.Request{Model: "gpt-4o", Messages: msgs})
}
