package prompts

import (
	"github.com/cachevet/cachevet/internal/textpos"
	"github.com/cachevet/cachevet/rules"
)

// Template is template text that is not a file of its own: a string value
// inside a JSON or YAML document (a chat prompt's message content, a
// request template), or a Go string constant that text/template renders.
type Template struct {
	// Text is the template text, already decoded (JSON escapes resolved).
	Text string
	// Format is the syntax, as Options.Format names it; "" detects it
	// from the text the way Read does for a template file.
	Format string
	// Span maps text bytes [start, end) to a span in the file the text
	// came from (through its escapes); nil leaves spans zero, for a caller
	// that places the parts itself.
	Span func(start, end int) rules.Span
	// Names are the config's stable/volatile placeholder overrides.
	Names rules.NameOverrides
}

// Piece is one part of a scanned template with the text offsets it
// covers, so a caller can look further into stable text (volatile
// literals) or substitute a placeholder it knows the value of.
type Piece struct {
	rules.Part
	// Start and End are offsets into Template.Text.
	Start, End int
	// Field is the variable path a slot prints as is ("User.Name",
	// "name"), with no call or filter applied; "" for other slots and for
	// text.
	Field string
}

// ScanTemplate splits template text into stable text and slots with the
// engine Read uses for template files: the same lexers, the same
// classification of placeholders, loops, conditionals and bound variables.
// Errors are at Span positions; a template that has them is still read.
func ScanTemplate(t Template) ([]Piece, []*rules.InputError) {
	el := &errList{}
	src := &source{f: newFile("", []byte(t.Text)), text: t.Text, spanFn: t.Span}
	if t.Span == nil {
		src.spanFn = func(int, int) rules.Span { return rules.Span{} }
	}
	b := scanText(src, t.Format, t.Names, el)
	var out []Piece
	for _, c := range b.blocks {
		for i, part := range c.b.Parts {
			pc := c.pieces[i]
			pc.Part = part
			out = append(out, pc)
		}
	}
	return out, sortErrors(el.list())
}

// scanText reads the whole text of src as one template in format (a
// syntax name or alias; "" detects it from the text) into a builder whose
// blocks are in template order.
func scanText(src *source, format string, names rules.NameOverrides, el *errList) *blockBuilder {
	syn, ok := syntaxes[sniff(src.text, nil)], true
	if format != "" {
		syn, ok = lookupSyntax(format)
	}
	if !ok {
		el.add(src.at(0), "unknown template format %q (want gotemplate, jinja, handlebars, fstring, dollar or plain)", format)
		syn = syntaxes[FormatPlain]
	}
	p := parse(src, 0, len(src.text), syn, el)
	b := newBlockBuilder(rules.SectionSystem, "system")
	e := p.emitter(b, names)
	for _, root := range p.roots() {
		e.nodes(root, false)
	}
	return b
}

// Tag is one tag of a template whose output is read as a document (a chat
// prompt written as JSON with Nunjucks loops): where it is and what it
// does to the document's structure.
type Tag = textpos.Tag

// Tags lexes template text and returns its tags in order, with the extent
// of loops and alternative branches. Errors are at t.Span positions.
func Tags(t Template) ([]Tag, []*rules.InputError) {
	el := &errList{}
	syn, ok := lookupSyntax(t.Format)
	if !ok {
		syn = syntaxes[sniff(t.Text, nil)]
	}
	src := &source{f: newFile("", []byte(t.Text)), text: t.Text, spanFn: t.Span}
	if t.Span == nil {
		src.spanFn = func(int, int) rules.Span { return rules.Span{} }
	}
	items := syn.lex(src, 0, len(src.text), el)
	blockEnd := map[*tag]int{}
	walk(buildTree(src, items, syn.desc, el), func(n *node) {
		if n.tag == nil {
			return
		}
		blockEnd[n.tag] = n.end
		for _, a := range n.alts {
			blockEnd[a.tag] = n.end
		}
	})
	var out []Tag
	for _, it := range items {
		tg := it.tag
		if tg == nil || tg.start >= tg.end {
			continue
		}
		out = append(out, Tag{Start: tg.start, End: tg.end, Prints: tg.kind == tOutput, Loop: tg.kind == tFor,
			Else: tg.kind == tElse, BlockEnd: blockEnd[tg]})
	}
	return out, sortErrors(el.list())
}
