// Package lifetimes checks that a value's lifetime is how often the value
// changes, not how often the code producing it runs.
package lifetimes

import (
	"context"
	"fmt"
	"github.com/mitchellh/go-homedir"
	"os"
	"os/exec"
	"runtime"
	"time"

	"github.com/anthropics/anthropic-sdk-go"
)

var client = anthropic.NewClient()

func send(ctx context.Context, system, q string) {
	client.Messages.New(ctx, anthropic.MessageNewParams{
		Model:    anthropic.ModelClaudeSonnet4_5,
		System:   []anthropic.TextBlockParam{{Text: system, CacheControl: anthropic.NewCacheControlEphemeralParam()}},
		Messages: []anthropic.MessageParam{anthropic.NewUserMessage(anthropic.NewTextBlock(q))},
	})
}

func secondsAtTop(ctx context.Context, q string) {
	system := "Now: " + time.Now().UTC().Format(time.RFC3339) + "\n" + policies // want `time "time.Now" \(time.Now\) changes every request`
	client.Messages.New(ctx, anthropic.MessageNewParams{
		Model:    anthropic.ModelClaudeSonnet4_5,
		System:   []anthropic.TextBlockParam{{Text: system, CacheControl: anthropic.NewCacheControlEphemeralParam()}},
		Messages: []anthropic.MessageParam{anthropic.NewUserMessage(anthropic.NewTextBlock(q))},
	})
}

func longDate(ctx context.Context, q string) {
	now := time.Now()
	system := fmt.Sprintf("Today is %s (%s).\n%s", now.Format("January 2, 2006"), now.Weekday(), policies) // want `time "time.Now" \(date without a time of day\) changes once a day`
	client.Messages.New(ctx, anthropic.MessageNewParams{
		Model:    anthropic.ModelClaudeSonnet4_5,
		System:   []anthropic.TextBlockParam{{Text: system, CacheControl: anthropic.NewCacheControlEphemeralParam()}},
		Messages: []anthropic.MessageParam{anthropic.NewUserMessage(anthropic.NewTextBlock(q))},
	})
}

func kitchenClock(ctx context.Context, q string) {
	system := "Local time " + time.Now().Format("3:04PM") + "\n" + policies // want `time "time.Now" \(time.Now\) changes every request`
	client.Messages.New(ctx, anthropic.MessageNewParams{
		Model:    anthropic.ModelClaudeSonnet4_5,
		System:   []anthropic.TextBlockParam{{Text: system, CacheControl: anthropic.NewCacheControlEphemeralParam()}},
		Messages: []anthropic.MessageParam{anthropic.NewUserMessage(anthropic.NewTextBlock(q))},
	})
}

// hostPerRequest runs per request, but the host name and executable are
// fixed once per process.
func hostPerRequest(ctx context.Context, q string) {
	host, _ := os.Hostname() // want `env "os.Hostname" \(os.Hostname\) is fixed once per process`
	exe, _ := os.Executable()
	system := "Host " + host + " running " + exe + "\n" + policies
	client.Messages.New(ctx, anthropic.MessageNewParams{
		Model:    anthropic.ModelClaudeSonnet4_5,
		System:   []anthropic.TextBlockParam{{Text: system, CacheControl: anthropic.NewCacheControlEphemeralParam()}},
		Messages: []anthropic.MessageParam{anthropic.NewUserMessage(anthropic.NewTextBlock(q))},
	})
}

func dateCommand(ctx context.Context, q string) {
	out, _ := exec.Command("date").Output() // want `"date" \(output of date\) changes every request`
	client.Messages.New(ctx, anthropic.MessageNewParams{
		Model:    anthropic.ModelClaudeSonnet4_5,
		System:   []anthropic.TextBlockParam{{Text: string(out) + policies, CacheControl: anthropic.NewCacheControlEphemeralParam()}},
		Messages: []anthropic.MessageParam{anthropic.NewUserMessage(anthropic.NewTextBlock(q))},
	})
}

// platform is a constant of the build: silent.
func platform(ctx context.Context, q string) {
	send(ctx, "Platform: "+runtime.GOOS+"/"+runtime.GOARCH+"\n"+policies, q)
	client.Messages.New(ctx, anthropic.MessageNewParams{
		Model:    anthropic.ModelClaudeSonnet4_5,
		System:   []anthropic.TextBlockParam{{Text: "Platform: " + runtime.GOOS + "\n" + policies, CacheControl: anthropic.NewCacheControlEphemeralParam()}},
		Messages: []anthropic.MessageParam{anthropic.NewUserMessage(anthropic.NewTextBlock(q))},
	})
}

// dateAfter puts the date after the cached policies: silent.
func dateAfter(ctx context.Context, q string) {
	client.Messages.New(ctx, anthropic.MessageNewParams{
		Model: anthropic.ModelClaudeSonnet4_5,
		System: []anthropic.TextBlockParam{
			{Text: policies, CacheControl: anthropic.NewCacheControlEphemeralParam()},
			{Text: "Today is " + time.Now().Format(time.DateOnly)},
		},
		Messages: []anthropic.MessageParam{anthropic.NewUserMessage(anthropic.NewTextBlock(q))},
	})
}

// homeAheadOfHistory names the home directory ahead of the conversation:
// the same text in every process of the user, unlike the working
// directory, so the conversation after it still caches across runs.
func homeAheadOfHistory(ctx context.Context, history []anthropic.MessageParam) {
	home, _ := homedir.Dir()
	client.Messages.New(ctx, anthropic.MessageNewParams{
		Model:    anthropic.ModelClaudeSonnet4_5,
		System:   []anthropic.TextBlockParam{{Text: "You are a shell assistant. The user's home is " + home + "."}},
		Messages: history,
	})
}

// cwdAheadOfHistory names the working directory there: a new process in
// another project writes the conversation to the cache again.
func cwdAheadOfHistory(ctx context.Context, history []anthropic.MessageParam) {
	wd, _ := os.Getwd() // want `cwd "os.Getwd" \(os.Getwd\) is fixed once per process and stands ahead of`
	client.Messages.New(ctx, anthropic.MessageNewParams{
		Model:    anthropic.ModelClaudeSonnet4_5,
		System:   []anthropic.TextBlockParam{{Text: "You are a shell assistant. The project is " + wd + "."}},
		Messages: history,
	})
}
