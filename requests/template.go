package requests

import (
	"strings"

	"github.com/cachevet/cachevet/rules"
)

// templateParts splits a nunjucks template string (promptfoo prompts, chat
// prompt JSON) into stable text and slots: {{ expr }} is a slot named after
// its variable; {% for x in docs %} and {% if user %} are slots too, since
// what they render depends on the variable; {# comments #} and closing or
// set tags render nothing. With detect, stable text is also checked for
// volatile literals.
func (b *builder) templateParts(n *node, detect bool) []rules.Part {
	s := n.str
	var parts []rules.Part
	stable := func(from, to int) {
		if from >= to {
			return
		}
		if detect {
			parts = b.literalParts(n, from, to, parts)
			return
		}
		parts = append(parts, rules.Part{Text: s[from:to], Span: b.src.strSpan(n, from, to)})
	}
	last := 0
	for i := 0; i+1 < len(s); {
		closer := tagCloser(s[i:])
		if closer == "" {
			i++
			continue
		}
		j := strings.Index(s[i+2:], closer)
		if j < 0 {
			b.errs = append(b.errs, rules.Errorf(b.src.strSpan(n, i, i+2), "unterminated %s in template", s[i:i+2]))
			break
		}
		end := i + 2 + j + 2
		stable(last, i)
		if slot := b.tagSlot(s[i+1], strings.TrimSpace(s[i+2:end-2])); slot != nil {
			parts = append(parts, rules.Part{Text: s[i:end], Slot: slot, Span: b.src.strSpan(n, i, end)})
		}
		last, i = end, end
	}
	stable(last, len(s))
	if len(parts) == 0 {
		parts = []rules.Part{{Span: b.src.nodeSpan(n)}}
	}
	return parts
}

// tagCloser returns the closing delimiter of a nunjucks tag opening s.
func tagCloser(s string) string {
	if len(s) < 2 || s[0] != '{' {
		return ""
	}
	switch s[1] {
	case '{':
		return "}}"
	case '%':
		return "%}"
	case '#':
		return "#}"
	}
	return ""
}

// tagSlot is the slot a tag stands for, or nil for tags that render
// nothing.
func (b *builder) tagSlot(delim byte, body string) *rules.Slot {
	body = strings.Trim(body, "-~ ") // whitespace control: {{- x -}}
	var name, why string
	switch delim {
	case '#':
		return nil
	case '{':
		name, why = exprName(body), "nunjucks placeholder"
	case '%':
		f := strings.Fields(body)
		if len(f) == 0 {
			return nil
		}
		switch f[0] {
		case "if", "elif", "elseif":
			name = exprName(strings.TrimPrefix(strings.Join(f[1:], " "), "not "))
		case "for":
			if k := indexOf(f, "in"); k >= 0 && k+1 < len(f) {
				name = exprName(strings.Join(f[k+1:], " "))
			}
		case "include", "import", "from", "call", "macro", "filter":
			name = exprName(strings.Join(f[1:], " "))
		default: // endif, else, endfor, set, raw, …
			return nil
		}
		why = "nunjucks " + f[0] + " tag"
	}
	if name == "" {
		name = "expression"
	}
	kind, life := rules.ClassifyName(name, b.names)
	return &rules.Slot{Name: name, Kind: kind, Lifetime: life, Why: why}
}

func indexOf(list []string, s string) int {
	for i, x := range list {
		if x == s {
			return i
		}
	}
	return -1
}

// exprName is the variable an expression reads: "user.name | upper" →
// user.name, "docs[0].text" → docs, "'file.txt'" → file.txt.
func exprName(expr string) string {
	expr = strings.TrimSpace(expr)
	if expr != "" && (expr[0] == '"' || expr[0] == '\'') {
		if k := strings.IndexByte(expr[1:], expr[0]); k >= 0 {
			return expr[1 : k+1]
		}
	}
	end := 0
	for end < len(expr) && (isWordByte(expr[end]) || expr[end] == '.') {
		end++
	}
	return strings.Trim(expr[:end], ".")
}
