package cachevet

import (
	"cmp"
	"go/ast"
	"go/token"
	"go/types"
	"reflect"
	"slices"
	"strings"

	"github.com/cachevet/cachevet/analyzers/internal/flow"
	"github.com/cachevet/cachevet/requests"
	"github.com/cachevet/cachevet/rules"
)

// A hand-rolled client sends a request without an SDK: it marshals a
// value with encoding/json and posts it with net/http or its own client
// package. The value is a request when its shape is a provider's request
// body, as requests.DetectShape (the file readers' rules) tells; its
// tools, system and messages are then followed like an SDK's.

// marshals are the encoding/json calls whose first argument is the body.
var marshals = map[string]bool{
	"encoding/json.Marshal": true, "encoding/json.MarshalIndent": true, "encoding/json.(Encoder).Encode": true,
}

// handRolled reports whether a package can send a hand-rolled request: it
// imports encoding/json and an HTTP client (net/http, or a package named
// for HTTP such as fhttp, resty or req).
func handRolled(pkg *types.Package) bool {
	var js, http bool
	for _, imp := range pkg.Imports() {
		switch path := imp.Path(); {
		case path == "encoding/json":
			js = true
		case httpClient(path):
			http = true
		}
	}
	return js && http
}

// httpClient reports whether an import path is an HTTP client package.
func httpClient(path string) bool {
	if path == "net/http" {
		return true
	}
	last := flow.TrimVersion(path)
	if i := strings.LastIndexByte(last, '/'); i >= 0 {
		last = last[i+1:]
	}
	return strings.Contains(last, "http") && !strings.Contains(last, "httptest") || last == "resty" || last == "req"
}

// sendOf is the mapper of a call with n arguments: a library's send
// function, or a marshal of a possible request body.
func sendOf(key string, n int) mapper {
	if marshals[key] {
		return (*builder).jsonBody
	}
	if n < 1 {
		return nil // every library send takes arguments (llmagent.New takes one)
	}
	return sends[key]
}

// maxShapeDepth bounds how deeply a body's shape is followed.
const maxShapeDepth = 6

// jsonBody maps a marshalled value whose shape is a request body.
func (b *builder) jsonBody(c *ast.CallExpr) bool { return b.jsonBodyAt(c, 0, "") }

// jsonBodyAt maps argument i of a call as a request body: of the given
// format, or of the one its shape tells when format is "". A body that is
// a parameter of an exported function is noted as a BodySinkFact: its
// callers build it.
func (b *builder) jsonBodyAt(c *ast.CallExpr, i int, format string) bool {
	if format == "" && i < len(c.Args) {
		b.noteBodySink(b.fd, c.Args[i])
	}
	body := b.paramsArg(c, i)
	if body == nil {
		return false
	}
	if format == "" {
		format = requests.DetectShape(b.shape(body, 0), "")
	}
	if format == "" {
		return false // not a request body
	}
	f := b.jsonFields(body)
	b.model(f["model"])
	req := b.r.req
	switch format {
	case requests.BodyAnthropic:
		req.Provider = "anthropic"
		b.tools(f["tools"], b.jsonTool)
		b.jsonSystem(f["system"])
		b.jsonMessages(f["messages"])
		if cc := f["cache_control"]; cc != nil {
			req.Auto = &rules.Breakpoint{Span: b.a.Span(cc.Pos(), cc.End())}
		}
		// A client of its own often adds cache_control by option, where
		// the literal does not show it: where breakpoints go is known when
		// the literals set one, or when nothing could: the body's types
		// have no cache_control field, or none that the package sets.
		req.BreakpointsKnown = req.Auto != nil || len(req.Breakpoints()) > 0 || !b.a.markable(b.litType(body))
	case requests.BodyChat:
		req.Provider = rules.ProviderOf(req.Model)
		if req.Provider == "" {
			req.Provider = "openai"
		}
		b.tools(f["tools"], b.jsonTool)
		b.jsonMessages(f["messages"])
	case requests.BodyBedrock:
		b.bedrockBody(f)
	case requests.BodyGemini:
		b.geminiBody(f)
	case requests.BodyResponses:
		req.Provider = "openai"
		b.tools(f["tools"], b.jsonTool)
		if in := f["instructions"]; in != nil {
			b.block(rules.SectionSystem, "system", rules.BlockText, in, b.text(in))
		}
		if in := f["input"]; in != nil {
			if flow.IsStringy(b.a.pass.TypesInfo.TypeOf(in)) {
				b.block(rules.SectionMessages, "user", rules.BlockText, in, b.text(in))
			} else {
				b.jsonMessages(in)
			}
		}
	}
	return len(req.Blocks) > 0
}

// jsonSystem maps a system prompt: a string, or a list of text blocks.
func (b *builder) jsonSystem(sys ast.Expr) {
	switch {
	case sys == nil:
	case flow.IsStringy(b.a.pass.TypesInfo.TypeOf(sys)):
		b.block(rules.SectionSystem, "system", rules.BlockText, sys, b.text(sys))
	case !b.orderedElems(sys, func(x ast.Expr) { b.jsonText(rules.SectionSystem, "system", x) }, func(p flow.Piece) {
		b.block(rules.SectionSystem, "system", rules.BlockText, sys, b.parts(flow.Layout{p}))
	}):
		b.block(rules.SectionSystem, "system", rules.BlockText, sys, b.text(sys))
	}
}

// jsonMessages maps a messages list: literals with a role and content,
// the rest the conversation.
func (b *builder) jsonMessages(msgs ast.Expr) {
	if msgs == nil {
		return
	}
	b.messages(msgs, b.jsonMessage)
}

func (b *builder) jsonMessage(x ast.Expr) {
	defer b.nextMessage()
	lit := b.literal(x)
	if lit == nil {
		if role, content, ok := b.messageCall(x); ok {
			b.roleBlock(role, content, b.text(content))
			return
		}
		b.history(x)
		return
	}
	f := b.jsonFields(lit)
	role, _ := b.e.StringConst(f["role"])
	if role == "" {
		role = "user"
	}
	content := f["content"]
	if b.loose {
		content = looseContent(f)
	}
	if content == nil {
		return
	}
	if flow.IsStringy(b.a.pass.TypesInfo.TypeOf(content)) {
		b.roleBlock(role, content, b.text(content))
		return
	}
	if !b.orderedElems(content, func(el ast.Expr) { b.jsonText(rules.SectionMessages, role, el) }, func(p flow.Piece) {
		b.roleBlock(role, content, b.parts(flow.Layout{p}))
	}) {
		b.roleBlock(role, content, b.text(content))
	}
}

// jsonText maps a content block: its text, and its cache_control as a
// breakpoint.
func (b *builder) jsonText(sec rules.Section, role string, x ast.Expr) {
	if b.cachePoint(x) {
		return // Bedrock Converse: the breakpoint of the block before it
	}
	lit := b.literal(x)
	if lit == nil {
		b.block(sec, role, rules.BlockText, x, b.text(x))
		return
	}
	f := b.jsonFields(lit)
	if sec == rules.SectionSystem {
		role = "system"
	}
	blk := b.block(sec, role, rules.BlockText, x, b.text(f["text"]))
	if cc := f["cache_control"]; cc != nil {
		blk.Breakpoint = &rules.Breakpoint{Span: b.a.Span(cc.Pos(), cc.End())}
	}
}

// jsonTool maps one tool: its name, description and schema as written.
func (b *builder) jsonTool(x ast.Expr) {
	lit := b.literal(x)
	if lit == nil {
		b.sourceTool(x)
		return
	}
	f := b.jsonFields(lit)
	if fn := b.literal(f["function"]); fn != nil {
		f = b.jsonFields(fn) // chat: {"type": "function", "function": {...}}
	} else if spec := b.literal(f["toolSpec"]); spec != nil {
		f = b.jsonFields(spec) // Bedrock Converse: {"toolSpec": {...}}
	}
	blk := b.block(rules.SectionTools, "", rules.BlockTool, x, b.toolParts(f, []string{"name", "description"}, "input_schema", "parameters"))
	if cc := f["cache_control"]; cc != nil {
		blk.Breakpoint = &rules.Breakpoint{Span: b.a.Span(cc.Pos(), cc.End())}
	}
}

// jsonFields maps a struct or map literal's members to their values by
// JSON name: a struct field's json tag (its Go name without one), a map's
// constant key.
func (b *builder) jsonFields(lit *ast.CompositeLit) map[string]ast.Expr {
	f := b.fields(lit)
	st := flow.StructOf(b.litType(lit))
	if st == nil {
		return f
	}
	out := map[string]ast.Expr{}
	for i := range st.NumFields() {
		fld := st.Field(i)
		if v, ok := f[fld.Name()]; ok {
			name := jsonName(fld.Name(), st.Tag(i))
			if b.loose {
				// An agent's own type may skip a field for encoding/json
				// and write it in a MarshalJSON of its own (Content
				// `json:"-"`): its Go name says what it holds.
				name = looseName(cmp.Or(name, fld.Name()))
			}
			if name != "" {
				out[name] = v
			}
		}
	}
	return out
}

// jsonName is the member name encoding/json gives a struct field, "" for
// a field it skips.
func jsonName(goName, tag string) string {
	name, _, _ := strings.Cut(reflect.StructTag(tag).Get("json"), ",")
	switch name {
	case "-":
		return ""
	case "":
		return goName
	}
	return name
}

// shape is the JSON structure of a value as far as the source shows it.
func (b *builder) shape(x ast.Expr, depth int) *requests.Shape {
	if x == nil || depth > maxShapeDepth {
		return &requests.Shape{}
	}
	t := b.a.pass.TypesInfo.TypeOf(x)
	if t != nil && flow.IsStringy(t) {
		if _, isSlice := t.Underlying().(*types.Slice); !isSlice || isBytes(t) {
			s, _ := b.e.StringConst(x)
			return &requests.Shape{Kind: requests.ShapeString, Text: s}
		}
	}
	lit := b.literal(x)
	if lit == nil {
		if t != nil {
			if _, ok := t.Underlying().(*types.Slice); ok {
				return typeShape(t, depth) // elements not known: their type's shape
			}
		}
		return &requests.Shape{}
	}
	if lt := b.litType(lit); lt != nil {
		if _, ok := lt.Underlying().(*types.Slice); ok {
			s := &requests.Shape{Kind: requests.ShapeArray}
			for _, el := range lit.Elts {
				s.Elems = append(s.Elems, b.shape(el, depth+1))
			}
			return s
		}
	}
	s := &requests.Shape{Kind: requests.ShapeObject}
	f := b.jsonFields(lit)
	for _, k := range sortedKeys(f) {
		s.Fields = append(s.Fields, requests.ShapeField{Key: k, Value: b.shape(f[k], depth+1)})
	}
	return s
}

// litType is a literal's type; for the empty literal standing for a
// variable filled field by field, the variable's.
func (b *builder) litType(lit *ast.CompositeLit) types.Type {
	if t := b.a.pass.TypesInfo.TypeOf(lit); t != nil {
		return t
	}
	if lvs := b.litVars[lit]; len(lvs) > 0 {
		return lvs[0].v.Type()
	}
	return nil
}

func isBytes(t types.Type) bool {
	s, ok := t.Underlying().(*types.Slice)
	if !ok {
		return false
	}
	e, ok := s.Elem().Underlying().(*types.Basic)
	return ok && e.Kind() == types.Byte
}

func sortedKeys(m map[string]ast.Expr) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// maxMarkDepth bounds how deeply a body's types are searched for a
// cache_control field (body, message, content block, its marker).
const maxMarkDepth = 4

// markable reports whether a body of type t could carry a cache_control
// marker: a map or interface somewhere in it (members added at run time),
// or a cache_control field that this package, or another, may set. A body
// whose struct types have no such field, or only fields of this package's
// types that nothing here writes, never asks for caching.
func (a *analysis) markable(t types.Type) bool {
	if t == nil {
		return true
	}
	return a.markableAt(t, 0, map[types.Type]bool{})
}

// schemaMembers are members that hold a JSON schema or metadata, where a
// map says nothing about markers.
var schemaMembers = map[string]bool{"input_schema": true, "parameters": true, "properties": true, "metadata": true, "schema": true}

func (a *analysis) markableAt(t types.Type, depth int, seen map[types.Type]bool) bool {
	if depth > maxMarkDepth || seen[t] {
		return false
	}
	seen[t] = true
	if t == types.Typ[types.Invalid] {
		return true // of a package that could not be loaded: it may carry one
	}
	switch u := t.Underlying().(type) {
	case *types.Pointer:
		return a.markableAt(u.Elem(), depth, seen)
	case *types.Slice:
		return a.markableAt(u.Elem(), depth, seen)
	case *types.Array:
		return a.markableAt(u.Elem(), depth, seen)
	case *types.Map, *types.Interface:
		// Content any or map[string]any can hold a cache_control member
		// only if some code writes that key: a package that never spells
		// it (nor any package it imports) sends none.
		return a.spellsCacheControl()
	case *types.Struct:
		for i := range u.NumFields() {
			f := u.Field(i)
			name := jsonName(f.Name(), u.Tag(i))
			if name == "" || schemaMembers[name] {
				continue
			}
			if name == "cache_control" {
				if f.Pkg() != a.pass.Pkg || len(a.FieldWrites[f]) > 0 {
					return true
				}
				continue
			}
			if a.markableAt(f.Type(), depth+1, seen) {
				return true
			}
		}
	}
	return false
}

// CacheControlFact marks a package whose source spells "cache_control" in
// a string: a map or interface in a body it builds may carry a marker.
type CacheControlFact struct{}

func (*CacheControlFact) AFact() {}

func (*CacheControlFact) String() string { return "cache_control" }

// spellsCacheControl reports whether this package or one it imports
// writes the cache_control key, once per package.
func (a *analysis) spellsCacheControl() bool {
	if a.cacheControl != 0 {
		return a.cacheControl > 0
	}
	a.cacheControl = -1
	if a.exportCacheControl() {
		a.cacheControl = 1
		return true
	}
	for _, imp := range a.pass.Pkg.Imports() {
		// A package that could not be loaded (incomplete) may spell it.
		if !imp.Complete() || a.pass.ImportPackageFact(imp, new(CacheControlFact)) {
			a.cacheControl = 1
			return true
		}
	}
	return false
}

// exportCacheControl exports a CacheControlFact when a string literal of
// the package contains cache_control, and reports whether it did.
func (a *analysis) exportCacheControl() bool {
	if a.pass.ExportPackageFact == nil {
		return false
	}
	for _, f := range a.pass.Files {
		found := false
		ast.Inspect(f, func(n ast.Node) bool {
			if lit, ok := n.(*ast.BasicLit); ok && lit.Kind == token.STRING && strings.Contains(lit.Value, "cache_control") {
				found = true
			}
			return !found
		})
		if found {
			a.pass.ExportPackageFact(new(CacheControlFact))
			return true
		}
	}
	return false
}
