// Package dataflow follows request parts the way real code builds them: // want package:"sinks"
// parameters changed after their literal, fields set at construction,
// helpers returning several parts, wrappers embedding the client.
package dataflow

import (
	"context"
	"time"

	"github.com/anthropics/anthropic-sdk-go"
)

var client = anthropic.NewClient()

func changedAfter(ctx context.Context, q string) {
	params := anthropic.MessageNewParams{
		Model:    anthropic.ModelClaudeSonnet4_5,
		Messages: []anthropic.MessageParam{anthropic.NewUserMessage(anthropic.NewTextBlock(q))},
	}
	params.System = []anthropic.TextBlockParam{{Text: "Now " + time.Now().Format(time.RFC3339) + "\n" + policies, CacheControl: anthropic.NewCacheControlEphemeralParam()}} // want `time "time.Now" \(time.Now\) changes every request`
	params.MaxTokens = 1024
	client.Messages.New(ctx, params)
}

// changedAfterStable sets a stable system prompt after the literal: silent.
func changedAfterStable(ctx context.Context, q string) {
	params := anthropic.MessageNewParams{Model: anthropic.ModelClaudeSonnet4_5}
	params.System = []anthropic.TextBlockParam{{Text: policies, CacheControl: anthropic.NewCacheControlEphemeralParam()}}
	params.Messages = append(params.Messages, anthropic.NewUserMessage(anthropic.NewTextBlock(q)))
	client.Messages.New(ctx, params)
}

func fieldByField(ctx context.Context, q string) {
	var params anthropic.MessageNewParams
	params.Model = anthropic.ModelClaudeSonnet4_5
	params.Tools = []anthropic.ToolUnionParam{anthropic.ToolUnionParamOfTool(anthropic.ToolInputSchemaParam{}, "search")}
	params.System = []anthropic.TextBlockParam{
		{Text: "Request at " + time.Now().Format(time.Kitchen)}, // want `time "time.Now" \(time.Now\) changes every request`
		{Text: policies, CacheControl: anthropic.NewCacheControlEphemeralParam()},
	}
	params.Messages = append(params.Messages, anthropic.NewUserMessage(anthropic.NewTextBlock(q)))
	client.Messages.New(ctx, params)
}

// Bot keeps its system prompt and tools from construction.
type Bot struct {
	system string
	tools  []anthropic.ToolUnionParam
}

// NewBot stamps the prompt once, when the bot is built.
func NewBot(tool string) *Bot { // want NewBot:"sink\\(0\\)"
	return &Bot{
		system: "Started " + time.Now().Format(time.RFC3339) + "\n" + policies, // want `time "time.Now" \(time.Now stored in system at construction\) is fixed once per process`
		tools:  []anthropic.ToolUnionParam{anthropic.ToolUnionParamOfTool(anthropic.ToolInputSchemaParam{}, tool)},
	}
}

// Ask reads the fields per request.
func (b *Bot) Ask(ctx context.Context, q string) {
	client.Messages.New(ctx, anthropic.MessageNewParams{
		Model:    anthropic.ModelClaudeSonnet4_5,
		Tools:    b.tools,
		System:   []anthropic.TextBlockParam{{Text: b.system, CacheControl: anthropic.NewCacheControlEphemeralParam()}},
		Messages: []anthropic.MessageParam{anthropic.NewUserMessage(anthropic.NewTextBlock(q))},
	})
}

// Summarize reads the same field: the finding at the constructor is
// reported once.
func (b *Bot) Summarize(ctx context.Context, text string) {
	client.Messages.New(ctx, anthropic.MessageNewParams{
		Model:    anthropic.ModelClaudeSonnet4_5,
		System:   []anthropic.TextBlockParam{{Text: b.system, CacheControl: anthropic.NewCacheControlEphemeralParam()}},
		Messages: []anthropic.MessageParam{anthropic.NewUserMessage(anthropic.NewTextBlock("Summarize: " + text))},
	})
}

// Helper is built with a stable prompt: silent.
type Helper struct{ system string }

// NewHelper takes its prompt from configuration.
func NewHelper(prompt string) *Helper { return &Helper{system: prompt + "\n" + policies} } // want NewHelper:"sink\\(0\\)"

// Ask reads the field per request.
func (h *Helper) Ask(ctx context.Context, q string) {
	client.Messages.New(ctx, anthropic.MessageNewParams{
		Model:    anthropic.ModelClaudeSonnet4_5,
		System:   []anthropic.TextBlockParam{{Text: h.system, CacheControl: anthropic.NewCacheControlEphemeralParam()}},
		Messages: []anthropic.MessageParam{anthropic.NewUserMessage(anthropic.NewTextBlock(q))},
	})
}

// build returns the system blocks and the messages of one question.
func build(q string, stamp bool) ([]anthropic.TextBlockParam, []anthropic.MessageParam) {
	return []anthropic.TextBlockParam{
			{Text: "Now " + time.Now().Format(time.RFC3339)}, // want `time "time.Now" \(time.Now\) changes every request`
			{Text: policies, CacheControl: anthropic.NewCacheControlEphemeralParam()},
		},
		[]anthropic.MessageParam{anthropic.NewUserMessage(anthropic.NewTextBlock(q))}
}

func pair(ctx context.Context, q string) {
	system, msgs := build(q, true)
	client.Messages.New(ctx, anthropic.MessageNewParams{Model: anthropic.ModelClaudeSonnet4_5, System: system, Messages: msgs})
}

// LLM wraps the SDK client.
type LLM struct{ anthropic.Client }

func (l *LLM) wrapped(ctx context.Context, q string) {
	l.Messages.New(ctx, anthropic.MessageNewParams{
		Model:    anthropic.ModelClaudeSonnet4_5,
		System:   []anthropic.TextBlockParam{{Text: "Now " + time.Now().Format(time.RFC3339) + "\n" + policies, CacheControl: anthropic.NewCacheControlEphemeralParam()}}, // want `time "time.Now" \(time.Now\) changes every request`
		Messages: []anthropic.MessageParam{anthropic.NewUserMessage(anthropic.NewTextBlock(q))},
	})
}

// closure sends from a function literal.
func closure(ctx context.Context) func(string) {
	stamp := time.Now().Format(time.RFC3339) // want `time "time.Now" \(time.Now captured when the closure was made\) is fixed once per process`
	return func(q string) {
		client.Messages.New(ctx, anthropic.MessageNewParams{
			Model:    anthropic.ModelClaudeSonnet4_5,
			System:   []anthropic.TextBlockParam{{Text: stamp + "\n" + policies, CacheControl: anthropic.NewCacheControlEphemeralParam()}},
			Messages: []anthropic.MessageParam{anthropic.NewUserMessage(anthropic.NewTextBlock(q))},
		})
	}
}

// sendWith wraps the client and sends what it is given.
func sendWith(ctx context.Context, system []anthropic.TextBlockParam, params anthropic.MessageNewParams) {
	params.System = system
	client.Messages.New(ctx, params)
}

func viaWrapper(ctx context.Context, q string) {
	sendWith(ctx, []anthropic.TextBlockParam{{Text: "Now " + time.Now().Format(time.RFC3339) + "\n" + policies, CacheControl: anthropic.NewCacheControlEphemeralParam()}}, // want `time "time.Now" \(time.Now\) changes every request`
		anthropic.MessageNewParams{Model: anthropic.ModelClaudeSonnet4_5, Messages: []anthropic.MessageParam{anthropic.NewUserMessage(anthropic.NewTextBlock(q))}})
}

// stamped is a generic helper.
func stamped[T ~string](s T) string {
	return "Now " + time.Now().Format(time.RFC3339) + "\n" + string(s) // want `time "time.Now" \(time.Now\) changes every request`
}

func generic(ctx context.Context, q string) {
	client.Messages.New(ctx, anthropic.MessageNewParams{
		Model:    anthropic.ModelClaudeSonnet4_5,
		System:   []anthropic.TextBlockParam{{Text: stamped(policies), CacheControl: anthropic.NewCacheControlEphemeralParam()}},
		Messages: []anthropic.MessageParam{anthropic.NewUserMessage(anthropic.NewTextBlock(q))},
	})
}
