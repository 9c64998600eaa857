// Package respclient sends the Responses API through a function kept in a
// field (a seam for tests), with tools converted from a registry's map.
package respclient

import (
	"context"

	"github.com/openai/openai-go/v3"
	"github.com/openai/openai-go/v3/option"
	"github.com/openai/openai-go/v3/packages/param"
	"github.com/openai/openai-go/v3/responses"
)

// Tool is a registered tool.
type Tool struct {
	Name, Description string
	Schema            map[string]any
}

// Client streams responses.
type Client struct {
	client openai.Client
	tools  map[string]Tool
	send   func(ctx context.Context, params responses.ResponseNewParams) (*responses.Response, error)
}

// New wires the SDK call into the seam.
func New() *Client {
	c := &Client{client: openai.NewClient(option.WithAPIKey("k"))}
	c.send = func(ctx context.Context, params responses.ResponseNewParams) (*responses.Response, error) {
		return c.client.Responses.New(ctx, params)
	}
	return c
}

func (c *Client) toolParams() []responses.ToolUnionParam {
	var out []responses.ToolUnionParam
	for _, t := range c.tools { // expect: PC006
		out = append(out, responses.ToolUnionParam{OfFunction: &responses.FunctionToolParam{
			Name:        t.Name,
			Description: param.NewOpt(t.Description),
			Parameters:  t.Schema,
		}})
	}
	return out
}

// Turn sends the conversation so far with the tools.
func (c *Client) Turn(ctx context.Context, items responses.ResponseInputParam) (*responses.Response, error) {
	params := responses.ResponseNewParams{
		Model: "gpt-4.1",
		Input: responses.ResponseNewParamsInputUnion{OfInputItemList: items},
		Tools: c.toolParams(),
	}
	return c.turn(ctx, params)
}

func (c *Client) turn(ctx context.Context, params responses.ResponseNewParams) (*responses.Response, error) {
	return c.send(ctx, params)
}
