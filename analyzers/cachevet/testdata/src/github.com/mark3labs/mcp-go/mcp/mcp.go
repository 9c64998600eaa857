// Package mcp is a stub of github.com/mark3labs/mcp-go/mcp (v0.41).
package mcp

type ToolInputSchema struct {
	Type       string
	Properties map[string]any
	Required   []string
}

type Tool struct {
	Name        string
	Description string
	InputSchema ToolInputSchema
}

type PaginatedRequest struct{}

type ListToolsRequest struct{ PaginatedRequest }

type ListToolsResult struct {
	Tools      []Tool
	NextCursor string
}
