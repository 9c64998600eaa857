package use

import (
	"context"
	"embed"
	"strings"
	"text/template"
	"time"

	"github.com/anthropics/anthropic-sdk-go"

	"prompts/sys"
)

var _ embed.FS

var client = anthropic.NewClient()

func crossPackage(ctx context.Context, name, q string) {
	client.Messages.New(ctx, anthropic.MessageNewParams{
		Model:    anthropic.ModelClaudeSonnet4_5,
		System:   []anthropic.TextBlockParam{{Text: sys.System(name, policies), CacheControl: anthropic.NewCacheControlEphemeralParam()}}, // want `time "time.Now" \(date without a time of day\) changes once a day` `cache breakpoint covers user "name"`
		Messages: []anthropic.MessageParam{anthropic.NewUserMessage(anthropic.NewTextBlock(q))},
	})
}

//go:embed prompt.md
var embedded string

func embeddedPrompt(ctx context.Context, q string) {
	client.Messages.New(ctx, anthropic.MessageNewParams{
		Model:    anthropic.ModelClaudeSonnet4_5,
		System:   []anthropic.TextBlockParam{{Text: time.Now().Format(time.Kitchen) + "\n" + embedded, CacheControl: anthropic.NewCacheControlEphemeralParam()}}, // want `time "time.Now"`
		Messages: []anthropic.MessageParam{anthropic.NewUserMessage(anthropic.NewTextBlock(q))},
	})
}

var tmpl = template.Must(template.New("system").Parse("Today is {{.Date}}.\n" + policies))

func templated(ctx context.Context, q string) {
	var b strings.Builder
	tmpl.Execute(&b, struct{ Date string }{Date: "x"})
	client.Messages.New(ctx, anthropic.MessageNewParams{
		Model:    anthropic.ModelClaudeSonnet4_5,
		System:   []anthropic.TextBlockParam{{Text: b.String(), CacheControl: anthropic.NewCacheControlEphemeralParam()}},
		Messages: []anthropic.MessageParam{anthropic.NewUserMessage(anthropic.NewTextBlock(q))},
	})
}

func templatedData(ctx context.Context, q string) {
	var b strings.Builder
	tmpl.Execute(&b, map[string]any{"Other": 1}) // want `time "Date"`
	client.Messages.New(ctx, anthropic.MessageNewParams{
		Model:    anthropic.ModelClaudeSonnet4_5,
		System:   []anthropic.TextBlockParam{{Text: b.String(), CacheControl: anthropic.NewCacheControlEphemeralParam()}},
		Messages: []anthropic.MessageParam{anthropic.NewUserMessage(anthropic.NewTextBlock(q))},
	})
}
