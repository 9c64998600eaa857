package prompts

import (
	"regexp"
	"strings"

	"github.com/cachevet/cachevet/internal/textpos"
	"github.com/cachevet/cachevet/rules"
)

// readPrompty reads a Microsoft Prompty (.prompty) file: YAML front matter
// (model, template) and a body in Jinja (the default) or Mustache, split
// into messages at role lines ("system:", "user:", "assistant:" alone on a
// line). Text before the first role line is the system prompt, as Prompty
// renders it; a "![thread]" line is the conversation history.
func readPrompty(f *file, opts Options, el *errList) []*rules.Request {
	front, bodyStart := splitFrontMatter(f, false, el)
	req := newRequest(f)
	syn := syntaxes[FormatJinja]
	if s, ok := lookupSyntax(opts.Format); ok && opts.Format != "" {
		syn = s
	}
	if front != nil {
		promptyModel(req, f, front)
		if s, ok := promptyTemplate(front); ok {
			syn = s
		}
	}
	src := fileSource(f, bodyStart, len(f.data))
	if declared := opts.Format != "" || hasTemplateKey(front); !declared && sniff(src.text, nil) == FormatHandlebars {
		// Undeclared, but the body is written with Mustache sections
		// ({{#chat_history}} … {{/chat_history}}) and no Jinja statements.
		syn = syntaxes[FormatHandlebars]
	}
	p := parse(src, 0, len(src.text), syn, el)
	b := newBlockBuilder(rules.SectionSystem, "system")
	e := p.emitter(b, opts.Names)
	e.text = func(start, end int) { promptyText(e, start, end) }
	e.nodes(p.nodes, false)
	req.Blocks = b.finish()
	if len(req.Blocks) == 0 {
		return nil
	}
	return []*rules.Request{req}
}

// promptyRoleRE is Prompty's role boundary: a role name, optional
// [key=value] arguments, and a colon, alone on a line.
var promptyRoleRE = regexp.MustCompile(`(?i)^\s*#?\s*(system|user|assistant|developer|function|tools?)\s*(\[[^\]]*\])?\s*:\s*$`)

// promptyText splits literal text at role lines. A role line must be a
// whole source line: one produced by template logic is not seen.
func promptyText(e *emitter, start, end int) {
	text := e.src.text
	seg := start
	for i := start; i < end; {
		le := strings.IndexByte(text[i:end], '\n')
		next := end
		if le < 0 {
			le = end
		} else {
			le += i
			next = le + 1
		}
		wholeLine := (i == 0 || text[i-1] == '\n') && (le == len(text) || text[le] == '\n')
		if wholeLine {
			line := text[i:le]
			if m := promptyRoleRE.FindStringSubmatch(line); m != nil {
				e.b.text(e.src, seg, i)
				e.b.switchRole(strings.ToLower(m[1]))
				seg = next
			} else if strings.TrimSpace(line) == "![thread]" {
				e.b.text(e.src, seg, i)
				e.b.role("user")
				s := e.cl.path([]string{"thread"}).slot()
				if s.Lifetime != rules.LifeStable {
					s.Kind, s.Lifetime = rules.KindHistory, rules.LifeRequest
				}
				s.Why, s.Runtime = "conversation history", rules.RuntimeHistory
				e.b.slot(e.src, i, le, s)
				e.b.role("assistant")
				seg = next
			}
		}
		i = next
	}
	e.b.text(e.src, seg, end)
}

// promptyModel reads the model from front matter: model as a string,
// model.id (Prompty 2), model.configuration.model or .name (OpenAI), or an
// Azure deployment name when the catalog knows it as a model (deployment
// names are often custom).
func promptyModel(req *rules.Request, f *file, front *textpos.Node) {
	m := key(front, "model")
	if m == nil {
		return
	}
	if isScalar(m) {
		modelFrom(req, f, m)
		return
	}
	for _, p := range [][]string{{"id"}, {"configuration", "model"}, {"configuration", "name"}} {
		if modelFrom(req, f, follow(m, p...)) {
			return
		}
	}
	for _, k := range []string{"azure_deployment", "deployment", "deployment_name"} {
		n := follow(m, "configuration", k)
		if _, err := rules.Builtin().Lookup(str(n)); err == nil && modelFrom(req, f, n) {
			return
		}
	}
}

// hasTemplateKey reports whether Prompty front matter names its template
// engine.
func hasTemplateKey(root *textpos.Node) bool {
	_, ok := promptyTemplate(root)
	return ok
}

// promptyTemplate reads the body syntax: template: mustache, or
// template: {format: mustache} / {type: mustache}.
func promptyTemplate(root *textpos.Node) (*syntax, bool) {
	t := key(root, "template")
	name := str(t)
	if t.IsObject() {
		name = str(key(t, "format"))
		if name == "" {
			name = str(key(t, "type"))
		}
	}
	if name == "" {
		return nil, false
	}
	return lookupSyntax(name)
}
