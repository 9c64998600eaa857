// Package segments checks runtime content of unknown size: the
// conversation kept across turns, tool lists built at run time and files
// read at run time count with their assumed sizes.
package segments

import (
	"context"
	"os"
	"time"

	"github.com/anthropics/anthropic-sdk-go"
)

var client = anthropic.NewClient()

// Registry holds tools registered at run time.
type Registry struct{ tools []anthropic.ToolUnionParam }

// List returns the registered tools.
func (r *Registry) List() []anthropic.ToolUnionParam { return r.tools }

// Agent keeps the conversation across turns.
type Agent struct {
	history  []anthropic.MessageParam
	registry *Registry
}

// Turn stamps a short prompt with the time of day ahead of the growing
// conversation, which carries the cache point: every turn rewrites the
// whole conversation.
func (a *Agent) Turn(ctx context.Context, q string) {
	a.history = append(a.history, anthropic.NewUserMessage(anthropic.NewTextBlock(q)))
	client.Messages.New(ctx, anthropic.MessageNewParams{
		Model:        anthropic.ModelClaudeSonnet4_5,
		System:       []anthropic.TextBlockParam{{Text: "Now: " + time.Now().Format(time.RFC3339) + "\n" + short}}, // want `time "time.Now" \(time.Now\) changes every request`
		Messages:     a.history,
		CacheControl: anthropic.NewCacheControlEphemeralParam(),
	})
}

// StableTurn keeps the short prompt stable: the conversation caches.
func (a *Agent) StableTurn(ctx context.Context, q string) {
	a.history = append(a.history, anthropic.NewUserMessage(anthropic.NewTextBlock(q)))
	client.Messages.New(ctx, anthropic.MessageNewParams{
		Model:        anthropic.ModelClaudeSonnet4_5,
		System:       []anthropic.TextBlockParam{{Text: short}},
		Messages:     a.history,
		CacheControl: anthropic.NewCacheControlEphemeralParam(),
	})
}

// PassedIn gets the conversation from its caller and appends the turn.
func PassedIn(ctx context.Context, msgs []anthropic.MessageParam, q string) {
	msgs = append(msgs, anthropic.NewUserMessage(anthropic.NewTextBlock(q)))
	client.Messages.New(ctx, anthropic.MessageNewParams{
		Model:        anthropic.ModelClaudeSonnet4_5,
		System:       []anthropic.TextBlockParam{{Text: "Request at " + time.Now().Format(time.Kitchen) + "\n" + short}}, // want `time "time.Now" \(time.Now\) changes every request`
		Messages:     msgs,
		CacheControl: anthropic.NewCacheControlEphemeralParam(),
	})
}

// ToolsAhead puts a time of day after tools from the registry and marks
// the system prompt as a cache point.
func (a *Agent) ToolsAhead(ctx context.Context, q string) {
	client.Messages.New(ctx, anthropic.MessageNewParams{
		Model: anthropic.ModelClaudeSonnet4_5,
		Tools: a.registry.List(),
		System: []anthropic.TextBlockParam{
			{Text: short + "\nNow: " + time.Now().Format(time.RFC3339), CacheControl: anthropic.NewCacheControlEphemeralParam()}, // want `cache breakpoint covers time "time.Now"`
		},
		Messages: []anthropic.MessageParam{anthropic.NewUserMessage(anthropic.NewTextBlock(q))},
	})
}

// ToolsCached caches the registry's tools with the stable prompt.
func (a *Agent) ToolsCached(ctx context.Context, q string) {
	client.Messages.New(ctx, anthropic.MessageNewParams{
		Model:    anthropic.ModelClaudeSonnet4_5,
		Tools:    a.registry.List(),
		System:   []anthropic.TextBlockParam{{Text: short, CacheControl: anthropic.NewCacheControlEphemeralParam()}},
		Messages: []anthropic.MessageParam{anthropic.NewUserMessage(anthropic.NewTextBlock(q))},
	})
}

// ContextFile puts the time ahead of the project's context file.
func ContextFile(ctx context.Context, q string) {
	agents, _ := os.ReadFile("AGENTS.md")
	client.Messages.New(ctx, anthropic.MessageNewParams{
		Model: anthropic.ModelClaudeSonnet4_5,
		System: []anthropic.TextBlockParam{
			{Text: "Now: " + time.Now().Format(time.RFC3339) + "\n" + string(agents), CacheControl: anthropic.NewCacheControlEphemeralParam()}, // want `time "time.Now" \(time.Now\) changes every request`
		},
		Messages: []anthropic.MessageParam{anthropic.NewUserMessage(anthropic.NewTextBlock(q))},
	})
}

// ContextFileFirst caches the context file and puts the time after it.
func ContextFileFirst(ctx context.Context, q string) {
	agents, _ := os.ReadFile("AGENTS.md")
	client.Messages.New(ctx, anthropic.MessageNewParams{
		Model: anthropic.ModelClaudeSonnet4_5,
		System: []anthropic.TextBlockParam{
			{Text: short + string(agents), CacheControl: anthropic.NewCacheControlEphemeralParam()},
			{Text: "Now: " + time.Now().Format(time.RFC3339)},
		},
		Messages: []anthropic.MessageParam{anthropic.NewUserMessage(anthropic.NewTextBlock(q))},
	})
}

// Retrieved puts per-request documents ahead of the context file.
func Retrieved(ctx context.Context, docs string, q string) {
	agents, _ := os.ReadFile("AGENTS.md")
	client.Messages.New(ctx, anthropic.MessageNewParams{
		Model: anthropic.ModelClaudeSonnet4_5,
		System: []anthropic.TextBlockParam{
			{Text: docs + "\n" + string(agents), CacheControl: anthropic.NewCacheControlEphemeralParam()}, // want `documents "docs"`
		},
		Messages: []anthropic.MessageParam{anthropic.NewUserMessage(anthropic.NewTextBlock(q))},
	})
}
