package textpos

import (
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"
)

// Error is a syntax error at a byte offset of the parsed text.
type Error struct {
	Off int
	Msg string
}

func (e *Error) Error() string { return e.Msg }

// ParseYAML parses a YAML document into yaml.v3's node tree. A syntax
// error comes back at the offset of the byte that causes it (yaml.v3
// names a line at most, and for parser errors the line where the
// enclosing block starts). A panic in the YAML library on hostile input
// is an error too: a linter reports, it does not crash.
func ParseYAML(text []byte) (doc *yaml.Node, err *Error) {
	var n yaml.Node
	if e := unmarshal(text, &n); e != nil {
		return nil, yamlError(text, e)
	}
	return &n, nil
}

func unmarshal(text []byte, n *yaml.Node) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("yaml: %v", r)
		}
	}()
	return yaml.Unmarshal(text, n)
}

var yamlLineRE = regexp.MustCompile(`^yaml: (?:line (\d+): )?`)

// yamlError positions a yaml.v3 error. The offending byte is found by
// parsing prefixes: the shortest one that fails with the same message
// ends at it.
func yamlError(text []byte, err error) *Error {
	var te *yaml.TypeError
	if errors.As(err, &te) {
		return &Error{0, strings.Join(te.Errors, "; ")}
	}
	msg := err.Error()
	m := yamlLineRE.FindStringSubmatch(msg)
	detail, line := msg, 1
	if m != nil {
		detail = strings.TrimPrefix(msg, m[0])
		if m[1] != "" {
			line, _ = strconv.Atoi(m[1])
		}
	}
	if name, ok := strings.CutPrefix(detail, "unknown anchor '"); ok {
		name, _, _ = strings.Cut(name, "'")
		if i := strings.Index(string(text), "*"+name); i >= 0 {
			return &Error{i, detail}
		}
	}
	return &Error{yamlErrorOffset(text, NewLines(text), line, detail), detail}
}

// maxYAMLSearch bounds the documents whose error column is searched for:
// each probe parses a prefix.
const maxYAMLSearch = 64 << 10

// yamlErrorOffset finds the line, from the reported one on, whose end is
// the first where a prefix fails with detail, then the first byte of that
// line whose inclusion makes it fail: binary searches, since once the
// offending byte is in a prefix every longer prefix fails the same way.
func yamlErrorOffset(text []byte, l Lines, line int, detail string) int {
	line = max(1, min(line, l.Count()))
	if len(text) > maxYAMLSearch {
		return firstNonBlank(text, l.Start(line), l.End(line))
	}
	fails := func(end int) bool {
		var n yaml.Node
		err := unmarshal(text[:end], &n)
		return err != nil && strings.HasSuffix(err.Error(), detail)
	}
	lo, hi := line, l.Count()
	for lo < hi {
		mid := (lo + hi) / 2
		if fails(l.End(mid)) {
			hi = mid
		} else {
			lo = mid + 1
		}
	}
	start, end := l.Start(lo), l.End(lo)
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

// NodeOffset converts a yaml.v3 node's line and column (columns count
// characters) to a byte offset of text; len(text) when out of range.
func NodeOffset[T ~string | ~[]byte](text T, l Lines, line, col int) int {
	if line < 1 || line > l.Count() {
		return len(text)
	}
	off := l.Start(line)
	for c := 1; c < col && off < len(text) && text[off] != '\n'; c++ {
		_, size := utf8.DecodeRuneInString(string(text[off:min(len(text), off+utf8.UTFMax)]))
		off += size
	}
	return off
}

// AlignScalar maps each byte of a YAML scalar's value to the source bytes
// that wrote it: value byte i came from text[off[i]:end[i]] (an escape
// sequence yields one or more bytes; a folded line break is the break).
// start is the node's offset (tags and anchors before the value are
// skipped); quotes, indentation and folded line breaks are not value
// bytes. stop is the offset just past the scalar as written (past its
// closing quote; a block scalar's final line break is not part of it). ok
// is false when the value cannot be aligned with the text (an unusual
// style); then every byte maps to the node's first character.
func AlignScalar(text string, start int, value string, style yaml.Style) (off, end []int, stop int, ok bool) {
	off, end = make([]int, len(value)), make([]int, len(value))
	stop, ok = align(text, skipProperties(text, start), value, style, off, end)
	if !ok {
		off, end = make([]int, len(value)), make([]int, len(value))
		for i := range off {
			off[i], end[i] = start, min(start+1, len(text))
		}
		stop = min(start+1, len(text))
	}
	return off, end, stop, ok
}

// ScalarStop is AlignScalar's stop alone, without the tables: where a
// tree's string node ends.
func ScalarStop(text string, start int, value string, style yaml.Style) int {
	j := skipProperties(text, start)
	stop, ok := align(text, j, value, style, nil, nil)
	if !ok {
		return min(start+1, len(text))
	}
	return stop
}

// skipProperties skips the tags and anchors written before a value.
func skipProperties(text string, j int) int {
	for j < len(text) && (text[j] == '!' || text[j] == '&') {
		for j < len(text) && text[j] != ' ' && text[j] != '\n' {
			j++
		}
		for j < len(text) && text[j] == ' ' {
			j++
		}
	}
	return j
}

// align aligns value with data from j, filling off and end (value byte i
// came from data[off[i]:end[i]]) when they are not nil, and returns where
// the scalar stops.
func align(data string, j int, value string, style yaml.Style, off, end []int) (stop int, ok bool) {
	set := func(i, a, b int) {
		if off != nil {
			off[i], end[i] = a, b
		}
	}
	lastOff, lastEnd := 0, 0 // off and end of the value's last byte
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
			return len(data), len(value) == 0
		}
		j += nl + 1
		indent = blockIndent(data, j)
	}
	if quote != 0 {
		if j >= len(data) || data[j] != quote {
			return 0, false
		}
		j++
	}
	for i := 0; i < len(value); {
		if j >= len(data) {
			return 0, false
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
			bs, n := Escape(data[j:])
			if n == 0 {
				return 0, false
			}
			if len(bs) == 0 { // an escaped line break
				j += n
				continue
			}
			if !strings.HasPrefix(value[i:], bs) {
				return 0, false
			}
			for k := range len(bs) {
				set(i+k, j, j+n)
			}
			lastOff, lastEnd = j, j+n
			i, j = i+len(bs), j+n
		case quote == '\'' && c == '\'' && j+1 < len(data) && data[j+1] == '\'' && value[i] == '\'':
			set(i, j, j+2)
			lastOff, lastEnd = j, j+2
			i, j = i+1, j+2
		case c == value[i]:
			set(i, j, j+1)
			lastOff, lastEnd = j, j+1
			i, j = i+1, j+1
		case (value[i] == ' ' || value[i] == '\n') && (c == '\n' || c == '\r'):
			set(i, j, j+1) // a folded line break
			lastOff, lastEnd = j, j+1
			i, j = i+1, j+1
		case c == ' ' || c == '\t' || c == '\n' || c == '\r':
			j++
		default:
			return 0, false
		}
	}
	switch {
	case quote != 0:
		for j < len(data) && data[j] != quote {
			j++ // trailing folded whitespace before the closing quote
		}
		stop = min(j+1, len(data))
	case len(value) == 0:
		stop = j
	default:
		stop = lastEnd
		if value[len(value)-1] == '\n' {
			stop = lastOff // the final line break is not the value's
		}
	}
	return stop, true
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

// Escape decodes the escape at s[0] (a backslash) of a double-quoted YAML
// string, which includes every JSON escape: its bytes and how many source
// bytes it takes. n is 0 for an invalid escape. An escaped line break
// yields no bytes and takes the next line's indentation with it.
func Escape(s string) (decoded string, n int) {
	if len(s) < 2 {
		return "", 0
	}
	if v, ok := simpleEscapes[s[1]]; ok {
		return v, 2
	}
	switch s[1] {
	case '\n', '\r':
		n = 2
		if s[1] == '\r' && len(s) > 2 && s[2] == '\n' {
			n = 3
		}
		for n < len(s) && (s[n] == ' ' || s[n] == '\t') {
			n++
		}
		return "", n
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

var simpleEscapes = map[byte]string{'0': "\x00", 'a': "\a", 'b': "\b", 't': "\t", '\t': "\t", 'n': "\n", 'v': "\v",
	'f': "\f", 'r': "\r", 'e': "\x1b", ' ': " ", '"': "\"", '/': "/", '\\': "\\", 'N': "\u0085", '_': "\u00a0",
	'L': "\u2028", 'P': "\u2029"}
