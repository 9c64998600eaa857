package fixes

import (
	"context"

	"github.com/anthropics/anthropic-sdk-go"
)

var client = anthropic.NewClient()

func missing(ctx context.Context, q string) {
	client.Messages.New(ctx, anthropic.MessageNewParams{
		Model: anthropic.ModelClaudeSonnet4_5,
		System: []anthropic.TextBlockParam{
			{Text: policies}, // want `stable tokens of system prompt are sent with no cache_control breakpoint`
		},
		Messages: []anthropic.MessageParam{anthropic.NewUserMessage(anthropic.NewTextBlock(q))},
	})
}

func tools(ctx context.Context, q string, defs map[string]anthropic.ToolInputSchemaParam) {
	var list []anthropic.ToolUnionParam
	for name, schema := range defs { // want `nondeterministic order \(map iteration order\)`
		list = append(list, anthropic.ToolUnionParamOfTool(schema, name))
	}
	client.Messages.New(ctx, anthropic.MessageNewParams{
		Model:    anthropic.ModelClaudeSonnet4_5,
		Tools:    list,
		System:   []anthropic.TextBlockParam{{Text: policies, CacheControl: anthropic.NewCacheControlEphemeralParam()}},
		Messages: []anthropic.MessageParam{anthropic.NewUserMessage(anthropic.NewTextBlock(q))},
	})
}

func sortedTools(ctx context.Context, q string, defs map[string]anthropic.ToolInputSchemaParam, names []string) {
	var list []string
	for name := range defs {
		list = append(list, name)
	}
	sortStrings(list)
	client.Messages.New(ctx, anthropic.MessageNewParams{
		Model:    anthropic.ModelClaudeSonnet4_5,
		System:   []anthropic.TextBlockParam{{Text: policies, CacheControl: anthropic.NewCacheControlEphemeralParam()}},
		Messages: []anthropic.MessageParam{anthropic.NewUserMessage(anthropic.NewTextBlock(q))},
	})
}

func sortStrings([]string) {}
