package prompts

import (
	"fmt"
	"strings"

	"github.com/cachevet/cachevet/rules"
)

// tagKind says what a template tag does to the rendered text. Every syntax
// maps its tags onto these, so one emitter serves all of them.
type tagKind int

const (
	tOutput       tagKind = iota // prints an expression
	tComment                     // renders nothing
	tNone                        // a statement with no output: import, extends, break
	tSet                         // binds names to an expression; no output
	tIf                          // opens a conditional; expr is the condition
	tFor                         // opens a loop; expr is the collection
	tWith                        // opens a scope (and, in Go and Handlebars, a conditional)
	tSection                     // Mustache section: a conditional or a loop, by value
	tCapture                     // opens a block whose body is not printed in place
	tBlock                       // opens a block whose body is printed in place
	tIncludeBlock                // a partial block: prints another template
	tElse                        // separates branches; expr is an elif condition
	tEnd                         // closes a block
	tInclude                     // prints another template
)

// opens reports whether a tag of this kind starts a block.
func (k tagKind) opens() bool {
	switch k {
	case tIf, tFor, tWith, tSection, tCapture, tBlock, tIncludeBlock:
		return true
	}
	return false
}

// tag is one template tag, with offsets into its source's text.
type tag struct {
	kind       tagKind
	start, end int      // the whole tag, opener through closer
	kw         string   // the keyword or helper that opened or closes a block ("for", "each", a section name)
	name       string   // what a capture binds or an include names
	expr       string   // the expression: printed value, condition, collection
	targets    []string // names a set, with, loop or capture binds
	values     []string // per-target expressions (Jinja's with a = x, b = y); else expr
	trimL      bool     // strip whitespace before the tag
	trimR      bool     // strip whitespace after the tag
	negate     bool     // unless / inverted section
}

// item is a lexer result: literal text or a tag.
type item struct {
	start, end int
	tag        *tag // nil for text
}

// node is a parsed template element. Blocks hold the body of their first
// branch and their else branches.
type node struct {
	start, end int
	tag        *tag
	body       []*node
	alts       []alt
}

type alt struct {
	tag  *tag
	body []*node
}

// errList collects a file's input errors, capped so a pathological file
// cannot produce thousands.
type errList struct {
	errs    []*rules.InputError
	dropped int
	// stopped: a lexer gave up at the cap and read the rest as text.
	stopped rules.Span
}

const maxErrors = 20

func (e *errList) add(span rules.Span, format string, args ...any) {
	if len(e.errs) >= maxErrors {
		e.dropped++
		return
	}
	e.errs = append(e.errs, rules.Errorf(span, format, args...))
}

// full reports that the cap is reached; a lexer that sees it stops reading
// tags and reads the rest as text, so a hostile file costs linear time.
func (e *errList) full() bool {
	if len(e.errs) < maxErrors {
		return false
	}
	if e.stopped.File == "" && len(e.errs) > 0 {
		e.stopped = e.errs[len(e.errs)-1].Span
	}
	return true
}

func (e *errList) list() []*rules.InputError {
	switch {
	case e.stopped.File != "":
		// No position of its own: it follows the last error shown, where
		// reading tags stopped.
		e.errs = append(e.errs, rules.Errorf(rules.Span{File: e.stopped.File}, "too many errors; the rest of the file is read as plain text"))
		e.stopped = rules.Span{}
	case e.dropped > 0:
		last := e.errs[len(e.errs)-1]
		e.errs = append(e.errs, rules.Errorf(rules.Span{File: last.Span.File}, "%d more errors not shown", e.dropped))
		e.dropped = 0
	}
	return e.errs
}

// trim applies whitespace control: a tag's trim markers shorten the text
// items beside it. Go, Jinja and Handlebars all strip every whitespace byte.
func trim(text string, items []item) []item {
	for i := range items {
		t := items[i].tag
		if t == nil {
			continue
		}
		if t.trimL && i > 0 && items[i-1].tag == nil {
			it := &items[i-1]
			it.end = it.start + len(strings.TrimRight(text[it.start:it.end], " \t\r\n\f\v"))
		}
		if t.trimR && i+1 < len(items) && items[i+1].tag == nil {
			it := &items[i+1]
			it.start = it.end - len(strings.TrimLeft(text[it.start:it.end], " \t\r\n\f\v"))
		}
	}
	return items
}

// opener describes a tag for messages: "{% for %}" or "{{#each}}".
type describer func(t *tag) string

// maxNesting bounds block nesting.
const maxNesting = 200

// buildTree pairs block tags into nodes. Unclosed blocks run to the end of
// the text; stray closers are reported and ignored.
func buildTree(src *source, items []item, desc describer, errs *errList) []*node {
	root := &node{}
	stack := []*node{root}
	body := func() *[]*node {
		top := stack[len(stack)-1]
		if len(top.alts) > 0 {
			return &top.alts[len(top.alts)-1].body
		}
		return &top.body
	}
	for _, it := range items {
		if it.start >= it.end {
			continue
		}
		if it.tag == nil {
			*body() = append(*body(), &node{start: it.start, end: it.end})
			continue
		}
		t := it.tag
		switch {
		case t.kind.opens() && len(stack) > maxNesting:
			// Deeper nesting is no real template: keep the tag as a leaf so
			// the walk stays shallow. Its closer is then reported as stray.
			errs.add(src.at(t.start), "%s is nested more than %d blocks deep", desc(t), maxNesting)
			*body() = append(*body(), &node{start: t.start, end: t.end, tag: &tag{kind: tNone, start: t.start, end: t.end}})
		case t.kind.opens():
			n := &node{start: t.start, end: t.end, tag: t}
			*body() = append(*body(), n)
			stack = append(stack, n)
		case t.kind == tElse:
			if len(stack) == 1 {
				errs.add(src.at(t.start), "%s outside a block", desc(t))
				continue
			}
			top := stack[len(stack)-1]
			top.alts = append(top.alts, alt{tag: t})
		case t.kind == tEnd:
			k := matchOpen(stack, t.kw)
			if k < 0 {
				errs.add(src.at(t.start), "%s closes no open block", desc(t))
				continue
			}
			for len(stack)-1 > k {
				inner := stack[len(stack)-1]
				errs.add(src.at(inner.tag.start), "%s is not closed before %s", desc(inner.tag), desc(t))
				inner.end = t.start
				stack = stack[:len(stack)-1]
			}
			stack[k].end = t.end
			stack = stack[:k]
		default:
			*body() = append(*body(), &node{start: t.start, end: t.end, tag: t})
		}
	}
	for len(stack) > 1 {
		inner := stack[len(stack)-1]
		errs.add(src.at(inner.tag.start), "%s is never closed; it is read to the end of the file", desc(inner.tag))
		inner.end = len(src.text)
		stack = stack[:len(stack)-1]
	}
	return root.body
}

// matchOpen finds the innermost open block a closer ends: Go's {{end}}
// (kw "") ends the innermost; named closers end the innermost block opened
// with the same keyword.
func matchOpen(stack []*node, kw string) int {
	for k := len(stack) - 1; k >= 1; k-- {
		if kw == "" || stack[k].tag.kw == kw {
			return k
		}
	}
	return -1
}

// quoteTag renders a tag keyword with its delimiters for messages.
func quoteTag(open, kw, close string) string {
	if kw == "" {
		return fmt.Sprintf("%s%s", open, close)
	}
	return fmt.Sprintf("%s%s%s", open, kw, close)
}

// lexer holds the bookkeeping every flavour's lex function shares: the
// items so far and the start of the text not yet emitted. The flavours
// differ only in how they find an opener and read a tag.
type lexer struct {
	src   *source
	errs  *errList
	items []item
	pos   int
}

func newLexer(src *source, from int, errs *errList) *lexer {
	return &lexer{src: src, errs: errs, pos: from}
}

// literal reports whether the opener at o stands in a literal region (a
// fenced example), and where scanning resumes if so.
func (l *lexer) literal(o int) (resume int, ok bool) {
	end, ok := l.src.inLiteral(o)
	return max(end, o+1), ok
}

// fail records a malformed tag at o and reports whether lexing must stop
// because the error list is full.
func (l *lexer) fail(o int, format string, args ...any) bool {
	l.errs.add(l.src.at(o), format, args...)
	return l.errs.full()
}

// flush emits the pending text up to end without moving the pending start.
func (l *lexer) flush(end int) {
	if l.pos < end {
		l.items = append(l.items, item{start: l.pos, end: end})
	}
}

// emit emits the pending text before a tag at [start, end), then the tag;
// the pending text starts again after it.
func (l *lexer) emit(t *tag, start, end int) {
	l.flush(start)
	l.items = append(l.items, item{start: start, end: end, tag: t})
	l.pos = end
}

// done emits the text left before to and returns the items.
func (l *lexer) done(to int) []item {
	l.flush(to)
	return l.items
}
