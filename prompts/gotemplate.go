package prompts

import (
	"strings"
)

// lexGo reads Go text/template syntax in text[from:to]: actions {{ }},
// trim markers "{{- " and " -}}", comments {{/* */}}, and the control words
// if, else, end, range, with, define, template, block, break and continue.
func lexGo(src *source, from, to int, errs *errList) []item {
	text := src.text[:to]
	l := newLexer(src, from, errs)
	for i := from; i < to; {
		k := strings.Index(text[i:], "{{")
		if k < 0 {
			break
		}
		o := i + k
		if resume, ok := l.literal(o); ok {
			i = resume
			continue
		}
		t, end, msg := goAction(text, o)
		if msg != "" {
			if l.fail(o, "%s", msg) {
				break
			}
			i = o + 2
			continue
		}
		l.emit(t, o, end)
		i = end
	}
	return trim(text, l.done(to))
}

// goAction reads the action that starts at text[o] ("{{"). msg explains why
// it could not.
func goAction(text string, o int) (t *tag, end int, msg string) {
	t = &tag{start: o}
	in := o + 2
	if in+1 < len(text) && text[in] == '-' && isSpace(text[in+1]) {
		t.trimL = true
		in += 2
	}
	for in < len(text) && isSpace(text[in]) && t.trimL {
		in++
	}
	if strings.HasPrefix(text[in:], "/*") {
		return goComment(text, t, in)
	}
	for j := in; j < len(text); {
		c := text[j]
		switch {
		case isSpace(c) && strings.HasPrefix(text[j+1:], "-}}"):
			t.trimR = true
			t.end = j + 4
			goTag(t, text[in:j])
			return t, t.end, ""
		case c == '}' && strings.HasPrefix(text[j:], "}}"):
			t.end = j + 2
			goTag(t, text[in:j])
			return t, t.end, ""
		case c == '{' && strings.HasPrefix(text[j:], "{{"):
			// "{" cannot appear in an action: the next action starts
			// before this one closed.
			return nil, 0, "unterminated {{: no closing }} before the next {{"
		case c == '"' || c == '\'':
			k := goQuoted(text, j)
			if k < 0 {
				if c == '"' {
					return nil, 0, "unterminated quoted string in action"
				}
				return nil, 0, "unterminated character constant in action"
			}
			j = k
		case c == '`':
			k := strings.IndexByte(text[j+1:], '`')
			if k < 0 {
				return nil, 0, "unterminated raw quoted string in action"
			}
			j += k + 2
		default:
			j++
		}
	}
	return nil, 0, "unterminated {{: no closing }}"
}

// goQuoted returns the offset past a "…" or '…' literal, or -1 when a
// newline or the end of the text comes first.
func goQuoted(text string, j int) int {
	q := text[j]
	for k := j + 1; k < len(text); k++ {
		switch text[k] {
		case '\\':
			k++
		case '\n':
			return -1
		case q:
			return k + 1
		}
	}
	return -1
}

func goComment(text string, t *tag, in int) (*tag, int, string) {
	k := strings.Index(text[in+2:], "*/")
	if k < 0 {
		return nil, 0, "unclosed comment"
	}
	j := in + 2 + k + 2
	switch {
	case strings.HasPrefix(text[j:], "}}"):
		t.end = j + 2
	case j+3 < len(text) && isSpace(text[j]) && strings.HasPrefix(text[j+1:], "-}}"):
		t.trimR = true
		t.end = j + 4
	default:
		return nil, 0, "comment ends before closing delimiter"
	}
	t.kind = tComment
	return t, t.end, ""
}

// goTag classifies an action's content.
func goTag(t *tag, content string) {
	content = strings.TrimSpace(content)
	word, rest := firstWord(content)
	t.kind, t.expr = tOutput, content
	switch word {
	case "if":
		t.kind, t.kw, t.expr = tIf, "if", rest
	case "else":
		t.kind, t.expr = tElse, ""
		if w, r := firstWord(rest); w == "if" || w == "with" {
			t.expr = r
		}
	case "end":
		t.kind, t.expr = tEnd, ""
	case "range":
		t.kind, t.kw = tFor, "range"
		t.targets, t.expr = goDecl(rest)
	case "with":
		t.kind, t.kw = tWith, "with"
		t.targets, t.expr = goDecl(rest)
	case "define":
		t.kind, t.kw, t.expr = tCapture, "define", ""
		t.name, _ = goName(rest)
	case "template":
		t.kind, t.kw = tInclude, "template"
		t.name, t.expr = goName(rest)
	case "block":
		t.kind, t.kw = tBlock, "block"
		t.name, t.expr = goName(rest)
	case "break", "continue":
		t.kind, t.expr = tNone, ""
	default:
		if vars, x := goDecl(content); len(vars) > 0 {
			t.kind, t.targets, t.expr = tSet, vars, x
		}
	}
}

// firstWord splits off a leading keyword (letters only, then a space or
// the end), so "iffy" or "if.X" are not "if".
func firstWord(s string) (word, rest string) {
	i := 0
	for i < len(s) && (s[i] >= 'a' && s[i] <= 'z' || s[i] >= 'A' && s[i] <= 'Z' || s[i] == '_') {
		i++
	}
	if i == 0 || i < len(s) && !isSpace(s[i]) {
		return "", s
	}
	return s[:i], strings.TrimSpace(s[i:])
}

// goDecl splits "$i, $e := pipeline" or "$x = pipeline".
func goDecl(s string) (vars []string, expr string) {
	if !strings.HasPrefix(s, "$") {
		return nil, s
	}
	i := strings.Index(s, ":=")
	n := 2
	if i < 0 {
		i = strings.IndexByte(s, '=')
		n = 1
		if i < 0 || i+1 < len(s) && s[i+1] == '=' {
			return nil, s
		}
	}
	for _, v := range strings.Split(s[:i], ",") {
		v = strings.TrimSpace(v)
		if !strings.HasPrefix(v, "$") || strings.ContainsAny(v, " .()|\"") {
			return nil, s
		}
		vars = append(vars, v)
	}
	return vars, strings.TrimSpace(s[i+n:])
}

// goName reads a template name literal and the pipeline after it.
func goName(s string) (name, rest string) {
	if s == "" || s[0] != '"' && s[0] != '`' {
		return "", s
	}
	end, v := scanString(s, 0)
	return v, strings.TrimSpace(s[end:])
}

func goDesc(t *tag) string {
	switch t.kind {
	case tEnd:
		return "{{end}}"
	case tElse:
		return "{{else}}"
	}
	return quoteTag("{{", t.kw, "}}")
}
