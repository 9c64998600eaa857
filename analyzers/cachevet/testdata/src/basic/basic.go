package basic

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"strings"
	"time"

	"github.com/anthropics/anthropic-sdk-go"
	"github.com/google/uuid"
)

var client = anthropic.NewClient()

func timeAtTop(ctx context.Context, q string) {
	system := fmt.Sprintf("Today is %s.\n%s", time.Now().Format(time.DateOnly), policies) // want `time "time.Now" \(date without a time of day\) changes once a day`
	client.Messages.New(ctx, anthropic.MessageNewParams{
		Model:    anthropic.ModelClaudeSonnet4_5,
		System:   []anthropic.TextBlockParam{{Text: system, CacheControl: anthropic.NewCacheControlEphemeralParam()}},
		Messages: []anthropic.MessageParam{anthropic.NewUserMessage(anthropic.NewTextBlock(q))},
	})
}

func uuidAtTop(ctx context.Context, q string) {
	system := "Request " + uuid.NewString() + "\n" + policies // want `id "uuid.NewString"`
	client.Messages.New(ctx, anthropic.MessageNewParams{
		Model:    anthropic.ModelClaudeSonnet4_5,
		System:   []anthropic.TextBlockParam{{Text: system, CacheControl: anthropic.NewCacheControlEphemeralParam()}},
		Messages: []anthropic.MessageParam{anthropic.NewUserMessage(anthropic.NewTextBlock(q))},
	})
}

func cwdAndGit(ctx context.Context, q string) {
	wd, _ := os.Getwd()                                            // want `cwd "os.Getwd"`
	status, _ := exec.Command("git", "status", "--short").Output() // want `git "git status --short" \(output of git status --short\) changes every session`
	var b strings.Builder
	b.WriteString("Working directory: ")
	b.WriteString(wd)
	b.WriteString("\nGit status:\n")
	b.Write(status)
	b.WriteString(policies)
	client.Messages.New(ctx, anthropic.MessageNewParams{
		Model:    anthropic.ModelClaudeSonnet4_5,
		System:   []anthropic.TextBlockParam{{Text: b.String(), CacheControl: anthropic.NewCacheControlEphemeralParam()}},
		Messages: []anthropic.MessageParam{anthropic.NewUserMessage(anthropic.NewTextBlock(q))},
	})
}

func envInfo(ctx context.Context, q string) {
	system := "Region: " + os.Getenv("REGION") + "\n" + policies // want `env "REGION".*is fixed once per process`
	client.Messages.New(ctx, anthropic.MessageNewParams{
		Model:    anthropic.ModelClaudeSonnet4_5,
		System:   []anthropic.TextBlockParam{{Text: system, CacheControl: anthropic.NewCacheControlEphemeralParam()}},
		Messages: []anthropic.MessageParam{anthropic.NewUserMessage(anthropic.NewTextBlock(q))},
	})
}

var startedAt = time.Now().Format(time.RFC3339) // want `package variable startedAt.*is fixed once per process`

func packageVar(ctx context.Context, q string) {
	client.Messages.New(ctx, anthropic.MessageNewParams{
		Model: anthropic.ModelClaudeSonnet4_5,
		System: []anthropic.TextBlockParam{{
			Text:         "Started " + startedAt + "\n" + policies,
			CacheControl: anthropic.NewCacheControlEphemeralParam(),
		}},
		Messages: []anthropic.MessageParam{anthropic.NewUserMessage(anthropic.NewTextBlock(q))},
	})
}

func handler(w http.ResponseWriter, r *http.Request) {
	client.Messages.New(r.Context(), anthropic.MessageNewParams{
		Model: anthropic.ModelClaudeSonnet4_5,
		System: []anthropic.TextBlockParam{
			{Text: policies, CacheControl: anthropic.NewCacheControlEphemeralParam()},
		},
		// The question is in the last user message: it is expected to change.
		Messages: []anthropic.MessageParam{anthropic.NewUserMessage(anthropic.NewTextBlock(r.URL.Query().Get("q")))},
	})
}

func volatileBreakpoint(ctx context.Context, q string) {
	client.Messages.New(ctx, anthropic.MessageNewParams{
		Model: anthropic.ModelClaudeSonnet4_5,
		System: []anthropic.TextBlockParam{
			{Text: "short intro"},
			{Text: "Now: " + time.Now().String(), CacheControl: anthropic.NewCacheControlEphemeralParam()}, // want `PC005|cache breakpoint covers time`
		},
		Messages: []anthropic.MessageParam{anthropic.NewUserMessage(anthropic.NewTextBlock(q))},
	})
}

func tooMany(ctx context.Context, q string) {
	bp := anthropic.NewCacheControlEphemeralParam()
	client.Messages.New(ctx, anthropic.MessageNewParams{
		Model:        anthropic.ModelClaudeSonnet4_5,
		CacheControl: anthropic.NewCacheControlEphemeralParam(),
		System: []anthropic.TextBlockParam{
			{Text: policies, CacheControl: bp},
			{Text: policies, CacheControl: bp},
			{Text: policies, CacheControl: bp},
			{Text: policies, CacheControl: bp}, // want `request has 5 cache breakpoints`
		},
		Messages: []anthropic.MessageParam{anthropic.NewUserMessage(anthropic.NewTextBlock(q))},
	})
}

func ttlOrder(ctx context.Context, q string) {
	client.Messages.New(ctx, anthropic.MessageNewParams{
		Model: anthropic.ModelClaudeSonnet4_5,
		System: []anthropic.TextBlockParam{
			{Text: policies, CacheControl: anthropic.NewCacheControlEphemeralParam()},
			{Text: policies, CacheControl: anthropic.CacheControlEphemeralParam{TTL: anthropic.CacheControlEphemeralTTLTTL1h}}, // want `1h cache breakpoint follows a 5m one`
		},
		Messages: []anthropic.MessageParam{anthropic.NewUserMessage(anthropic.NewTextBlock(q))},
	})
}

func timingOnly(ctx context.Context, q string) {
	start := time.Now()
	client.Messages.New(ctx, anthropic.MessageNewParams{
		Model:    anthropic.ModelClaudeSonnet4_5,
		System:   []anthropic.TextBlockParam{{Text: "OS: " + runtimeName + "\n" + policies, CacheControl: anthropic.NewCacheControlEphemeralParam()}},
		Messages: []anthropic.MessageParam{anthropic.NewUserMessage(anthropic.NewTextBlock("Today is " + time.Now().String() + ". " + q))},
	})
	fmt.Println("took", time.Since(start))
}

func shortPrompt(ctx context.Context, q string) {
	client.Messages.New(ctx, anthropic.MessageNewParams{
		Model:    anthropic.ModelClaudeSonnet4_5,
		System:   []anthropic.TextBlockParam{{Text: "Today is " + time.Now().String() + ". Be brief."}},
		Messages: []anthropic.MessageParam{anthropic.NewUserMessage(anthropic.NewTextBlock(q))},
	})
}

func suppressed(ctx context.Context, q string) {
	//cachevet:ignore PC001 the date must lead for legal reasons
	system := time.Now().String() + policies
	client.Messages.New(ctx, anthropic.MessageNewParams{
		Model:    anthropic.ModelClaudeSonnet4_5,
		System:   []anthropic.TextBlockParam{{Text: system, CacheControl: anthropic.NewCacheControlEphemeralParam()}},
		Messages: []anthropic.MessageParam{anthropic.NewUserMessage(anthropic.NewTextBlock(q))},
	})
}

//cachevet:ignore PC003 // want `matches no finding`
