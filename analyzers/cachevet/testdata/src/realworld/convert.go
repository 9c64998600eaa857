package realworld

import (
	"context"

	"github.com/anthropics/anthropic-sdk-go"
)

// Msg is a provider-neutral message, as a CLI that talks to several
// providers keeps its conversation.
type Msg struct {
	Role, Content string
}

// ServerTool is a tool an MCP-style server offers.
type ServerTool struct{ Name string }

// fromMsgs converts the conversation message by message: the system
// messages become the system prompt, the rest the history.
func fromMsgs(input []Msg) (system []anthropic.TextBlockParam, msgs []anthropic.MessageParam) {
	for _, m := range input {
		switch m.Role {
		case "system":
			system = append(system, anthropic.TextBlockParam{Text: m.Content})
		case "assistant":
			msgs = append(msgs, anthropic.NewAssistantMessage(anthropic.NewTextBlock(m.Content)))
		default:
			msgs = append(msgs, anthropic.NewUserMessage(anthropic.NewTextBlock(m.Content)))
		}
	}
	return system, msgs
}

// toolsOf lists every server's tools in map order.
func toolsOf(servers map[string][]ServerTool) []anthropic.ToolUnionParam {
	var out []anthropic.ToolUnionParam
	for name, tools := range servers { // want `"servers" is emitted in nondeterministic order \(map iteration order\)`
		for _, t := range tools {
			out = append(out, anthropic.ToolUnionParamOfTool(anthropic.ToolInputSchemaParam{}, name+"_"+t.Name))
		}
	}
	return out
}

// converted sends map-ordered tools ahead of a converted conversation:
// the order changes every request and the history behind it is re-written.
func converted(ctx context.Context, servers map[string][]ServerTool, input []Msg) {
	system, msgs := fromMsgs(input)
	client.Messages.New(ctx, anthropic.MessageNewParams{
		Model:        anthropic.ModelClaudeSonnet4_5,
		Tools:        toolsOf(servers),
		System:       system,
		Messages:     msgs,
		CacheControl: anthropic.NewCacheControlEphemeralParam(),
	})
}

// convertedSorted: the same conversation with a fixed tool list; the
// system prompt passed in is not a per-request value. Silent.
func convertedSorted(ctx context.Context, input []Msg) {
	system, msgs := fromMsgs(input)
	client.Messages.New(ctx, anthropic.MessageNewParams{
		Model:        anthropic.ModelClaudeSonnet4_5,
		System:       system,
		Messages:     msgs,
		CacheControl: anthropic.NewCacheControlEphemeralParam(),
	})
}

// toolLoop sends the conversation, then appends the model's reply and the
// tool results to the same slice and sends again: the earlier user message
// is part of the conversation on the second call, not a per-request value.
// Silent.
func toolLoop(ctx context.Context, history []anthropic.MessageParam, q string, run func() []anthropic.MessageParam) {
	msgs := append(history, anthropic.NewUserMessage(anthropic.NewTextBlock(q)))
	for i := 0; i < 3; i++ {
		client.Messages.New(ctx, anthropic.MessageNewParams{
			Model:        anthropic.ModelClaudeSonnet4_5,
			System:       []anthropic.TextBlockParam{{Text: policies}},
			Messages:     msgs,
			CacheControl: anthropic.NewCacheControlEphemeralParam(),
		})
		msgs = append(msgs, anthropic.NewAssistantMessage(anthropic.NewTextBlock("calling a tool")))
		msgs = append(msgs, run()...)
	}
}

// streamInGoroutine builds its messages inside the goroutine that sends
// them: one goroutine, one order. Silent.
func streamInGoroutine(ctx context.Context, q string) {
	done := make(chan struct{})
	go func() {
		defer close(done)
		var msgs []anthropic.MessageParam
		msgs = append(msgs, anthropic.NewUserMessage(anthropic.NewTextBlock("Context: "+policies)))
		msgs = append(msgs, anthropic.NewAssistantMessage(anthropic.NewTextBlock("Understood.")))
		msgs = append(msgs, anthropic.NewUserMessage(anthropic.NewTextBlock(q)))
		client.Messages.New(ctx, anthropic.MessageNewParams{
			Model:        anthropic.ModelClaudeSonnet4_5,
			Messages:     msgs,
			CacheControl: anthropic.NewCacheControlEphemeralParam(),
		})
	}()
	<-done
}
