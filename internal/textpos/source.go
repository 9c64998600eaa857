package textpos

import "github.com/cachevet/cachevet/rules"

// Source is the text a document tree was parsed from and how its byte
// offsets map to file positions. Three shapes exist:
//   - a whole file (JSON, YAML; Doc.Source): offsets map through the
//     file's line table;
//   - one JSONL record (NewLineSource): every offset is on the record's
//     line, with columns counted from the start of that line;
//   - JSON held in a string of another document (a cassette body, a
//     logged request body; NewNestedSource): offsets are decoded-string
//     offsets of the host string node in the outer source, mapped back
//     through its escapes.
type Source struct {
	File  string
	Text  []byte
	str   string // Text as a string, made once (scalarText)
	line0 int    // line of Text[0]
	lines Lines
	outer *Source
	host  *Node
	// strMaps caches decoded-to-source offset tables of escaped strings.
	strMaps map[*Node][]int
}

// NewFileSource is a whole file's text.
func NewFileSource(file string, text []byte) *Source {
	return &Source{File: file, Text: text, line0: 1, lines: NewLines(text)}
}

// NewLineSource is a JSONL record on line line: text holds no newline.
func NewLineSource(file string, text []byte, line int) *Source {
	return &Source{File: file, Text: text, line0: line, lines: NewLines(text)}
}

// NewNestedSource is JSON decoded from the string node host of outer.
func NewNestedSource(outer *Source, host *Node) *Source {
	text := []byte(host.Str)
	return &Source{File: outer.File, Text: text, outer: outer, host: host}
}

// Pos returns the 1-based line and byte column of offset off.
func (s *Source) Pos(off int) (line, col int) {
	if s.outer != nil {
		return s.outer.Pos(s.outer.StrOffset(s.host, off))
	}
	line, col = s.lines.Pos(off)
	return s.line0 + line - 1, col
}

// Offset is the byte offset of a 1-based line and byte column of a file
// source: the inverse of Pos.
func (s *Source) Offset(line, col int) int {
	return s.lines.Offset(line-s.line0+1, col)
}

// Span returns the span of bytes [a, b).
func (s *Source) Span(a, b int) rules.Span {
	if s.outer != nil {
		return s.outer.StrSpan(s.host, a, b)
	}
	// A range ending in a line break ends at the break, not on the next
	// line.
	for b > a && b <= len(s.Text) && s.Text[b-1] == '\n' {
		b--
	}
	line, col := s.Pos(a)
	sp := rules.Span{File: s.File, Line: line, Col: col}
	if b > a {
		// The end is just past the last byte, on the last byte's line.
		el, ec := s.Pos(b - 1)
		sp.EndLine, sp.EndCol = el, ec+1
	} else {
		sp.EndLine, sp.EndCol = line, col
	}
	return sp
}

// NodeSpan is the span of a value.
func (s *Source) NodeSpan(n *Node) rules.Span { return s.Span(n.Start, n.End) }

// StrSpan is the span of decoded bytes [a, b) of string node n.
func (s *Source) StrSpan(n *Node, a, b int) rules.Span {
	start := s.StrOffset(n, a)
	if b <= a {
		return s.Span(start, start)
	}
	if n.YAML == nil {
		// The byte after the range maps exactly past its last escape.
		return s.Span(start, s.StrOffset(n, b))
	}
	// In YAML the byte after the range may be a folded line break that maps
	// to the next line; the last byte maps one to one.
	return s.Span(start, s.StrOffset(n, b-1)+1)
}

// StrOffset maps decoded byte i of string node n (0 ≤ i ≤ len) to a source
// offset.
func (s *Source) StrOffset(n *Node, i int) int {
	i = max(0, min(i, len(n.Str)))
	switch {
	case n.YAML != nil:
		return s.table(n, func() []int { return s.yamlScalarOffsets(n) })[i]
	case n.Type != TString:
		return n.Start
	case n.Raw:
		return n.Start + i
	case !n.Escaped:
		return n.Start + 1 + i
	}
	return s.table(n, func() []int { return jsonStringOffsets(s.Text, n) })[i]
}

func (s *Source) table(n *Node, build func() []int) []int {
	if t, ok := s.strMaps[n]; ok {
		return t
	}
	if s.strMaps == nil {
		s.strMaps = map[*Node][]int{}
	}
	t := build()
	s.strMaps[n] = t
	return t
}

// yamlScalarOffsets maps each decoded byte of a YAML string scalar to the
// source offset it came from (AlignScalar); the extra last entry is the
// offset just past the scalar.
func (s *Source) yamlScalarOffsets(n *Node) []int {
	off, _, stop, _ := AlignScalar(s.text(), n.Start, n.Str, n.YAML.Style)
	return append(off, stop)
}

// text is Text as a string, converted once: a scalar's alignment reads
// the file from the scalar on, and converting the file for every scalar
// made reading a YAML file quadratic in its size.
func (s *Source) text() string {
	if s.str == "" && len(s.Text) > 0 {
		s.str = string(s.Text)
	}
	return s.str
}
