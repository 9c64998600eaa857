package requests

import (
	"errors"
	"fmt"
	"github.com/cachevet/cachevet/internal/textpos"
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

	src    *textpos.Source
	root   *textpos.Node
	blocks []*textpos.Node // the value each block of Request was read from
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
	src := textpos.NewFileSource(name, data)
	root, err := textpos.ParseJSON(data)
	if err != nil {
		return nil, syntaxInputError(src, err)
	}
	rd := &reader{path: name, opts: opts, cache: &r.cache}
	b := build(rd, src, root, hint)
	if b == nil {
		return nil, ErrNotRequest
	}
	body := &Body{Request: b.req, Errors: b.errs, Data: data, src: src, root: root}
	body.blocks = make([]*textpos.Node, len(b.req.Blocks))
	for i, blk := range b.req.Blocks {
		body.blocks[i] = findNode(root, src.Offset(blk.Span.Line, blk.Span.Col), src.Offset(blk.Span.EndLine, blk.Span.EndCol))
	}
	return body, nil
}

// find returns the outermost node that starts at start and ends at or
// before end (a span drops trailing line breaks), or nil.
func findNode(n *textpos.Node, start, end int) *textpos.Node {
	for n != nil {
		if n.Start == start && n.End <= end+1 {
			return n
		}
		n = childAt(n, start)
	}
	return nil
}

// child returns the member value or element that holds offset off.
func childAt(n *textpos.Node, off int) *textpos.Node {
	if m := memberAt(n, off); m != nil {
		return m.Val
	}
	for _, e := range n.Elems {
		if e.Start <= off && off < e.End {
			return e
		}
	}
	return nil
}

// member returns the member whose key or value holds offset off.
func memberAt(n *textpos.Node, off int) *textpos.Member {
	for i := range n.Members {
		m := &n.Members[i]
		if m.KeyStart <= off && off < m.Val.End {
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
		if m := memberAt(n, off); m != nil {
			p.key(m.Key)
			n = m.Val
			if off < m.Val.Start {
				break
			}
			continue
		}
		next := (*textpos.Node)(nil)
		for i, e := range n.Elems {
			if e.Start <= off && off < e.End {
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
		return n.Start, n.End
	}
	return 0, 0
}

// BlockAt is the block whose value holds byte off, or -1.
func (b *Body) BlockAt(off int) int {
	for i, n := range b.blocks {
		if n != nil && n.Start <= off && off < n.End {
			return i
		}
	}
	return -1
}

// SpanOffset is the byte offset of the start of a span of this body (a
// breakpoint's, a part's).
func (b *Body) SpanOffset(s rules.Span) int { return b.src.Offset(s.Line, s.Col) }

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
	for _, m := range b.root.Members {
		if m.Key == "model" {
			w.block = -1
			w.member(m, "", len(b.Data))
		}
	}
	var last *textpos.Node
	for i := 0; i < end && i < len(b.blocks); i++ {
		unit, path := b.unit(i)
		if unit == nil || unit == last {
			continue
		}
		last = unit
		limit := unit.End
		j := i
		for j+1 < len(b.blocks) && b.blocks[j+1] != nil && unit.Start <= b.blocks[j+1].Start && b.blocks[j+1].End <= unit.End {
			j++
		}
		if j >= end {
			limit = b.blocks[end-1].End
		}
		w.block = i
		w.value(unit, path, limit)
	}
	return w.out
}

// unit returns the top-level element that holds block i and its path:
// an element of a top-level array (tools[2], messages[0]) or a top-level
// member's value (system, instructions, response_format).
func (b *Body) unit(i int) (*textpos.Node, string) {
	n := b.blocks[i]
	if n == nil {
		return nil, ""
	}
	m := memberAt(b.root, n.Start)
	if m == nil {
		return nil, ""
	}
	var p pathWriter
	p.key(m.Key)
	if !m.Val.IsArray() {
		return m.Val, p.String()
	}
	for k, e := range m.Val.Elems {
		if e.Start <= n.Start && n.Start < e.End {
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
func (w *promptWriter) member(m textpos.Member, path string, limit int) {
	var p pathWriter
	p.WriteString(path)
	p.key(m.Key)
	w.emit(m.KeyStart, m.Val.Start)
	w.value(m.Val, p.String(), limit)
}

// value writes the bytes of n before limit, leaving out markers and
// dropped paths.
func (w *promptWriter) value(n *textpos.Node, path string, limit int) {
	switch n.Type {
	case textpos.TObject:
		w.emit(n.Start, n.Start+1)
		first := true
		for _, m := range n.Members {
			if m.Val.Start >= limit {
				break
			}
			if contains(markerKeys, m.Key) || w.drop != nil && w.dropped(childPath(path, m.Key)) {
				continue
			}
			if !first {
				w.comma(m.KeyStart)
			}
			first = false
			w.member(m, path, limit)
		}
	case textpos.TArray:
		w.emit(n.Start, n.Start+1)
		first := true
		for i, e := range n.Elems {
			if e.Start >= limit {
				break
			}
			p := path + "[" + strconv.Itoa(i) + "]"
			if w.drop != nil && w.dropped(p) {
				continue
			}
			if !first {
				w.comma(e.Start)
			}
			first = false
			w.value(e, p, limit)
		}
	default:
		w.emit(n.Start, min(n.End, limit))
		return
	}
	if n.End <= limit {
		w.emit(n.End-1, n.End)
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
