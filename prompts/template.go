package prompts

import (
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
	syn, ok := syntaxes[sniff(t.Text, nil)], true
	if t.Format != "" {
		syn, ok = lookupSyntax(t.Format)
	}
	src := &source{f: newFile("", []byte(t.Text)), text: t.Text, spanFn: t.Span}
	if t.Span == nil {
		src.spanFn = func(int, int) rules.Span { return rules.Span{} }
	}
	if !ok {
		el.add(src.at(0), "unknown template format %q (want gotemplate, jinja, handlebars, fstring, dollar or plain)", t.Format)
		syn = syntaxes[FormatPlain]
	}
	p := parse(src, 0, len(src.text), syn, el)
	b := newBuilder(rules.SectionSystem, "system")
	e := p.emitter(b, t.Names)
	for _, root := range p.roots() {
		e.nodes(root, false)
	}
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
