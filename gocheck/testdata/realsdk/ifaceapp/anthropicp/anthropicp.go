// Package anthropicp implements llm.Provider on Anthropic's SDK.
package anthropicp

import (
	"context"

	"github.com/anthropics/anthropic-sdk-go"

	"example.com/realsdk/ifaceapp/llm"
)

// Client is an llm.Provider.
type Client struct{ c anthropic.Client }

// New returns a client.
func New() *Client { return &Client{c: anthropic.NewClient()} }

// Chat sends the request.
func (c *Client) Chat(ctx context.Context, req llm.Request) (*llm.Response, error) {
	system, msgs := toSDK(req.Messages)
	applyLastMessageCacheControl(msgs)
	params := anthropic.MessageNewParams{
		Model:     anthropic.ModelClaudeSonnet4_5,
		MaxTokens: 1024,
		System:    []anthropic.TextBlockParam{{Text: system}},
		Messages:  msgs,
		Tools:     tools(req.Tools),
	}
	resp, err := c.c.Messages.New(ctx, params)
	if err != nil {
		return nil, err
	}
	return &llm.Response{Text: resp.Content[0].Text}, nil
}

// toSDK splits the system text off the conversation.
func toSDK(in []llm.Message) (string, []anthropic.MessageParam) {
	var system string
	var out []anthropic.MessageParam
	for _, m := range in {
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

func tools(in []llm.ToolDef) []anthropic.ToolUnionParam {
	var out []anthropic.ToolUnionParam
	for _, t := range in {
		out = append(out, anthropic.ToolUnionParam{OfTool: &anthropic.ToolParam{
			Name:        t.Name,
			Description: anthropic.String(t.Description),
			InputSchema: anthropic.ToolInputSchemaParam{Properties: t.InputSchema},
		}})
	}
	return out
}
