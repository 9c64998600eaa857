package cachevet

import (
	"go/ast"
	"go/types"
	"strings"

	goanalysis "golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ast/inspector"

	"github.com/cachevet/cachevet/analyzers/internal/flow"
	"github.com/cachevet/cachevet/rules"
)

// Sinks by shape. Real agents rarely call an SDK where they build the
// prompt: they call a model interface of their own (Provider.Chat(ctx,
// messages, tools)), a function value, or a wrapper library, with message
// and tool types of their own, and an implementation in a package the
// caller does not import translates them. A call is a send when it passes
// a message-shaped list (elements with a role and a content), or a value
// holding one: its request is judged where the call is, with the segments
// the caller built. What the implementation adds (breakpoints, the
// provider) is not seen there, so where breakpoints go is unknown and the
// model is the configured default.

// shapeKind is what a parameter's type says it carries.
type shapeKind int

const (
	shapeNone     shapeKind = iota
	shapeMessages           // a list of messages: role and content
	shapeTools              // a list of tool definitions: name, description, schema
	shapeRequest            // a struct holding a message list
)

// looseNames maps field names, folded (lower case, no underscores), onto
// the request vocabulary the JSON mappers read.
var looseNames = map[string]string{
	"cachecontrol": "cache_control", "inputschema": "input_schema", "schema": "input_schema", "jsonschema": "input_schema",
	"params": "parameters", "systemprompt": "system", "systemmessage": "system", "instructions": "system",
}

// looseName is the request-vocabulary name of a field of an agent's own
// type: its JSON name folded, with synonyms.
func looseName(name string) string {
	f := strings.ReplaceAll(strings.ToLower(name), "_", "")
	if n, ok := looseNames[f]; ok {
		return n
	}
	return f
}

// contentNames are the fields that hold a message's content.
var contentNames = []string{"content", "text", "parts", "contents"}

// shapeOf says what values of a type carry, memoized per type.
func (a *analysis) shapeOf(t types.Type) shapeKind {
	if t == nil {
		return shapeNone
	}
	if a.shapes == nil {
		a.shapes = map[types.Type]shapeKind{}
	}
	if k, ok := a.shapes[t]; ok {
		return k
	}
	a.shapes[t] = shapeNone // a recursive type is not followed twice
	k := shapeKindOf(t, a.shapeOf)
	a.shapes[t] = k
	return k
}

func shapeKindOf(t types.Type, of func(types.Type) shapeKind) shapeKind {
	if p, ok := t.Underlying().(*types.Pointer); ok {
		t = p.Elem()
	}
	if s, ok := t.Underlying().(*types.Slice); ok {
		st := flow.StructOf(s.Elem())
		switch {
		case st == nil:
			return shapeNone
		case hasFields(st, []string{"role"}, contentNames):
			return shapeMessages
		case toolStruct(st):
			return shapeTools
		}
		return shapeNone
	}
	st, ok := t.Underlying().(*types.Struct)
	if !ok {
		return shapeNone
	}
	for i := range st.NumFields() {
		if fld := st.Field(i); looseName(jsonName(fld.Name(), st.Tag(i))) == "messages" && of(fld.Type()) == shapeMessages {
			return shapeRequest
		}
	}
	return shapeNone
}

// toolStruct reports whether a struct is a tool definition: a name, a
// description and a schema, at its top or under "function" (the chat
// completions form).
func toolStruct(st *types.Struct) bool {
	if hasFields(st, []string{"name"}, []string{"description"}, []string{"input_schema", "parameters"}) {
		return true
	}
	for i := range st.NumFields() {
		if fld := st.Field(i); looseName(jsonName(fld.Name(), st.Tag(i))) == "function" {
			if inner := flow.StructOf(fld.Type()); inner != nil && inner != st {
				return hasFields(inner, []string{"name"}, []string{"description"}, []string{"input_schema", "parameters"})
			}
		}
	}
	return false
}

// hasFields reports whether a struct has, for each list of names, a field
// with one of them.
func hasFields(st *types.Struct, each ...[]string) bool {
	have := map[string]bool{}
	for i := range st.NumFields() {
		have[looseName(jsonName(st.Field(i).Name(), st.Tag(i)))] = true
		// A field encoding/json skips may still be sent by a MarshalJSON
		// of the type's own (Content `json:"-"` written as a string or
		// as parts): its Go name says what it holds.
		have[looseName(st.Field(i).Name())] = true
	}
	for _, names := range each {
		found := false
		for _, n := range names {
			found = found || have[n]
		}
		if !found {
			return false
		}
	}
	return true
}

// shapeSendSig reports whether a call with this signature, to this callee
// (nil for a function value), is a send by shape: the callee's body is not
// this package's to follow (an interface method, a function value, another
// package's function that no library or fact models) and it takes a
// message list or a request holding one.
func (a *analysis) shapeSendSig(fn *types.Func, sig *types.Signature) bool {
	if fn != nil {
		recv := fn.Signature().Recv()
		iface := recv != nil && types.IsInterface(recv.Type())
		if !iface && fn.Pkg() == a.pass.Pkg {
			return false // its body is followed where it sends
		}
	}
	if !a.answers(sig) {
		return false // a store, a logger, a callback handed the turn
	}
	params := sig.Params()
	for i := range params.Len() {
		switch a.shapeOf(params.At(i).Type()) {
		case shapeMessages, shapeRequest:
			return true
		}
	}
	return false
}

// answers reports whether a function can hand back a model's answer: it
// returns something besides an error (a response, a stream, a channel,
// text) or takes a function or channel to deliver it to. Functions that
// save, log or count a conversation return at most an error, a number or
// a bool; an option constructor returns a function for the call that
// sends; a filter or trim returns the conversation itself.
func (a *analysis) answers(sig *types.Signature) bool {
	res := sig.Results()
	for i := range res.Len() {
		t := res.At(i).Type()
		switch a.shapeOf(t) {
		case shapeMessages, shapeRequest:
			return false // a transform of the conversation (a filter, a trim)
		}
		switch u := t.Underlying().(type) {
		case *types.Signature:
			return false // an option (WithHistory(msgs)) for a call made elsewhere
		case *types.Basic:
			if u.Info()&(types.IsNumeric|types.IsBoolean) != 0 {
				continue // a count or a check (token estimates, validation)
			}
		}
		if !types.Identical(t, types.Universe.Lookup("error").Type()) {
			return true
		}
	}
	params := sig.Params()
	for i := range params.Len() {
		switch params.At(i).Type().Underlying().(type) {
		case *types.Signature, *types.Chan:
			return true
		}
	}
	return false
}

// callSignature is the signature of what a call calls: a function, a
// method, a function value; nil for conversions and builtins.
func callSignature(info *types.Info, c *ast.CallExpr) *types.Signature {
	if tv, ok := info.Types[c.Fun]; ok && (tv.IsType() || tv.IsBuiltin()) {
		return nil
	}
	t := info.TypeOf(c.Fun)
	if t == nil {
		return nil // an ill-typed callee
	}
	sig, _ := t.Underlying().(*types.Signature)
	return sig
}

// hasShapeSends reports whether a package calls a send by shape: a cheap
// walk, run only for packages that import no library.
func (a *analysis) hasShapeSends(pass *goanalysis.Pass) bool {
	found := false
	for _, f := range pass.Files {
		ast.Inspect(f, func(n ast.Node) bool {
			c, ok := n.(*ast.CallExpr)
			if found || !ok {
				return !found
			}
			if sig := callSignature(pass.TypesInfo, c); sig != nil && sig.Params().Len() > 0 {
				fn := flow.Callee(pass.TypesInfo, c)
				found = a.shapeSendSig(fn, sig)
			}
			return !found
		})
	}
	return found
}

// shapeSend maps a send by shape: the message lists, tool lists and
// requests holding them among its arguments, and a string argument whose
// parameter names the system prompt. Tools come first, then the system
// prompt, then the messages: the order providers render a prefix in.
func (b *builder) shapeSend(c *ast.CallExpr) bool {
	sig := callSignature(b.a.pass.TypesInfo, c)
	if sig == nil {
		return false
	}
	b.loose = true
	var msgs, tools, system ast.Expr
	params := sig.Params()
	for i, arg := range c.Args {
		pi := min(i, params.Len()-1)
		pt := params.At(pi).Type()
		if sig.Variadic() && pi == params.Len()-1 && !c.Ellipsis.IsValid() {
			continue // one element of a variadic list: an option, not a list
		}
		switch b.a.shapeOf(pt) {
		case shapeMessages:
			msgs = arg
		case shapeTools:
			tools = arg
		case shapeRequest:
			lit := b.paramsArg(c, i)
			if lit == nil {
				continue // a request built elsewhere
			}
			f := b.jsonFields(lit)
			b.model(f["model"])
			msgs, tools, system = f["messages"], f["tools"], f["system"]
			if cc := f["cache_control"]; cc != nil {
				b.r.req.Auto = &rules.Breakpoint{Span: b.a.Span(cc.Pos(), cc.End())}
			}
		default:
			switch name := params.At(pi).Name(); {
			case flow.IsStringy(pt) && systemName(name):
				system = arg
			case untypedList(pt) && toolsName(name):
				tools = arg // []map[string]any tool definitions
			}
		}
	}
	if msgs == nil {
		return false
	}
	b.tools(tools, b.jsonTool)
	if system != nil {
		if flow.IsStringy(b.a.pass.TypesInfo.TypeOf(system)) {
			b.block(rules.SectionSystem, "system", rules.BlockText, system, b.text(system))
		} else {
			b.orderedElems(system, func(x ast.Expr) { b.jsonText(rules.SectionSystem, "system", x) }, func(p flow.Piece) {
				b.block(rules.SectionSystem, "system", rules.BlockText, system, b.parts(flow.Layout{p}))
			})
		}
	}
	b.jsonMessages(msgs)
	// The implementation decides where breakpoints go, unless the
	// caller's request asks for them itself.
	b.r.req.BreakpointsKnown = b.r.req.Auto != nil || len(b.r.req.Breakpoints()) > 0
	return len(b.r.req.Blocks) > 0
}

// untypedList reports whether a type is a list of untyped JSON values
// ([]map[string]any, []any, []json.RawMessage): what it carries only its
// name says.
func untypedList(t types.Type) bool {
	s, ok := t.Underlying().(*types.Slice)
	if !ok {
		return false
	}
	switch e := s.Elem().Underlying().(type) {
	case *types.Map:
		return flow.IsStringy(e.Key())
	case *types.Interface:
		return true
	case *types.Slice:
		b, ok := e.Elem().Underlying().(*types.Basic)
		return ok && b.Kind() == types.Byte
	}
	return false
}

// toolsName reports whether a parameter's name says it holds tool
// definitions: tools, toolDefs, tool_definitions, functions.
func toolsName(name string) bool {
	switch strings.ReplaceAll(strings.ToLower(name), "_", "") {
	case "tools", "tooldefs", "tooldefinitions", "toolspecs", "toollist", "functions", "functiondefs":
		return true
	}
	return false
}

// systemName reports whether a parameter's name says it is the system
// prompt.
func systemName(name string) bool {
	return looseName(name) == "system" || rules.IsSystemPromptName(name)
}

// looseContent is a message's content field under a name of the agent's
// own: text, parts, contents.
func looseContent(f map[string]ast.Expr) ast.Expr {
	for _, n := range contentNames {
		if x := f[n]; x != nil {
			return x
		}
	}
	return nil
}

// noteShapeSend records a call as a send site when it is a send by shape.
func (a *analysis) noteShapeSend(cur inspector.Cursor, file *ast.File, c *ast.CallExpr, fn *types.Func) {
	if !a.shapeSends || len(c.Args) == 0 {
		return
	}
	sig := callSignature(a.pass.TypesInfo, c)
	if sig == nil || !a.shapeSendSig(fn, sig) {
		return
	}
	if fd := flow.EnclosingDecl(cur); fd != nil && fd.Body != nil {
		a.sendSites = append(a.sendSites, sendSite{file: file, fd: fd, call: c, send: (*builder).shapeSend})
	}
}

// drawnFromConversation is the text result i of a call that takes a
// message list, or a request holding one: the system text split off a
// provider-neutral list (system, msgs := toSDK(req.Messages)), a summary
// of earlier turns. It is part of the conversation, whose start is the
// same turn to turn, and never the volatile value, whatever the names
// inside the function say.
func (a *analysis) drawnFromConversation(c *ast.CallExpr, i int) (flow.Layout, bool) {
	sig := callSignature(a.pass.TypesInfo, c)
	if sig == nil || i >= sig.Results().Len() || !flow.IsStringy(sig.Results().At(i).Type()) {
		return nil, false
	}
	for _, arg := range c.Args {
		switch a.shapeOf(a.pass.TypesInfo.TypeOf(arg)) {
		case shapeMessages, shapeRequest:
			return flow.SlotAt(c, &rules.Slot{Name: a.ShortText(c), Kind: rules.KindHistory, Lifetime: rules.LifeStable, Why: "drawn from the conversation"}), true
		}
	}
	return nil, false
}
