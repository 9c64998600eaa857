package cachevettest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/cachevet/cachevet/requests"
	"github.com/cachevet/cachevet/rules"
)

// diff is where two prompts first differ.
type diff struct {
	a, b *snapshot
	pos  int // offset in the prompt bytes (breakpoint markers left out)
	// offA and offB are the body offsets of the first differing byte;
	// at the end of a prompt, the offset past its last byte.
	offA, offB int
	endA, endB bool // the prompt ended there
	blockA     int  // the block of a at the divergence
	blockB     int
	// extends: a's prompt ended and b's goes on, so b extends a.
	extends bool
}

// divergence compares the prompts of two snapshots; nil when they are the
// same bytes.
func divergence(a, b *snapshot) *diff {
	ca, cb := cursor{s: a}, cursor{s: b}
	pos := 0
	for {
		ra, rb := ca.rest(), cb.rest()
		if ra == nil || rb == nil {
			if ra == nil && rb == nil {
				return nil
			}
			return newDiff(a, b, &ca, &cb, pos)
		}
		n := min(len(ra), len(rb))
		if k := commonPrefix(ra[:n], rb[:n]); k < n {
			ca.skip(k)
			cb.skip(k)
			return newDiff(a, b, &ca, &cb, pos+k)
		}
		ca.skip(n)
		cb.skip(n)
		pos += n
	}
}

func newDiff(a, b *snapshot, ca, cb *cursor, pos int) *diff {
	d := &diff{a: a, b: b, pos: pos}
	d.offA, d.blockA, d.endA = ca.where()
	d.offB, d.blockB, d.endB = cb.where()
	d.extends = d.endA && !d.endB
	return d
}

func commonPrefix(a, b []byte) int {
	for i := range a {
		if a[i] != b[i] {
			return i
		}
	}
	return len(a)
}

// cursor walks a snapshot's prompt bytes. Chunks are in render order,
// not body order, so the position is kept within the current chunk.
type cursor struct {
	s *snapshot
	i int // chunk
	k int // bytes of chunk i already consumed
}

// rest is what is left of the current chunk, nil at the end.
func (c *cursor) rest() []byte {
	for c.i < len(c.s.chunks) {
		ch := c.s.chunks[c.i]
		if ch.Off+c.k < ch.End {
			return c.s.body.Data[ch.Off+c.k : ch.End]
		}
		c.i, c.k = c.i+1, 0
	}
	return nil
}

func (c *cursor) skip(n int) { c.k += n }

// where is the body offset and block of the cursor, and whether the prompt
// ended.
func (c *cursor) where() (off, block int, end bool) {
	if c.rest() == nil {
		if k := len(c.s.chunks) - 1; k >= 0 {
			return c.s.chunks[k].End, c.s.chunks[k].Block, true
		}
		return 0, -1, true
	}
	off = c.s.chunks[c.i].Off + c.k
	if b := c.s.body.BlockAt(off); b >= 0 {
		return off, b, false
	}
	return off, c.s.chunks[c.i].Block, false
}

// Excerpt sizes around a divergence, in bytes.
const (
	excerptBefore = 28
	excerptAfter  = 36
)

// excerpts prints the two bodies around the divergence, one line each,
// as they are on the wire, aligned on the first differing byte with a
// caret under it.
func (d *diff) excerpts(w *strings.Builder) {
	type line struct{ label, before, after string }
	lines := []line{d.a.excerpt(d.offA), d.b.excerpt(d.offB)}
	lines[0].label, lines[1].label = d.a.label+":", d.b.label+":"
	width, col := 0, 0
	for _, l := range lines {
		width = max(width, len(l.label))
		col = max(col, utf8.RuneCountInString(l.before))
	}
	for _, l := range lines {
		pad := strings.Repeat(" ", col-utf8.RuneCountInString(l.before))
		fmt.Fprintf(w, "\n    %-*s %s%s%s", width, l.label, pad, l.before, l.after)
	}
	fmt.Fprintf(w, "\n    %*s %s^", width, "", strings.Repeat(" ", col))
}

// excerpt is the body around byte off: what comes before it and from it.
func (s *snapshot) excerpt(off int) (l struct{ label, before, after string }) {
	data := s.body.Data
	before := trimRuneStart(data[max(off-excerptBefore, 0):off])
	l.before = string(before)
	if off-len(before) > 0 {
		l.before = "…" + l.before
	}
	after := data[off:min(off+excerptAfter, len(data))]
	l.after = string(trimRuneEnd(after))
	if off+len(after) < len(data) {
		l.after += "…"
	}
	return l
}

func trimRuneStart(b []byte) []byte {
	for len(b) > 0 && !utf8.RuneStart(b[0]) {
		b = b[1:]
	}
	return b
}

func trimRuneEnd(b []byte) []byte {
	for len(b) > 0 && !utf8.Valid(b) {
		b = b[:len(b)-1]
	}
	return b
}

// at describes a position in a snapshot: its JSON path, byte offset and
// section.
func (s *snapshot) at(off, block int) string {
	where := fmt.Sprintf("byte %d of the request body", off)
	if block >= 0 {
		where += ", " + s.body.Request.Blocks[block].Section.String() + " section"
	}
	return fmt.Sprintf("%s (%s)", s.body.PathAt(off), where)
}

// location says where the prompts differ, naming both paths when the
// same bytes sit at different paths (moved keys, reordered tools).
func (d *diff) location() string {
	switch {
	case d.endA:
		return fmt.Sprintf("%s ends at byte %d, where %s goes on with %s", d.a.label, d.offA, d.b.label, d.b.at(d.offB, d.blockB))
	case d.endB:
		return fmt.Sprintf("%s ends at byte %d, where %s goes on with %s", d.b.label, d.offB, d.a.label, d.a.at(d.offA, d.blockA))
	}
	pa, pb := d.a.body.PathAt(d.offA), d.b.body.PathAt(d.offB)
	if pa == pb && d.offA == d.offB {
		return "at " + d.a.at(d.offA, d.blockA)
	}
	return fmt.Sprintf("at %s in %s, %s in %s", d.a.at(d.offA, d.blockA), d.a.label, d.b.at(d.offB, d.blockB), d.b.label)
}

// invalidates names the cache points whose prefix holds block blk of s,
// with the tokens from there to the end of the prefix when counted.
func (c *config) invalidates(s *snapshot, blk int) string {
	req := s.body.Request
	var names []string
	bps := req.Breakpoints()
	for _, bi := range bps {
		if bi >= blk {
			names = append(names, s.bpPath(bi))
		}
	}
	if req.Auto != nil {
		names = append(names, "automatic caching (top-level cache_control)")
	}
	var line string
	switch {
	case len(names) > 0:
		line = "invalidates " + strings.Join(names, ", ")
	case req.Provider != "anthropic" && req.CacheMode != "explicit":
		line = "invalidates the provider's automatic prefix cache from here on"
	case len(bps) > 0:
		line = fmt.Sprintf("after the last breakpoint (%s): what it caches is still read, nothing after it is", s.bpPath(bps[len(bps)-1]))
	default:
		line = "no breakpoint caches this prefix yet; one placed after this point would never be read"
	}
	if c.counter != nil && blk >= 0 {
		n := 0
		for i := blk; i < s.end; i++ {
			n += c.tokens(req.Blocks[i])
		}
		line += fmt.Sprintf("; %s tokens from here to the end of the prefix are written again instead of read", rules.Thousands(n))
	}
	return line
}

// bpPath is the JSON path of block bi's breakpoint marker.
func (s *snapshot) bpPath(bi int) string {
	return s.body.PathAt(s.body.SpanOffset(s.body.Request.Blocks[bi].Breakpoint.Span))
}

func (c *config) tokens(b rules.Block) int {
	n := 0
	for _, p := range b.Parts {
		if p.Slot != nil {
			n += p.Slot.Tokens
			continue
		}
		n += c.counter.Count(p.Text)
	}
	return n
}

// stableMessage is the failure of two builds of one request that differ.
func (c *config) stableMessage(d *diff, calls int) string {
	var w strings.Builder
	fmt.Fprintf(&w, "cachevettest: %s of %d sent a different cacheable prefix than %s", d.b.label, calls, d.a.label)
	fmt.Fprintf(&w, "\n    %s", d.location())
	d.excerpts(&w)
	fmt.Fprintf(&w, "\n    %s", c.invalidates(d.a, firstBlock(d.blockA, d.blockB)))
	if h := d.orderHint(); h != "" {
		fmt.Fprintf(&w, "\n    %s", h)
	}
	return w.String()
}

// orderHint says when the two calls hold the same content in another
// order: the keys of the block that differs, or the tool list.
func (d *diff) orderHint() string {
	if d.endA || d.endB || d.blockA < 0 || d.blockB < 0 {
		return ""
	}
	ja, jb := blockJSON(d.a.body, d.blockA), blockJSON(d.b.body, d.blockB)
	if ca, cb := canonical(ja), canonical(jb); ca != "" && ca == cb {
		return "same content, keys in another order: marshal a Go map (encoding/json sorts its keys) or insert the keys in sorted order"
	}
	if d.a.body.Request.Blocks[d.blockA].Section != rules.SectionTools {
		return ""
	}
	ta, tb := toolSet(d.a.body), toolSet(d.b.body)
	if slices.Equal(ta, tb) {
		return ""
	}
	slices.Sort(ta)
	slices.Sort(tb)
	if slices.Equal(ta, tb) {
		return "same tools in another order: build the list in a fixed order, such as slices.Sorted(maps.Keys(tools))"
	}
	return ""
}

// blockJSON is the wire bytes of block i.
func blockJSON(b *requests.Body, i int) []byte {
	start, end := b.BlockRange(i)
	return b.Data[start:end]
}

// canonical is a JSON value with its object keys sorted; "" when data is
// not JSON.
func canonical(data []byte) string {
	var v any
	if json.Unmarshal(data, &v) != nil {
		return ""
	}
	out, err := json.Marshal(v)
	if err != nil {
		return ""
	}
	return string(out)
}

// toolSet is the canonical JSON of every tool and schema, in render order.
func toolSet(b *requests.Body) []string {
	var out []string
	for i, blk := range b.Request.Blocks {
		if blk.Section == rules.SectionTools {
			out = append(out, canonical(blockJSON(b, i)))
		}
	}
	return out
}

// conversationMessage is the failure of a turn that does not extend the
// previous one.
func (c *config) conversationMessage(d *diff) string {
	var w strings.Builder
	fmt.Fprintf(&w, "cachevettest: %s does not extend the prompt of %s byte for byte, so it cannot read %s's cache past this point", d.b.label, d.a.label, d.a.label)
	fmt.Fprintf(&w, "\n    %s", d.location())
	d.excerpts(&w)
	fmt.Fprintf(&w, "\n    %s", c.invalidates(d.a, firstBlock(d.blockA, d.blockB)))
	return w.String()
}

func firstBlock(a, b int) int {
	if a >= 0 {
		return a
	}
	return b
}

// literal reports the first value in the prefix that changes every
// request (a timestamp, a UUID, a request id) although the calls agreed:
// they ran close together, real traffic does not.
func (c *config) literal(s *snapshot) string {
	req := s.body.Request
	for i := 0; i < s.end; i++ {
		for _, p := range req.Blocks[i].Parts {
			if p.Slot == nil || p.Slot.Lifetime != rules.LifeRequest || p.Slot.Order {
				continue
			}
			off := s.body.SpanOffset(p.Span)
			path := s.body.PathAt(off)
			if c.ignoredWithin(path) {
				continue
			}
			var w strings.Builder
			fmt.Fprintf(&w, "cachevettest: the cacheable prefix holds a value that differs between real requests: %s", p.Slot.Describe())
			fmt.Fprintf(&w, "\n    at %s: %s", s.at(off, i), excerptBytes([]byte(p.Text), excerptAfter))
			fmt.Fprintf(&w, "\n    %s", c.invalidates(s, i))
			fmt.Fprintf(&w, "\n    move it after the last cache point, or Ignore(%q) if it is sent after it", path)
			return w.String()
		}
	}
	return ""
}

// facts checks the request against its model's limits through the rule
// catalog: the breakpoint limit always, the minimum cacheable size when
// tokens are counted.
func (c *config) facts(s *snapshot) string {
	req := s.body.Request
	prof := profile(req)
	if prof == nil {
		return ""
	}
	on := map[string]bool{rules.PC004: true, rules.PC003: c.counter != nil}
	sev := map[string]rules.Severity{}
	for _, r := range rules.Rules {
		if !on[r.Code] {
			sev[r.Code] = rules.SeverityOff
		}
	}
	counter := c.counter
	if counter == nil {
		counter = noCounter{}
	}
	var msgs []string
	for _, f := range rules.Check(req, &rules.Env{Profile: prof, Counter: counter, Severity: sev}) {
		path := s.body.PathAt(s.body.SpanOffset(f.Span))
		msgs = append(msgs, fmt.Sprintf("cachevettest: %s (%s at %s)", f.Message, f.Rule, path))
	}
	return strings.Join(msgs, "\n")
}

// noCounter counts nothing: without Tokens, no rule that needs counts runs.
type noCounter struct{}

func (noCounter) Count(string) int { return 0 }

// profile is the catalog row of the request's model, or of its provider's
// default model when the model is missing or unknown; nil when neither is
// known.
func profile(req *rules.Request) *rules.Profile {
	cat := rules.Builtin()
	if req.Model != "" {
		if p, err := cat.Lookup(req.Model); err == nil {
			return p
		}
	}
	if id := cat.Default(req.Provider); id != "" && req.Provider != "" {
		if p, err := cat.Lookup(id); err == nil {
			return p
		}
	}
	return nil
}

// excerptBytes quotes up to n bytes of data for a message.
func excerptBytes(data []byte, n int) string {
	data = bytes.TrimSpace(data)
	if len(data) <= n {
		return string(data)
	}
	return string(trimRuneEnd(data[:n])) + "…"
}
