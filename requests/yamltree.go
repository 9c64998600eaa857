package requests

import (
	"errors"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"
)

// maxYAMLNodes bounds a YAML tree after alias expansion: aliases can
// expand a small file into a huge tree. (The file size limit is
// textpos.MaxSize, checked once for every file.)
const maxYAMLNodes = 1 << 18

// parseYAML parses the first document of a YAML file into a node tree with
// source offsets. An empty document is a nil node.
func parseYAML(s *source) (*node, error) {
	var doc yaml.Node
	if err := yaml.Unmarshal(s.text, &doc); err != nil {
		return nil, yamlSyntaxError(s.text, err)
	}
	if doc.Kind == 0 || len(doc.Content) == 0 {
		return nil, nil
	}
	c := &yamlConverter{src: s}
	n, err := c.convert(doc.Content[0], 0)
	if err != nil {
		return nil, err
	}
	return n, nil
}

// yamlConverter converts a yaml.v3 tree. An anchored value is converted
// once and shared by its aliases, but every alias counts the size of what
// it stands for, so a document that expands into a huge tree (a "billion
// laughs") is an error before anything walks it.
type yamlConverter struct {
	src     *source
	count   int
	anchors map[*yaml.Node]anchored
}

type anchored struct {
	n    *node
	size int
}

func (c *yamlConverter) convert(y *yaml.Node, depth int) (*node, error) {
	if depth > maxDepth {
		return nil, &syntaxError{c.offset(y), "document is too deeply nested"}
	}
	if y.Kind == yaml.AliasNode {
		if y.Alias == nil {
			return &node{kind: kindNull, start: c.offset(y), end: c.offset(y)}, nil
		}
		if a, ok := c.anchors[y.Alias]; ok {
			c.count += a.size
			if c.count > maxYAMLNodes {
				return nil, &syntaxError{c.offset(y), "document is too large after alias expansion"}
			}
			return a.n, nil
		}
		return c.convert(y.Alias, depth+1)
	}
	before := c.count
	c.count++
	if c.count > maxYAMLNodes {
		return nil, &syntaxError{c.offset(y), "document is too large after alias expansion"}
	}
	n, err := c.convertValue(y, depth)
	if err == nil && y.Anchor != "" {
		if c.anchors == nil {
			c.anchors = map[*yaml.Node]anchored{}
		}
		c.anchors[y] = anchored{n, c.count - before}
	}
	return n, err
}

func (c *yamlConverter) convertValue(y *yaml.Node, depth int) (*node, error) {
	switch y.Kind {
	case yaml.MappingNode:
		return c.mapping(y, depth)
	case yaml.SequenceNode:
		n := &node{kind: kindArray, start: c.offset(y)}
		n.end = n.start + 1
		for _, e := range y.Content {
			v, err := c.convert(e, depth+1)
			if err != nil {
				return nil, err
			}
			n.elems = append(n.elems, v)
			n.end = max(n.end, v.end)
		}
		return n, nil
	case yaml.DocumentNode:
		if len(y.Content) == 0 {
			return &node{kind: kindNull}, nil
		}
		return c.convert(y.Content[0], depth+1)
	}
	return c.scalar(y), nil
}

func (c *yamlConverter) mapping(y *yaml.Node, depth int) (*node, error) {
	n := &node{kind: kindObject, start: c.offset(y)}
	n.end = n.start + 1
	for i := 0; i+1 < len(y.Content); i += 2 {
		k, v := y.Content[i], y.Content[i+1]
		val, err := c.convert(v, depth+1)
		if err != nil {
			return nil, err
		}
		n.end = max(n.end, val.end)
		if k.Kind == yaml.ScalarNode && k.Tag == "!!merge" && val.kind == kindObject {
			// A merge key adds the members the mapping does not set itself.
			for _, m := range val.members {
				if !hasKey(y, m.key) {
					n.members = append(n.members, m)
				}
			}
			continue
		}
		n.members = append(n.members, member{key: k.Value, keyStart: c.offset(k), val: val})
	}
	return n, nil
}

func hasKey(y *yaml.Node, key string) bool {
	for i := 0; i+1 < len(y.Content); i += 2 {
		if y.Content[i].Value == key && y.Content[i].Tag != "!!merge" {
			return true
		}
	}
	return false
}

func (c *yamlConverter) scalar(y *yaml.Node) *node {
	n := &node{start: c.offset(y), str: y.Value, yaml: y}
	switch y.ShortTag() {
	case "!!null":
		n.kind = kindNull
	case "!!bool":
		n.kind = kindBool
	case "!!int", "!!float":
		n.kind = kindNumber
	default:
		n.kind = kindString
	}
	if n.kind != kindString {
		n.yaml = nil
		n.end = n.start + len(y.Value)
		return n
	}
	offs := c.src.table(n, func() []int { return yamlScalarOffsets(c.src, n) })
	n.end = offs[len(offs)-1]
	return n
}

// offset converts a node's line and column (yaml.v3 counts columns in
// characters) to a byte offset.
func (c *yamlConverter) offset(y *yaml.Node) int {
	return lineColOffset(c.src, y.Line, y.Column)
}

func lineColOffset(s *source, line, col int) int {
	if line < 1 || line > len(s.lines) {
		return len(s.text)
	}
	off := s.lines[line-1]
	for i := 1; i < col && off < len(s.text) && s.text[off] != '\n'; i++ {
		_, w := utf8.DecodeRune(s.text[off:])
		off += w
	}
	return off
}

// yamlScalarOffsets maps each decoded byte of a YAML string scalar to the
// source offset it came from; the extra last entry is the offset just past
// the scalar. Non-space characters map exactly; where YAML folds or strips
// line breaks and indentation, whitespace maps to the nearest source
// whitespace.
func yamlScalarOffsets(s *source, n *node) []int {
	y, text := n.yaml, s.text
	p := n.start
	// A tag or anchor before the value: "!!str …", "&name …".
	for p < len(text) && (text[p] == '!' || text[p] == '&') {
		for p < len(text) && text[p] != ' ' && text[p] != '\n' {
			p++
		}
		for p < len(text) && text[p] == ' ' {
			p++
		}
	}
	switch y.Style & (yaml.DoubleQuotedStyle | yaml.SingleQuotedStyle | yaml.LiteralStyle | yaml.FoldedStyle) {
	case yaml.DoubleQuotedStyle, yaml.SingleQuotedStyle:
		p++
	case yaml.LiteralStyle, yaml.FoldedStyle:
		// Content starts on the line after the indicator.
		for p < len(text) && text[p] != '\n' {
			p++
		}
		p++
	}
	offs := make([]int, 0, len(n.str)+1)
	val := n.str
	for i := 0; i < len(val); {
		if p >= len(text) {
			offs = append(offs, len(text))
			i++
			continue
		}
		if y.Style&yaml.DoubleQuotedStyle != 0 && text[p] == '\\' {
			decoded, width := yamlEscape(text, p)
			for range decoded {
				offs = append(offs, p)
			}
			i += decoded
			p += width
			continue
		}
		if text[p] == val[i] {
			offs = append(offs, p)
			p++
			i++
			continue
		}
		if q := nextMatch(text, p, val[i]); q >= 0 {
			p = q
			continue
		}
		offs = append(offs, p) // should not happen: keep going without moving
		i++
	}
	end := p
	if y.Style&(yaml.DoubleQuotedStyle|yaml.SingleQuotedStyle) != 0 {
		if q := nextMatch(text, p, text[n.start]); q >= 0 {
			end = q + 1 // past the closing quote
		}
	} else if len(offs) > 0 {
		end = offs[len(offs)-1] + 1
		if val[len(val)-1] == '\n' {
			end-- // a block scalar's final line break is not part of the value's span
		}
	}
	return append(offs, end)
}

// nextMatch finds c at or after p, skipping only the whitespace, quotes and
// line-break syntax YAML removes; -1 when something else is in the way.
func nextMatch(text []byte, p int, c byte) int {
	for q := p; q < len(text) && q-p < 4096; q++ {
		switch text[q] {
		case c:
			return q
		case ' ', '\t', '\n', '\r', '\'', '"', '\\':
			continue
		}
		return -1
	}
	return -1
}

// yamlEscape decodes the double-quoted escape at text[p] and returns how
// many decoded bytes it yields and how many source bytes it takes.
func yamlEscape(text []byte, p int) (decoded, width int) {
	if p+1 >= len(text) {
		return 0, 1
	}
	switch c := text[p+1]; c {
	case '\n', '\r':
		// An escaped line break joins lines: drop the break and the next
		// line's indentation.
		q := p + 2
		if c == '\r' && q < len(text) && text[q] == '\n' {
			q++
		}
		for q < len(text) && (text[q] == ' ' || text[q] == '\t') {
			q++
		}
		return 0, q - p
	case 'x':
		return hexEscape(text, p, 2)
	case 'u':
		return hexEscape(text, p, 4)
	case 'U':
		return hexEscape(text, p, 8)
	case 'N', '_':
		return 2, 2 // U+0085, U+00A0
	case 'L', 'P':
		return 3, 2 // U+2028, U+2029
	}
	return 1, 2
}

func hexEscape(text []byte, p, digits int) (int, int) {
	end := min(len(text), p+2+digits)
	v, err := strconv.ParseUint(string(text[p+2:end]), 16, 32)
	if err != nil {
		return 1, end - p
	}
	return utf8.RuneLen(rune(v)), end - p
}

var yamlLineRE = regexp.MustCompile(`^yaml: (?:line (\d+): )?`)

// yamlSyntaxError turns a yaml.v3 error into a syntaxError at an offset.
// yaml.v3 gives at most a line, and that is where the enclosing block
// starts (none at all on the first line), so the offending byte is found
// by parsing prefixes: the shortest one that fails with the same message
// ends at it.
func yamlSyntaxError(text []byte, err error) error {
	var te *yaml.TypeError
	if errors.As(err, &te) {
		return &syntaxError{0, strings.Join(te.Errors, "; ")}
	}
	msg := err.Error()
	m := yamlLineRE.FindStringSubmatch(msg)
	detail := strings.TrimPrefix(msg, m[0])
	line := 1
	if m[1] != "" {
		line, _ = strconv.Atoi(m[1])
	}
	if name, ok := strings.CutPrefix(detail, "unknown anchor '"); ok {
		name, _, _ = strings.Cut(name, "'")
		if i := strings.Index(string(text), "*"+name); i >= 0 {
			return &syntaxError{i, detail}
		}
	}
	return &syntaxError{yamlErrorOffset(text, lineStarts(text), line, detail), detail}
}

// maxYAMLSearch bounds the documents whose error column is searched for:
// each probe parses a prefix.
const maxYAMLSearch = 64 << 10

// yamlErrorOffset finds the line, from the reported one on, whose end is
// the first where a prefix fails with detail, then the first byte of that
// line whose inclusion makes it fail: binary searches, since once the
// offending byte is in a prefix every longer prefix fails the same way.
func yamlErrorOffset(text []byte, starts []int, line int, detail string) int {
	line = max(1, min(line, len(starts)))
	lineEnd := func(l int) int { // offset past line l (1-based), newline excluded
		if l < len(starts) {
			return starts[l] - 1
		}
		return len(text)
	}
	if len(text) > maxYAMLSearch {
		return firstNonBlank(text, starts[line-1], lineEnd(line))
	}
	fails := func(end int) bool {
		var n yaml.Node
		err := yaml.Unmarshal(text[:end], &n)
		return err != nil && strings.HasSuffix(err.Error(), detail)
	}
	lo, hi := line, len(starts)
	for lo < hi {
		mid := (lo + hi) / 2
		if fails(lineEnd(mid)) {
			hi = mid
		} else {
			lo = mid + 1
		}
	}
	start, end := starts[lo-1], lineEnd(lo)
	if !fails(end) {
		return firstNonBlank(text, start, end)
	}
	a, b := start+1, end
	for a < b {
		mid := (a + b) / 2
		if fails(mid) {
			b = mid
		} else {
			a = mid + 1
		}
	}
	return a - 1
}

func firstNonBlank(text []byte, start, end int) int {
	for p := start; p < end; p++ {
		if text[p] != ' ' && text[p] != '\t' {
			return p
		}
	}
	return start
}
