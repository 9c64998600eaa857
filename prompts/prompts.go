// Package prompts reads prompt templates into the request model.
//
// A template file becomes one rules.Request with Source "template" and
// BreakpointsKnown false: templates do not say where cache breakpoints go,
// so only the rules that read content (PC001, PC006) apply. Every part
// carries the exact span of the source text it stands for.
//
// # Files
//
// Read takes any prompt file, with the kind scan chose from its name
// (textpos.KindOf; the readers never choose by name themselves):
//
//   - .prompt is Google dotprompt: YAML front matter (model, input.schema)
//     and a Handlebars body with {{role "…"}} and {{history}} markers.
//   - .prompty is Microsoft Prompty: YAML front matter (model.configuration,
//     template) and a Jinja (or Mustache) body split at "system:", "user:",
//     "assistant:" lines.
//   - .yaml, .yml, .json and .jsonl are structured: ReadStructured reads
//     LangChain prompt files (_type: prompt or few_shot, and serialized
//     PromptTemplate / ChatPromptTemplate objects). Read returns nothing
//     for a structured file that is not a prompt.
//   - anything else is a template: plain text or Markdown with placeholders
//     in one syntax (Go text/template, Jinja/Nunjucks/Liquid,
//     Handlebars/Mustache, ${…}, or {…} when declared as f-string).
//
// A plain template is one system block. Dotprompt and Prompty map their
// role sections to blocks: system (and developer) sections to the system,
// the others to messages in order; system blocks come first, as providers
// render them. Text before any role marker is what each format says it is:
// a user message in dotprompt (so a role-less .prompt file is one user
// turn, which rules never report), the system prompt in Prompty. A model
// named in front matter goes into Request.Model, without its provider
// prefix, with ModelSpan on the id; callers let it win over --model.
//
// # Slots
//
// Each placeholder is a slot classified by rules.ClassifyName on its full
// dotted path (.User.Name is classified as "User.Name"); the config's
// stable/volatile lists match the full path or any leading part of it.
// Calls that read the clock, randomness or the environment (now, "now" |
// date, uuidv4, random, env) make a slot volatile. A placeholder nothing
// says anything about is a slot of unknown lifetime (PC001 reports it at
// info). A constant expression ({{ "x" }}) is a stable slot.
//
// A variable keeps what it was bound to: {% set t = now() %}{{ t }} is a
// time slot named t "set from now"; {{ $u := .User }}{{ $u.Email }}
// classifies as User.Email. Go and Handlebars with, Mustache sections and
// Go blocks re-root relative names ({{with .Company}}{{.Name}} reads
// Company.Name).
//
// A loop is one slot over the whole loop, classified by its collection:
// its body repeats a varying number of times, so its text is not stable
// on its own. A conditional (if, unless, case, with, Mustache section)
// whose condition reads a value known to change between requests is one
// slot too. A conditional on anything else (an unknown flag, a stable
// value) is taken as configuration, the same for every request that shares
// a cache: the text of its first branch is kept as stable text, and of the
// other branches only their slots, so alternative text is never counted
// twice while a volatile value in any branch is still found. In a
// condition, a toggle (include_sources, show_date) is configuration even
// when its words name something volatile; a predicate (is_premium_user,
// user.is_admin) is classified by its subject.
//
// Comments print nothing and are not parts. Includes and partials are
// stable slots of unknown size, except that a Go {{template}} of a
// template defined in the same file is expanded (up to a budget, so
// templates that include each other cannot blow up). A Go file made only
// of {{define}} blocks yields one request per template that no other
// template includes. A Jinja child template ({% extends %}) is its blocks,
// after a stable slot for the parent.
//
// # Markdown and plain text
//
// In a Markdown file (.md, .markdown, .mdx, .mdc, or name.md.tmpl) or a
// plain text prompt (.txt, .text), template syntax inside fenced code
// blocks (``` or ~~~; an unclosed fence runs to the end of the file) is
// example text, unless Options.Rendered is set or the fence holds nothing
// but template tags (``` {{ diff }} ``` wraps a rendered value). Inline code spans are not
// exempt: prompts put rendered values in backticks ("Working directory:
// `{{ cwd }}`") far more often than they show template syntax inline.
// Indented code blocks are not exempt either.
//
// # Template strings
//
// ScanTemplate reads template text that is not a file of its own (a
// string inside a JSON or YAML document, a Go string that text/template or
// langchaingo renders) with this same engine, mapping positions back
// through the caller's Span function; Tags lexes a template whose output a
// caller reads as a document (JSON written with Nunjucks loops). The
// requests package and the Go analyzer use them, so a placeholder means
// the same wherever it is written.
//
// # Errors
//
// Bad input never panics and never stops the rest of the file: an
// unterminated tag is reported at its opener and read as text, invalid
// UTF-8 is reported at its first byte and replaced, a block that is never
// closed runs to the end of the file. Malformed front matter is reported
// at the byte that causes it (textpos.ParseYAML) and the body is still
// read. Errors are capped per file; a lexer that reaches the cap
// reads the rest of the file as plain text and says so. Binary files and
// files over the size limit never get here: textpos.Check, which scan runs
// once on every file, turns them away.
package prompts

import (
	"errors"
	"path/filepath"
	"strings"

	"github.com/cachevet/cachevet/internal/textpos"
	"github.com/cachevet/cachevet/rules"
)

// ErrNotPrompt is returned by ReadStructured for a structured file (YAML,
// JSON) that is not a prompt template the package knows, so a scanner can
// skip it silently.
var ErrNotPrompt = errors.New("not a prompt template")

// Options control template reading.
type Options struct {
	// Names are the config's stable/volatile placeholder overrides.
	Names rules.NameOverrides
	// Rendered says the file is rendered as a whole, so braces inside fenced
	// code blocks of Markdown are slots too.
	Rendered bool
	// Format forces a template syntax for plain template files: "" detects
	// it; "gotemplate", "jinja", "handlebars", "fstring", "dollar", "plain"
	// (aliases: go, jinja2, nunjucks, liquid, mustache, f-string). A syntax
	// the file itself declares (LangChain template_format, Prompty template,
	// dotprompt's Handlebars) wins.
	Format string
	// Conversation says a conversation follows the prompt (the config's
	// conversation: globs name the file): a plain template gets a trailing
	// history segment of assumed size. A plain template does not show
	// whether one follows (a one-shot pattern is followed by a single
	// input), so none is assumed otherwise.
	Conversation bool
}

// Syntax names, as Options.Format takes them.
const (
	FormatGo         = "gotemplate"
	FormatJinja      = "jinja"
	FormatHandlebars = "handlebars"
	FormatFString    = "fstring"
	FormatDollar     = "dollar"
	FormatPlain      = "plain"
	// FormatDoubleBrace is what detection picks for {{ name }} placeholders
	// with no engine-specific syntax: output tags only.
	FormatDoubleBrace = "double-brace"
)

// syntax is one template language: its lexer, expression dialect and how
// its tags read in messages.
type syntax struct {
	name string
	d    dialect
	lex  func(src *source, from, to int, errs *errList) []item
	desc describer
}

var syntaxes = map[string]*syntax{
	FormatGo:         {FormatGo, dGo, lexGo, goDesc},
	FormatJinja:      {FormatJinja, dJinja, func(s *source, a, b int, e *errList) []item { return lexJinja(s, a, b, jinjaMode{statements: true}, e) }, jinjaDesc},
	FormatHandlebars: {FormatHandlebars, dHandlebars, lexHandlebars, hbDesc},
	FormatFString:    {FormatFString, dFString, lexFString, func(*tag) string { return "{…}" }},
	FormatDollar:     {FormatDollar, dJS, lexDollar, func(*tag) string { return "${…}" }},
	FormatPlain:      {FormatPlain, dJinja, func(_ *source, a, b int, _ *errList) []item { return lexPlain(a, b) }, func(*tag) string { return "" }},
	FormatDoubleBrace: {FormatDoubleBrace, dJinja, func(s *source, a, b int, e *errList) []item {
		return lexJinja(s, a, b, jinjaMode{}, e)
	}, jinjaDesc},
}

var formatAliases = map[string]string{
	"go": FormatGo, "text/template": FormatGo, "gotmpl": FormatGo, "tmpl": FormatGo,
	"jinja2": FormatJinja, "j2": FormatJinja, "nunjucks": FormatJinja, "liquid": FormatJinja,
	"mustache": FormatHandlebars, "hbs": FormatHandlebars, "dotprompt": FormatHandlebars,
	"f-string": FormatFString, "format": FormatFString, "str.format": FormatFString,
	"template-literal": FormatDollar, "${}": FormatDollar,
	"text": FormatPlain, "none": FormatPlain,
}

// lookupSyntax resolves a format name or alias.
func lookupSyntax(name string) (*syntax, bool) {
	n := strings.ToLower(strings.TrimSpace(name))
	if a, ok := formatAliases[n]; ok {
		n = a
	}
	s, ok := syntaxes[n]
	return s, ok
}

// Read parses one prompt file into requests; kind is the reader scan chose
// for it (textpos.KindOf). Input errors come with the requests that could
// still be read; a structured file that is not a prompt yields nothing.
func Read(path string, kind textpos.Kind, data []byte, opts Options) ([]*rules.Request, []*rules.InputError) {
	if kind.Structured() {
		reqs, errs, err := ReadStructured(textpos.NewDoc(path, kind, data), opts)
		if errors.Is(err, ErrNotPrompt) {
			return nil, nil
		}
		return reqs, errs
	}
	f := newFile(path, data)
	el := &errList{errs: checkInput(f)}
	var reqs []*rules.Request
	switch kind {
	case textpos.KindDotprompt:
		reqs = readDotprompt(f, opts, el)
	case textpos.KindPrompty:
		reqs = readPrompty(f, opts, el)
	default:
		reqs = readTemplate(f, opts, el)
	}
	return reqs, sortErrors(el.list())
}

// sortErrors puts errors in the one order (rules.SortErrors).
func sortErrors(errs []*rules.InputError) []*rules.InputError {
	rules.SortErrors(errs)
	return errs
}

// Detect names the syntax Read would use for a file's template text: the
// body of a dotprompt file is Handlebars, of a Prompty file Jinja unless its
// front matter says otherwise; structured files return "".
func Detect(path string, kind textpos.Kind, data []byte, opts Options) string {
	switch {
	case kind == textpos.KindDotprompt:
		return FormatHandlebars
	case kind == textpos.KindPrompty:
		f := newFile(path, data)
		if front, _ := splitFrontMatter(f, false, &errList{}); front != nil {
			if s, ok := promptyTemplate(front); ok {
				return s.name
			}
		}
		if s, ok := lookupSyntax(opts.Format); ok {
			return s.name
		}
		if sniff(string(data), nil) == FormatHandlebars {
			return FormatHandlebars // Mustache sections and no Jinja statements
		}
		return FormatJinja
	case kind.Structured():
		return ""
	}
	f := newFile(path, data)
	src := fileSource(f, 0, len(f.data))
	if s, ok := pickSyntax(path, src, opts); ok {
		return s.name
	}
	return ""
}

func newRequest(f *file) *rules.Request {
	return &rules.Request{Source: "template", File: f.path, Span: f.whole()}
}

// readTemplate reads a plain template file.
func readTemplate(f *file, opts Options, el *errList) []*rules.Request {
	src := fileSource(f, 0, len(f.data))
	syn, ok := pickSyntax(f.path, src, opts)
	if !ok {
		el.add(rules.Span{File: f.path}, "unknown template format %q (want gotemplate, jinja, handlebars, fstring, dollar or plain)", opts.Format)
		syn = syntaxes[FormatPlain]
	}
	if !opts.Rendered {
		var lit [][2]int
		if hasFences(f.path) {
			lit = literalRanges(src, 0, len(src.text), syn)
		}
		if !declaredSyntax(f.path, opts) {
			lit = append(lit, exampleRanges(src.text, isMarkdown(f.path))...)
		}
		src.literal = mergeRanges(lit)
	}
	p := parseEvidence(f.path, src, syn, opts, el)
	var reqs []*rules.Request
	for _, root := range p.roots() {
		b := newBlockBuilder(rules.SectionSystem, "system")
		e := p.emitter(b, opts.Names)
		e.nodes(root, false)
		if blocks := b.finish(); len(blocks) > 0 {
			req := newRequest(f)
			req.Blocks = blocks
			if opts.Conversation {
				followConversation(req, f)
			}
			reqs = append(reqs, req)
		}
	}
	return reqs
}

// followConversation appends the conversation that follows a system-prompt
// template: a history segment of assumed size, then the next user turn,
// both placed at the end of the file, unless the template already writes
// its history.
func followConversation(req *rules.Request, f *file) {
	for _, b := range req.Blocks {
		for _, p := range b.Parts {
			if p.Slot != nil && p.Slot.Runtime == rules.RuntimeHistory {
				return
			}
		}
	}
	end := f.span(len(f.data), len(f.data))
	msg := 0
	for _, b := range req.Blocks {
		if b.Section == rules.SectionMessages {
			msg = b.Message + 1
		}
	}
	turn := func(m int, s *rules.Slot) rules.Block {
		return rules.Block{Section: rules.SectionMessages, Role: "user", Kind: rules.BlockText, Message: m, Span: end,
			Parts: []rules.Part{{Span: end, Slot: s}}}
	}
	req.Blocks = append(req.Blocks,
		turn(msg, &rules.Slot{Name: "conversation", Kind: rules.KindHistory, Lifetime: rules.LifeRequest,
			Runtime: rules.RuntimeHistory, Why: "conversation: globs in .cachevet.yaml"}),
		turn(msg+1, &rules.Slot{Name: "input", Kind: rules.KindQuery, Lifetime: rules.LifeRequest, Why: "the next user turn"}))
}

// parseEvidence parses a plain template file. A detected (not declared)
// syntax that the file breaks in several places is not the file's syntax:
// an engine refuses such a file, so it was never rendered by one. It is
// prose that mentions braces (a pattern documenting another tool's
// {{placeholders}}), read as plain text with no errors. One broken tag is
// still reported: that is a template with a typo.
func parseEvidence(path string, src *source, syn *syntax, opts Options, el *errList) *parsed {
	var tmp errList
	p := parse(src, 0, len(src.text), syn, &tmp)
	if !declaredSyntax(path, opts) && len(tmp.errs) >= notATemplateErrors {
		return parse(src, 0, len(src.text), syntaxes[FormatPlain], el)
	}
	for _, e := range tmp.list() {
		el.errs = append(el.errs, e)
	}
	return p
}

// notATemplateErrors is how many syntax errors make a detected syntax
// wrong for a file.
const notATemplateErrors = 2

// extSyntax is the syntax a file's extension declares, or nil.
func extSyntax(path string) *syntax {
	switch strings.ToLower(filepath.Ext(path)) {
	case ".j2", ".jinja", ".jinja2", ".njk", ".nunjucks", ".liquid":
		return syntaxes[FormatJinja]
	case ".hbs", ".handlebars", ".mustache":
		return syntaxes[FormatHandlebars]
	case ".gotmpl", ".tmpl", ".gotext":
		return syntaxes[FormatGo]
	}
	return nil
}

// declaredSyntax reports whether the template engine is declared (the
// config's template_format, the extension) rather than detected: then
// every tag is the engine's, even inside HTML examples.
func declaredSyntax(path string, opts Options) bool {
	return opts.Format != "" || extSyntax(path) != nil
}

// pickSyntax chooses the syntax: Options.Format, else the extension, else
// the content outside example regions (fenced code in Markdown, HTML and
// JavaScript examples: see exampleRanges).
func pickSyntax(path string, src *source, opts Options) (*syntax, bool) {
	if opts.Format != "" {
		return lookupSyntax(opts.Format)
	}
	if s := extSyntax(path); s != nil {
		return s, true
	}
	var fenced, examples [][2]int
	if !opts.Rendered {
		if hasFences(path) {
			for _, fc := range fences(src.text, 0, len(src.text)) {
				fenced = append(fenced, [2]int{fc.start, fc.end})
			}
		}
		examples = exampleRanges(src.text, isMarkdown(path))
	}
	name := sniff(src.text, mergeRanges(append(append([][2]int(nil), fenced...), examples...)))
	if name == FormatPlain && fenced != nil {
		// Only fenced code has template syntax: detect it there, and let
		// literalRanges decide which fences are examples.
		name = sniff(src.text, examples)
	}
	return syntaxes[name], true
}

// sniff detects a syntax from content outside the hidden ranges: {% is
// Jinja; {{ followed by . $ /* - or a Go keyword is Go; {{ followed by # /
// ^ ! > { & is Handlebars; other {{ }} is the generic double-brace syntax;
// ${ is dollar; else plain.
func sniff(text string, hide [][2]int) string {
	var jinja, goTmpl, hb, brace, dollar int
	h := 0
	for i := 0; i+1 < len(text); i++ {
		for h < len(hide) && hide[h][1] <= i {
			h++
		}
		if h < len(hide) && hide[h][0] <= i {
			i = hide[h][1] - 1
			continue
		}
		if text[i] == '$' && text[i+1] == '{' {
			dollar++
			continue
		}
		if text[i] != '{' {
			continue
		}
		switch text[i+1] {
		case '%':
			jinja++
		case '{':
			brace++
			switch sniffAction(text[i+2:]) {
			case FormatGo:
				goTmpl++
			case FormatHandlebars:
				hb++
			}
			i++
		}
	}
	switch {
	case jinja > 0:
		return FormatJinja
	case goTmpl > 0 && goTmpl >= hb:
		return FormatGo
	case hb > 0:
		return FormatHandlebars
	case brace > 0:
		return FormatDoubleBrace
	case dollar > 0:
		return FormatDollar
	}
	return FormatPlain
}

// sniffAction says which engine the start of an action's content belongs
// to, or "" when it could be any.
func sniffAction(s string) string {
	s = s[:min(len(s), 32)] // the start of the action is enough
	if strings.HasPrefix(s, "- ") || strings.HasPrefix(s, "-\t") {
		s = strings.TrimLeft(s[1:], " \t")
	}
	if strings.HasPrefix(s, "/*") {
		return FormatGo
	}
	if s != "" && strings.IndexByte("#/^!>{&~", s[0]) >= 0 {
		return FormatHandlebars
	}
	s = strings.TrimLeft(s, " \t")
	if s != "" && (s[0] == '.' || s[0] == '$') {
		return FormatGo
	}
	switch w, _ := firstWord(s + " "); w {
	case "if", "range", "with", "define", "template", "block", "end":
		return FormatGo
	}
	if strings.HasPrefix(s, "end}}") {
		return FormatGo
	}
	return ""
}

// parsed is a template parsed once and emitted one or more times.
type parsed struct {
	src     *source
	syn     *syntax
	nodes   []*node
	defines map[string]*node
	macros  map[string]bool
}

func parse(src *source, from, to int, syn *syntax, el *errList) *parsed {
	items := syn.lex(src, from, to, el)
	p := &parsed{src: src, syn: syn, nodes: buildTree(src, items, syn.desc, el), defines: map[string]*node{}, macros: map[string]bool{}}
	if syn.d == dJinja {
		p.nodes = extended(p.nodes)
	}
	walk(p.nodes, func(n *node) {
		t := n.tag
		switch {
		case t == nil:
		case t.kind == tCapture && t.kw == "define", t.kind == tBlock && t.kw == "block" && syn.d == dGo:
			if _, dup := p.defines[t.name]; !dup {
				p.defines[t.name] = n
			}
		case t.kind == tCapture && t.kw == "macro":
			p.macros[t.name] = true
		}
	})
	return p
}

// extended handles a Jinja child template ({% extends "base" %}): only its
// blocks render, inside the parent, which this file does not show. The
// parent is a stable slot where extends stands; top-level text outside
// blocks is not rendered. set and macro tags still bind names.
func extended(ns []*node) []*node {
	var ext *node
	for _, n := range ns {
		if n.tag != nil && n.tag.kw == "extends" && n.tag.kind == tNone {
			ext = n
			break
		}
	}
	if ext == nil {
		return ns
	}
	parent := templateName(ext.tag.expr)
	out := []*node{{start: ext.start, end: ext.end, tag: &tag{kind: tInclude, kw: "extends", name: parent, start: ext.start, end: ext.end}}}
	for _, n := range ns {
		if t := n.tag; t != nil && (t.kind == tBlock && t.kw == "block" || t.kind == tSet || t.kind == tCapture) {
			out = append(out, n)
		}
	}
	return out
}

// templateName reads a quoted template name, or keeps an expression.
func templateName(expr string) string {
	expr = strings.TrimSpace(expr)
	if expr != "" && (expr[0] == '"' || expr[0] == '\'') {
		_, v := scanString(expr, 0)
		return v
	}
	return expr
}

// walk visits every node of a tree.
func walk(ns []*node, f func(*node)) {
	for _, n := range ns {
		f(n)
		walk(n.body, f)
		for _, a := range n.alts {
			walk(a.body, f)
		}
	}
}

func (p *parsed) emitter(b *blockBuilder, names rules.NameOverrides) *emitter {
	cl := newClassifier(p.syn.d, names)
	for m := range p.macros {
		cl.macros[m] = true
	}
	e := newEmitter(p.src, b, cl)
	e.defines = p.defines
	return e
}

// roots returns the node lists to emit as requests: the template itself,
// or, for a Go file made only of {{define}}s, each defined template that
// no other template includes.
func (p *parsed) roots() [][]*node {
	if p.syn.d != dGo || len(p.defines) == 0 || !onlyDefines(p.src, p.nodes) {
		return [][]*node{p.nodes}
	}
	included := map[string]bool{}
	walk(p.nodes, func(n *node) {
		if n.tag != nil && n.tag.kind == tInclude {
			included[n.tag.name] = true
		}
	})
	var roots, all [][]*node
	for _, n := range p.nodes {
		if n.tag == nil || n.tag.kind != tCapture || n.tag.kw != "define" {
			continue
		}
		all = append(all, []*node{{start: n.start, end: n.end, tag: &tag{kind: tInclude, name: n.tag.name, start: n.start, end: n.end}}})
		if !included[n.tag.name] {
			roots = append(roots, all[len(all)-1])
		}
	}
	if len(roots) == 0 {
		return all
	}
	return roots
}

// onlyDefines reports whether a Go template's top level holds nothing but
// whitespace, comments and {{define}}s.
func onlyDefines(src *source, ns []*node) bool {
	for _, n := range ns {
		switch {
		case n.tag == nil:
			if strings.TrimSpace(src.text[n.start:n.end]) != "" {
				return false
			}
		case n.tag.kind == tComment, n.tag.kind == tCapture && n.tag.kw == "define":
		default:
			return false
		}
	}
	return true
}
