package prompts

import (
	"strings"
)

// dialect is the expression language inside tags.
type dialect int

const (
	dGo         dialect = iota // text/template pipelines
	dJinja                     // Jinja, Nunjucks, Liquid
	dHandlebars                // Handlebars, Mustache, dotprompt
	dFString                   // Python str.format fields
	dJS                        // ${…} expressions (JavaScript, shell-like)
)

type xkind int

const (
	xPath xkind = iota
	xString
	xNumber
	xPunct
)

// xtok is one token of an expression. A path is an identifier with its
// member accesses: "user.name", ".User.Name", "$x.Field", "../title".
type xtok struct {
	kind   xkind
	text   string   // punctuation, number, or a string's decoded value
	segs   []string // path segments
	prefix string   // path root marker: "." (Go field or Handlebars this), "$" (Go variable), "@" (Handlebars data), ""
	up     int      // Handlebars ../ count
	depth  int      // parenthesis/bracket nesting at this token
}

// ref is a data reference an expression reads.
type ref struct {
	variable string // a bound name: Go "$x", a Jinja set/with/loop variable
	rel      bool   // relative to the current context (Go dot, Handlebars context)
	abs      bool   // from the root ($.X, @root.x)
	up       int
	segs     []string
}

// exprInfo is what an expression reads and calls.
type exprInfo struct {
	refs  []ref
	calls []string
	lits  []string
	// onlyString says the expression is a single string literal, so it
	// prints a constant.
	onlyString bool
}

func isSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'
}
func isDigit(c byte) bool { return c >= '0' && c <= '9' }

func isIdentStart(c byte) bool {
	return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= 0x80
}

func isIdentChar(c byte, d dialect) bool {
	return isIdentStart(c) || isDigit(c) || d == dHandlebars && c == '-'
}

// scanString returns the end of the quoted string starting at s[i] (past the
// closing quote, or len(s) when it is unterminated) and its decoded value.
func scanString(s string, i int) (end int, val string) {
	q := s[i]
	var b strings.Builder
	j := i + 1
	for j < len(s) {
		c := s[j]
		switch {
		case c == q:
			return j + 1, b.String()
		case c == '\\' && q != '`' && j+1 < len(s):
			b.WriteByte(unescapeByte(s[j+1]))
			j += 2
		default:
			b.WriteByte(c)
			j++
		}
	}
	return len(s), b.String()
}

// closeQuote returns the offset past the string starting at s[i], or -1
// when it is unterminated.
func closeQuote(s string, i int) int {
	q := s[i]
	for j := i + 1; j < len(s); j++ {
		switch s[j] {
		case '\\':
			j++
		case q:
			return j + 1
		}
	}
	return -1
}

func unescapeByte(c byte) byte {
	switch c {
	case 'n':
		return '\n'
	case 't':
		return '\t'
	case 'r':
		return '\r'
	}
	return c
}

// scanExpr splits an expression into tokens. It never fails: anything it
// does not know is punctuation, which only matters for reading names.
func scanExpr(s string, d dialect) []xtok { return scanExprAt(s, d, 0) }

// scanExprAt is scanExpr inside nest template literals.
func scanExprAt(s string, d dialect, nest int) []xtok {
	var out []xtok
	depth := 0
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case isSpace(c):
			i++
		case c == '`' && d == dJS:
			out, i = scanTemplateLiteral(s, i, depth, out, nest)
		case c == '"' || c == '\'' || c == '`' && d == dGo:
			end, val := scanString(s, i)
			out = append(out, xtok{kind: xString, text: val, depth: depth})
			i = end
		case isDigit(c):
			j := i + 1
			for j < len(s) && (isIdentChar(s[j], dJinja) || s[j] == '.' && j+1 < len(s) && isDigit(s[j+1])) {
				j++
			}
			out = append(out, xtok{kind: xNumber, text: s[i:j], depth: depth})
			i = j
		case startsPath(s, i, d):
			t, j := scanPath(s, i, d)
			if j <= i {
				j = i + 1 // never stall on a path that reads nothing
			}
			t.depth = depth
			out = append(out, t)
			i = j
		default:
			p := punct(s[i:])
			switch p {
			case "(", "[", "{":
				depth++
			case ")", "]", "}":
				depth = max(0, depth-1)
			}
			out = append(out, xtok{kind: xPunct, text: p, depth: depth})
			i += len(p)
		}
	}
	return out
}

// maxLiteralNesting bounds template literals nested in ${…} inside
// template literals; deeper ones are read as plain string text.
const maxLiteralNesting = 16

// scanTemplateLiteral reads the JavaScript template literal that starts at
// s[i] (a backtick): its text is a string, and each ${…} in it is an
// expression of its own, so words in the text (`Input Schema: ${x}`) are
// not names and names in the expressions are. It returns the tokens and
// the end of the literal (len(s) when it is unterminated).
func scanTemplateLiteral(s string, i, depth int, out []xtok, nest int) ([]xtok, int) {
	var text strings.Builder
	j := i + 1
	for j < len(s) {
		switch c := s[j]; {
		case c == '\\' && j+1 < len(s):
			text.WriteByte(unescapeByte(s[j+1]))
			j += 2
		case c == '`':
			return append(out, xtok{kind: xString, text: text.String(), depth: depth}), j + 1
		case c == '$' && j+1 < len(s) && s[j+1] == '{' && nest < maxLiteralNesting:
			end := jsInterpolationEnd(s, j+1)
			for _, t := range scanExprAt(s[j+2:end], dJS, nest+1) {
				t.depth += depth + 1
				out = append(out, t)
			}
			j = min(end+1, len(s))
		default:
			text.WriteByte(c)
			j++
		}
	}
	return append(out, xtok{kind: xString, text: text.String(), depth: depth}), len(s)
}

// jsInterpolationEnd returns the index of the '}' that closes the ${ whose
// brace is at s[open], skipping strings and nested template literals, or
// len(s) when it is not closed.
func jsInterpolationEnd(s string, open int) int {
	depth := 0
	for j := open; j < len(s); j++ {
		switch s[j] {
		case '{':
			depth++
		case '}':
			if depth--; depth == 0 {
				return j
			}
		case '"', '\'':
			end, _ := scanString(s, j)
			j = end - 1
		case '`':
			j = templateLiteralEnd(s, j) - 1
		}
	}
	return len(s)
}

// templateLiteralEnd returns the end of the template literal that starts
// at s[i] (past its closing backtick, or len(s)).
func templateLiteralEnd(s string, i int) int {
	for j := i + 1; j < len(s); j++ {
		switch {
		case s[j] == '\\':
			j++
		case s[j] == '`':
			return j + 1
		case s[j] == '$' && j+1 < len(s) && s[j+1] == '{':
			j = jsInterpolationEnd(s, j+1)
		}
	}
	return len(s)
}

func punct(s string) string {
	for _, p := range []string{":=", "==", "!=", "<=", ">=", "||", "&&", "..", "=>", "?."} {
		if strings.HasPrefix(s, p) {
			return p
		}
	}
	return s[:1]
}

func startsPath(s string, i int, d dialect) bool {
	c := s[i]
	switch {
	case isIdentStart(c):
		return true
	case c == '$':
		return d == dGo
	case c == '@':
		return d == dHandlebars && i+1 < len(s) && isIdentStart(s[i+1])
	case c == '.':
		if d == dGo {
			// ".Field" or the bare dot; not "..".
			return i+1 >= len(s) || s[i+1] != '.'
		}
		if d == dHandlebars {
			return true
		}
	case c == '[':
		return d == dHandlebars
	}
	return false
}

// scanPath reads a path starting at s[i].
func scanPath(s string, i int, d dialect) (xtok, int) {
	t := xtok{kind: xPath}
	ident := func(j int) int {
		for j < len(s) && isIdentChar(s[j], d) {
			j++
		}
		return j
	}
	j := i
	switch {
	case s[j] == '$':
		t.prefix = "$"
		k := ident(j + 1)
		t.segs = append(t.segs, s[j:k]) // "$" alone is the root
		j = k
	case s[j] == '@':
		t.prefix = "@"
		k := ident(j + 1)
		t.segs = append(t.segs, s[j+1:k])
		j = k
	case d == dHandlebars && s[j] == '.':
		t.prefix = "."
		for strings.HasPrefix(s[j:], "../") {
			t.up++
			j += 3
		}
		if strings.HasPrefix(s[j:], "./") {
			j += 2
		}
		if j < len(s) && s[j] == '.' && (j+1 == len(s) || !isIdentChar(s[j+1], d)) {
			// "." is the context itself, ".." its parent.
			j++
			if j < len(s) && s[j] == '.' {
				t.up++
				j++
			}
			return t, j
		}
	case d == dGo && s[j] == '.':
		t.prefix = "."
		if j+1 >= len(s) || !isIdentStart(s[j+1]) {
			return t, j + 1 // the dot itself
		}
	}
	for j < len(s) {
		switch {
		case j == i && isIdentStart(s[j]):
			k := ident(j)
			t.segs = append(t.segs, s[j:k])
			j = k
		case s[j] == '.' && j+1 < len(s) && isIdentChar(s[j+1], d) && (d != dGo || isIdentStart(s[j+1])):
			k := ident(j + 1)
			t.segs = append(t.segs, s[j+1:k])
			j = k
		case s[j] == '/' && d == dHandlebars && j+1 < len(s) && isIdentStart(s[j+1]):
			k := ident(j + 1)
			t.segs = append(t.segs, s[j+1:k])
			j = k
		case s[j] == '[' && d != dGo:
			seg, k, ok := subscript(s, j, d)
			if !ok {
				return t, j
			}
			t.segs = append(t.segs, seg)
			j = k
		case d == dHandlebars && isIdentStart(s[j]) && j > i && (s[j-1] == '/' || s[j-1] == '.'):
			k := ident(j)
			t.segs = append(t.segs, s[j:k])
			j = k
		default:
			if t.segs != nil && t.segs[0] == "this" && d == dHandlebars {
				t.segs = t.segs[1:]
				t.prefix = "."
			}
			return t, j
		}
	}
	if t.segs != nil && t.segs[0] == "this" && d == dHandlebars {
		t.segs = t.segs[1:]
		t.prefix = "."
	}
	return t, j
}

// subscript reads a constant subscript ["key"], [0] or a Handlebars literal
// segment [any text]; a computed subscript ends the path.
func subscript(s string, j int, d dialect) (seg string, end int, ok bool) {
	close := strings.IndexByte(s[j:], ']')
	if close < 0 {
		return "", j, false
	}
	inner := strings.TrimSpace(s[j+1 : j+close])
	if d == dHandlebars {
		return inner, j + close + 1, true
	}
	if len(inner) >= 2 && (inner[0] == '"' || inner[0] == '\'') {
		e, v := scanString(inner, 0)
		if e == len(inner) {
			return v, j + close + 1, true
		}
	}
	if inner != "" && strings.Trim(inner, "0123456789") == "" {
		return inner, j + close + 1, true
	}
	return "", j, false
}

// Words that are syntax, not names, in each dialect.
var keywords = map[dialect]map[string]bool{
	dGo: set("true", "false", "nil"),
	dJinja: set("and", "or", "not", "in", "is", "if", "else", "true", "false", "none", "True", "False", "None",
		"recursive", "loop", "self", "super", "caller", "varargs", "kwargs", "contains", "nil", "null", "empty", "blank"),
	dHandlebars: set("true", "false", "null", "undefined", "as"),
	dJS: set("true", "false", "null", "undefined", "new", "typeof", "instanceof", "this", "void", "in", "of",
		"await", "function", "return", "const", "let", "var", "if", "else"),
	dFString: {},
}

func set(ws ...string) map[string]bool {
	m := make(map[string]bool, len(ws))
	for _, w := range ws {
		m[w] = true
	}
	return m
}

// analyze reads what an expression refers to.
func analyze(expr string, d dialect) exprInfo {
	toks := scanExpr(expr, d)
	var info exprInfo
	info.onlyString = len(toks) == 1 && toks[0].kind == xString
	switch d {
	case dGo:
		analyzeGo(toks, &info)
	case dHandlebars:
		analyzeHandlebars(toks, &info)
	default:
		analyzeCLike(toks, d, &info)
	}
	for _, t := range toks {
		if t.kind == xString {
			info.lits = append(info.lits, t.text)
		}
	}
	return info
}

func analyzeGo(toks []xtok, info *exprInfo) {
	for _, t := range toks {
		if t.kind != xPath {
			continue
		}
		switch t.prefix {
		case ".":
			info.refs = append(info.refs, ref{rel: true, segs: t.segs})
		case "$":
			if len(t.segs) == 0 || t.segs[0] == "$" {
				info.refs = append(info.refs, ref{abs: true, segs: rest(t.segs)})
				continue
			}
			info.refs = append(info.refs, ref{variable: t.segs[0], segs: t.segs[1:]})
		default:
			if !keywords[dGo][t.segs[0]] {
				info.calls = append(info.calls, t.segs[0])
			}
		}
	}
}

func rest(s []string) []string {
	if len(s) == 0 {
		return nil
	}
	return s[1:]
}

// analyzeCLike reads Jinja, JavaScript and f-string expressions: names
// followed by "(" are calls, names after "|" are filters, names after "is"
// are tests, names before a lone "=" inside parentheses are keyword
// arguments.
func analyzeCLike(toks []xtok, d dialect, info *exprInfo) {
	for i, t := range toks {
		if t.kind != xPath || len(t.segs) == 0 {
			continue
		}
		root := t.segs[0]
		prev, next := "", ""
		if i > 0 && toks[i-1].kind == xPunct {
			prev = toks[i-1].text
		}
		if i > 0 && toks[i-1].kind == xPath && len(toks[i-1].segs) == 1 && toks[i-1].segs[0] == "is" {
			continue // a test: "is defined"
		}
		if i+1 < len(toks) && toks[i+1].kind == xPunct {
			next = toks[i+1].text
		}
		switch {
		case keywords[d][root]:
		case prev == "|":
			info.calls = append(info.calls, root) // a filter
		case next == "(":
			if len(t.segs) > 1 {
				info.refs = append(info.refs, ref{segs: t.segs[:len(t.segs)-1]})
			}
			info.calls = append(info.calls, t.segs[len(t.segs)-1])
		case next == "=" && t.depth > 0:
			// a keyword argument name
		case next == ":" && t.depth > 0 && d == dJS:
			// an object literal key
		case prev == "." || prev == "?.":
			// a member of a computed value: (a + b).length
		default:
			info.refs = append(info.refs, ref{segs: t.segs})
		}
	}
}

// analyzeHandlebars reads a mustache: with parameters, the first path is a
// helper; inside a subexpression the first path is a helper too; names
// before "=" are hash keys.
func analyzeHandlebars(toks []xtok, info *exprInfo) {
	top := 0 // parameters at the top level, the helper included
	for _, t := range toks {
		switch {
		case t.kind == xPunct && t.text == "(" && t.depth == 1:
			top++
		case t.depth == 0 && !(t.kind == xPunct && (t.text == "=" || t.text == ")")):
			top++
		}
	}
	for i, t := range toks {
		if t.kind != xPath {
			continue
		}
		if i+1 < len(toks) && toks[i+1].kind == xPunct && toks[i+1].text == "=" {
			continue // hash key
		}
		helper := i == 0 && top > 1 || i > 0 && toks[i-1].kind == xPunct && toks[i-1].text == "("
		if helper && t.prefix == "" && len(t.segs) > 0 {
			info.calls = append(info.calls, strings.Join(t.segs, "."))
			continue
		}
		switch {
		case t.prefix == "@" && len(t.segs) > 0 && t.segs[0] == "root":
			info.refs = append(info.refs, ref{abs: true, segs: t.segs[1:]})
		case t.prefix == "@":
			if len(t.segs) > 0 && !loopData[t.segs[0]] {
				info.refs = append(info.refs, ref{abs: true, segs: append([]string{"@" + t.segs[0]}, t.segs[1:]...)})
			}
		case len(t.segs) == 1 && keywords[dHandlebars][t.segs[0]] && t.prefix == "":
		default:
			info.refs = append(info.refs, ref{rel: true, up: t.up, segs: t.segs})
		}
	}
}

// Handlebars data variables that only exist inside loops.
var loopData = set("index", "key", "first", "last", "level")
