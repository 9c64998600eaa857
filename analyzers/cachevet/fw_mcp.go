package cachevet

import (
	"go/ast"
	"go/types"
)

// mark3labs/mcp-go (v0.41): a client's ListTools returns the tools an MCP
// server offers (the server sorts them by name). A host converts each
// mcp.Tool into the provider's tool type and sends the list: its size is
// known only at run time, so it is a tools runtime segment.
const (
	mcpPkg = "github.com/mark3labs/mcp-go/mcp"
	mcpWhy = "MCP server tool list"
)

// mcpToolSources are framework functions that return the tools MCP
// servers list, converted to the framework's tool type.
var mcpToolSources = map[string]bool{
	genkitPkg + "/plugins/mcp.(MCPHost).GetActiveTools":         true,
	genkitPkg + "/plugins/mcp.(GenkitMCPClient).GetActiveTools": true,
	einoExtPkg + "/components/tool/mcp.GetTools":                true,
}

// fromMCP reports whether an expression's value comes from an MCP
// server's tool list: it mentions a value of type mcp.Tool or []mcp.Tool
// (the loop variable of a range over ListTools' result, the result's
// Tools field), or it is a framework's MCP tool list (Genkit's
// GetActiveTools, eino-ext's mcp.GetTools).
func (b *builder) fromMCP(x ast.Expr) bool {
	if key, _ := b.callKey(b.e.DefiningExpr(x)); mcpToolSources[key] {
		return true
	}
	// The loop variable of a range over such a list.
	if id, ok := ast.Unparen(x).(*ast.Ident); ok && b.e.Fn != nil {
		if v, ok := b.a.pass.TypesInfo.ObjectOf(id).(*types.Var); ok {
			if rng := b.e.Fn.Ranges[v]; rng != nil && rng.X != x && b.fromMCP(rng.X) {
				return true
			}
		}
	}
	found := false
	ast.Inspect(x, func(n ast.Node) bool {
		if found {
			return false
		}
		e, ok := n.(ast.Expr)
		if !ok {
			return true
		}
		switch e.(type) {
		case *ast.Ident, *ast.SelectorExpr:
			if t := b.a.pass.TypesInfo.TypeOf(e); t != nil && isMCPTool(t) {
				found = true
			}
		}
		return !found
	})
	return found
}

func isMCPTool(t types.Type) bool {
	if _, ok := t.Underlying().(*types.Signature); ok {
		return false
	}
	return namedType(t) == mcpPkg+".Tool"
}
