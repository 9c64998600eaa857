package prompts

import (
	"strings"
)

// lexHandlebars reads Handlebars and Mustache syntax in text[from:to]:
// {{x}}, {{{x}}}, {{&x}}, {{#block}}…{{/block}}, {{^inverted}}, {{else}},
// {{! comment}}, {{!-- comment --}}, {{> partial}}, whitespace control with
// ~, the \{{ escape, {{{{raw}}}} blocks and Mustache's {{=<% %>=}}
// delimiter change.
func lexHandlebars(src *source, from, to int, errs *errList) []item {
	text := src.text[:to]
	open, close := "{{", "}}"
	l := newLexer(src, from, errs)
	for i := from; i < to; {
		k := strings.Index(text[i:], open)
		if k < 0 {
			break
		}
		o := i + k
		if resume, ok := l.literal(o); ok {
			i = resume
			continue
		}
		if open == "{{" && o > from && text[o-1] == '\\' && (o-1 == from || text[o-2] != '\\') {
			// \{{ prints the mustache as text; the backslash is dropped.
			l.flush(o - 1)
			l.pos, i = o, o+len(open)
			continue
		}
		if open == "{{" && strings.HasPrefix(text[o:], "{{{{") {
			raw, end, ok := hbRaw(text, o)
			if !ok {
				l.fail(o, "unterminated raw block {{{{: no closing {{{{/…}}}}")
				i = o + 4
				continue
			}
			l.flush(o)
			l.items = append(l.items, raw...)
			l.pos, i = end, end
			continue
		}
		t, end, msg := hbTag(text, o, open, close)
		if msg != "" {
			if l.fail(o, "%s", msg) {
				break
			}
			i = o + len(open)
			continue
		}
		l.emit(t, o, end)
		i = end
		if t.kind == tComment && t.kw == "=" && len(t.targets) == 2 {
			open, close = t.targets[0], t.targets[1] // {{=<% %>=}}
		}
	}
	return trim(text, l.done(to))
}

// hbRaw reads {{{{name}}}}body{{{{/name}}}}: the body is text.
func hbRaw(text string, o int) (items []item, end int, ok bool) {
	k := strings.Index(text[o+4:], "}}}}")
	if k < 0 {
		return nil, 0, false
	}
	name := strings.TrimSpace(text[o+4 : o+4+k])
	bodyStart := o + 4 + k + 4
	closer := "{{{{/" + name + "}}}}"
	c := strings.Index(text[bodyStart:], closer)
	if c < 0 || name == "" {
		return nil, 0, false
	}
	bodyEnd := bodyStart + c
	items = append(items, item{start: o, end: bodyStart, tag: &tag{kind: tNone, start: o, end: bodyStart}})
	if bodyStart < bodyEnd {
		items = append(items, item{start: bodyStart, end: bodyEnd})
	}
	end = bodyEnd + len(closer)
	items = append(items, item{start: bodyEnd, end: end, tag: &tag{kind: tNone, start: bodyEnd, end: end}})
	return items, end, true
}

// hbTag reads the mustache starting at text[o].
func hbTag(text string, o int, open, close string) (t *tag, end int, msg string) {
	t = &tag{start: o}
	in := o + len(open)
	if in < len(text) && text[in] == '~' {
		t.trimL = true
		in++
	}
	finish := func(contentEnd, closeAt, closeLen int) (*tag, int, string) {
		if closeAt > in && text[closeAt-1] == '~' {
			t.trimR = true
			if contentEnd == closeAt {
				contentEnd--
			}
		}
		t.end = closeAt + closeLen
		return t, t.end, ""
	}
	switch {
	case strings.HasPrefix(text[in:], "!--"):
		for j := in + 3; j < len(text); j++ {
			k := strings.Index(text[j:], "--")
			if k < 0 {
				break
			}
			j += k
			switch after := text[j+2:]; {
			case strings.HasPrefix(after, close):
				t.kind, t.end = tComment, j+2+len(close)
				return t, t.end, ""
			case strings.HasPrefix(after, "~"+close):
				t.kind, t.trimR, t.end = tComment, true, j+3+len(close)
				return t, t.end, ""
			}
		}
		return nil, 0, "unterminated comment {{!--: no closing --}}"
	case strings.HasPrefix(text[in:], "!"):
		k := strings.Index(text[in:], close)
		if k < 0 {
			return nil, 0, "unterminated comment {{!: no closing }}"
		}
		t.kind = tComment
		return finish(in+k, in+k, len(close))
	case open == "{{" && strings.HasPrefix(text[in:], "{"):
		return hbTriple(t, text, in+1, close)
	case strings.HasPrefix(text[in:], "="):
		k := strings.Index(text[in+1:], "="+close)
		if k < 0 {
			return nil, 0, "unterminated delimiter change {{=: no closing =}}"
		}
		d := strings.Fields(text[in+1 : in+1+k])
		if len(d) != 2 {
			return nil, 0, "a delimiter change needs two delimiters: {{=<% %>=}}"
		}
		t.kind, t.kw, t.targets = tComment, "=", d
		t.end = in + 1 + k + 1 + len(close)
		return t, t.end, ""
	}
	k := hbClose(text, in, close)
	if k < 0 {
		return nil, 0, "unterminated " + open + ": no closing " + close
	}
	contentEnd := k
	if k > in && text[k-1] == '~' {
		contentEnd = k - 1
	}
	hbContent(t, strings.TrimSpace(text[in:contentEnd]))
	return finish(contentEnd, k, len(close))
}

// hbTriple reads the rest of {{{x}}} (or {{~{x}~}}) from the expression at
// text[j].
func hbTriple(t *tag, text string, j int, close string) (*tag, int, string) {
	in := j
	for ; j < len(text); j++ {
		c := text[j]
		if c == '"' || c == '\'' {
			e := closeQuote(text, j)
			if e < 0 {
				break
			}
			j = e - 1
			continue
		}
		if c != '}' {
			continue
		}
		rest := text[j+1:]
		switch {
		case strings.HasPrefix(rest, close):
			t.end = j + 1 + len(close)
		case strings.HasPrefix(rest, "~"+close):
			t.trimR, t.end = true, j+2+len(close)
		default:
			continue
		}
		t.kind, t.expr = tOutput, strings.TrimSpace(text[in:j])
		return t, t.end, ""
	}
	return nil, 0, "unterminated {{{: no closing }}}"
}

// hbClose finds close at or after j, skipping quoted strings.
func hbClose(text string, j int, close string) int {
	for ; j < len(text); j++ {
		switch c := text[j]; {
		case c == '"' || c == '\'':
			end := closeQuote(text, j)
			if end < 0 {
				return -1
			}
			j = end - 1
		case strings.HasPrefix(text[j:], close):
			return j
		}
	}
	return -1
}

// hbContent classifies a mustache by its sigil and helper.
func hbContent(t *tag, c string) {
	t.kind, t.expr = tOutput, c
	if c == "" {
		return
	}
	switch c[0] {
	case '#':
		hbOpen(t, strings.TrimSpace(c[1:]))
	case '^':
		name := strings.TrimSpace(c[1:])
		if name == "" {
			t.kind, t.expr = tElse, ""
			return
		}
		t.kind, t.kw, t.expr, t.negate = tSection, name, name, true
	case '/':
		t.kind, t.kw, t.expr = tEnd, strings.TrimSpace(c[1:]), ""
	case '>':
		t.kind = tInclude
		t.name, t.expr = partialName(strings.TrimSpace(c[1:]))
	case '&':
		t.expr = strings.TrimSpace(c[1:])
	default:
		if w, rest := firstWord(c); w == "else" || c == "else" {
			t.kind, t.expr = tElse, ""
			if _, cond := firstWord(rest); cond != "" {
				t.expr = cond // {{else if x}}
			}
		}
	}
}

// hbOpen classifies a block opener {{#helper args}}.
func hbOpen(t *tag, c string) {
	if strings.HasPrefix(c, ">") {
		t.kind = tIncludeBlock
		t.name, _ = partialName(strings.TrimSpace(c[1:]))
		t.kw = t.name
		return
	}
	if strings.HasPrefix(c, "*") {
		t.kind, t.kw = tCapture, "inline" // {{#*inline "name"}} … {{/inline}}
		return
	}
	if i := strings.Index(c, " as |"); i >= 0 {
		params := strings.Trim(strings.TrimSpace(c[i+4:]), "|")
		t.targets = strings.Fields(params)
		c = c[:i]
	}
	helper, args := c, ""
	if i := strings.IndexFunc(c, func(r rune) bool { return r == ' ' || r == '\t' || r == '\n' || r == '\r' }); i >= 0 {
		helper, args = c[:i], strings.TrimSpace(c[i+1:])
	}
	t.kw, t.expr = helper, args
	switch helper {
	case "if", "ifEquals":
		t.kind = tIf
	case "unless", "unlessEquals":
		t.kind, t.negate = tIf, true
	case "each":
		t.kind = tFor
		t.targets = nil
	case "with":
		t.kind = tWith
	default:
		if args == "" {
			t.kind, t.expr = tSection, helper
			return
		}
		// A custom block helper: conditional over its arguments.
		t.kind = tIf
	}
	if t.kind != tWith {
		t.targets = nil
	}
}

// partialName reads a partial's name ("name", 'name', a path, or a
// dynamic (subexpression)) and the context after it.
func partialName(s string) (name, rest string) {
	if s == "" {
		return "", ""
	}
	switch s[0] {
	case '"', '\'':
		end, v := scanString(s, 0)
		return v, strings.TrimSpace(s[end:])
	case '(':
		return "", s
	}
	f := strings.Fields(s)
	return f[0], strings.TrimSpace(strings.TrimPrefix(s, f[0]))
}

func hbDesc(t *tag) string {
	switch t.kind {
	case tEnd:
		return "{{/" + t.kw + "}}"
	case tElse:
		return "{{else}}"
	case tSection:
		if t.negate {
			return "{{^" + t.kw + "}}"
		}
	}
	return "{{#" + t.kw + "}}"
}
