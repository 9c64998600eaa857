package shapes

import (
	"context"
	"os"

	"github.com/anthropics/anthropic-sdk-go"
)

var claude = anthropic.NewClient()

func withReply(msgs []anthropic.MessageParam, resp *anthropic.Message) []anthropic.MessageParam {
	return append(msgs, anthropic.NewAssistantMessage(anthropic.NewTextBlock(reply(resp))))
}

func reply(*anthropic.Message) string { return "" }

// scripted asks two questions in a row: a fixed exchange, no assumed
// history, nothing to cache.
func scripted(ctx context.Context) {
	msgs := []anthropic.MessageParam{anthropic.NewUserMessage(anthropic.NewTextBlock("What is the weather in Boston?"))}
	resp, _ := claude.Messages.New(ctx, anthropic.MessageNewParams{Model: anthropic.ModelClaudeSonnet4_5, MaxTokens: 256, Messages: msgs})
	msgs = withReply(msgs, resp)
	claude.Messages.New(ctx, anthropic.MessageNewParams{Model: anthropic.ModelClaudeSonnet4_5, MaxTokens: 256, Messages: msgs})
}

// chatLoop sends the same list from a loop: it grows turn after turn and
// no breakpoint caches it.
func chatLoop(ctx context.Context, read func() string) {
	msgs := []anthropic.MessageParam{}
	for {
		msgs = append(msgs, anthropic.NewUserMessage(anthropic.NewTextBlock(read())))
		resp, _ := claude.Messages.New(ctx, anthropic.MessageNewParams{Model: anthropic.ModelClaudeSonnet4_5, MaxTokens: 256, Messages: msgs}) // want `the conversation history \(assumed 10,000; conversation history\) of prompt prefix are sent with no cache_control breakpoint`
		msgs = withReply(msgs, resp)
	}
}

// chanLoop reads the user's questions from a channel: the conversation's
// order is the order they were asked in, not a hazard (no PC006), but
// nothing caches it.
func chanLoop(ctx context.Context, in <-chan string) {
	var msgs []anthropic.MessageParam
	for q := range in {
		msgs = append(msgs, anthropic.NewUserMessage(anthropic.NewTextBlock(q)))
		resp, _ := claude.Messages.New(ctx, anthropic.MessageNewParams{Model: anthropic.ModelClaudeSonnet4_5, MaxTokens: 256, Messages: msgs}) // want `the conversation history \(assumed 10,000; conversation history\) of prompt prefix are sent with no cache_control breakpoint`
		msgs = withReply(msgs, resp)
	}
}

// envPrompt takes the whole system prompt from the environment: the same
// text in every process, nothing volatile ahead of the history: silent.
func envPrompt(ctx context.Context, history []anthropic.MessageParam) {
	claude.Messages.New(ctx, anthropic.MessageNewParams{
		Model:     anthropic.ModelClaudeSonnet4_5,
		MaxTokens: 256,
		System:    []anthropic.TextBlockParam{{Text: os.Getenv("SYSTEM_PROMPT"), CacheControl: anthropic.NewCacheControlEphemeralParam()}},
		Messages:  history,
	})
}
