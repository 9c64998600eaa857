package textpos

import (
	"fmt"
	"strings"
	"unicode/utf16"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"
)

// Type is the JSON type of a node.
type Type uint8

// The JSON types. A YAML scalar is the type its tag names (a string for
// any tag other than null, bool, int and float).
const (
	TNull Type = iota
	TBool
	TNumber
	TString
	TArray
	TObject
)

var typeNames = [...]string{"null", "boolean", "number", "string", "array", "object"}

func (k Type) String() string { return typeNames[k] }

// Node is the one document tree of a JSON or YAML file, every reader's: a
// light JSON tree that keeps where every value is in its source, since
// encoding/json gives no positions and every finding must point at the
// value it is about. JSON is read by ParseJSON, YAML converted from
// yaml.v3's tree (Doc.Tree, ConvertYAML).
type Node struct {
	Type Type
	// Start and End are byte offsets of the value in its source's text
	// (strings include their quotes); End is exclusive.
	Start, End int
	// Str is the decoded string, the number literal or "true"/"false".
	Str     string
	Members []Member // objects, in source order
	Elems   []*Node  // arrays
	// Escaped marks a JSON string whose raw bytes differ from Str, so
	// positions inside it need the escape-aware mapping.
	Escaped bool
	// YAML is the node a string was converted from, for YAML sources.
	YAML *yaml.Node
	// Raw marks a value a template produces (a {{ placeholder }} or a
	// {% for %} loop where JSON has a value): Str is its source text,
	// unquoted.
	Raw bool
}

// Member is one member of an object.
type Member struct {
	Key      string
	KeyStart int // offset of the key's first byte (its quote in JSON)
	Val      *Node
}

// Get returns the value of the last member named key (JSON decoders keep
// the last of duplicate keys), or nil.
func (n *Node) Get(key string) *Node {
	if n == nil || n.Type != TObject {
		return nil
	}
	for i := len(n.Members) - 1; i >= 0; i-- {
		if n.Members[i].Key == key {
			return n.Members[i].Val
		}
	}
	return nil
}

// Has reports whether an object has a member named key.
func (n *Node) Has(key string) bool { return n.Get(key) != nil }

// Text returns the string value of a string node, "" for anything else.
func (n *Node) Text() string {
	if n == nil || n.Type != TString {
		return ""
	}
	return n.Str
}

// IsString, IsObject and IsArray report a node's type; false for nil.
func (n *Node) IsString() bool { return n != nil && n.Type == TString }
func (n *Node) IsObject() bool { return n != nil && n.Type == TObject }
func (n *Node) IsArray() bool  { return n != nil && n.Type == TArray }

// ElemsOrNil is an array's elements; nil for any other node.
func (n *Node) ElemsOrNil() []*Node {
	if n.IsArray() {
		return n.Elems
	}
	return nil
}

// MembersOrNil is an object's members; nil for any other node.
func (n *Node) MembersOrNil() []Member {
	if n.IsObject() {
		return n.Members
	}
	return nil
}

// MaxDepth bounds nesting so hostile input cannot exhaust the stack.
const MaxDepth = 1000

type jsonParser struct {
	src   []byte
	pos   int
	depth int
	// tags, by start offset, are the template tags of a templated JSON
	// file (nil for plain JSON); see ParseJSONTemplate.
	tags map[int]Tag
}

// Tag is a template tag, as the prompts engine finds it (prompts.Tags):
// a JSON file that is a template over JSON is parsed through its tags
// (ParseJSONTemplate).
type Tag struct {
	// Start and End are text offsets of the tag, opener through closer.
	Start, End int
	// Prints: the tag prints a value ({{ x }}); otherwise it is a
	// statement or a comment and prints nothing itself.
	Prints bool
	// Loop: the tag opens a loop, whose block ends at BlockEnd.
	Loop bool
	// Else: the tag starts an alternative branch (else, elif), which with
	// the rest of its block ends at BlockEnd.
	Else bool
	// BlockEnd is the offset past the end tag of the block a Loop or Else
	// tag belongs to.
	BlockEnd int
}

// ParseJSONTemplate parses one JSON value at off of a document whose
// template tags, by start offset, are tags: a statement, a comment or an
// alternative branch is skipped, a loop or a printed value where JSON has
// a value is one raw node over its source, and commas a template writes
// around its loops may be missing or trailing. end is the offset past the
// value and any trailing whitespace.
func ParseJSONTemplate(src []byte, off int, tags map[int]Tag) (n *Node, end int, err error) {
	p := &jsonParser{src: src, pos: off, tags: tags}
	p.skipSpace()
	n, err = p.value()
	if err != nil {
		return nil, 0, err
	}
	p.skipSpace()
	return n, p.pos, nil
}

// ParseJSON parses src as exactly one JSON value surrounded by optional
// whitespace.
func ParseJSON(src []byte) (*Node, error) {
	n, end, err := ParseJSONPrefix(src, 0)
	if err != nil {
		return nil, err
	}
	if end < len(src) {
		return nil, &Error{end, fmt.Sprintf("invalid character %s after top-level value", QuoteByte(src, end))}
	}
	return n, nil
}

// ParseJSONPrefix parses one JSON value starting at off (after optional
// whitespace) and returns the offset past it and any trailing whitespace.
func ParseJSONPrefix(src []byte, off int) (*Node, int, error) {
	p := &jsonParser{src: src, pos: off}
	p.skipSpace()
	n, err := p.value()
	if err != nil {
		return nil, 0, err
	}
	p.skipSpace()
	return n, p.pos, nil
}

func (p *jsonParser) fail(off int, format string, args ...any) error {
	return &Error{off, fmt.Sprintf(format, args...)}
}

func (p *jsonParser) skipSpace() {
	for p.pos < len(p.src) {
		switch p.src[p.pos] {
		case ' ', '\t', '\n', '\r':
			p.pos++
		default:
			if !p.skipTag() {
				return
			}
		}
	}
}

// skipTag steps over a template tag that leaves the JSON structure as it
// is: a statement, a comment, an end tag. An alternative branch is skipped
// with the rest of its block: the first branch is what the document is
// read as, as the prompts engine reads conditionals. Loops and printed
// values are values (see value), not skipped.
func (p *jsonParser) skipTag() bool {
	t, ok := p.tags[p.pos]
	switch {
	case !ok || t.Prints || t.Loop:
		return false
	case t.Else && t.BlockEnd > t.End:
		p.pos = t.BlockEnd
	default:
		p.pos = t.End
	}
	return true
}

// tagValue reads a loop or a printed value where JSON has a value: a raw
// node over its source.
func (p *jsonParser) tagValue() (*Node, bool) {
	t, ok := p.tags[p.pos]
	if !ok || !t.Prints && !t.Loop {
		return nil, false
	}
	end := t.End
	if t.Loop {
		end = max(end, t.BlockEnd)
	}
	n := &Node{Type: TString, Start: p.pos, End: end, Str: string(p.src[p.pos:end]), Raw: true}
	p.pos = end
	return n, true
}

// closes reports, in a templated file, a trailing comma's closer: a comma
// that a loop or condition writes before every element leaves one at the
// end.
func (p *jsonParser) closes(c byte) bool {
	return p.tags != nil && p.pos < len(p.src) && p.src[p.pos] == c
}

func (p *jsonParser) value() (*Node, error) {
	if p.pos >= len(p.src) {
		return nil, p.fail(p.pos, "unexpected end of JSON input")
	}
	if n, ok := p.tagValue(); ok {
		return n, nil
	}
	switch c := p.src[p.pos]; {
	case c == '{':
		return p.object()
	case c == '[':
		return p.array()
	case c == '"':
		return p.string()
	case c == '-' || c >= '0' && c <= '9':
		return p.number()
	case c == 't':
		return p.literal("true", TBool)
	case c == 'f':
		return p.literal("false", TBool)
	case c == 'n':
		return p.literal("null", TNull)
	}
	return nil, p.fail(p.pos, "invalid character %s looking for beginning of value", QuoteByte(p.src, p.pos))
}

func (p *jsonParser) enter() error {
	p.depth++
	if p.depth > MaxDepth {
		return p.fail(p.pos, "nesting deeper than %d levels", MaxDepth)
	}
	return nil
}

func (p *jsonParser) object() (*Node, error) {
	if err := p.enter(); err != nil {
		return nil, err
	}
	n := &Node{Type: TObject, Start: p.pos}
	p.pos++ // {
	p.skipSpace()
	if p.pos < len(p.src) && p.src[p.pos] == '}' {
		p.pos++
		n.End = p.pos
		p.depth--
		return n, nil
	}
	for {
		if t, ok := p.tags[p.pos]; ok {
			// A loop or printed value among members writes members: read
			// on through it.
			p.pos = t.End
			p.skipSpace()
			continue
		}
		if p.pos >= len(p.src) {
			return nil, p.fail(p.pos, "unexpected end of JSON input in object")
		}
		if p.src[p.pos] == '}' && p.tags != nil {
			p.pos++
			n.End = p.pos
			p.depth--
			return n, nil
		}
		if p.src[p.pos] != '"' {
			return nil, p.fail(p.pos, "invalid character %s looking for beginning of object key string", QuoteByte(p.src, p.pos))
		}
		key, err := p.string()
		if err != nil {
			return nil, err
		}
		p.skipSpace()
		if p.pos >= len(p.src) {
			return nil, p.fail(p.pos, "unexpected end of JSON input after object key")
		}
		if p.src[p.pos] != ':' {
			return nil, p.fail(p.pos, "invalid character %s after object key", QuoteByte(p.src, p.pos))
		}
		p.pos++
		p.skipSpace()
		val, err := p.value()
		if err != nil {
			return nil, err
		}
		n.Members = append(n.Members, Member{Key: key.Str, KeyStart: key.Start, Val: val})
		p.skipSpace()
		if p.pos >= len(p.src) {
			return nil, p.fail(p.pos, "unexpected end of JSON input in object")
		}
		switch p.src[p.pos] {
		case ',':
			p.pos++
			p.skipSpace()
		case '}':
			p.pos++
			n.End = p.pos
			p.depth--
			return n, nil
		default:
			if _, ok := p.tags[p.pos]; ok {
				continue // members the template writes after a member
			}
			return nil, p.fail(p.pos, "invalid character %s after object key:value pair", QuoteByte(p.src, p.pos))
		}
	}
}

func (p *jsonParser) array() (*Node, error) {
	if err := p.enter(); err != nil {
		return nil, err
	}
	n := &Node{Type: TArray, Start: p.pos}
	p.pos++ // [
	p.skipSpace()
	if p.pos < len(p.src) && p.src[p.pos] == ']' {
		p.pos++
		n.End = p.pos
		p.depth--
		return n, nil
	}
	for {
		val, err := p.value()
		if err != nil {
			return nil, err
		}
		n.Elems = append(n.Elems, val)
		p.skipSpace()
		if p.pos >= len(p.src) {
			return nil, p.fail(p.pos, "unexpected end of JSON input in array")
		}
		switch p.src[p.pos] {
		case ',':
			p.pos++
			p.skipSpace()
			if p.closes(']') {
				p.pos++
				n.End = p.pos
				p.depth--
				return n, nil
			}
		case ']':
			p.pos++
			n.End = p.pos
			p.depth--
			return n, nil
		default:
			if _, ok := p.tags[p.pos]; ok || val.Raw {
				continue // a loop writes its own commas; a value may follow it
			}
			return nil, p.fail(p.pos, "invalid character %s after array element", QuoteByte(p.src, p.pos))
		}
	}
}

func (p *jsonParser) literal(word string, k Type) (*Node, error) {
	start := p.pos
	for i := 0; i < len(word); i++ {
		if p.pos >= len(p.src) {
			return nil, p.fail(p.pos, "unexpected end of JSON input in literal %s", word)
		}
		if p.src[p.pos] != word[i] {
			return nil, p.fail(p.pos, "invalid character %s in literal %s", QuoteByte(p.src, p.pos), word)
		}
		p.pos++
	}
	return &Node{Type: k, Start: start, End: p.pos, Str: word}, nil
}

func (p *jsonParser) number() (*Node, error) {
	start := p.pos
	if p.src[p.pos] == '-' {
		p.pos++
	}
	if p.pos >= len(p.src) || !isDigit(p.src[p.pos]) {
		return nil, p.fail(p.pos, "invalid character %s in numeric literal", QuoteByte(p.src, p.pos))
	}
	if p.src[p.pos] == '0' {
		p.pos++
	} else {
		p.digits()
	}
	if p.pos < len(p.src) && p.src[p.pos] == '.' {
		p.pos++
		if p.pos >= len(p.src) || !isDigit(p.src[p.pos]) {
			return nil, p.fail(p.pos, "invalid character %s after decimal point in numeric literal", QuoteByte(p.src, p.pos))
		}
		p.digits()
	}
	if p.pos < len(p.src) && (p.src[p.pos] == 'e' || p.src[p.pos] == 'E') {
		p.pos++
		if p.pos < len(p.src) && (p.src[p.pos] == '+' || p.src[p.pos] == '-') {
			p.pos++
		}
		if p.pos >= len(p.src) || !isDigit(p.src[p.pos]) {
			return nil, p.fail(p.pos, "invalid character %s in exponent of numeric literal", QuoteByte(p.src, p.pos))
		}
		p.digits()
	}
	return &Node{Type: TNumber, Start: start, End: p.pos, Str: string(p.src[start:p.pos])}, nil
}

func (p *jsonParser) digits() {
	for p.pos < len(p.src) && isDigit(p.src[p.pos]) {
		p.pos++
	}
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// string parses a string starting at its opening quote. The common case, no
// escapes, copies the raw bytes once.
func (p *jsonParser) string() (*Node, error) {
	start := p.pos
	p.pos++
	i := p.pos
	for i < len(p.src) {
		c := p.src[i]
		if c == '"' {
			n := &Node{Type: TString, Start: start, End: i + 1, Str: string(p.src[p.pos:i])}
			p.pos = i + 1
			return n, nil
		}
		if c == '\\' {
			return p.escapedString(start)
		}
		if c < 0x20 {
			return nil, p.controlChar(i, c)
		}
		if c < utf8.RuneSelf {
			i++
			continue
		}
		r, size := utf8.DecodeRune(p.src[i:])
		if r == utf8.RuneError && size == 1 {
			return nil, p.fail(i, "invalid UTF-8 byte 0x%02x in string", c)
		}
		i += size
	}
	return nil, p.fail(start, "unterminated string")
}

// controlChar reports a raw control character in a string; a line break
// there usually means the string was never closed.
func (p *jsonParser) controlChar(i int, c byte) error {
	if c == '\n' || c == '\r' {
		return p.fail(i, "line break in string (unterminated string?)")
	}
	return p.fail(i, "invalid control character U+%04X in string", c)
}

// escapedString decodes a string with escapes. Lone or invalid surrogate
// escapes become U+FFFD, as encoding/json does.
func (p *jsonParser) escapedString(start int) (*Node, error) {
	var b strings.Builder
	// The decoded string is at most as long as the raw one.
	end := start + 1
	for end < len(p.src) && p.src[end] != '"' {
		if p.src[end] == '\\' {
			end++
		}
		end++
	}
	b.Grow(min(end, len(p.src)) - start)
	i := start + 1
	for i < len(p.src) {
		c := p.src[i]
		switch {
		case c == '"':
			p.pos = i + 1
			return &Node{Type: TString, Start: start, End: i + 1, Str: b.String(), Escaped: true}, nil
		case c == '\\':
			r, width, err := decodeEscape(p.src, i)
			if err != nil {
				return nil, err
			}
			b.WriteRune(r)
			i += width
		case c < 0x20:
			return nil, p.controlChar(i, c)
		case c < utf8.RuneSelf:
			// A run of plain ASCII is copied at once: prompts are long
			// lines between a few escaped line breaks.
			j := i + 1
			for j < len(p.src) && p.src[j] >= 0x20 && p.src[j] < utf8.RuneSelf && p.src[j] != '"' && p.src[j] != '\\' {
				j++
			}
			b.Write(p.src[i:j])
			i = j
		default:
			r, size := utf8.DecodeRune(p.src[i:])
			if r == utf8.RuneError && size == 1 {
				return nil, p.fail(i, "invalid UTF-8 byte 0x%02x in string", c)
			}
			b.Write(p.src[i : i+size])
			i += size
		}
	}
	return nil, p.fail(start, "unterminated string")
}

// decodeEscape decodes the escape sequence at src[i] (a backslash) and
// returns the rune and how many source bytes it spans. A \u escape of a
// surrogate pair spans both escapes.
func decodeEscape(src []byte, i int) (rune, int, error) {
	if i+1 >= len(src) {
		return 0, 0, &Error{i, "unterminated escape in string"}
	}
	switch src[i+1] {
	case '"', '\\', '/':
		return rune(src[i+1]), 2, nil
	case 'b':
		return '\b', 2, nil
	case 'f':
		return '\f', 2, nil
	case 'n':
		return '\n', 2, nil
	case 'r':
		return '\r', 2, nil
	case 't':
		return '\t', 2, nil
	case 'u':
		r, ok := hex4(src, i+2)
		if !ok {
			return 0, 0, &Error{i, "invalid \\u escape in string"}
		}
		if !utf16.IsSurrogate(r) {
			return r, 6, nil
		}
		if i+7 < len(src) && src[i+6] == '\\' && src[i+7] == 'u' {
			if r2, ok := hex4(src, i+8); ok {
				if dec := utf16.DecodeRune(r, r2); dec != utf8.RuneError {
					return dec, 12, nil
				}
			}
		}
		return utf8.RuneError, 6, nil
	}
	return 0, 0, &Error{i, fmt.Sprintf("invalid escape %s in string", QuoteByte(src, i+1))}
}

func hex4(src []byte, i int) (rune, bool) {
	if i+4 > len(src) {
		return 0, false
	}
	var r rune
	for _, c := range src[i : i+4] {
		switch {
		case c >= '0' && c <= '9':
			c -= '0'
		case c >= 'a' && c <= 'f':
			c = c - 'a' + 10
		case c >= 'A' && c <= 'F':
			c = c - 'A' + 10
		default:
			return 0, false
		}
		r = r*16 + rune(c)
	}
	return r, true
}

// jsonStringOffsets maps every decoded byte of an escaped JSON string to
// the source offset of the escape or byte it came from; the extra last
// entry is the closing quote. Bytes of one multi-byte rune decoded from an
// escape all map to the escape's backslash.
func jsonStringOffsets(src []byte, n *Node) []int {
	offs := make([]int, 0, len(n.Str)+1)
	i := n.Start + 1
	for i < n.End-1 {
		c := src[i]
		if c == '\\' {
			r, width, err := decodeEscape(src, i)
			if err != nil {
				break // cannot happen for a parsed node
			}
			for range utf8.RuneLen(r) {
				offs = append(offs, i)
			}
			i += width
			continue
		}
		offs = append(offs, i)
		i++
	}
	return append(offs, n.End-1)
}

// QuoteByte names the byte at src[i] for a syntax error message.
func QuoteByte(src []byte, i int) string {
	if i >= len(src) {
		return "end of input"
	}
	c := src[i]
	switch {
	case c == '\'':
		return `'\''`
	case c == '"':
		return `'"'`
	case c >= 0x20 && c < 0x7f:
		return "'" + string(c) + "'"
	case c == '\n':
		return `'\n'`
	case c == '\r':
		return `'\r'`
	case c == '\t':
		return `'\t'`
	case c < utf8.RuneSelf:
		return fmt.Sprintf("U+%04X", c)
	}
	if r, size := utf8.DecodeRune(src[i:]); r != utf8.RuneError || size > 1 {
		return fmt.Sprintf("%q", r)
	}
	return fmt.Sprintf("byte 0x%02x", c)
}
