// Package tools keeps the agent's tools in a map.
package tools

import (
	"encoding/json"

	"memagent/llm"
)

// Tool is one tool.
type Tool interface {
	Name() string
	Description() string
	Parameters() json.RawMessage
}

// Registry holds tools by name.
type Registry struct{ tools map[string]Tool }

// Definitions lists the tools in map order.
func (r *Registry) Definitions() []llm.ToolDefinition { // want Definitions:"map order"
	defs := make([]llm.ToolDefinition, 0, len(r.tools))
	for _, t := range r.tools {
		defs = append(defs, llm.ToolDefinition{Type: "function", Function: llm.FunctionDef{Name: t.Name(), Description: t.Description(), Parameters: t.Parameters()}})
	}
	return defs
}
