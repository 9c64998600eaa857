package helpers

import (
	"context"
	"time"

	"github.com/anthropics/anthropic-sdk-go"
)

var client = anthropic.NewClient()

func systemBlocks() []anthropic.TextBlockParam {
	return []anthropic.TextBlockParam{{Text: "Now: " + time.Now().String() + "\n" + policies, CacheControl: anthropic.NewCacheControlEphemeralParam()}} // want `time "time.Now"`
}

func stableBlocks() []anthropic.TextBlockParam {
	return []anthropic.TextBlockParam{{Text: policies, CacheControl: anthropic.NewCacheControlEphemeralParam()}}
}

func systemBlock(prefix string) anthropic.TextBlockParam {
	return anthropic.TextBlockParam{Text: prefix + policies, CacheControl: anthropic.NewCacheControlEphemeralParam()}
}

func userTurn(q string) anthropic.MessageParam {
	return anthropic.NewUserMessage(anthropic.NewTextBlock(q))
}

func params(q string) anthropic.MessageNewParams {
	return anthropic.MessageNewParams{
		Model:    anthropic.ModelClaudeSonnet4_5,
		System:   []anthropic.TextBlockParam{{Text: policies}}, // want `stable tokens of system prompt are sent with no cache_control breakpoint`
		Messages: []anthropic.MessageParam{userTurn(q)},
	}
}

func viaSliceHelper(ctx context.Context, q string) {
	client.Messages.New(ctx, anthropic.MessageNewParams{
		Model:    anthropic.ModelClaudeSonnet4_5,
		System:   systemBlocks(),
		Messages: []anthropic.MessageParam{userTurn(q)},
	})
}

func viaStableHelper(ctx context.Context, q string) {
	system := stableBlocks()
	client.Messages.New(ctx, anthropic.MessageNewParams{
		Model:    anthropic.ModelClaudeSonnet4_5,
		System:   system,
		Messages: []anthropic.MessageParam{userTurn("Now: " + time.Now().String() + "\n" + q)},
	})
}

func viaElementHelper(ctx context.Context, q string) {
	client.Messages.New(ctx, anthropic.MessageNewParams{
		Model:    anthropic.ModelClaudeSonnet4_5,
		System:   []anthropic.TextBlockParam{systemBlock(time.Now().Format(time.Kitchen) + "\n")}, // want `time "time.Now"`
		Messages: []anthropic.MessageParam{userTurn(q)},
	})
}

func viaParamsHelper(ctx context.Context, q string) {
	client.Messages.New(ctx, params(q))
}
