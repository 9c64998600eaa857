package lifetimes

import (
	"context"
	"time"

	"github.com/anthropics/anthropic-sdk-go"
)

// labeler is code the analyzer cannot see into: its result is as volatile
// as its most volatile input.
type labeler interface {
	Label(day, note string) string
}

// dateAndUnknown combines a date with a value of unknown lifetime: the
// date decides, as it does in a template ({{ label .today .note }}).
func dateAndUnknown(ctx context.Context, l labeler, note, q string) {
	day := time.Now().Format("2006-01-02")
	system := "Label: " + l.Label(day, note) + "\n" + policies // want `changes once a day`
	client.Messages.New(ctx, anthropic.MessageNewParams{
		Model:    anthropic.ModelClaudeSonnet4_5,
		System:   []anthropic.TextBlockParam{{Text: system, CacheControl: anthropic.NewCacheControlEphemeralParam()}},
		Messages: []anthropic.MessageParam{anthropic.NewUserMessage(anthropic.NewTextBlock(q))},
	})
}
