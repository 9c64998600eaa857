package requests

import (
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/cachevet/cachevet/rules"
)

// Body is one request body read from memory, such as the wire JSON a test
// marshals from SDK params, with the byte location of every block: what
// package cachevettest compares between two builds of a request.
type Body struct {
	// Request is the body in the request model, read as Read reads a
	// request body.
	Request *rules.Request
	// Errors are problems with individual values (a content of the wrong
	// type); the rest of the body is still read.
	Errors []*rules.InputError
	// Data is the body's bytes; offsets index it.
	Data []byte

	src    *source
	root   *node
	blocks []*node // the value each block of Request was read from
}

// APIs ReadBody accepts as a hint.
const (
	APIAnthropic       = "anthropic"
	APIOpenAIChat      = "openai-chat"
	APIOpenAIResponses = "openai-responses"
	APIBedrock         = "bedrock-converse"
	APIGemini          = "gemini"
)

// apiHints are the endpoints detectAPI takes as the strongest signal.
var apiHints = map[string]string{
	APIAnthropic:       "/v1/messages",
	APIOpenAIChat:      "/v1/chat/completions",
	APIOpenAIResponses: "/v1/responses",
	APIBedrock:         "/converse",
	APIGemini:          ":generateContent",
}

// ReadBody reads one request body. api is APIAnthropic, APIOpenAIChat,
// APIOpenAIResponses, APIBedrock or APIGemini when the caller knows which API the body is for, ""
// to tell from the body (the rules of the package documentation). name
// stands for the file in spans. The error is a *rules.InputError for a
// syntax error, or ErrNotRequest.
func ReadBody(name string, data []byte, api string, opts Options) (*Body, error) {
	return (&BodyReader{Options: opts}).Read(name, data, api)
}

// BodyReader reads many bodies that repeat the same long strings (the
// builds of one request, the turns of a conversation), finding the
// volatile literals of each long string once, as the log readers do.
type BodyReader struct {
	Options Options
	cache   literalCache
}

// Read reads one body, as ReadBody does.
func (r *BodyReader) Read(name string, data []byte, api string) (*Body, error) {
	opts := r.Options
	hint, ok := apiHints[api]
	if !ok && api != "" {
		return nil, fmt.Errorf("unknown API %q (want %s, %s, %s, %s or %s)", api, APIAnthropic, APIOpenAIChat, APIOpenAIResponses, APIBedrock, APIGemini)
	}
	src := newFileSource(name, data)
	root, err := parseJSON(data)
	if err != nil {
		return nil, syntaxInputError(src, err)
	}
	rd := &reader{path: name, opts: opts, cache: &r.cache}
	b := build(rd, src, root, hint)
	if b == nil {
		return nil, ErrNotRequest
	}
	body := &Body{Request: b.req, Errors: b.errs, Data: data, src: src, root: root}
	body.blocks = make([]*node, len(b.req.Blocks))
	for i, blk := range b.req.Blocks {
		body.blocks[i] = root.find(src.offset(blk.Span.Line, blk.Span.Col), src.offset(blk.Span.EndLine, blk.Span.EndCol))
	}
	return body, nil
}

// offset is the byte offset of a 1-based line and byte column of a file
// source: the inverse of pos.
func (s *source) offset(line, col int) int {
	return s.lines.Offset(line-s.line0+1, col)
}

// find returns the outermost node that starts at start and ends at or
// before end (a span drops trailing line breaks), or nil.
func (n *node) find(start, end int) *node {
	for n != nil {
		if n.start == start && n.end <= end+1 {
			return n
		}
		n = n.child(start)
	}
	return nil
}

// child returns the member value or element that holds offset off.
func (n *node) child(off int) *node {
	if m := n.member(off); m != nil {
		return m.val
	}
	for _, e := range n.elems {
		if e.start <= off && off < e.end {
			return e
		}
	}
	return nil
}

// member returns the member whose key or value holds offset off.
func (n *node) member(off int) *member {
	for i := range n.members {
		m := &n.members[i]
		if m.keyStart <= off && off < m.val.end {
			return m
		}
	}
	return nil
}

// PathAt names the innermost value holding byte off, as a JSON path:
// tools[2].input_schema.properties.city, system[0].text, model. A key
// that is not an identifier is quoted: metadata["user-id"]. The root is
// "$"; off inside a key names that member.
func (b *Body) PathAt(off int) string {
	var p pathWriter
	n := b.root
	for n != nil {
		if m := n.member(off); m != nil {
			p.key(m.key)
			n = m.val
			if off < m.val.start {
				break
			}
			continue
		}
		next := (*node)(nil)
		for i, e := range n.elems {
			if e.start <= off && off < e.end {
				p.index(i)
				next = e
				break
			}
		}
		n = next
	}
	if p.Len() == 0 {
		return "$"
	}
	return p.String()
}

// pathWriter writes a JSON path, the one way both Body.PathAt and
// Record.Path (replay) name a place in a body: .key, or ["key"] when key is
// not an identifier, and [i] for an array element.
type pathWriter struct{ strings.Builder }

func (p *pathWriter) key(key string) {
	switch {
	case isIdent(key):
		if p.Len() > 0 {
			p.WriteByte('.')
		}
		p.WriteString(key)
	default:
		p.WriteByte('[')
		p.WriteString(strconv.Quote(key))
		p.WriteByte(']')
	}
}

// fragment appends a path fragment a reader wrote (toolConfig.tools),
// as it is.
func (p *pathWriter) fragment(f string) {
	if p.Len() > 0 {
		p.WriteByte('.')
	}
	p.WriteString(f)
}

func (p *pathWriter) index(i int) {
	p.WriteByte('[')
	p.WriteString(strconv.Itoa(i))
	p.WriteByte(']')
}

func isIdent(s string) bool {
	if s == "" {
		return false
	}
	for i, c := range s {
		if c != '_' && c != '-' && (c < 'a' || c > 'z') && (c < 'A' || c > 'Z') && (i == 0 || c < '0' || c > '9') {
			return false
		}
	}
	return s[0] != '-'
}

// BlockRange is the byte range [start, end) of the value block i was read
// from.
func (b *Body) BlockRange(i int) (start, end int) {
	if n := b.blocks[i]; n != nil {
		return n.start, n.end
	}
	return 0, 0
}

// BlockAt is the block whose value holds byte off, or -1.
func (b *Body) BlockAt(off int) int {
	for i, n := range b.blocks {
		if n != nil && n.start <= off && off < n.end {
			return i
		}
	}
	return -1
}

// SpanOffset is the byte offset of the start of a span of this body (a
// breakpoint's, a part's).
func (b *Body) SpanOffset(s rules.Span) int { return b.src.offset(s.Line, s.Col) }

// Chunk is a run of the body's bytes, Data[Off:End], that belongs to the
// prompt. Block is the first block of the element it is part of; -1 for
// the model.
type Chunk struct {
	Off, End int
	Block    int
}

// markerKeys are members that mark where the cache ends but are not part
// of the cached content: moving a breakpoint does not change the prefix.
var markerKeys = []string{"cache_control", "prompt_cache_breakpoint"}

// Prompt returns the bytes that make up blocks [0, end) of the prompt, in
// the provider's render order, as runs of Data: first the model (a cache
// belongs to one model), then, for each block, the top-level element that
// holds it (tools[2], system, messages[3]), each once. The element holding
// block end-1 is cut after that block when it holds later blocks too.
// Breakpoint markers (cache_control, prompt_cache_breakpoint) are left
// out, and so is every member or element whose path drop reports (drop
// may be nil). Two requests share the prompt cache up to where their
// Prompt bytes first differ.
func (b *Body) Prompt(end int, drop func(path string) bool) []Chunk {
	w := &promptWriter{data: b.Data, drop: drop}
	for _, m := range b.root.members {
		if m.key == "model" {
			w.block = -1
			w.member(m, "", len(b.Data))
		}
	}
	var last *node
	for i := 0; i < end && i < len(b.blocks); i++ {
		unit, path := b.unit(i)
		if unit == nil || unit == last {
			continue
		}
		last = unit
		limit := unit.end
		j := i
		for j+1 < len(b.blocks) && b.blocks[j+1] != nil && unit.start <= b.blocks[j+1].start && b.blocks[j+1].end <= unit.end {
			j++
		}
		if j >= end {
			limit = b.blocks[end-1].end
		}
		w.block = i
		w.value(unit, path, limit)
	}
	return w.out
}

// unit returns the top-level element that holds block i and its path:
// an element of a top-level array (tools[2], messages[0]) or a top-level
// member's value (system, instructions, response_format).
func (b *Body) unit(i int) (*node, string) {
	n := b.blocks[i]
	if n == nil {
		return nil, ""
	}
	m := b.root.member(n.start)
	if m == nil {
		return nil, ""
	}
	var p pathWriter
	p.key(m.key)
	if !m.val.isArray() {
		return m.val, p.String()
	}
	for k, e := range m.val.elems {
		if e.start <= n.start && n.start < e.end {
			p.index(k)
			return e, p.String()
		}
	}
	return nil, ""
}

type promptWriter struct {
	data  []byte
	drop  func(string) bool
	block int
	out   []Chunk
}

func (w *promptWriter) emit(off, end int) {
	if end <= off {
		return
	}
	if k := len(w.out) - 1; k >= 0 && w.out[k].End == off && w.out[k].Block == w.block {
		w.out[k].End = end
		return
	}
	w.out = append(w.out, Chunk{Off: off, End: end, Block: w.block})
}

func (w *promptWriter) dropped(path string) bool { return w.drop != nil && w.drop(path) }

// member writes "key":value, unless the value starts at or after limit.
func (w *promptWriter) member(m member, path string, limit int) {
	var p pathWriter
	p.WriteString(path)
	p.key(m.key)
	w.emit(m.keyStart, m.val.start)
	w.value(m.val, p.String(), limit)
}

// value writes the bytes of n before limit, leaving out markers and
// dropped paths.
func (w *promptWriter) value(n *node, path string, limit int) {
	switch n.kind {
	case kindObject:
		w.emit(n.start, n.start+1)
		first := true
		for _, m := range n.members {
			if m.val.start >= limit {
				break
			}
			if contains(markerKeys, m.key) || w.drop != nil && w.dropped(childPath(path, m.key)) {
				continue
			}
			if !first {
				w.comma(m.keyStart)
			}
			first = false
			w.member(m, path, limit)
		}
	case kindArray:
		w.emit(n.start, n.start+1)
		first := true
		for i, e := range n.elems {
			if e.start >= limit {
				break
			}
			p := path + "[" + strconv.Itoa(i) + "]"
			if w.drop != nil && w.dropped(p) {
				continue
			}
			if !first {
				w.comma(e.start)
			}
			first = false
			w.value(e, p, limit)
		}
	default:
		w.emit(n.start, min(n.end, limit))
		return
	}
	if n.end <= limit {
		w.emit(n.end-1, n.end)
	}
}

// comma writes the comma that precedes the value or key at off.
func (w *promptWriter) comma(off int) {
	for i := off - 1; i >= 0; i-- {
		if w.data[i] == ',' {
			w.emit(i, i+1)
			return
		}
	}
}

func childPath(path, key string) string {
	var p pathWriter
	p.WriteString(path)
	p.key(key)
	return p.String()
}

// pathSegment is one .key, ["key"] or [n] step of a path pattern, with *
// wildcards.
var pathSegment = regexp.MustCompile(`^(?:\.?([A-Za-z_*][A-Za-z0-9_*-]*)|\[(\d+|\*)\]|\[("(?:[^"\\]|\\.)*")\])`)

// PathPattern compiles a path as PathAt prints it, with wildcards, to a
// regular expression that matches whole paths: [*] matches any index and
// a * segment any key. The error says where the path cannot be read.
func PathPattern(p string) (*regexp.Regexp, error) {
	var re strings.Builder
	re.WriteByte('^')
	rest := strings.TrimSpace(p)
	if rest == "" {
		return nil, errors.New("empty path")
	}
	for first := true; rest != ""; first = false {
		m := pathSegment.FindStringSubmatch(rest)
		if m == nil || !first && m[1] != "" && rest[0] != '.' || first && rest[0] == '.' {
			return nil, fmt.Errorf("cannot read the path at %q (want a.b[0].c, [*] for any index)", rest)
		}
		switch {
		case m[1] == "*":
			dot := `\.`
			if first {
				dot = ""
			}
			re.WriteString(`(?:` + dot + `[A-Za-z_][A-Za-z0-9_-]*|\["(?:[^"\\]|\\.)*"\])`)
		case m[1] != "":
			if !first {
				re.WriteString(`\.`)
			}
			re.WriteString(regexp.QuoteMeta(m[1]))
		case m[2] == "*":
			re.WriteString(`\[\d+\]`)
		case m[2] != "":
			re.WriteString(`\[` + m[2] + `\]`)
		default:
			re.WriteString(regexp.QuoteMeta("[" + m[3] + "]"))
		}
		rest = rest[len(m[0]):]
	}
	re.WriteByte('$')
	return regexp.Compile(re.String())
}
