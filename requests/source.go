package requests

import (
	"github.com/cachevet/cachevet/internal/textpos"
	"github.com/cachevet/cachevet/rules"
)

// source is the text a tree was parsed from and how its byte offsets map to
// file positions. Three shapes exist:
//   - a whole file (JSON, YAML): offsets map through the file's line starts;
//   - one JSONL record: every offset is on the record's line (line0), with
//     columns counted from the start of that line;
//   - JSON held in a string of another document (a cassette body, a logged
//     request body): offsets are decoded-string offsets of the host string
//     node in the outer source, mapped back through its escapes.
type source struct {
	file  string
	text  []byte
	line0 int // line of text[0]
	lines textpos.Lines
	outer *source
	host  *node
	// strMaps caches decoded-to-source offset tables of escaped strings.
	strMaps map[*node][]int
}

func newFileSource(file string, text []byte) *source {
	return &source{file: file, text: text, line0: 1, lines: textpos.NewLines(text)}
}

// newDocSource is a whole file as scan read it, with its line table.
func newDocSource(d *textpos.Doc) *source {
	return &source{file: d.Path, text: d.Text, line0: 1, lines: d.Lines}
}

// newLineSource is a JSONL record: text holds no newline.
func newLineSource(file string, text []byte, line int) *source {
	return &source{file: file, text: text, line0: line, lines: textpos.NewLines(text)}
}

// newNestedSource is JSON decoded from the string node host of outer.
func newNestedSource(outer *source, host *node) *source {
	text := []byte(host.str)
	return &source{file: outer.file, text: text, outer: outer, host: host}
}

// pos returns the 1-based line and byte column of offset off.
func (s *source) pos(off int) (line, col int) {
	if s.outer != nil {
		return s.outer.pos(s.outer.strOffset(s.host, off))
	}
	line, col = s.lines.Pos(off)
	return s.line0 + line - 1, col
}

// span returns the span of bytes [a, b).
func (s *source) span(a, b int) rules.Span {
	if s.outer != nil {
		return s.outer.strSpan(s.host, a, b)
	}
	// A range ending in a line break ends at the break, not on the next
	// line.
	for b > a && b <= len(s.text) && s.text[b-1] == '\n' {
		b--
	}
	line, col := s.pos(a)
	sp := rules.Span{File: s.file, Line: line, Col: col}
	if b > a {
		// The end is just past the last byte, on the last byte's line.
		el, ec := s.pos(b - 1)
		sp.EndLine, sp.EndCol = el, ec+1
	} else {
		sp.EndLine, sp.EndCol = line, col
	}
	return sp
}

// nodeSpan is the span of a value.
func (s *source) nodeSpan(n *node) rules.Span { return s.span(n.start, n.end) }

// strSpan is the span of decoded bytes [a, b) of string node n.
func (s *source) strSpan(n *node, a, b int) rules.Span {
	start := s.strOffset(n, a)
	if b <= a {
		return s.span(start, start)
	}
	if n.yaml == nil {
		// The byte after the range maps exactly past its last escape.
		return s.span(start, s.strOffset(n, b))
	}
	// In YAML the byte after the range may be a folded line break that maps
	// to the next line; the last byte maps one to one.
	return s.span(start, s.strOffset(n, b-1)+1)
}

// strOffset maps decoded byte i of string node n (0 ≤ i ≤ len) to a source
// offset.
func (s *source) strOffset(n *node, i int) int {
	i = max(0, min(i, len(n.str)))
	switch {
	case n.yaml != nil:
		return s.table(n, func() []int { return yamlScalarOffsets(s, n) })[i]
	case n.kind != kindString:
		return n.start
	case n.raw:
		return n.start + i
	case !n.escaped:
		return n.start + 1 + i
	}
	return s.table(n, func() []int { return jsonStringOffsets(s.text, n) })[i]
}

func (s *source) table(n *node, build func() []int) []int {
	if t, ok := s.strMaps[n]; ok {
		return t
	}
	if s.strMaps == nil {
		s.strMaps = map[*node][]int{}
	}
	t := build()
	s.strMaps[n] = t
	return t
}
