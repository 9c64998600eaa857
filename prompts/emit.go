package prompts

import (
	"sort"
	"strings"

	"github.com/cachevet/cachevet/rules"
)

// blockBuilder assembles the blocks of one request from parts in render order.
type blockBuilder struct {
	blocks []*blk
	cur    *blk
}

// blk is a block under construction. Adjacent text from the same source
// merges into one part.
type blk struct {
	b          rules.Block
	newMessage bool // starts a message (false: continues the previous one, as an image inside it)
	src        *source
	textStart  int // text offset where the last part started, when it is text
	lastEnd    int // text offset just past the last text part; -1 after a slot
	// pieces are the text ranges of Parts, one each, for ScanTemplate.
	pieces []Piece
}

func newBlockBuilder(section rules.Section, role string) *blockBuilder {
	b := &blockBuilder{}
	b.start(section, role, true)
	return b
}

// start opens a new block.
func (b *blockBuilder) start(section rules.Section, role string, newMessage bool) {
	b.cur = &blk{b: rules.Block{Section: section, Role: role, Kind: kindOf(section), Message: -1}, newMessage: newMessage, lastEnd: -1}
	b.blocks = append(b.blocks, b.cur)
}

// role switches to a new message with the given role.
func (b *blockBuilder) role(role string) {
	b.start(sectionOf(role), role, true)
}

func (b *blockBuilder) text(src *source, start, end int) {
	if start >= end {
		return
	}
	c := b.cur
	parts := c.b.Parts
	if c.src == src && c.lastEnd == start && len(parts) > 0 {
		p := &parts[len(parts)-1]
		p.Text = clean(src.text[c.textStart:end])
		p.Span = src.span(c.textStart, end)
		c.lastEnd = end
		c.pieces[len(c.pieces)-1].End = end
		return
	}
	c.add(rules.Part{Text: clean(src.text[start:end]), Span: src.span(start, end)}, start, end)
	c.src, c.textStart, c.lastEnd = src, start, end
}

func (c *blk) add(p rules.Part, start, end int) {
	c.b.Parts = append(c.b.Parts, p)
	c.pieces = append(c.pieces, Piece{Start: start, End: end})
}

// literal adds text that is not a slice of the source (a LangChain example
// formatted through its example prompt), placed at span.
func (b *blockBuilder) literal(text string, span rules.Span) {
	if text == "" {
		return
	}
	b.cur.add(rules.Part{Text: clean(text), Span: span}, -1, -1)
	b.cur.lastEnd = -1
}

func (b *blockBuilder) slot(src *source, start, end int, s *rules.Slot) {
	b.cur.add(rules.Part{Text: clean(src.text[start:end]), Slot: s, Span: src.span(start, end)}, start, end)
	b.cur.lastEnd = -1
}

// field records that the last slot prints the plain value of a variable
// path, which a caller with the data may substitute.
func (b *blockBuilder) field(path string) {
	if n := len(b.cur.pieces); n > 0 {
		b.cur.pieces[n-1].Field = path
	}
}

// kindBlock adds a one-part block of another kind (an image) inside the
// current message and reopens a text block after it.
func (b *blockBuilder) kindBlock(kind string, src *source, start, end int, s *rules.Slot) {
	prev := b.cur.b
	b.start(prev.Section, prev.Role, false)
	b.cur.b.Kind = kind
	b.slot(src, start, end, s)
	b.start(prev.Section, prev.Role, false)
}

// finish numbers the messages, drops blocks with nothing but whitespace and
// puts system blocks ahead of messages (providers render the system prompt
// first wherever the template writes it).
func (b *blockBuilder) finish() []rules.Block {
	msg := -1
	for _, c := range b.blocks {
		if c.b.Section == rules.SectionMessages {
			if c.newMessage || msg < 0 {
				msg++
			}
			c.b.Message = msg
		}
	}
	var kept []rules.Block
	for _, c := range b.blocks {
		if !blank(c.b.Parts) {
			kept = append(kept, c.b)
		}
	}
	sort.SliceStable(kept, func(i, j int) bool { return kept[i].Section < kept[j].Section })
	renum := map[int]int{}
	for i := range kept {
		blk := &kept[i]
		if blk.Section == rules.SectionMessages {
			if _, ok := renum[blk.Message]; !ok {
				renum[blk.Message] = len(renum)
			}
			blk.Message = renum[blk.Message]
		}
		blk.Span = cover(blk.Parts)
	}
	return kept
}

// cover spans all parts: from the earliest start to the latest end (an
// expanded {{template}} puts parts out of file order).
func cover(parts []rules.Part) rules.Span {
	s := parts[0].Span
	for _, p := range parts[1:] {
		if p.Span.Line < s.Line || p.Span.Line == s.Line && p.Span.Col < s.Col {
			s.Line, s.Col = p.Span.Line, p.Span.Col
		}
		if p.Span.EndLine > s.EndLine || p.Span.EndLine == s.EndLine && p.Span.EndCol > s.EndCol {
			s.EndLine, s.EndCol = p.Span.EndLine, p.Span.EndCol
		}
	}
	return s
}

func blank(parts []rules.Part) bool {
	for _, p := range parts {
		if p.Slot != nil || strings.TrimSpace(p.Text) != "" {
			return false
		}
	}
	return true
}

// emitter walks a template tree and feeds the builder.
type emitter struct {
	src     *source
	b       *blockBuilder
	cl      *classifier
	defines map[string]*node // Go {{define}} and {{block}} bodies
	active  map[string]bool  // defines being expanded, against recursion
	// expanded counts {{template}} expansions: templates that each include
	// the next twice would otherwise expand exponentially.
	expanded int
	// output intercepts tags that are directives, not values (dotprompt's
	// {{role}} and {{history}}); it returns true when it handled the tag.
	output func(n *node) bool
	// text intercepts literal text (Prompty splits it at role lines).
	text func(start, end int)
}

func newEmitter(src *source, b *blockBuilder, cl *classifier) *emitter {
	return &emitter{src: src, b: b, cl: cl, defines: map[string]*node{}, active: map[string]bool{}}
}

// nodes emits a node list. In quiet mode (an alternative branch whose text
// is not counted) only slots are emitted.
func (e *emitter) nodes(ns []*node, quiet bool) {
	for _, n := range ns {
		if n.tag == nil {
			if !quiet {
				e.emitText(n.start, n.end)
			}
			continue
		}
		e.tag(n, quiet)
	}
}

func (e *emitter) emitText(start, end int) {
	if e.text != nil {
		e.text(start, end)
		return
	}
	e.b.text(e.src, start, end)
}

func (e *emitter) tag(n *node, quiet bool) {
	t := n.tag
	switch t.kind {
	case tSet:
		e.bind(t)
	case tOutput:
		if e.output != nil && e.output(n) {
			return
		}
		e.slot(n, e.cl.expr(t.expr), "")
		if p, ok := e.cl.pathOf(t.expr); ok && len(p) > 0 {
			e.b.field(strings.Join(p, "."))
		}
	case tInclude:
		e.include(n, quiet)
	case tFor:
		e.loop(n)
	case tIf, tWith, tSection:
		e.conditional(n, quiet)
	case tCapture:
		e.capture(n)
	case tBlock:
		e.block(n, quiet)
	case tIncludeBlock:
		e.b.slot(e.src, n.start, n.end, includeSlot(t))
	}
}

// bind records what set/assign/declare tags bind.
func (e *emitter) bind(t *tag) {
	for i, v := range t.targets {
		x := t.expr
		if i < len(t.values) {
			x = t.values[i]
		}
		e.cl.bind(v, e.cl.binding(x))
	}
}

func (e *emitter) slot(n *node, cl class, why string) {
	s := cl.slot()
	if what, ok := runtimeWhat[s.Runtime]; ok {
		// Messages say where assumed content comes from: "chat-history loop".
		if why == "" {
			why = "placeholder"
		}
		why = what + " " + why
	}
	if why != "" {
		s.Why = joinWhy(why, s.Why)
	}
	e.b.slot(e.src, n.start, n.end, s)
}

// runtimeWhat names a runtime segment's content in a slot's Why.
var runtimeWhat = map[string]string{rules.RuntimeHistory: "chat-history", rules.RuntimeTools: "tool-list", rules.RuntimeFile: "file or document"}

// loop emits a whole loop as one slot: its body repeats as many times as
// the collection has items, so none of its text is stable on its own.
func (e *emitter) loop(n *node) {
	cl := e.cl.expr(n.tag.expr)
	if !cl.set {
		e.b.slot(e.src, n.start, n.end, &rules.Slot{Kind: rules.KindOther, Lifetime: rules.LifeStable, Why: "loop over a constant"})
		return
	}
	e.slot(n, cl, "loop")
}

// conditional emits an if/with/section chain. A condition on a value known
// to change between requests makes the whole chain one slot. Otherwise the
// condition is configuration, the same for every request that shares a
// cache: the first branch's text is emitted, and of the other branches only
// their slots (one branch renders, so alternative text is not counted
// twice, but a volatile value in any branch is still found).
func (e *emitter) conditional(n *node, quiet bool) {
	t := n.tag
	read := e.cl.cond
	if t.kind == tWith {
		read = e.cl.expr // with prints from its value
	}
	cond := read(t.expr)
	for _, a := range n.alts {
		if a.tag.expr != "" {
			cond = worse(cond, read(a.tag.expr))
		}
	}
	if cond.volatile() {
		e.slot(n, cond, conditionWhy(t))
		return
	}
	e.scoped(t, func() { e.nodes(n.body, quiet) })
	for _, a := range n.alts {
		e.nodes(a.body, true)
	}
}

func conditionWhy(t *tag) string {
	switch t.kind {
	case tWith:
		return "with block"
	case tSection:
		return "section"
	}
	return "condition"
}

// scoped runs f in the scope a tag opens. Go and Handlebars with, a
// Mustache section and a Go block re-root relative names at their value
// ({{with .Company}}{{.Name}} reads Company.Name); a section on a switch
// ({{#has_orders}}) does not. Names a tag declares are bound.
func (e *emitter) scoped(t *tag, f func()) {
	rebase := false
	switch t.kind {
	case tWith:
		rebase = e.cl.d != dJinja // Jinja's with only binds names
	case tSection:
		rebase = !isFlag(t.expr)
	case tBlock:
		rebase = e.cl.d == dGo
	}
	if !rebase && len(t.targets) == 0 {
		f()
		return
	}
	dot := e.cl.dot()
	if rebase && t.expr != "" {
		dot = nil // an opaque value: its fields are read by name alone
		if p, ok := e.cl.pathOf(t.expr); ok {
			dot = p
		}
	}
	values := make([]class, len(t.targets))
	for i := range t.targets {
		x := t.expr
		if i < len(t.values) {
			x = t.values[i]
		}
		values[i] = e.cl.binding(x)
	}
	e.cl.push(dot)
	for i, v := range t.targets {
		e.cl.bind(v, values[i])
	}
	f()
	e.cl.pop()
}

// capture binds a captured body (Jinja's block set, Liquid's capture) to
// its name; definitions (macros, defines, inline partials) print nothing
// where they stand.
func (e *emitter) capture(n *node) {
	if n.tag.name == "" || n.tag.kw == "define" || n.tag.kw == "macro" || n.tag.kw == "inline" {
		return
	}
	e.cl.bind(n.tag.name, e.worst(n.body))
}

// worst classifies what a subtree would print: the costliest of its slots.
func (e *emitter) worst(ns []*node) class {
	saved := e.b
	e.b = newBlockBuilder(rules.SectionSystem, "system")
	e.nodes(ns, true)
	var cl class
	for _, bk := range e.b.blocks {
		for _, p := range bk.b.Parts {
			if p.Slot != nil {
				cl = worse(cl, class{name: p.Slot.Name, kind: p.Slot.Kind, life: p.Slot.Lifetime, why: p.Slot.Why, set: true})
			}
		}
	}
	e.b = saved
	return cl
}

func (e *emitter) block(n *node, quiet bool) {
	e.scoped(n.tag, func() { e.nodes(n.body, quiet) })
	for _, a := range n.alts {
		e.nodes(a.body, true)
	}
}

// maxDepth bounds the nesting of templates that include each other;
// maxExpansions bounds the expansions in one request.
const (
	maxDepth      = 16
	maxExpansions = 1000
)

// include expands a Go {{template}} of a template defined in the same file;
// any other include is a stable slot of unknown size: a partial is part of
// the code, the same for every request.
func (e *emitter) include(n *node, quiet bool) {
	t := n.tag
	if def, ok := e.defines[t.name]; ok && t.name != "" && !e.active[t.name] && len(e.active) < maxDepth && e.expanded < maxExpansions {
		e.expanded++
		e.active[t.name] = true
		e.scoped(&tag{kind: tBlock, expr: t.expr}, func() { e.nodes(def.body, quiet) })
		delete(e.active, t.name)
		return
	}
	if t.name == "" && t.expr != "" {
		e.slot(n, e.cl.expr(t.expr), "dynamic include")
		return
	}
	e.b.slot(e.src, n.start, n.end, includeSlot(t))
}

func includeSlot(t *tag) *rules.Slot {
	why := "included template"
	if t.kw == "extends" {
		why = "parent template"
	}
	return &rules.Slot{Name: t.name, Kind: rules.KindOther, Lifetime: rules.LifeStable, Why: why}
}
