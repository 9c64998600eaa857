// Package session runs a conversation with Claude. It sees tools only
// through toolset.Set and a callback; main wires in the implementations.
package session

import (
	"context"

	"github.com/anthropics/anthropic-sdk-go"

	"example.com/realsdk/progapp/toolset"
)

const persona = `You are Dock, an operations assistant. Answer with the exact commands to run, explain
what each one changes, and never touch production without an explicit confirmation.`

// Session is one conversation.
type Session struct {
	client  anthropic.Client
	set     toolset.Set
	history []anthropic.MessageParam
	// Extra lists more tools at each turn (a callback main fills in).
	Extra func() []toolset.Tool
}

// New starts a session.
func New(set toolset.Set) *Session { return &Session{client: anthropic.NewClient(), set: set} }

// Turn sends one user message.
func (s *Session) Turn(ctx context.Context, input string) (string, error) {
	tools, err := s.set.Tools(ctx) // expect-go: PC006
	if err != nil {
		return "", err
	}
	tools = toolset.Strict(tools)
	s.history = append(s.history, anthropic.NewUserMessage(anthropic.NewTextBlock(input)))
	resp, err := s.client.Messages.New(ctx, anthropic.MessageNewParams{
		Model:     anthropic.ModelClaudeSonnet4_5,
		MaxTokens: 1024,
		System:    []anthropic.TextBlockParam{{Text: persona + "\n\n" + s.set.Instructions()}}, // expect-go: PC006
		Messages:  s.history,
		Tools:     toParams(tools),
	})
	if err != nil {
		return "", err
	}
	return resp.Content[0].Text, nil
}

func toParams(in []toolset.Tool) []anthropic.ToolUnionParam {
	var out []anthropic.ToolUnionParam
	for _, t := range in {
		out = append(out, anthropic.ToolUnionParam{OfTool: &anthropic.ToolParam{
			Name:        t.Name,
			Description: anthropic.String(t.Description),
			InputSchema: anthropic.ToolInputSchemaParam{Properties: t.Params},
		}})
	}
	if len(out) > 0 {
		out[len(out)-1].OfTool.CacheControl = anthropic.NewCacheControlEphemeralParam()
	}
	return out
}

// Plan asks for a plan with the extra tools only.
func (s *Session) Plan(ctx context.Context, goal string) (string, error) {
	var tools []toolset.Tool
	tools = append(tools, s.Extra()...) // expect-go: PC006
	resp, err := s.client.Messages.New(ctx, anthropic.MessageNewParams{
		Model:     anthropic.ModelClaudeSonnet4_5,
		MaxTokens: 1024,
		System:    []anthropic.TextBlockParam{{Text: persona}},
		Messages:  append(s.history, anthropic.NewUserMessage(anthropic.NewTextBlock("Plan: "+goal))),
		Tools:     toParams(tools),
	})
	if err != nil {
		return "", err
	}
	return resp.Content[0].Text, nil
}
