package requests

import (
	"bytes"

	"github.com/cachevet/cachevet/prompts"
	"github.com/cachevet/cachevet/rules"
)

// parseJSONTemplate parses a JSON document that may be a Nunjucks template
// over JSON, as promptfoo documents chat prompts:
//
//	[{% for m in messages %}{"role": "{{ m.role }}", "content": "{{ m.content }}"}{% if not loop.last %},{% endif %}{% endfor %}]
//
// Plain JSON parses as it is. When it does not and the text has template
// tags, the file is read as the template's output: statements and comments
// are not there, an alternative branch (else, elif) is not there either
// (the first branch is, as the prompts engine reads conditionals), and a
// loop or a printed value where JSON has a value is one raw node over its
// source, which templateParts reads with the prompts engine. Commas a
// template writes around its loops may be missing or trailing. tmpl
// reports that the file was read as a template; errs are the template's
// own errors (an unclosed loop), at file positions.
func parseJSONTemplate(src *source, off int) (root *node, end int, tmpl bool, errs []*rules.InputError, err error) {
	root, end, err = parseJSONPrefix(src.text, off)
	if err == nil || !hasTemplateSyntax(src.text) {
		return root, end, false, nil, err
	}
	tags, errs := prompts.Tags(prompts.Template{Text: string(src.text), Format: prompts.FormatJinja,
		Span: func(a, b int) rules.Span { return src.span(a, b) }})
	p := &jsonParser{src: src.text, pos: off, tags: make(map[int]prompts.Tag, len(tags))}
	for _, t := range tags {
		p.tags[t.Start] = t
	}
	p.skipSpace()
	root, err = p.value()
	if err != nil {
		return nil, 0, true, errs, err
	}
	if root.raw {
		// A template that prints its whole document is no JSON to read.
		_, _, err = parseJSONPrefix(src.text, off)
		return nil, 0, false, nil, err
	}
	p.skipSpace()
	return root, p.pos, true, errs, nil
}

// hasTemplateSyntax reports Nunjucks statement or output tags.
func hasTemplateSyntax(data []byte) bool {
	return bytes.Contains(data, []byte("{%")) || bytes.Contains(data, []byte("{{"))
}
