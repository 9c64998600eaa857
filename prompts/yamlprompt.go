package prompts

import (
	"strings"

	"github.com/cachevet/cachevet/internal/textpos"
	"github.com/cachevet/cachevet/rules"
)

// Prompt values: agent frameworks keep their prompts as template strings
// in YAML or JSON (system_prompt: |- with Jinja placeholders and loops,
// planning.initial_plan, a CrewAI agent's backstory under a prompts file).
// A structured file that is no LangChain prompt is read for them: every
// string under a key that names a prompt is a template, scanned with
// positions in the file, and is one request with one system block (each
// such value is sent on its own). Its syntax is Options.Format, else
// detected from the value.

// maxPromptDepth bounds how deep prompt keys are looked for.
const maxPromptDepth = 4

// isPromptKey reports whether a mapping key names a prompt text.
func isPromptKey(k string) bool {
	k = strings.ToLower(k)
	switch k {
	case "system", "prompt", "template", "instructions", "system_message", "instruction":
		return true
	}
	return strings.HasSuffix(k, "_prompt") || strings.HasSuffix(k, "_template") || strings.HasSuffix(k, "_instructions") ||
		strings.HasSuffix(k, "prompt_template")
}

// readPromptValues finds prompt values in a document; nil when there are
// none. An anchored value is visited once, where it is written: its
// aliases and merge keys share its node.
func readPromptValues(f *file, root *textpos.Node, opts Options, el *errList) []*rules.Request {
	if key(root, "_type") != nil || key(root, "lc") != nil {
		return nil // a LangChain object of another kind (an LLM, a chain)
	}
	var reqs []*rules.Request
	seen := map[*textpos.Node]bool{}
	var visit func(n *textpos.Node, depth int)
	visit = func(n *textpos.Node, depth int) {
		if n == nil || depth > maxPromptDepth || seen[n] {
			return
		}
		seen[n] = true
		switch {
		case n.IsObject():
			for _, m := range n.Members {
				if isString(m.Val) && isPromptKey(m.Key) && strings.TrimSpace(m.Val.Str) != "" {
					if !seen[m.Val] {
						seen[m.Val] = true
						if req := readPromptValue(f, m.Val, opts, el); req != nil {
							reqs = append(reqs, req)
						}
					}
					continue
				}
				visit(m.Val, depth+1)
			}
		case n.IsArray():
			for _, c := range n.Elems {
				visit(c, depth+1)
			}
		}
	}
	visit(root, 0)
	return reqs
}

// isString reports a string value as written (not a YAML timestamp or
// binary, which the tree reads as strings too).
func isString(n *textpos.Node) bool {
	return n.IsString() && !n.Raw && (n.YAML == nil || n.YAML.ShortTag() == "!!str")
}

// readPromptValue reads one value as a template: one request.
func readPromptValue(f *file, v *textpos.Node, opts Options, el *errList) *rules.Request {
	src := f.scalar(v)
	b := scanText(src, opts.Format, opts.Names, el)
	blocks := b.finish()
	if len(blocks) == 0 {
		return nil
	}
	req := newRequest(f)
	req.Span = src.span(0, len(src.text))
	req.Blocks = blocks
	return req
}
