package prompts

import (
	"strings"

	"github.com/cachevet/cachevet/internal/textpos"
	"github.com/cachevet/cachevet/rules"
)

// ReadStructured reads a YAML or JSON file that may be a LangChain prompt:
//
//   - a prompt file: _type: prompt (or no _type with template and
//     input_variables), template, template_format (f-string, the default;
//     jinja2; mustache), partial_variables (read as stable);
//   - a few-shot file: _type: few_shot with prefix, examples (formatted
//     through example_prompt and read as stable text), example_separator
//     and suffix;
//   - a serialized object ({lc: 1, type: constructor, id: [...], kwargs}) of
//     PromptTemplate, FewShotPromptTemplate or ChatPromptTemplate, whose
//     messages become system, user and assistant blocks and whose
//     MessagesPlaceholder is conversation history;
//   - any other document with prompt values: strings under keys that name
//     a prompt (system_prompt, system, prompt, template, instructions,
//     *_prompt, *_template), each read as a template with positions in the
//     file and returned as a request of its own (see yamlprompt.go).
//
// A file that parses and is none of these returns ErrNotPrompt, so a
// scanner can skip it silently. A file that does not parse is reported in
// errs with a nil error: nothing tells it apart from a broken prompt file,
// so a scanner that already reported the syntax error (a request-body
// reader tried first) should not call ReadStructured for it. template_path
// and other *_path references are not followed. .jsonl files (request
// logs) are never prompts.
func ReadStructured(d *textpos.Doc, opts Options) ([]*rules.Request, []*rules.InputError, error) {
	if d.Kind != textpos.KindJSON && d.Kind != textpos.KindYAML {
		return nil, nil, ErrNotPrompt
	}
	f := docFile(d)
	root, tmpl, ierr := structuredTree(f)
	if tmpl {
		// A template over JSON (Nunjucks loops in a .json file): the
		// requests package reads those; one that reaches here is no
		// request and no chat prompt, and LangChain files are plain JSON.
		return nil, nil, ErrNotPrompt
	}
	el := &errList{errs: checkInput(f)}
	if ierr != nil {
		el.add(ierr.Span, "%s", ierr.Message)
		return nil, el.list(), nil
	}
	r := &lcReader{f: f, opts: opts, el: el, b: newBlockBuilder(rules.SectionSystem, "system")}
	if !r.read(root) {
		reqs := readPromptValues(f, root, opts, el)
		if len(reqs) == 0 {
			return nil, nil, ErrNotPrompt
		}
		return reqs, sortErrors(el.list()), nil
	}
	req := newRequest(f)
	req.Blocks = r.b.finish()
	if len(req.Blocks) == 0 {
		return nil, sortErrors(el.list()), nil
	}
	return []*rules.Request{req}, sortErrors(el.list()), nil
}

// structuredTree is the document tree of a JSON or YAML file, parsed
// once for every reader (textpos.Doc). tmpl reports a JSON file that is
// no JSON as written but has template tags.
func structuredTree(f *file) (root *textpos.Node, tmpl bool, ierr *rules.InputError) {
	d := f.doc
	if d.Kind != textpos.KindJSON {
		root, err := d.YAMLTree()
		if err != nil {
			return nil, false, rules.Errorf(f.at(err.Off), "invalid YAML: %s", err.Msg)
		}
		return root, false, nil
	}
	root, end, err := d.JSON()
	if err == nil && end < len(d.Text) {
		err = &textpos.Error{Off: end, Msg: "invalid character " + textpos.QuoteByte(d.Text, end) + " after top-level value"}
	}
	if err == nil {
		return root, false, nil
	}
	if strings.Contains(f.data, "{%") || strings.Contains(f.data, "{{") {
		return nil, true, nil
	}
	off := 0
	if se, ok := err.(*textpos.Error); ok {
		off = se.Off
	}
	return nil, false, rules.Errorf(f.at(off), "invalid JSON: %s", err.Error())
}

// lcReader turns LangChain prompt objects into blocks.
type lcReader struct {
	f    *file
	opts Options
	el   *errList
	b    *blockBuilder
}

// read recognizes a LangChain object and emits it; false means it is not
// one.
func (r *lcReader) read(m *textpos.Node) bool {
	if m == nil || !m.IsObject() {
		return false
	}
	if key(m, "lc") != nil && str(key(m, "type")) == "constructor" {
		return r.serialized(m)
	}
	switch str(key(m, "_type")) {
	case "prompt":
		r.prompt(m)
		return true
	case "few_shot":
		r.fewShot(m)
		return true
	case "":
		if t := key(m, "template"); t != nil && isScalar(t) && key(m, "input_variables") != nil {
			r.prompt(m)
			return true
		}
	}
	return false
}

// serialized reads an object written by LangChain's dumpd/dumps.
func (r *lcReader) serialized(m *textpos.Node) bool {
	kw := key(m, "kwargs")
	switch lcClass(m) {
	case "PromptTemplate":
		r.prompt(kw)
	case "FewShotPromptTemplate":
		r.fewShot(kw)
	case "ChatPromptTemplate":
		msgs := key(kw, "messages")
		if msgs == nil || !msgs.IsArray() {
			return false
		}
		for _, msg := range msgs.Elems {
			r.message(msg)
		}
	default:
		return false
	}
	return true
}

// lcClass is the last element of a serialized object's id.
func lcClass(m *textpos.Node) string {
	id := key(m, "id")
	if !id.IsArray() || len(id.Elems) == 0 {
		return ""
	}
	return str(id.Elems[len(id.Elems)-1])
}

var lcRoles = map[string]string{
	"SystemMessagePromptTemplate": "system", "SystemMessage": "system",
	"HumanMessagePromptTemplate": "user", "HumanMessage": "user",
	"AIMessagePromptTemplate": "assistant", "AIMessage": "assistant",
}

// message reads one message of a ChatPromptTemplate.
func (r *lcReader) message(m *textpos.Node) {
	class := lcClass(m)
	kw := key(m, "kwargs")
	role := lcRoles[class]
	if class == "ChatMessagePromptTemplate" || class == "ChatMessage" {
		role = strings.ToLower(str(key(kw, "role")))
	}
	switch {
	case class == "MessagesPlaceholder":
		r.placeholder(key(kw, "variable_name"))
	case strings.HasSuffix(class, "PromptTemplate"):
		r.b.switchRole(role)
		r.prompts(key(kw, "prompt"))
	case role != "":
		r.b.switchRole(role)
		r.content(key(kw, "content"))
	}
}

// prompts reads a message's prompt: one PromptTemplate or a list of them.
func (r *lcReader) prompts(p *textpos.Node) {
	if p == nil {
		return
	}
	if p.IsArray() {
		for _, c := range p.Elems {
			r.prompts(c)
		}
		return
	}
	if lcClass(p) == "PromptTemplate" {
		r.prompt(key(p, "kwargs"))
	}
}

// content reads a literal message: a string, or a list of content blocks
// whose text is read.
func (r *lcReader) content(c *textpos.Node) {
	switch {
	case c == nil:
	case isScalar(c):
		r.template(c, syntaxes[FormatPlain], r.opts.Names)
	case c.IsArray():
		for _, blk := range c.Elems {
			if t := key(blk, "text"); t != nil {
				r.template(t, syntaxes[FormatPlain], r.opts.Names)
			}
		}
	}
}

// placeholder is a MessagesPlaceholder: conversation messages that change
// every request unless the config says the name is stable.
func (r *lcReader) placeholder(name *textpos.Node) {
	if !isScalar(name) {
		return
	}
	r.b.switchRole("user")
	cl := newClassifier(dJinja, r.opts.Names).path([]string{name.Str})
	s := cl.slot()
	if s.Lifetime != rules.LifeStable {
		s.Kind, s.Lifetime = rules.KindHistory, rules.LifeRequest
	}
	s.Why, s.Runtime = "messages placeholder", rules.RuntimeHistory
	src := r.f.scalar(name)
	r.b.slot(src, 0, len(src.text), s)
	r.b.role("assistant")
}

// prompt reads a PromptTemplate's template string.
func (r *lcReader) prompt(m *textpos.Node) {
	t := key(m, "template")
	if !isScalar(t) {
		return // template_path is not followed
	}
	r.template(t, r.syntax(m), r.names(m))
}

// syntax reads template_format.
func (r *lcReader) syntax(m *textpos.Node) *syntax {
	n := key(m, "template_format")
	name := str(n)
	if name == "" {
		return syntaxes[FormatFString]
	}
	s, ok := lookupSyntax(name)
	if !ok {
		r.el.add(r.f.valueSpan(n), "unknown template_format %q (want f-string, jinja2 or mustache); read as f-string", name)
		return syntaxes[FormatFString]
	}
	return s
}

// names adds partial_variables, fixed when the prompt is loaded, to the
// stable names.
func (r *lcReader) names(m *textpos.Node) rules.NameOverrides {
	names := r.opts.Names
	if pv := key(m, "partial_variables"); pv.IsObject() {
		names.Stable = append([]string(nil), names.Stable...)
		for _, v := range pv.Members {
			names.Stable = append(names.Stable, v.Key)
		}
	}
	return names
}

// template parses a string node as a template and emits it.
func (r *lcReader) template(n *textpos.Node, syn *syntax, names rules.NameOverrides) {
	src := r.f.scalar(n)
	p := parse(src, 0, len(src.text), syn, r.el)
	e := p.emitter(r.b, names)
	e.nodes(p.nodes, false)
}

// fewShot reads a few-shot prompt: prefix, the examples formatted through
// example_prompt, suffix, joined by example_separator.
func (r *lcReader) fewShot(m *textpos.Node) {
	syn := r.syntax(m)
	names := r.names(m)
	sep := "\n\n"
	sepNode := key(m, "example_separator")
	if isScalar(sepNode) {
		sep = sepNode.Str
	}
	// LangChain joins the non-empty pieces with the separator.
	first := true
	join := func(at *textpos.Node) {
		if !first {
			if sepNode != nil {
				at = sepNode
			}
			r.b.literal(sep, r.f.nodeSpan(at))
		}
		first = false
	}
	piece := func(k string) {
		n := key(m, k)
		if n.IsObject() { // a PromptTemplate object
			if kw := key(n, "kwargs"); kw != nil {
				n = kw
			}
			n = key(n, "template")
		}
		if isScalar(n) && n.Str != "" {
			join(n)
			r.template(n, syn, names)
		}
	}
	piece("prefix")
	r.examples(m, join)
	piece("suffix")
}

// examples formats each example through example_prompt. Examples in the
// file are part of the prompt, the same for every request: stable text.
// Examples kept in another file are a stable slot of unknown size.
func (r *lcReader) examples(m *textpos.Node, join func(*textpos.Node)) {
	ex := key(m, "examples")
	if ex == nil {
		return
	}
	if isScalar(ex) {
		join(ex)
		src := r.f.scalar(ex)
		r.b.slot(src, 0, len(src.text), &rules.Slot{Name: "examples", Kind: rules.KindOther, Lifetime: rules.LifeStable, Why: "examples file"})
		return
	}
	if !ex.IsArray() {
		return
	}
	ep := key(m, "example_prompt")
	if kw := key(ep, "kwargs"); kw != nil {
		ep = kw
	}
	tmpl := key(ep, "template")
	for _, e := range ex.Elems {
		join(e)
		r.b.literal(formatExample(r, tmpl, r.syntax(ep), e), r.f.nodeSpan(e))
	}
}

// formatExample fills an example prompt with one example's values: text
// is kept, each placeholder naming a key of the example takes its value.
// Without an example prompt, the values are joined by newlines.
func formatExample(r *lcReader, tmpl *textpos.Node, syn *syntax, e *textpos.Node) string {
	values := map[string]string{}
	var order []string
	if e.IsObject() {
		for _, m := range e.Members {
			values[m.Key] = str(m.Val)
			order = append(order, str(m.Val))
		}
	}
	if !isScalar(tmpl) {
		return strings.Join(order, "\n")
	}
	src := r.f.scalar(tmpl)
	var b strings.Builder
	for _, it := range syn.lex(src, 0, len(src.text), &errList{}) {
		if it.tag == nil {
			b.WriteString(src.text[it.start:it.end])
			continue
		}
		name := it.tag.name
		if name == "" {
			name = strings.TrimSpace(it.tag.expr)
		}
		if v, ok := values[name]; ok {
			b.WriteString(v)
		} else if it.tag.kind == tOutput {
			b.WriteString(src.text[it.start:it.end])
		}
	}
	return b.String()
}

// key finds a mapping's value node by key: the first member of that
// name.
func key(m *textpos.Node, k string) *textpos.Node {
	for _, v := range m.MembersOrNil() {
		if v.Key == k {
			return v.Val
		}
	}
	return nil
}

// isScalar reports a scalar: no mapping, sequence or template value.
func isScalar(n *textpos.Node) bool {
	return n != nil && !n.IsObject() && !n.IsArray() && !n.Raw
}

// str returns a scalar's value, or "" for anything else.
func str(n *textpos.Node) string {
	if !isScalar(n) {
		return ""
	}
	return n.Str
}

// follow follows keys through nested mappings.
func follow(n *textpos.Node, keys ...string) *textpos.Node {
	for _, k := range keys {
		n = key(n, k)
	}
	return n
}
