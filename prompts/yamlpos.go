package prompts

import (
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/cachevet/cachevet/rules"
	"go.yaml.in/yaml/v3"
)

// yamlDoc is a YAML document inside a file: the whole file (LangChain) or
// its front matter. yaml.Node lines are relative to the document; columns
// count characters.
type yamlDoc struct {
	f       *file
	start   int // file offset of the document's first byte
	lineOff int // file line of the document's line 1, minus 1
	root    *yaml.Node
}

// parseYAML parses data[start:end] of a file. A syntax error is returned
// with its position in the file.
func parseYAML(f *file, start, end int) (doc *yamlDoc, ierr *rules.InputError) {
	l, _ := f.pos(start)
	doc = &yamlDoc{f: f, start: start, lineOff: l - 1}
	var n yaml.Node
	if err := safeUnmarshal([]byte(f.data[start:end]), &n); err != nil {
		return nil, doc.error(err, end)
	}
	if len(n.Content) > 0 {
		doc.root = n.Content[0]
	}
	return doc, nil
}

// safeUnmarshal guards against a panic in the YAML library on hostile
// input: the linter must report, not crash.
func safeUnmarshal(data []byte, n *yaml.Node) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("yaml: %v", r)
		}
	}()
	return yaml.Unmarshal(data, n)
}

var yamlLineRE = regexp.MustCompile(`^(?:yaml: )?line (\d+): `)

// error turns a YAML error into an InputError at the file position it names.
// The YAML library reports a line only; the column is the line's first
// non-blank character.
func (d *yamlDoc) error(err error, end int) *rules.InputError {
	msg := err.Error()
	var te *yaml.TypeError
	if errors.As(err, &te) && len(te.Errors) > 0 {
		msg = te.Errors[0]
	}
	line := 1
	if m := yamlLineRE.FindStringSubmatch(msg); m != nil {
		line, _ = strconv.Atoi(m[1])
		msg = msg[len(m[0]):]
		if yamlParserProblem(msg) {
			line++ // the library reports parser errors with a 0-based line
		}
	}
	msg = strings.TrimPrefix(msg, "yaml: ")
	first, _ := d.f.pos(d.start)
	last, _ := d.f.pos(max(d.start, end-1))
	fl := min(max(first, d.lineOff+line), last)
	off := d.f.lines[fl-1]
	for off < len(d.f.data) && (d.f.data[off] == ' ' || d.f.data[off] == '\t') {
		off++
	}
	return rules.Errorf(d.f.at(off), "invalid YAML: %s", msg)
}

// yamlParserProblem reports the messages of the YAML parser (as opposed to
// its scanner): the library prints their line 0-based, the line where the
// enclosing construct starts.
func yamlParserProblem(msg string) bool {
	for _, p := range []string{"did not find expected <document start>", "did not find expected node content",
		"did not find expected '-' indicator", "did not find expected key", "did not find expected ',' or ']'",
		"did not find expected ',' or '}'"} {
		if strings.HasPrefix(msg, p) {
			return true
		}
	}
	return false
}

// offset returns the file offset of a node's first character.
func (d *yamlDoc) offset(n *yaml.Node) int {
	line := d.lineOff + n.Line
	if line < 1 || line > len(d.f.lines) {
		return d.start
	}
	off := d.f.lines[line-1]
	for c := 1; c < n.Column && off < len(d.f.data) && d.f.data[off] != '\n'; c++ {
		_, size := utf8.DecodeRuneInString(d.f.data[off:])
		off += size
	}
	return off
}

// span covers a scalar node's text as written.
func (d *yamlDoc) span(n *yaml.Node) rules.Span {
	src := d.scalar(n)
	return src.span(0, len(src.text))
}

// scalar returns a source whose text is a scalar's value, each byte mapped
// to the file bytes that wrote it, so template parts inside a YAML or JSON
// string keep exact positions. When the value cannot be aligned with the
// source (an unusual style), every byte maps to the node's first character.
func (d *yamlDoc) scalar(n *yaml.Node) *source {
	start := d.offset(n)
	src := &source{f: d.f, text: n.Value, base: start}
	off, end, ok := alignScalar(d.f.data, start, n.Value, n.Style)
	if !ok {
		off, end = make([]int, len(n.Value)), make([]int, len(n.Value))
		for i := range off {
			off[i], end[i] = start, min(start+1, len(d.f.data))
		}
	}
	src.off, src.end = off, end
	if len(off) == 0 {
		src.off, src.end = []int{}, []int{start}
	}
	return src
}

// alignScalar walks a scalar's value against its source text: quotes,
// indentation and folded line breaks are skipped, escapes map to the
// whole escape sequence.
func alignScalar(data string, j int, value string, style yaml.Style) (off, end []int, ok bool) {
	off, end = make([]int, len(value)), make([]int, len(value))
	quote := byte(0)
	indent := -1
	switch {
	case style&yaml.DoubleQuotedStyle != 0:
		quote = '"'
	case style&yaml.SingleQuotedStyle != 0:
		quote = '\''
	case style&(yaml.LiteralStyle|yaml.FoldedStyle) != 0:
		nl := strings.IndexByte(data[j:], '\n')
		if nl < 0 {
			return off, end, len(value) == 0
		}
		j += nl + 1
		indent = blockIndent(data, j)
	}
	if quote != 0 {
		if j >= len(data) || data[j] != quote {
			return nil, nil, false
		}
		j++
	}
	mapTo := func(i, a, b int) { off[i], end[i] = a, b }
	for i := 0; i < len(value); {
		if j >= len(data) {
			return nil, nil, false
		}
		if indent > 0 && (j == 0 || data[j-1] == '\n') {
			k := 0
			for k < indent && j+k < len(data) && data[j+k] == ' ' {
				k++
			}
			if k > 0 {
				j += k
				continue
			}
		}
		c := data[j]
		switch {
		case quote == '"' && c == '\\':
			bs, n := yamlEscape(data[j:])
			if n == 0 {
				return nil, nil, false
			}
			if len(bs) == 0 { // an escaped line break
				j += n
				continue
			}
			if !strings.HasPrefix(value[i:], bs) {
				return nil, nil, false
			}
			for k := range len(bs) {
				mapTo(i+k, j, j+n)
			}
			i, j = i+len(bs), j+n
		case quote == '\'' && c == '\'' && j+1 < len(data) && data[j+1] == '\'' && value[i] == '\'':
			mapTo(i, j, j+2)
			i, j = i+1, j+2
		case c == value[i]:
			mapTo(i, j, j+1)
			i, j = i+1, j+1
		case (value[i] == ' ' || value[i] == '\n') && (c == '\n' || c == '\r'):
			mapTo(i, j, j+1) // a folded line break
			i, j = i+1, j+1
		case c == ' ' || c == '\t' || c == '\n' || c == '\r':
			j++
		default:
			return nil, nil, false
		}
	}
	return off, end, true
}

// blockIndent is the indentation of a block scalar's first non-blank line.
func blockIndent(data string, j int) int {
	for j < len(data) {
		k := 0
		for j+k < len(data) && data[j+k] == ' ' {
			k++
		}
		if j+k < len(data) && data[j+k] != '\n' && data[j+k] != '\r' {
			return k
		}
		nl := strings.IndexByte(data[j:], '\n')
		if nl < 0 {
			return k
		}
		j += nl + 1
	}
	return 0
}

// yamlEscape decodes the escape at s[0] ('\\') of a double-quoted YAML or
// JSON string: its bytes and length. n is 0 for an invalid escape; bytes
// are empty for an escaped line break.
func yamlEscape(s string) (string, int) {
	if len(s) < 2 {
		return "", 0
	}
	simple := map[byte]string{'0': "\x00", 'a': "\a", 'b': "\b", 't': "\t", '\t': "\t", 'n': "\n", 'v': "\v",
		'f': "\f", 'r': "\r", 'e': "\x1b", ' ': " ", '"': "\"", '/': "/", '\\': "\\", 'N': "\u0085", '_': "\u00a0",
		'L': "\u2028", 'P': "\u2029"}
	if v, ok := simple[s[1]]; ok {
		return v, 2
	}
	switch s[1] {
	case '\n':
		return "", 2
	case '\r':
		if len(s) > 2 && s[2] == '\n' {
			return "", 3
		}
		return "", 2
	case 'x', 'u', 'U':
		width := map[byte]int{'x': 2, 'u': 4, 'U': 8}[s[1]]
		if len(s) < 2+width {
			return "", 0
		}
		r, err := strconv.ParseUint(s[2:2+width], 16, 32)
		if err != nil {
			return "", 0
		}
		n := 2 + width
		if s[1] == 'u' && r >= 0xD800 && r < 0xDC00 && len(s) >= n+6 && s[n] == '\\' && s[n+1] == 'u' {
			// A JSON surrogate pair is one character.
			if lo, err := strconv.ParseUint(s[n+2:n+6], 16, 32); err == nil && lo >= 0xDC00 && lo < 0xE000 {
				return string(rune(0x10000 + (r-0xD800)<<10 + (lo - 0xDC00))), n + 6
			}
		}
		return string(rune(r)), n
	}
	return "", 0
}

// jsonError positions a JSON syntax error, which encoding/json gives as a
// byte offset.
func jsonError(f *file, data []byte) *rules.InputError {
	var v any
	err := json.Unmarshal(data, &v)
	var se *json.SyntaxError
	if errors.As(err, &se) {
		off := int(se.Offset) - 1
		return rules.Errorf(f.at(max(0, off)), "invalid JSON: %s", se.Error())
	}
	if err != nil {
		return rules.Errorf(f.at(0), "invalid JSON: %s", err.Error())
	}
	return nil
}

// key finds a mapping's value node by key.
func key(m *yaml.Node, k string) *yaml.Node {
	if m == nil || m.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == k {
			return m.Content[i+1]
		}
	}
	return nil
}

// str returns a scalar's value, or "" for anything else.
func str(n *yaml.Node) string {
	if n == nil || n.Kind != yaml.ScalarNode {
		return ""
	}
	return n.Value
}

// follow follows keys through nested mappings.
func follow(n *yaml.Node, keys ...string) *yaml.Node {
	for _, k := range keys {
		n = key(n, k)
	}
	return n
}
