// Package toolagent sends the tools a toolmgr.Manager loaded.
package toolagent

import (
	"context"

	"github.com/anthropics/anthropic-sdk-go"

	"realworld/toolmgr"
)

var client = anthropic.NewClient()

func convert(ts []toolmgr.Tool) []anthropic.ToolUnionParam {
	var out []anthropic.ToolUnionParam
	for _, t := range ts {
		out = append(out, anthropic.ToolUnionParam{OfTool: &anthropic.ToolParam{Name: t.Name, Description: anthropic.String(t.Description)}})
	}
	out = append(out, anthropic.ToolUnionParam{OfTool: &anthropic.ToolParam{Name: "done", CacheControl: anthropic.NewCacheControlEphemeralParam()}})
	return out
}

// Run sends the loaded tools ahead of the conversation: their order is
// drawn once per process.
func Run(ctx context.Context, m *toolmgr.Manager, history []anthropic.MessageParam) {
	loaded := m.Tools() // want `"loaded" is emitted in nondeterministic order, drawn once per process \(map iteration order when tools is filled by loadServer\)`
	client.Messages.New(ctx, anthropic.MessageNewParams{
		Model:    anthropic.ModelClaudeSonnet4_5,
		Tools:    convert(loaded),
		Messages: history,
	})
}

// RunSorted sends a sorted list: silent.
func RunSorted(ctx context.Context, m *toolmgr.Sorted, history []anthropic.MessageParam) {
	loaded := m.Tools()
	client.Messages.New(ctx, anthropic.MessageNewParams{
		Model:    anthropic.ModelClaudeSonnet4_5,
		Tools:    convert(loaded),
		Messages: history,
	})
}

// RunRegistry sends a registry's list in map order: a warning.
func RunRegistry(ctx context.Context, r *toolmgr.Registry, history []anthropic.MessageParam) {
	client.Messages.New(ctx, anthropic.MessageNewParams{
		Model:    anthropic.ModelClaudeSonnet4_5,
		Tools:    convert(r.List()), // want `"r.List\(\)" is emitted in nondeterministic order \(map iteration order inside List\)`
		Messages: history,
	})
}

// RunRegistrySorted sends the sorted list: silent.
func RunRegistrySorted(ctx context.Context, r *toolmgr.Registry, history []anthropic.MessageParam) {
	client.Messages.New(ctx, anthropic.MessageNewParams{
		Model:    anthropic.ModelClaudeSonnet4_5,
		Tools:    convert(r.SortedList()),
		Messages: history,
	})
}
