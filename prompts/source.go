package prompts

import (
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/cachevet/cachevet/internal/textpos"
	"github.com/cachevet/cachevet/rules"
	"go.yaml.in/yaml/v3"
)

// file is one input file with its line table, so any byte offset turns into
// a 1-based line and byte column.
type file struct {
	path  string
	data  string
	lines textpos.Lines
	// doc is the file as every reader shares it: its document tree and
	// position layer (front matter, a JSON or YAML prompt file).
	doc *textpos.Doc
}

func newFile(path string, data []byte) *file {
	return docFile(textpos.NewDoc(path, textpos.KindOf(path), data))
}

// docFile is the file of a document scan read, with its line table.
func docFile(d *textpos.Doc) *file {
	return &file{path: d.Path, data: d.String(), lines: d.Lines, doc: d}
}

// scalar returns a source whose text is a scalar value of the file's
// document tree, each byte mapped to the file bytes that wrote it
// (textpos.AlignScalar), so template parts inside a YAML or JSON string
// keep exact positions.
func (f *file) scalar(n *textpos.Node) *source {
	style := yaml.Style(0)
	switch {
	case n.YAML != nil:
		style = n.YAML.Style
	case n.Type == textpos.TString:
		style = yaml.DoubleQuotedStyle // a JSON string
	}
	src := &source{f: f, text: n.Str, base: n.Start}
	src.off, src.end, _, _ = textpos.AlignScalar(f.data, n.Start, n.Str, style)
	if len(src.off) == 0 {
		src.off, src.end = []int{}, []int{n.Start}
	}
	return src
}

// valueSpan covers a scalar's text as written.
func (f *file) valueSpan(n *textpos.Node) rules.Span {
	src := f.scalar(n)
	return src.span(0, len(src.text))
}

// nodeSpan is the position of any node (its first character).
func (f *file) nodeSpan(n *textpos.Node) rules.Span { return f.span(n.Start, n.Start) }

// pos returns the line and column of a byte offset (clamped to the file).
func (f *file) pos(off int) (line, col int) { return f.lines.Pos(off) }

// span covers file bytes [start, end).
func (f *file) span(start, end int) rules.Span {
	l, c := f.pos(start)
	el, ec := f.pos(max(start, end))
	return rules.Span{File: f.path, Line: l, Col: c, EndLine: el, EndCol: ec}
}

// at is the empty span at an offset, for errors.
func (f *file) at(off int) rules.Span {
	s := f.span(off, off)
	s.EndLine, s.EndCol = 0, 0
	return s
}

// whole spans the entire file.
func (f *file) whole() rules.Span { return f.span(0, len(f.data)) }

// source is the text a template parser reads: the whole file, a part of it
// (a body after front matter), or a YAML/JSON string value whose bytes sit
// elsewhere in the file. Parsers work on text offsets; span maps them back
// to the file.
type source struct {
	f    *file
	text string
	base int // file offset of text[0] when off is nil
	// off maps text byte i to the file bytes [off[i], end[i]) that produced
	// it (an escape sequence yields one or more bytes). nil means text is
	// the file slice starting at base.
	off, end []int
	// literal lists text ranges where template syntax is example text
	// (Markdown fenced code), sorted.
	literal [][2]int
	// spanFn, when set, maps text offsets to file spans instead of f: a
	// template string inside a document another package parsed.
	spanFn func(start, end int) rules.Span
}

func fileSource(f *file, start, end int) *source {
	return &source{f: f, text: f.data[start:end], base: start}
}

func (s *source) fileOff(i int) int {
	if s.off == nil {
		return s.base + i
	}
	if len(s.off) == 0 {
		return s.base
	}
	if i >= len(s.off) {
		return s.end[len(s.end)-1]
	}
	return s.off[i]
}

func (s *source) fileEnd(i int) int {
	if s.off == nil {
		return s.base + i
	}
	if i <= 0 || len(s.end) == 0 {
		return s.fileOff(0)
	}
	return s.end[min(i, len(s.end))-1]
}

// span maps text [start, end) to a file span.
func (s *source) span(start, end int) rules.Span {
	if s.spanFn != nil {
		return s.spanFn(start, max(start, end))
	}
	if end <= start {
		a := s.fileOff(start)
		return s.f.span(a, a)
	}
	return s.f.span(s.fileOff(start), s.fileEnd(end))
}

// at is the position of text offset i, for errors.
func (s *source) at(i int) rules.Span {
	if s.spanFn != nil {
		sp := s.spanFn(i, i)
		sp.EndLine, sp.EndCol = 0, 0
		return sp
	}
	return s.f.at(s.fileOff(i))
}

// inLiteral reports whether text offset i is inside example text, and where
// that example ends.
func (s *source) inLiteral(i int) (end int, ok bool) {
	k := sort.Search(len(s.literal), func(k int) bool { return s.literal[k][1] > i })
	if k < len(s.literal) && s.literal[k][0] <= i {
		return s.literal[k][1], true
	}
	return 0, false
}

// checkInput reports invalid UTF-8 at its first byte; the file is still
// read, with the bytes replaced. Binary files and the size limit are
// textpos.Check's, which the caller (scan) applies to every file once.
func checkInput(f *file) []*rules.InputError {
	if i := textpos.FirstInvalidUTF8(f.data); i >= 0 {
		return []*rules.InputError{rules.Errorf(f.at(i), "invalid UTF-8 (byte 0x%02x); the file is read with it replaced", f.data[i])}
	}
	return nil
}

// clean makes part text valid UTF-8 so token counters see what the provider
// would (providers reject or replace invalid bytes).
func clean(s string) string {
	if utf8.ValidString(s) {
		return s
	}
	return strings.ToValidUTF8(s, "\uFFFD")
}
