// Package filter narrows tool lists: its result keeps its input's order.
package filter

import "shapes/llm"

// Active keeps the tools keep accepts, in the order given.
func Active(defs []llm.ToolDef, keep func(string) bool) []llm.ToolDef { // want Active:"order of parameter 0"
	var out []llm.ToolDef
	for _, d := range defs {
		if keep(d.Name) {
			out = append(out, d)
		}
	}
	return out
}

// Ranked keeps them all, sorted by name: an order of its own.
func Ranked(defs []llm.ToolDef) []llm.ToolDef {
	var out []llm.ToolDef
	for _, d := range defs {
		out = append(out, d)
	}
	sortByName(out)
	return out
}

func sortByName(defs []llm.ToolDef) {
	for i := 1; i < len(defs); i++ {
		for j := i; j > 0 && defs[j].Name < defs[j-1].Name; j-- {
			defs[j], defs[j-1] = defs[j-1], defs[j]
		}
	}
}

// Narrow narrows a list defined from itself (out = Active(out, ...)):
// following it must end.
func Narrow(defs []llm.ToolDef, keep func(string) bool) []llm.ToolDef {
	out := defs
	out = Active(out, keep)
	return out
}
