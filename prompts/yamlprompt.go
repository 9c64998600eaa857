package prompts

import (
	"strings"

	"github.com/cachevet/cachevet/rules"
	"go.yaml.in/yaml/v3"
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
// none.
func readPromptValues(doc *yamlDoc, opts Options, el *errList) []*rules.Request {
	if key(doc.root, "_type") != nil || key(doc.root, "lc") != nil {
		return nil // a LangChain object of another kind (an LLM, a chain)
	}
	var reqs []*rules.Request
	var visit func(n *yaml.Node, depth int)
	visit = func(n *yaml.Node, depth int) {
		if n == nil || depth > maxPromptDepth {
			return
		}
		switch n.Kind {
		case yaml.MappingNode:
			for i := 0; i+1 < len(n.Content); i += 2 {
				k, v := n.Content[i], n.Content[i+1]
				if v.Kind == yaml.ScalarNode && v.ShortTag() == "!!str" && isPromptKey(k.Value) && strings.TrimSpace(v.Value) != "" {
					if req := readPromptValue(doc, v, opts, el); req != nil {
						reqs = append(reqs, req)
					}
					continue
				}
				visit(v, depth+1)
			}
		case yaml.SequenceNode:
			for _, c := range n.Content {
				visit(c, depth+1)
			}
		}
	}
	visit(doc.root, 0)
	return reqs
}

// readPromptValue reads one value as a template: one request.
func readPromptValue(doc *yamlDoc, v *yaml.Node, opts Options, el *errList) *rules.Request {
	src := doc.scalar(v)
	b := scanText(src, opts.Format, opts.Names, el)
	blocks := b.finish()
	if len(blocks) == 0 {
		return nil
	}
	req := newRequest(doc.f)
	req.Span = src.span(0, len(src.text))
	req.Blocks = blocks
	return req
}
