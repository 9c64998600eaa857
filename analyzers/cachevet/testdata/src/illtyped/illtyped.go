// Package illtyped imports a module that cannot be loaded (a private or
// vanished dependency): every use of it has no type. Its prompts are
// still checked, and an expression without a type is unknown content,
// never evidence of volatility.
package illtyped

import (
	"context"
	"time"

	"github.com/anthropics/anthropic-sdk-go"
	openai "github.com/openai/openai-go/v3"

	"example.com/gone/dscope"
)

var client = anthropic.NewClient()

// Module is wired by the missing module's dependency injection.
type Module struct {
	dscope.Module
	scope dscope.Scope
}

func (m Module) timeAtTop(ctx context.Context, q string) {
	m.scope.Call(func(l dscope.Logger) { l.Info("asking") })
	system := "Today is " + time.Now().Format(time.DateOnly) + ".\n" + policies // want `time "time.Now" \(date without a time of day\) changes once a day`
	client.Messages.New(ctx, anthropic.MessageNewParams{
		Model:    anthropic.ModelClaudeSonnet4_5,
		System:   []anthropic.TextBlockParam{{Text: system, CacheControl: anthropic.NewCacheControlEphemeralParam()}},
		Messages: []anthropic.MessageParam{anthropic.NewUserMessage(anthropic.NewTextBlock(q))},
	})
}

// unknownSystem builds its system prompt from the missing module: its
// lifetime is unknown, so nothing is reported.
func (m Module) unknownSystem(ctx context.Context, q string) {
	system := dscope.Get[string](m.scope, "system") + "\n" + policies
	client.Messages.New(ctx, anthropic.MessageNewParams{
		Model:    anthropic.ModelClaudeSonnet4_5,
		System:   []anthropic.TextBlockParam{{Text: system, CacheControl: anthropic.NewCacheControlEphemeralParam()}},
		Messages: []anthropic.MessageParam{anthropic.NewUserMessage(anthropic.NewTextBlock(q))},
	})
}

func chat(ctx context.Context, c *openai.Client, opts dscope.Options, q string) {
	c.Chat.Completions.New(ctx, openai.ChatCompletionNewParams{
		Model: openai.ChatModelGPT4o,
		Messages: []openai.ChatCompletionMessageParamUnion{
			openai.SystemMessage("Now: " + time.Now().String() + "\n" + policies), // want `time "time.Now"`
			openai.UserMessage(q + opts.Suffix),
		},
	})
}

// Message and Provider are the agent's own model interface: a send by
// shape, with an option of the missing module's type.
type Message struct {
	Role    string
	Content string
}

// Reply is the model's answer.
type Reply struct{ Text string }

type Provider interface {
	Chat(ctx context.Context, systemPrompt string, msgs []Message, opts dscope.Options) (*Reply, error)
}

func ask(ctx context.Context, p Provider, opts dscope.Options, q string) {
	system := "The time is " + time.Now().Format("15:04:05") + "\n" + policies // want `time "time.Now" \(time.Now\) changes every request`
	p.Chat(ctx, system, []Message{{Role: "user", Content: q}}, opts)
}
