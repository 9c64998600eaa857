package prompts

import (
	"strings"
)

// lexFString reads Python str.format / LangChain f-string syntax in
// text[from:to]: {name}, {obj.attr}, {obj[key]}, {x!r}, {x:>10}, {x:{w}}.
// "{{" and "}}" print one brace: the text items skip the second brace, so
// every item's text is exactly what is printed.
func lexFString(src *source, from, to int, errs *errList) []item {
	text := src.text[:to]
	l := newLexer(src, from, errs)
	for i := from; i < to; {
		k := strings.IndexAny(text[i:], "{}")
		if k < 0 {
			break
		}
		o := i + k
		if resume, ok := l.literal(o); ok {
			i = resume
			continue
		}
		if o+1 < to && text[o+1] == text[o] {
			l.flush(o + 1) // an escaped brace prints once
			l.pos, i = o+2, o+2
			continue
		}
		if text[o] == '}' {
			if l.fail(o, "single } in f-string template; write a literal brace as }}") {
				break
			}
			i = o + 1
			continue
		}
		end := fieldEnd(text, o)
		if end < 0 {
			if l.fail(o, "unterminated { in f-string template: no closing }; write a literal brace as {{") {
				break
			}
			i = o + 1
			continue
		}
		field := text[o+1 : end-1]
		name, refs, ok := fieldRefs(field)
		if !ok {
			if l.fail(o, "f-string field {%s} is not a variable name; write literal braces as {{ and }}", abbreviate(field)) {
				break
			}
			i = end
			continue
		}
		l.emit(&tag{kind: tOutput, start: o, end: end, expr: refs, name: name}, o, end)
		i = end
	}
	return l.done(to)
}

// fieldEnd returns the offset past the } that closes the field opened at
// text[o], counting nested fields in a format spec.
func fieldEnd(text string, o int) int {
	depth := 0
	for j := o; j < len(text); j++ {
		switch text[j] {
		case '{':
			depth++
		case '}':
			depth--
			if depth == 0 {
				return j + 1
			}
		case '\n':
			if depth == 1 {
				return -1 // a field name does not span lines
			}
		}
	}
	return -1
}

// fieldRefs checks a replacement field "name.attr[key]!r:spec" and returns
// its name and an expression listing what it reads (the name and any
// nested fields of the spec). A positional field ({} or {0}) reads an
// argument of unknown lifetime.
func fieldRefs(field string) (name, expr string, ok bool) {
	name, spec := field, ""
	if i := strings.IndexAny(field, "!:"); i >= 0 {
		name, spec = field[:i], field[i:]
	}
	if !validFieldName(name) {
		return "", "", false
	}
	refs := []string{name}
	if name == "" || strings.Trim(name[:1], "0123456789") == "" {
		refs[0] = "arg" + name // positional: classified by a neutral name
	}
	for spec != "" {
		i := strings.IndexByte(spec, '{')
		if i < 0 {
			break
		}
		j := strings.IndexByte(spec[i:], '}')
		if j < 0 {
			return "", "", false
		}
		inner := spec[i+1 : i+j]
		if !validFieldName(inner) {
			return "", "", false
		}
		if inner != "" {
			refs = append(refs, inner)
		}
		spec = spec[i+j+1:]
	}
	return name, strings.Join(refs, " "), true
}

// validFieldName accepts "", digits or an identifier, followed by .attr
// and [key] accessors.
func validFieldName(s string) bool {
	i := 0
	for i < len(s) && (isIdentChar(s[i], dJinja)) {
		i++
	}
	if i > 0 && !isIdentStart(s[0]) && strings.Trim(s[:i], "0123456789") != "" {
		return false
	}
	for i < len(s) {
		switch s[i] {
		case '.':
			j := i + 1
			for j < len(s) && isIdentChar(s[j], dJinja) {
				j++
			}
			if j == i+1 {
				return false
			}
			i = j
		case '[':
			j := strings.IndexByte(s[i:], ']')
			if j <= 1 {
				return false
			}
			i += j + 1
		default:
			return false
		}
	}
	return true
}

func abbreviate(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if len(s) > 40 {
		return s[:37] + "..."
	}
	return s
}

// lexDollar reads ${expr} placeholders (JavaScript template literals,
// Python string.Template, shell) in text[from:to]. "$$" is an escaped
// dollar and "\${" a literal; both print without the escape.
func lexDollar(src *source, from, to int, errs *errList) []item {
	text := src.text[:to]
	l := newLexer(src, from, errs)
	for i := from; i < to; {
		k := strings.Index(text[i:], "${")
		if k < 0 {
			break
		}
		o := i + k
		if resume, ok := l.literal(o); ok {
			i = resume
			continue
		}
		if o > from && (text[o-1] == '$' || text[o-1] == '\\') && !escapedEscape(text, from, o-1) {
			// The escape character is not printed: "$${" and "\${" print "${".
			if text[o-1] == '$' {
				l.flush(o) // keeps the first "$", drops the second
				l.pos = o + 1
			} else {
				l.flush(o - 1) // drops the backslash
				l.pos = o
			}
			i = o + 2
			continue
		}
		end := dollarEnd(text, o+2)
		if end < 0 {
			if l.fail(o, "unterminated ${: no closing }") {
				break
			}
			i = o + 2
			continue
		}
		l.emit(&tag{kind: tOutput, start: o, end: end, expr: strings.TrimSpace(text[o+2 : end-1])}, o, end)
		i = end
	}
	return l.done(to)
}

// escapedEscape reports whether the escape character at text[i] is itself
// escaped ("$$${" or "\\${").
func escapedEscape(text string, from, i int) bool {
	n := 0
	for j := i; j >= from && text[j] == text[i]; j-- {
		n++
	}
	return n%2 == 0
}

// dollarEnd returns the offset past the } closing a ${ expression whose
// body starts at text[j], skipping strings and nested braces.
func dollarEnd(text string, j int) int {
	depth := 0
	for ; j < len(text); j++ {
		switch c := text[j]; c {
		case '"', '\'', '`':
			e := closeQuote(text, j)
			if e < 0 {
				return -1
			}
			j = e - 1
		case '{':
			depth++
		case '}':
			if depth == 0 {
				return j + 1
			}
			depth--
		}
	}
	return -1
}

// lexPlain reads text with no template syntax.
func lexPlain(from, to int) []item {
	if from >= to {
		return nil
	}
	return []item{{start: from, end: to}}
}
