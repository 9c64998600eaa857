// Package provider implements llm.Provider on Anthropic's SDK: the system
// text is split off the provider-neutral list, and the last message gets a
// breakpoint through a copy that shares its content.
package provider

import (
	"context"

	"github.com/anthropics/anthropic-sdk-go"

	"shapes/llm"
)

// Client is an llm.Provider.
type Client struct{ c anthropic.Client }

// Chat sends the request.
func (c *Client) Chat(ctx context.Context, req llm.Request) (*llm.Response, error) {
	system, msgs := toSDK(req.Messages)
	applyLastMessageCacheControl(msgs)
	_, err := c.c.Messages.New(ctx, anthropic.MessageNewParams{
		Model:     anthropic.ModelClaudeSonnet4_5,
		MaxTokens: 1024,
		System:    []anthropic.TextBlockParam{{Text: system, CacheControl: anthropic.NewCacheControlEphemeralParam()}},
		Messages:  msgs,
	})
	return &llm.Response{}, err
}

// toSDK splits the system text off the conversation: it is the agent's
// stable prompt, not a value that changes every request.
func toSDK(in []llm.Message) (string, []anthropic.MessageParam) {
	var system string
	var out []anthropic.MessageParam
	for _, m := range in { // want `sent with no cache_control breakpoint`
		switch m.Role {
		case "system":
			system = m.Content
		case "assistant":
			out = append(out, anthropic.NewAssistantMessage(anthropic.NewTextBlock(m.Content)))
		default:
			out = append(out, anthropic.NewUserMessage(anthropic.NewTextBlock(m.Content)))
		}
	}
	return system, out
}

func applyLastMessageCacheControl(msgs []anthropic.MessageParam) {
	if len(msgs) == 0 {
		return
	}
	last := msgs[len(msgs)-1]
	if len(last.Content) > 0 && last.Content[0].OfText != nil {
		last.Content[0].OfText.CacheControl = anthropic.NewCacheControlEphemeralParam()
	}
}

// Plain marks only the last message, through the helper: one breakpoint
// on the growing history, the recommended pattern.
func (c *Client) Plain(ctx context.Context, req llm.Request) error {
	system, msgs := toSDK(req.Messages)
	applyLastMessageCacheControl(msgs)
	_, err := c.c.Messages.New(ctx, anthropic.MessageNewParams{
		Model:     anthropic.ModelClaudeSonnet4_5,
		MaxTokens: 1024,
		System:    []anthropic.TextBlockParam{{Text: system}},
		Messages:  msgs,
	})
	return err
}

// Copied marks the last message through a copy that shares its blocks.
func (c *Client) Copied(ctx context.Context, req llm.Request) error {
	system, msgs := toSDK(req.Messages)
	last := msgs[len(msgs)-1]
	last.Content[0].OfText.CacheControl = anthropic.NewCacheControlEphemeralParam()
	_, err := c.c.Messages.New(ctx, anthropic.MessageNewParams{
		Model:     anthropic.ModelClaudeSonnet4_5,
		MaxTokens: 1024,
		System:    []anthropic.TextBlockParam{{Text: system}},
		Messages:  msgs,
	})
	return err
}

// Bare marks nothing: the history is sent with no breakpoint.
func (c *Client) Bare(ctx context.Context, req llm.Request) error {
	system, msgs := toSDK(req.Messages)
	_, err := c.c.Messages.New(ctx, anthropic.MessageNewParams{
		Model:     anthropic.ModelClaudeSonnet4_5,
		MaxTokens: 1024,
		System:    []anthropic.TextBlockParam{{Text: system}},
		Messages:  msgs,
	})
	return err
}

// Part is a system block of the agent's own, marked for caching by the
// agent that builds it.
type Part struct {
	Text   string
	Cached bool
}

// Blocks maps the agent's system parts and marks those it asked for: the
// marker is set in a loop the mapping cannot place, so where breakpoints
// go is not known and nothing is claimed.
func (c *Client) Blocks(ctx context.Context, parts []Part, history []anthropic.MessageParam) error {
	var system []anthropic.TextBlockParam
	for _, p := range parts {
		block := anthropic.TextBlockParam{Text: p.Text}
		if p.Cached {
			block.CacheControl = anthropic.NewCacheControlEphemeralParam()
		}
		system = append(system, block)
	}
	_, err := c.c.Messages.New(ctx, anthropic.MessageNewParams{
		Model:     anthropic.ModelClaudeSonnet4_5,
		MaxTokens: 1024,
		System:    system,
		Messages:  history,
	})
	return err
}

const summaryRules = `Continue the work described in the summary. Keep the same plan, the same
coding conventions and the same tone. Ask before deleting files. Prefer small commits.`

// Continue puts the model's earlier answer, a summary of the work, ahead of
// the rules: text read out of the SDK's response is the conversation's,
// not a value of the request.
func (c *Client) Continue(ctx context.Context, history []anthropic.MessageParam) error {
	resp, err := c.c.Messages.New(ctx, anthropic.MessageNewParams{Model: anthropic.ModelClaudeSonnet4_5, MaxTokens: 512, Messages: history})
	if err != nil {
		return err
	}
	msg := resp.Content[0]
	_, err = c.c.Messages.New(ctx, anthropic.MessageNewParams{
		Model:     anthropic.ModelClaudeSonnet4_5,
		MaxTokens: 1024,
		System:    []anthropic.TextBlockParam{{Text: "Summary so far: " + msg.Text + "\n" + summaryRules, CacheControl: anthropic.NewCacheControlEphemeralParam()}},
		Messages:  history,
	})
	return err
}
