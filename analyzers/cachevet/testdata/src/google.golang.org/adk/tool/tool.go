// Package tool is a stub of google.golang.org/adk/tool.
package tool

import "google.golang.org/adk/agent"

type Tool interface {
	Name() string
	Description() string
}

type Toolset interface {
	Name() string
	Tools(ctx agent.ReadonlyContext) ([]Tool, error)
}

type Context interface{ agent.ReadonlyContext }
