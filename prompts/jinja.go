package prompts

import (
	"strings"
)

// jinjaMode selects what the Jinja lexer reads: full Jinja/Nunjucks/Liquid,
// or only {{ }} output tags (the generic double-brace syntax, where {% and
// {# are text).
type jinjaMode struct {
	statements bool
}

// lexJinja reads Jinja, Nunjucks and Liquid syntax in text[from:to]:
// {{ expr }}, {% statement %}, {# comment #}, whitespace control with - and
// +, {% raw %} and Liquid's {% comment %}.
func lexJinja(src *source, from, to int, mode jinjaMode, errs *errList) []item {
	text := src.text[:to]
	l := newLexer(src, from, errs)
	for i := from; i < to; {
		o := nextJinjaOpener(text, i, mode)
		if o < 0 {
			break
		}
		if resume, ok := l.literal(o); ok {
			i = resume
			continue
		}
		t, end, msg := jinjaTag(text, o)
		if msg != "" {
			if l.fail(o, "%s", msg) {
				break
			}
			i = o + 2
			continue
		}
		l.emit(t, o, end)
		i = end
		if t.kw == "raw" || t.kw == "comment" {
			// The body is text (raw) or nothing (comment) up to the closing tag.
			closeAt, closeEnd, closeTag := findEndTag(text, end, "end"+t.kw)
			if closeAt < 0 {
				l.fail(o, "{%% %s %%} is never closed with {%% end%s %%}", t.kw, t.kw)
				continue
			}
			if t.kw == "raw" {
				l.flush(closeAt)
			}
			l.pos = closeAt
			l.emit(closeTag, closeAt, closeEnd)
			i = closeEnd
		}
	}
	items := trim(text, l.done(to))
	blockUnknownTags(items)
	return items
}

func nextJinjaOpener(text string, i int, mode jinjaMode) int {
	for {
		k := strings.IndexByte(text[i:], '{')
		if k < 0 || i+k+1 >= len(text) {
			return -1
		}
		o := i + k
		switch text[o+1] {
		case '{':
			return o
		case '%', '#':
			if mode.statements {
				return o
			}
		}
		i = o + 1
	}
}

// jinjaTag reads the tag that starts at text[o].
func jinjaTag(text string, o int) (t *tag, end int, msg string) {
	t = &tag{start: o}
	kind := text[o+1]
	in := o + 2
	if in < len(text) && (text[in] == '-' || text[in] == '+' || text[in] == '~') {
		t.trimL = text[in] != '+'
		in++
	}
	if kind == '#' {
		k := strings.Index(text[in:], "#}")
		if k < 0 {
			return nil, 0, "unterminated {#: no closing #}"
		}
		close := in + k
		t.trimR = close > in && (text[close-1] == '-' || text[close-1] == '~')
		t.kind, t.end = tComment, close+2
		return t, t.end, ""
	}
	closer := "}}"
	if kind == '%' {
		closer = "%}"
	}
	close := scanJinjaBody(text, in, closer)
	if close < 0 {
		if kind == '%' {
			return nil, 0, "unterminated {%: no closing %}"
		}
		return nil, 0, "unterminated {{: no closing }}"
	}
	cEnd := close
	if close > in && (text[close-1] == '-' || text[close-1] == '~' || text[close-1] == '+') {
		t.trimR = text[close-1] != '+'
		cEnd = close - 1
	}
	t.end = close + 2
	content := strings.TrimSpace(text[in:cEnd])
	if kind == '{' {
		t.kind, t.expr = tOutput, content
	} else {
		jinjaStatement(t, content)
	}
	return t, t.end, ""
}

// scanJinjaBody finds the closer of a tag body, skipping strings and
// balanced brackets (a dict literal's "}}" does not close the tag).
func scanJinjaBody(text string, in int, closer string) int {
	depth := 0
	for j := in; j < len(text); j++ {
		c := text[j]
		switch {
		case c == '"' || c == '\'':
			end := closeQuote(text, j)
			if end < 0 {
				return -1
			}
			j = end - 1
		case depth == 0 && c == closer[0] && j+1 < len(text) && text[j+1] == closer[1]:
			return j
		case c == '{' || c == '[' || c == '(':
			depth++
		case c == '}' || c == ']' || c == ')':
			if depth > 0 {
				depth--
			}
		}
	}
	return -1
}

// findEndTag finds {% name %} (with optional whitespace control) at or after
// from, returning its offsets and tag.
func findEndTag(text string, from int, name string) (start, end int, t *tag) {
	for i := from; ; {
		k := strings.Index(text[i:], "{%")
		if k < 0 {
			return -1, -1, nil
		}
		o := i + k
		j := o + 2
		trimL := false
		if j < len(text) && (text[j] == '-' || text[j] == '+') {
			trimL = text[j] == '-'
			j++
		}
		for j < len(text) && isSpace(text[j]) {
			j++
		}
		if strings.HasPrefix(text[j:], name) {
			j += len(name)
			for j < len(text) && isSpace(text[j]) {
				j++
			}
			trimR := false
			if j < len(text) && (text[j] == '-' || text[j] == '+') {
				trimR = text[j] == '-'
				j++
			}
			if strings.HasPrefix(text[j:], "%}") {
				// tNone: the opening raw/comment tag is not a block either.
				return o, j + 2, &tag{kind: tNone, kw: name, start: o, end: j + 2, trimL: trimL, trimR: trimR}
			}
		}
		i = o + 2
	}
}

// jinjaStatement classifies a {% %} tag by its keyword.
func jinjaStatement(t *tag, content string) {
	word, rest := stmtWord(content)
	t.kw, t.expr = word, rest
	switch word {
	case "if", "unless", "case":
		t.kind, t.negate = tIf, word == "unless"
	case "elif", "elsif", "elseif", "when", "else", "pluralize":
		t.kind = tElse
		if word == "else" || word == "pluralize" {
			t.expr = ""
		}
	case "for", "tablerow":
		t.kind = tFor
		t.targets, t.expr = forClause(rest)
	case "set", "assign":
		if i := assignIndex(rest); i >= 0 {
			t.kind = tSet
			for _, v := range strings.Split(rest[:i], ",") {
				t.targets = append(t.targets, strings.TrimSpace(v))
			}
			t.expr = strings.TrimSpace(rest[i+1:])
			return
		}
		t.kind, t.kw = tCapture, "set"
		t.name, _ = firstIdent(rest)
	case "capture":
		t.kind, t.name = tCapture, strings.Trim(strings.TrimSpace(rest), `"'`)
	case "macro":
		t.kind = tCapture
		t.name, _ = firstIdent(rest)
	case "with":
		t.kind = tWith
		for _, a := range splitTop(rest, ',') {
			if i := assignIndex(a); i >= 0 {
				t.targets = append(t.targets, strings.TrimSpace(a[:i]))
				t.values = append(t.values, strings.TrimSpace(a[i+1:]))
			}
		}
		t.expr = ""
	case "call", "filter", "block", "autoescape", "trans", "spaceless":
		t.kind = tBlock
	case "raw", "comment":
		t.kind = tNone
	case "include", "render", "include_relative":
		t.kind = tInclude
		if rest != "" && (rest[0] == '"' || rest[0] == '\'') {
			_, t.name = scanString(rest, 0)
		} else {
			t.expr = strings.Fields(rest + " ")[0]
		}
	case "import", "from", "extends", "do", "break", "continue", "layout", "increment", "decrement", "cycle", "liquid", "endraw", "endcomment":
		t.kind = tNone
		if word == "endraw" || word == "endcomment" {
			t.kind = tEnd
			t.kw = strings.TrimPrefix(word, "end")
		}
	case "echo":
		t.kind = tOutput
	case "now":
		// jinja2-time: {% now 'utc', '%Y' %} prints the current time.
		t.kind, t.expr = tOutput, "now"
	default:
		if strings.HasPrefix(word, "end") && len(word) > 3 {
			t.kind, t.kw, t.expr = tEnd, word[3:], ""
			return
		}
		// An unknown tag prints something we cannot see; blockUnknownTags
		// turns it into a block when a matching end tag exists.
		t.kind, t.expr = tOutput, content
	}
}

// stmtWord splits a statement into its keyword and the rest.
func stmtWord(s string) (string, string) {
	i := 0
	for i < len(s) && (isIdentChar(s[i], dJinja) && s[i] < 0x80) {
		i++
	}
	return s[:i], strings.TrimSpace(s[i:])
}

func firstIdent(s string) (string, string) {
	s = strings.TrimSpace(s)
	i := 0
	for i < len(s) && isIdentChar(s[i], dJinja) {
		i++
	}
	return s[:i], s[i:]
}

// forClause splits "k, v in items | sort if cond recursive" (or Liquid's
// "x in items limit:3 reversed") into the loop variables and the
// collection; a loop filter's condition is kept, Liquid's parameters are
// dropped.
func forClause(s string) (targets []string, expr string) {
	toks := splitTopWords(s)
	in := -1
	for i, w := range toks {
		if w == "in" {
			in = i
			break
		}
	}
	if in < 0 {
		return nil, s
	}
	for _, v := range strings.Split(strings.Join(toks[:in], " "), ",") {
		if v = strings.TrimSpace(v); v != "" {
			targets = append(targets, strings.Trim(v, "()"))
		}
	}
	var keep []string
	for _, w := range toks[in+1:] {
		if w == "recursive" || w == "reversed" || strings.HasPrefix(w, "limit:") || strings.HasPrefix(w, "offset:") || strings.HasPrefix(w, "cols:") {
			continue
		}
		keep = append(keep, w)
	}
	return targets, strings.Join(keep, " ")
}

// splitTopWords splits at spaces outside strings and brackets.
func splitTopWords(s string) []string {
	var out []string
	depth, start := 0, -1
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '"' || c == '\'':
			if start < 0 {
				start = i
			}
			end, _ := scanString(s, i)
			i = end - 1
		case c == '(' || c == '[' || c == '{':
			depth++
			if start < 0 {
				start = i
			}
		case c == ')' || c == ']' || c == '}':
			depth = max(0, depth-1)
		case isSpace(c) && depth == 0:
			if start >= 0 {
				out = append(out, s[start:i])
				start = -1
			}
		default:
			if start < 0 {
				start = i
			}
		}
	}
	if start >= 0 {
		out = append(out, s[start:])
	}
	return out
}

// splitTop splits at sep outside strings and brackets.
func splitTop(s string, sep byte) []string {
	var out []string
	depth, last := 0, 0
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '"' || c == '\'':
			end, _ := scanString(s, i)
			i = end - 1
		case c == '(' || c == '[' || c == '{':
			depth++
		case c == ')' || c == ']' || c == '}':
			depth = max(0, depth-1)
		case c == sep && depth == 0:
			out = append(out, s[last:i])
			last = i + 1
		}
	}
	return append(out, s[last:])
}

// assignIndex finds a lone "=" outside strings and brackets.
func assignIndex(s string) int {
	depth := 0
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '"' || c == '\'':
			end, _ := scanString(s, i)
			i = end - 1
		case c == '(' || c == '[' || c == '{':
			depth++
		case c == ')' || c == ']' || c == '}':
			depth = max(0, depth-1)
		case c == '=' && depth == 0:
			prev := byte(' ')
			if i > 0 {
				prev = s[i-1]
			}
			if strings.IndexByte("=!<>", prev) >= 0 || i+1 < len(s) && s[i+1] == '=' {
				continue
			}
			return i
		}
	}
	return -1
}

// blockUnknownTags turns an unknown tag X into a transparent block when an
// {% endX %} exists (an extension's block tag).
func blockUnknownTags(items []item) {
	ends := map[string]bool{}
	for _, it := range items {
		if it.tag != nil && it.tag.kind == tEnd {
			ends[it.tag.kw] = true
		}
	}
	for _, it := range items {
		t := it.tag
		if t != nil && t.kind == tOutput && t.kw != "" && t.kw != "echo" && t.kw != "now" && ends[t.kw] {
			t.kind, t.expr = tBlock, ""
		}
	}
}

func jinjaDesc(t *tag) string {
	switch t.kind {
	case tEnd:
		return "{% end" + t.kw + " %}"
	case tElse:
		if t.kw == "" {
			return "{% else %}"
		}
		return "{% " + t.kw + " %}"
	}
	return "{% " + t.kw + " %}"
}
