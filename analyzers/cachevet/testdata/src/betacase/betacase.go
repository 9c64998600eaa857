package betacase

import (
	"context"
	"time"

	"github.com/anthropics/anthropic-sdk-go"
)

var client = anthropic.NewClient()

func betaDate(ctx context.Context, q string) {
	client.Beta.Messages.New(ctx, anthropic.BetaMessageNewParams{
		Model:    anthropic.ModelClaudeSonnet4_5,
		System:   []anthropic.BetaTextBlockParam{{Text: "Today is " + time.Now().String() + "\n" + policies, CacheControl: anthropic.NewBetaCacheControlEphemeralParam()}}, // want `time "time.Now"`
		Messages: []anthropic.BetaMessageParam{anthropic.NewBetaUserMessage(anthropic.NewBetaTextBlock(q))},
	})
}

func betaMissing(ctx context.Context, q string) {
	client.Beta.Messages.New(ctx, anthropic.BetaMessageNewParams{
		Model:    anthropic.ModelClaudeSonnet4_5,
		System:   []anthropic.BetaTextBlockParam{{Text: policies}}, // want `stable tokens of system prompt are sent with no cache_control breakpoint`
		Messages: []anthropic.BetaMessageParam{anthropic.NewBetaUserMessage(anthropic.NewBetaTextBlock(q))},
	})
}

func betaGood(ctx context.Context, q string) {
	client.Beta.Messages.New(ctx, anthropic.BetaMessageNewParams{
		Model:    anthropic.ModelClaudeSonnet4_5,
		System:   []anthropic.BetaTextBlockParam{{Text: policies, CacheControl: anthropic.NewBetaCacheControlEphemeralParam()}},
		Messages: []anthropic.BetaMessageParam{anthropic.NewBetaUserMessage(anthropic.NewBetaTextBlock("Now: " + time.Now().String() + "\n" + q))},
	})
}
