// Package client is a stub of github.com/mark3labs/mcp-go/client.
package client

import (
	"context"

	"github.com/mark3labs/mcp-go/mcp"
)

type Client struct{}

func NewStdioMCPClient(command string, env []string, args ...string) (*Client, error) {
	return &Client{}, nil
}

func (c *Client) ListTools(ctx context.Context, request mcp.ListToolsRequest) (*mcp.ListToolsResult, error) {
	return &mcp.ListToolsResult{}, nil
}
