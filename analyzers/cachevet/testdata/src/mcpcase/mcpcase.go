package mcpcase

import (
	"context"
	"slices"

	"github.com/anthropics/anthropic-sdk-go"
	"github.com/mark3labs/mcp-go/client"
	"github.com/mark3labs/mcp-go/mcp"
)

var api = anthropic.NewClient()

func toolParam(t mcp.Tool) anthropic.ToolUnionParam {
	return anthropic.ToolUnionParam{OfTool: &anthropic.ToolParam{Name: t.Name, Description: anthropic.String(t.Description)}}
}

// oneServer: the tools an MCP server lists, converted one by one, lead the
// request: a runtime tools segment of unknown size, sorted by the server.
func oneServer(ctx context.Context, c *client.Client, q string) {
	res, _ := c.ListTools(ctx, mcp.ListToolsRequest{})
	var tools []anthropic.ToolUnionParam
	for _, t := range res.Tools {
		tools = append(tools, anthropic.ToolUnionParam{OfTool: &anthropic.ToolParam{Name: t.Name, Description: anthropic.String(t.Description)}})
	}
	api.Messages.New(ctx, anthropic.MessageNewParams{
		Model:    anthropic.ModelClaudeSonnet4_5,
		Tools:    tools,
		System:   []anthropic.TextBlockParam{{Text: guide, CacheControl: anthropic.NewCacheControlEphemeralParam()}},
		Messages: []anthropic.MessageParam{anthropic.NewUserMessage(anthropic.NewTextBlock(q))},
	})
}

// serversInMapOrder: tools gathered from several servers in map order
// change the prefix from one request to the next.
func serversInMapOrder(ctx context.Context, servers map[string]*client.Client, q string) {
	var tools []anthropic.ToolUnionParam
	for _, c := range servers { // want `map iteration order`
		res, _ := c.ListTools(ctx, mcp.ListToolsRequest{})
		for _, t := range res.Tools {
			tools = append(tools, toolParam(t))
		}
	}
	api.Messages.New(ctx, anthropic.MessageNewParams{
		Model:    anthropic.ModelClaudeSonnet4_5,
		Tools:    tools,
		System:   []anthropic.TextBlockParam{{Text: guide, CacheControl: anthropic.NewCacheControlEphemeralParam()}},
		Messages: []anthropic.MessageParam{anthropic.NewUserMessage(anthropic.NewTextBlock(q))},
	})
}

// serversSorted: the same servers visited in sorted name order.
func serversSorted(ctx context.Context, servers map[string]*client.Client, q string) {
	names := make([]string, 0, len(servers))
	for name := range servers {
		names = append(names, name)
	}
	slices.Sort(names)
	var tools []anthropic.ToolUnionParam
	for _, name := range names {
		res, _ := servers[name].ListTools(ctx, mcp.ListToolsRequest{})
		for _, t := range res.Tools {
			tools = append(tools, toolParam(t))
		}
	}
	api.Messages.New(ctx, anthropic.MessageNewParams{
		Model:    anthropic.ModelClaudeSonnet4_5,
		Tools:    tools,
		System:   []anthropic.TextBlockParam{{Text: guide, CacheControl: anthropic.NewCacheControlEphemeralParam()}},
		Messages: []anthropic.MessageParam{anthropic.NewUserMessage(anthropic.NewTextBlock(q))},
	})
}
