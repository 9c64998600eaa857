package requests

import (
	"bytes"
	"github.com/cachevet/cachevet/internal/textpos"

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
func parseJSONTemplate(src *textpos.Source, off int) (root *textpos.Node, end int, tmpl bool, errs []*rules.InputError, err error) {
	root, end, err = textpos.ParseJSONPrefix(src.Text, off)
	return jsonTemplate(src, off, root, end, err)
}

// jsonTemplate is parseJSONTemplate given the document parsed as plain
// JSON from off (Doc.JSON holds it for a whole file).
func jsonTemplate(src *textpos.Source, off int, plain *textpos.Node, plainEnd int, plainErr error) (root *textpos.Node, end int, tmpl bool, errs []*rules.InputError, err error) {
	if plainErr == nil || !hasTemplateSyntax(src.Text) {
		return plain, plainEnd, false, nil, plainErr
	}
	tags, errs := prompts.Tags(prompts.Template{Text: string(src.Text), Format: prompts.FormatJinja,
		Span: func(a, b int) rules.Span { return src.Span(a, b) }})
	jt := make(map[int]textpos.Tag, len(tags))
	for _, t := range tags {
		jt[t.Start] = t
	}
	root, end, err = textpos.ParseJSONTemplate(src.Text, off, jt)
	if err != nil {
		return nil, 0, true, errs, err
	}
	if root.Raw {
		// A template that prints its whole document is no JSON to read.
		return nil, 0, false, nil, plainErr
	}
	return root, end, true, errs, nil
}

// hasTemplateSyntax reports Nunjucks statement or output tags.
func hasTemplateSyntax(data []byte) bool {
	return bytes.Contains(data, []byte("{%")) || bytes.Contains(data, []byte("{{"))
}
