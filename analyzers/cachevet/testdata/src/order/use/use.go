// Package use sends prompts and tools collected in ways whose order is
// or is not deterministic.
package use

import (
	"context"
	"encoding/json"
	"maps"
	"slices"
	"strings"
	"sync"

	"github.com/anthropics/anthropic-sdk-go"

	"order/reg"
)

var client = anthropic.NewClient()

func send(ctx context.Context, tools []anthropic.ToolUnionParam, system, q string) {
	client.Messages.New(ctx, anthropic.MessageNewParams{
		Model:    anthropic.ModelClaudeSonnet4_5,
		Tools:    tools,
		System:   []anthropic.TextBlockParam{{Text: system, CacheControl: anthropic.NewCacheControlEphemeralParam()}},
		Messages: []anthropic.MessageParam{anthropic.NewUserMessage(anthropic.NewTextBlock(q))},
	})
}

func collectedKeys(ctx context.Context, skills map[string]string, q string) {
	names := slices.Collect(maps.Keys(skills)) // want `"names" is emitted in nondeterministic order \(map iteration order\)`
	client.Messages.New(ctx, anthropic.MessageNewParams{
		Model:    anthropic.ModelClaudeSonnet4_5,
		System:   []anthropic.TextBlockParam{{Text: "Skills: " + strings.Join(names, ", ") + "\n" + policies, CacheControl: anthropic.NewCacheControlEphemeralParam()}},
		Messages: []anthropic.MessageParam{anthropic.NewUserMessage(anthropic.NewTextBlock(q))},
	})
}

// collectedSorted sorts the keys first: silent.
func collectedSorted(ctx context.Context, skills map[string]string, q string) {
	names := slices.Collect(maps.Keys(skills))
	slices.Sort(names)
	client.Messages.New(ctx, anthropic.MessageNewParams{
		Model:    anthropic.ModelClaudeSonnet4_5,
		System:   []anthropic.TextBlockParam{{Text: "Skills: " + strings.Join(names, ", ") + "\n" + policies, CacheControl: anthropic.NewCacheControlEphemeralParam()}},
		Messages: []anthropic.MessageParam{anthropic.NewUserMessage(anthropic.NewTextBlock(q))},
	})
}

// sortedKeys ranges over slices.Sorted: silent.
func sortedKeys(ctx context.Context, skills map[string]string, q string) {
	var tools []anthropic.ToolUnionParam
	for _, name := range slices.Sorted(maps.Keys(skills)) {
		tools = append(tools, anthropic.ToolUnionParamOfTool(anthropic.ToolInputSchemaParam{}, name))
	}
	client.Messages.New(ctx, anthropic.MessageNewParams{
		Model:    anthropic.ModelClaudeSonnet4_5,
		Tools:    tools,
		System:   []anthropic.TextBlockParam{{Text: policies, CacheControl: anthropic.NewCacheControlEphemeralParam()}},
		Messages: []anthropic.MessageParam{anthropic.NewUserMessage(anthropic.NewTextBlock(q))},
	})
}

func rangedCollected(ctx context.Context, skills map[string]string, q string) {
	names := slices.Collect(maps.Keys(skills))
	var tools []anthropic.ToolUnionParam
	for _, name := range names { // want `"tools" is emitted in nondeterministic order \(map iteration order\)`
		tools = append(tools, anthropic.ToolUnionParamOfTool(anthropic.ToolInputSchemaParam{}, name))
	}
	client.Messages.New(ctx, anthropic.MessageNewParams{
		Model:    anthropic.ModelClaudeSonnet4_5,
		Tools:    tools,
		System:   []anthropic.TextBlockParam{{Text: policies, CacheControl: anthropic.NewCacheControlEphemeralParam()}},
		Messages: []anthropic.MessageParam{anthropic.NewUserMessage(anthropic.NewTextBlock(q))},
	})
}

func syncMap(ctx context.Context, m *sync.Map, q string) {
	var tools []anthropic.ToolUnionParam
	m.Range(func(k, v any) bool { // want `is emitted in nondeterministic order \(sync.Map iteration order\)`
		tools = append(tools, anthropic.ToolUnionParamOfTool(anthropic.ToolInputSchemaParam{}, k.(string)))
		return true
	})
	client.Messages.New(ctx, anthropic.MessageNewParams{
		Model:    anthropic.ModelClaudeSonnet4_5,
		Tools:    tools,
		System:   []anthropic.TextBlockParam{{Text: policies, CacheControl: anthropic.NewCacheControlEphemeralParam()}},
		Messages: []anthropic.MessageParam{anthropic.NewUserMessage(anthropic.NewTextBlock(q))},
	})
}

func registryIterator(ctx context.Context, r *reg.Registry, q string) {
	var tools []anthropic.ToolUnionParam
	for name := range r.All() { // want `is emitted in nondeterministic order \(map iteration order inside All\)`
		tools = append(tools, anthropic.ToolUnionParamOfTool(anthropic.ToolInputSchemaParam{}, name))
	}
	client.Messages.New(ctx, anthropic.MessageNewParams{
		Model:    anthropic.ModelClaudeSonnet4_5,
		Tools:    tools,
		System:   []anthropic.TextBlockParam{{Text: policies, CacheControl: anthropic.NewCacheControlEphemeralParam()}},
		Messages: []anthropic.MessageParam{anthropic.NewUserMessage(anthropic.NewTextBlock(q))},
	})
}

func registryCallback(ctx context.Context, r *reg.Registry, q string) {
	var b strings.Builder
	r.Each(func(name, desc string) { // want `is emitted in nondeterministic order \(map iteration order inside Each\)`
		b.WriteString(name + ": " + desc + "\n")
	})
	b.WriteString(policies)
	client.Messages.New(ctx, anthropic.MessageNewParams{
		Model:    anthropic.ModelClaudeSonnet4_5,
		System:   []anthropic.TextBlockParam{{Text: b.String(), CacheControl: anthropic.NewCacheControlEphemeralParam()}},
		Messages: []anthropic.MessageParam{anthropic.NewUserMessage(anthropic.NewTextBlock(q))},
	})
}

// registrySource ranges the iterator of an interface the registry
// implements.
func registrySource(ctx context.Context, r reg.Source, q string) {
	var tools []anthropic.ToolUnionParam
	for name := range r.All() { // want `is emitted in nondeterministic order \(map iteration order inside All\)`
		tools = append(tools, anthropic.ToolUnionParamOfTool(anthropic.ToolInputSchemaParam{}, name))
	}
	client.Messages.New(ctx, anthropic.MessageNewParams{
		Model:    anthropic.ModelClaudeSonnet4_5,
		Tools:    tools,
		System:   []anthropic.TextBlockParam{{Text: policies, CacheControl: anthropic.NewCacheControlEphemeralParam()}},
		Messages: []anthropic.MessageParam{anthropic.NewUserMessage(anthropic.NewTextBlock(q))},
	})
}

// registrySorted uses the sorted iterator: silent.
func registrySorted(ctx context.Context, r *reg.Registry, q string) {
	var tools []anthropic.ToolUnionParam
	for name := range r.Sorted() {
		tools = append(tools, anthropic.ToolUnionParamOfTool(anthropic.ToolInputSchemaParam{}, name))
	}
	client.Messages.New(ctx, anthropic.MessageNewParams{
		Model:    anthropic.ModelClaudeSonnet4_5,
		Tools:    tools,
		System:   []anthropic.TextBlockParam{{Text: policies, CacheControl: anthropic.NewCacheControlEphemeralParam()}},
		Messages: []anthropic.MessageParam{anthropic.NewUserMessage(anthropic.NewTextBlock(q))},
	})
}

func gathered(ctx context.Context, sources []string, q string) {
	ch := make(chan string)
	for _, s := range sources {
		go func() { ch <- strings.ToUpper(s) }()
	}
	var parts []string
	for range sources {
		r := <-ch
		parts = append(parts, r) // want `"parts" is emitted in nondeterministic order \(channel arrival order\)`
	}
	client.Messages.New(ctx, anthropic.MessageNewParams{
		Model:    anthropic.ModelClaudeSonnet4_5,
		System:   []anthropic.TextBlockParam{{Text: strings.Join(parts, "\n") + policies, CacheControl: anthropic.NewCacheControlEphemeralParam()}},
		Messages: []anthropic.MessageParam{anthropic.NewUserMessage(anthropic.NewTextBlock(q))},
	})
}

// marshalled maps go through encoding/json, which sorts keys: silent.
func marshalled(ctx context.Context, q string) {
	schema, _ := json.Marshal(map[string]any{"type": "object", "required": []string{"path"}})
	client.Messages.New(ctx, anthropic.MessageNewParams{
		Model:    anthropic.ModelClaudeSonnet4_5,
		System:   []anthropic.TextBlockParam{{Text: string(schema) + policies, CacheControl: anthropic.NewCacheControlEphemeralParam()}},
		Messages: []anthropic.MessageParam{anthropic.NewUserMessage(anthropic.NewTextBlock(q))},
	})
}
