package requests

import (
	"fmt"
	"github.com/cachevet/cachevet/internal/textpos"
	"strings"
	"unicode/utf8"

	"github.com/cachevet/cachevet/rules"
)

// builder turns one parsed request into the model. It keeps problems with
// individual values (a content of the wrong type) as input errors and goes
// on with the rest.
type builder struct {
	src   *textpos.Source
	names rules.NameOverrides
	cache *literalCache // nil outside logs
	req   *rules.Request
	errs  []*rules.InputError
	// template marks prompt templates (chat JSON, promptfoo), whose
	// strings hold {{ placeholders }}.
	template bool
	// tools and schemas are the nodes the order tracker compares across
	// records of a log.
	tools    *textpos.Node
	schemas  []*textpos.Node
	toolUses []*textpos.Node // Anthropic tool_use blocks in messages
	// at is where the next block sits in the body; paths keeps it per
	// block, unformatted until a Record's Path asks.
	at    jsonPath
	paths []jsonPath
	// rec is the log record the body came from (the body itself when it
	// is not wrapped); Options.Records reads time and usage from it.
	rec     *textpos.Node
	body    *textpos.Node
	gateway bool
}

func newBuilder(rd *reader, src *textpos.Source, root *textpos.Node, source string) *builder {
	req := &rules.Request{Source: source, File: src.File, Span: src.NodeSpan(root)}
	return &builder{src: src, names: rd.opts.Names, cache: rd.cache, req: req, template: rd.templates, body: root, gateway: rd.gateway}
}

// literals finds the volatile literals of a text, through the log's cache
// when there is one.
func (b *builder) literals(text string) []literal {
	if b.cache != nil {
		return b.cache.find(text, b.names)
	}
	return findLiterals(text, b.names)
}

// literalCache remembers the literals of long strings seen in a log: every
// record of a log repeats the same system prompt and tools, and scanning
// them again is most of the cost of reading a log. Bounded by total bytes.
type literalCache struct {
	m     map[string][]literal
	bytes int
}

const (
	minCachedText = 256
	maxCacheBytes = 16 << 20
)

func (c *literalCache) find(text string, names rules.NameOverrides) []literal {
	if len(text) < minCachedText {
		return findLiterals(text, names)
	}
	if lits, ok := c.m[text]; ok {
		return lits
	}
	lits := findLiterals(text, names)
	if c.m == nil || c.bytes+len(text) > maxCacheBytes {
		c.m, c.bytes = map[string][]literal{}, 0
	}
	c.m[text] = lits
	c.bytes += len(text)
	return lits
}

func (b *builder) errorf(n *textpos.Node, format string, args ...any) {
	b.errs = append(b.errs, rules.Errorf(b.src.NodeSpan(n), format, args...))
}

// model reads the "model" member.
func (b *builder) model(root *textpos.Node) {
	m := root.Get("model")
	if !m.IsString() {
		return
	}
	b.setModel(m.Str, b.src.NodeSpan(m))
}

func (b *builder) setModel(model string, span rules.Span) {
	b.req.Model, b.req.ModelSpan = model, span
	if p := rules.ProviderOf(model); p != "" {
		b.req.Provider = p
	}
}

// add appends a block.
func (b *builder) add(blk rules.Block) {
	b.req.Blocks = append(b.req.Blocks, blk)
	b.paths = append(b.paths, b.at)
}

// volatileRole reports whether text in a message of this role is checked
// for volatile literals: system and developer text is what repeats across
// conversations; user and assistant turns are history, replayed verbatim
// within a conversation, and the last user turn is new anyway.
func volatileRole(role string) bool { return rules.SystemRole(role) }

// textBlock adds a block holding one whole string value, checked for
// volatile literals in system text and the roles volatileRole names.
func (b *builder) textBlock(n *textpos.Node, section rules.Section, role string, msg int) {
	b.add(rules.Block{Section: section, Role: role, Kind: rules.BlockText, Message: msg,
		Parts: b.textParts(n, section == rules.SectionSystem || volatileRole(role)), Span: b.src.NodeSpan(n)})
}

// textParts splits a string value into stable text and slots. With detect,
// volatile literals become slots; in templates, {{ placeholders }} do.
func (b *builder) textParts(n *textpos.Node, detect bool) []rules.Part {
	if b.template {
		return b.templateParts(n, detect)
	}
	if !detect {
		return []rules.Part{{Text: n.Str, Span: b.src.NodeSpan(n)}}
	}
	return b.literalParts(n, 0, len(n.Str), nil)
}

// literalParts splits n.str[from:to] at volatile literals, appending to
// parts.
func (b *builder) literalParts(n *textpos.Node, from, to int, parts []rules.Part) []rules.Part {
	text := n.Str[from:to]
	lits := b.literals(text)
	if len(lits) == 0 && from == 0 && to == len(n.Str) {
		// The common case: the whole string is stable, and its span is the
		// node's, with no need to map offsets through escapes.
		return append(parts, rules.Part{Text: text, Span: b.src.NodeSpan(n)})
	}
	last := 0
	for _, l := range lits {
		if l.start > last {
			parts = append(parts, rules.Part{Text: text[last:l.start], Span: b.src.StrSpan(n, from+last, from+l.start)})
		}
		lit := text[l.start:l.end]
		parts = append(parts, rules.Part{Text: lit, Span: b.src.StrSpan(n, from+l.start, from+l.end), Slot: &rules.Slot{
			Name: l.name, Kind: l.kind, Lifetime: l.life, Tokens: estimateTokens(lit), Why: l.why,
		}})
		last = l.end
	}
	if last < len(text) || len(parts) == 0 {
		parts = append(parts, rules.Part{Text: text[last:], Span: b.src.StrSpan(n, from+last, to)})
	}
	return parts
}

// breakpoint reads an Anthropic cache_control object; null means none.
func (b *builder) breakpoint(cc *textpos.Node) *rules.Breakpoint {
	if cc == nil || cc.Type == textpos.TNull {
		return nil
	}
	if cc.Type != textpos.TObject {
		b.errorf(cc, "cache_control must be an object, not %s", cc.Type)
		return nil
	}
	bp := &rules.Breakpoint{Span: b.src.NodeSpan(cc)}
	if ttl := cc.Get("ttl"); ttl.IsString() {
		bp.TTL = ttl.Str
	}
	return bp
}

// jsonParts renders a JSON value (a tool definition, a schema, tool input)
// compactly, as providers serialize it into the prompt, with volatile
// literals in its strings as slots when detect is set. Members named in
// skip (cache_control) are not rendered: they are not part of the prompt.
func (b *builder) jsonParts(n *textpos.Node, detect bool, skip ...string) []rules.Part {
	w := &jsonWriter{b: b, detect: detect, span: b.src.NodeSpan(n)}
	w.value(n, "", skip)
	w.flush()
	if len(w.parts) == 0 {
		w.parts = []rules.Part{{Span: w.span}}
	}
	return w.parts
}

type jsonWriter struct {
	b      *builder
	detect bool
	span   rules.Span
	buf    strings.Builder
	parts  []rules.Part
}

func (w *jsonWriter) flush() {
	if w.buf.Len() > 0 {
		w.parts = append(w.parts, rules.Part{Text: w.buf.String(), Span: w.span})
		w.buf.Reset()
	}
}

func (w *jsonWriter) value(n *textpos.Node, key string, skip []string) {
	if n == nil {
		// A member an adapter filled from a field the record lacks (an
		// OpenTelemetry tool call without an id).
		w.buf.WriteString("null")
		return
	}
	switch n.Type {
	case textpos.TObject:
		w.buf.WriteByte('{')
		first := true
		for _, m := range n.Members {
			if contains(skip, m.Key) {
				continue
			}
			if !first {
				w.buf.WriteByte(',')
			}
			first = false
			writeJSONString(&w.buf, m.Key)
			w.buf.WriteByte(':')
			w.value(m.Val, m.Key, nil)
		}
		w.buf.WriteByte('}')
	case textpos.TArray:
		w.buf.WriteByte('[')
		for i, e := range n.Elems {
			if i > 0 {
				w.buf.WriteByte(',')
			}
			w.value(e, key, nil)
		}
		w.buf.WriteByte(']')
	case textpos.TString:
		w.str(n)
	case textpos.TNumber:
		w.number(n, key)
	case textpos.TNull:
		w.buf.WriteString("null")
	default:
		w.buf.WriteString(n.Str)
	}
}

func (w *jsonWriter) str(n *textpos.Node) {
	if !w.detect {
		writeJSONString(&w.buf, n.Str)
		return
	}
	lits := w.b.literals(n.Str)
	if len(lits) == 0 {
		writeJSONString(&w.buf, n.Str)
		return
	}
	w.buf.WriteByte('"')
	last := 0
	for _, l := range lits {
		writeJSONContent(&w.buf, n.Str[last:l.start])
		w.flush()
		lit := n.Str[l.start:l.end]
		w.parts = append(w.parts, rules.Part{Text: lit, Span: w.b.src.StrSpan(n, l.start, l.end), Slot: &rules.Slot{
			Name: l.name, Kind: l.kind, Lifetime: l.life, Tokens: estimateTokens(lit), Why: l.why,
		}})
		last = l.end
	}
	writeJSONContent(&w.buf, n.Str[last:])
	w.buf.WriteByte('"')
}

// number renders a number; with detect, an epoch under a time key
// ("created_at": 1764497700) is a slot.
func (w *jsonWriter) number(n *textpos.Node, key string) {
	if w.detect && key != "" && (len(n.Str) == 10 || len(n.Str) == 13) {
		probe := key + ": " + n.Str
		for _, l := range findLiterals(probe, w.b.names) {
			if l.start == len(key)+2 && l.end == len(probe) {
				w.flush()
				w.parts = append(w.parts, rules.Part{Text: n.Str, Span: w.b.src.NodeSpan(n), Slot: &rules.Slot{
					Name: l.name, Kind: l.kind, Lifetime: l.life, Tokens: estimateTokens(n.Str), Why: l.why,
				}})
				return
			}
		}
	}
	w.buf.WriteString(n.Str)
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func writeJSONString(b *strings.Builder, s string) {
	b.WriteByte('"')
	writeJSONContent(b, s)
	b.WriteByte('"')
}

// writeJSONContent escapes s as the inside of a JSON string.
func writeJSONContent(b *strings.Builder, s string) {
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '"' || c == '\\':
			b.WriteByte('\\')
			b.WriteByte(c)
		case c == '\n':
			b.WriteString(`\n`)
		case c == '\t':
			b.WriteString(`\t`)
		case c == '\r':
			b.WriteString(`\r`)
		case c < 0x20:
			fmt.Fprintf(b, `\u%04x`, c)
		default:
			b.WriteByte(c)
		}
	}
}

// stableSlot is a part of known or unknown size whose bytes are not text:
// an image, a PDF, audio. It is stable; Tokens 0 means the size is unknown.
func stableSlot(name string, tokens int, span rules.Span) rules.Part {
	return rules.Part{Slot: &rules.Slot{Name: name, Kind: rules.KindOther, Lifetime: rules.LifeStable, Tokens: tokens, Why: "non-text content"}, Span: span}
}

// truncate shortens s for messages.
func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n] + "…"
}
