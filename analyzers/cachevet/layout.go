package cachevet

import (
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"slices"
	"strconv"
	"strings"

	"github.com/cachevet/cachevet/rules"
)

// piece is one part of a prompt string as the analyzer sees it: stable text
// or a slot, with its source range. param >= 0 marks a piece that stands
// for a parameter of the function whose result layout is being computed.
type piece struct {
	text     string
	slot     *rules.Slot
	pos, end token.Pos
	param    int
	// rng is the map range statement that makes an order slot, for fixes.
	rng *ast.RangeStmt
	// sink is the exported function parameter the piece stands for when
	// its argument is given in another package (see SinkFact).
	sink *sinkRef
}

type layout []piece

func stable(text string, n ast.Node) layout {
	return layout{{text: text, pos: n.Pos(), end: n.End(), param: -1}}
}

func slotAt(n ast.Node, s *rules.Slot) layout {
	return layout{{slot: s, pos: n.Pos(), end: n.End(), param: -1}}
}

// text returns the concatenated stable text, and whether every piece is stable.
func (l layout) text() (string, bool) {
	var b strings.Builder
	for _, p := range l {
		if p.slot != nil || p.param >= 0 {
			return "", false
		}
		b.WriteString(p.text)
	}
	return b.String(), true
}

// known reports whether every piece of a layout is stable text.
func (l layout) known() bool {
	_, ok := l.text()
	return ok
}

// volatile returns the single volatile slot a layout consists of, if any.
func (l layout) single() *piece {
	if len(l) == 1 && l[0].slot != nil && l[0].param < 0 {
		return &l[0]
	}
	return nil
}

// evaluator works out the layout of string expressions in one function.
type evaluator struct {
	a      *Engine
	fn     *funcInfo
	params map[*types.Var]int // set while computing a function's result fact
	depth  int
	// loop is the enclosing order-hazard range of the expression being
	// evaluated (a map or channel range), nil outside one.
	visiting map[types.Object]bool
	// args are the arguments a helper function was called with, by
	// parameter, to be evaluated by caller.
	args        map[*types.Var]ast.Expr
	caller      *evaluator
	helperDepth int
	// constructor marks the evaluator of a value a constructor stores in a
	// field: its parameters are configuration unless named otherwise, and
	// what it reads is fixed once per process.
	constructor bool
	// stored marks the evaluator of a value a method stores in a field
	// (see storedValue): its parameters are configuration unless named
	// otherwise, and what it reads keeps its lifetime.
	stored bool
	// elemsDepth bounds how deeply elems follows a list (see elems).
	elemsDepth int
	// inDefs are the assignments whose right-hand sides are being
	// evaluated: a use in p = f(p) reads the assignment before, so the
	// guard is per assignment, not per variable.
	inDefs map[*def]bool
	// rewrites counts the rewrite steps followed without depth (see
	// defValue).
	rewrites int
}

const maxDepth = 24

func (e *evaluator) eval(x ast.Expr) layout {
	if x == nil {
		return nil
	}
	if tv, ok := e.a.pass.TypesInfo.Types[x]; ok && tv.Value != nil {
		if tv.Value.Kind() == constant.String {
			return stable(constant.StringVal(tv.Value), x)
		}
		return stable(tv.Value.ExactString(), x)
	}
	if e.depth > maxDepth {
		return e.unknown(x, "")
	}
	e.depth++
	defer func() { e.depth-- }()
	switch x := x.(type) {
	case *ast.ParenExpr:
		return e.eval(x.X)
	case *ast.BinaryExpr:
		if x.Op == token.ADD {
			return append(e.eval(x.X), e.eval(x.Y)...)
		}
	case *ast.CallExpr:
		return e.call(x)
	case *ast.Ident:
		return e.ident(x, x)
	case *ast.SelectorExpr:
		if sel, ok := e.a.pass.TypesInfo.Selections[x]; ok && sel.Kind() == types.FieldVal {
			return e.field(x)
		}
		return e.ident(x.Sel, x)
	case *ast.StarExpr:
		return e.eval(x.X)
	case *ast.UnaryExpr:
		if x.Op == token.AND {
			return e.eval(x.X)
		}
	}
	return e.unknown(x, "")
}

// unknown is a value the analyzer cannot see into: its name says what it
// probably holds.
func (e *evaluator) unknown(x ast.Expr, why string) layout {
	name := e.a.shortText(x)
	kind, life := e.a.classify(lastName(x))
	return slotAt(x, &rules.Slot{Name: name, Kind: kind, Lifetime: life, Why: why})
}

// unresolved is a name go/types could not resolve: a name of a package
// that could not be loaded, a field of a value of its types, a name that
// is not declared. Its content is unknown and not volatile: with the
// types, it could be a constant or a configuration struct's field, and a
// missing type is no evidence.
func (e *evaluator) unresolved(x ast.Expr) layout {
	return slotAt(x, stableVerdict.slot(e.a.shortText(x), "unresolved"))
}

// lastName is the identifier that names an expression: the field, function
// or variable at its end.
func lastName(x ast.Expr) string {
	switch x := x.(type) {
	case *ast.Ident:
		return x.Name
	case *ast.SelectorExpr:
		return x.Sel.Name
	case *ast.CallExpr:
		return lastName(x.Fun)
	case *ast.IndexExpr:
		return lastName(x.X)
	case *ast.StarExpr:
		return lastName(x.X)
	case *ast.ParenExpr:
		return lastName(x.X)
	}
	return ""
}

func (e *evaluator) ident(id *ast.Ident, whole ast.Expr) layout {
	obj := e.a.pass.TypesInfo.ObjectOf(id)
	if obj == nil {
		return e.unresolved(whole)
	}
	v, ok := obj.(*types.Var)
	if !ok {
		return e.unknown(whole, "")
	}
	if x, ok := e.args[v]; ok {
		return e.caller.eval(x)
	}
	if i, ok := e.params[v]; ok {
		kind, life := e.a.classify(v.Name())
		return layout{{slot: &rules.Slot{Name: v.Name(), Kind: kind, Lifetime: life, Why: "parameter"}, pos: whole.Pos(), end: whole.End(), param: i}}
	}
	if v.Pkg() != nil && v.Parent() == v.Pkg().Scope() {
		return e.pkgVar(v, whole)
	}
	if e.fn != nil && e.fn.isParam(v) {
		return e.param(v, whole)
	}
	if e.fn == nil {
		return e.unknown(whole, "")
	}
	return e.local(v, whole)
}

// param is a parameter of a function that sends a request: what it holds
// depends on its type and name.
func (e *evaluator) param(v *types.Var, whole ast.Expr) layout {
	kind, life := e.a.classify(v.Name())
	if isHTTPRequest(v.Type()) {
		kind, life = rules.KindQuery, rules.LifeRequest
	}
	if e.constructor || e.stored {
		// A constructor's arguments are configuration, whatever the
		// name: nobody hands the user's question to a constructor.
		switch kind {
		case rules.KindQuery, rules.KindHistory, rules.KindDocuments, rules.KindOther:
			kind, life = rules.KindOther, rules.LifeStable
		}
	}
	l := slotAt(whole, &rules.Slot{Name: e.a.shortText(whole), Kind: kind, Lifetime: life, Why: "parameter"})
	if e.constructor && e.fn != nil && e.fn.decl != nil && e.args == nil {
		l[0].sink = e.a.sinkOf(e.fn.decl, v)
	}
	return l
}

func isHTTPRequest(t types.Type) bool {
	if p, ok := t.(*types.Pointer); ok {
		t = p.Elem()
	}
	n, ok := t.(*types.Named)
	return ok && n.Obj().Pkg() != nil && n.Obj().Pkg().Path() == "net/http" && n.Obj().Name() == "Request"
}

// field is a struct field read: per-request data when it hangs off an
// *http.Request, what its names say, else as long-lived as its root.
func (e *evaluator) field(x *ast.SelectorExpr) layout {
	root := rootIdent(x)
	if root != nil {
		if v, ok := e.a.pass.TypesInfo.ObjectOf(root).(*types.Var); ok && isHTTPRequest(v.Type()) {
			return slotAt(x, &rules.Slot{Name: e.a.shortText(x), Kind: rules.KindQuery, Lifetime: rules.LifeRequest, Why: "http request"})
		}
	}
	if v := e.fieldValue(x); v != nil {
		return e.eval(v)
	}
	// A field one constructor or option function sets is that value, even
	// in a configuration struct: WithSystemMessage(s) storing s in
	// options.systemMessage.
	if ret, sub := e.constructed(x); ret != nil {
		return fixed(sub.eval(ret), "stored in "+x.Sel.Name+" at construction")
	}
	if e.ofConfig(x) {
		return slotAt(x, &rules.Slot{Name: e.a.shortText(x), Kind: rules.KindOther, Lifetime: rules.LifeStable, Why: "configuration"})
	}
	if root != nil {
		// Text read out of a library's value (a completion, a response
		// message) is the model's answer: part of the conversation, not
		// a value that changes every request, whatever it is named.
		if v, ok := e.a.pass.TypesInfo.ObjectOf(root).(*types.Var); ok && e.a.libraryType(v.Type()) {
			return slotAt(x, &rules.Slot{Name: e.a.shortText(x), Kind: rules.KindHistory, Lifetime: rules.LifeStable, Why: "read from a library's value"})
		}
	}
	if kind, life, ok := e.chainName(x); ok {
		return slotAt(x, &rules.Slot{Name: e.a.shortText(x), Kind: kind, Lifetime: life, Why: "field"})
	}
	if l, ok := e.storedValue(e.a.fieldOf(x)); ok {
		return l
	}
	if root == nil {
		return e.unknown(x, "field")
	}
	return slotAt(x, e.rootLife(root).slot(e.a.shortText(x), "field"))
}

func rootIdent(x ast.Expr) *ast.Ident {
	for {
		switch y := x.(type) {
		case *ast.Ident:
			return y
		case *ast.SelectorExpr:
			x = y.X
		case *ast.CallExpr:
			x = y.Fun
		case *ast.IndexExpr:
			x = y.X
		case *ast.StarExpr:
			x = y.X
		case *ast.ParenExpr:
			x = y.X
		default:
			return nil
		}
	}
}

// pkgVar is a package-level variable: its initializer runs once at start-up,
// so anything volatile in it is fixed per process.
func (e *evaluator) pkgVar(v *types.Var, whole ast.Expr) layout {
	if v.Pkg() != e.a.pass.Pkg {
		kind, _ := e.a.classify(v.Name())
		return slotAt(whole, &rules.Slot{Name: e.a.shortText(whole), Kind: kind, Lifetime: rules.LifeProcess, Why: "package variable"})
	}
	init, assigned := e.a.pkgVarInit(v)
	if e.visiting[v] {
		return e.unknown(whole, "")
	}
	e.visiting[v] = true
	defer delete(e.visiting, v)
	var l layout
	switch {
	case init.embed != "":
		l = layout{{text: init.embed, pos: whole.Pos(), end: whole.End(), param: -1}}
	case init.expr != nil:
		sub := &evaluator{a: e.a, visiting: e.visiting, depth: e.depth}
		l = sub.eval(init.expr)
	}
	if assigned || init.expr == nil && init.embed == "" {
		if p, ok := e.pkgVarOrder(v); ok {
			p.pos, p.end = whole.Pos(), whole.End()
			return layout{p}
		}
		w := e.pkgVarLife(v)
		if n := e.named(v.Name()); n.life != rules.LifeUnknown && n.life.Rank() > w.life.Rank() {
			w = verdict{kind: n.kind, life: processLife(n.life)}
		}
		if w.life == rules.LifeStable {
			return slotAt(whole, w.slot(v.Name(), "package variable"))
		}
		return slotAt(whole, w.slot(v.Name(), "package variable set at run time"))
	}
	out := make(layout, len(l))
	for i, p := range l {
		if p.slot != nil && (p.slot.Lifetime == rules.LifeRequest || p.slot.Lifetime == rules.LifeSession) {
			s := *p.slot
			s.Lifetime = rules.LifeProcess
			if s.Why == "" {
				s.Why = "package variable " + v.Name()
			} else {
				s.Why += " in package variable " + v.Name()
			}
			p.slot = &s
		}
		out[i] = p
	}
	return out
}

// fixed is the layout of a value computed once and kept (by a
// constructor in a field, by a closure): what changes per request or
// session is fixed when the value is made, once per process, and what
// nothing marks as volatile is configuration.
func fixed(l layout, why string) layout {
	out := make(layout, len(l))
	for i, p := range l {
		if p.slot != nil && !p.slot.Order {
			s := *p.slot
			switch s.Lifetime {
			case rules.LifeRequest, rules.LifeSession:
				s.Lifetime = rules.LifeProcess
				s.Why = strings.TrimSpace(s.Why + " " + why)
			case rules.LifeUnknown:
				s.Lifetime = rules.LifeStable
			}
			p.slot = &s
		}
		out[i] = p
	}
	return out
}

// call works out the layout of a call's string result.
func (e *evaluator) call(c *ast.CallExpr) layout {
	info := e.a.pass.TypesInfo
	if tv, ok := info.Types[c.Fun]; ok && tv.IsType() && len(c.Args) == 1 {
		return e.eval(c.Args[0]) // string(b), []byte(s)
	}
	if l, ok := e.a.drawnFromConversation(c, 0); ok {
		return l
	}
	fn := callee(info, c)
	if fn == nil {
		if l, ok := e.funcValueCall(c); ok {
			return l
		}
		if untyped(info, c.Fun) {
			// A function of a package that could not be loaded: as any
			// function the analyzer cannot see into, its name and inputs
			// say what it returns.
			return e.opaque(c, nil)
		}
		return e.unknown(c, "")
	}
	key := funcKey(fn)
	if src, ok := lookupSource(key, fn); ok {
		return e.source(c, key, src)
	}
	if l, ok := e.library(c, key); ok {
		return l
	}
	if recv := receiver(c); recv != nil && fn.Signature().Recv() != nil {
		// A method of a volatile value (t.Format, id.String) is as
		// volatile; a method of a time is as volatile as the time.
		if p := e.eval(recv).single(); p != nil && (p.slot.Lifetime != rules.LifeStable && p.slot.Lifetime != rules.LifeUnknown || p.slot.Kind == rules.KindTime && strings.HasPrefix(key, "time.(Time).")) {
			if s, ok := e.timeMethod(c, key, p.slot); ok {
				return slotAt(c, s)
			}
			return slotAt(c, p.slot)
		}
	}
	if l, ok := e.containerGet(c, fn); ok {
		return l
	}
	if l, ok := e.viaFact(c, fn); ok {
		return l
	}
	if l, ok := e.implementations(c, fn); ok {
		return l
	}
	return e.opaque(c, fn)
}

// implementations is the layout of an interface method call: the richest
// of what this package's implementations of the interface return, and
// under a whole-program driver, the program's.
func (e *evaluator) implementations(c *ast.CallExpr, fn *types.Func) (layout, bool) {
	var ls []layout
	impls := e.a.implsOf(fn)
	if returnsString(fn) {
		impls = append(slices.Clip(impls), e.a.programImpls(fn)...)
	}
	for _, m := range impls {
		if l, ok := e.viaFact(c, m); ok {
			ls = append(ls, l)
		}
	}
	if len(ls) == 0 {
		return nil, false
	}
	return richest(ls), true
}

// implsOf lists, once per method, this package's methods implementing an
// interface method that returns a string. Only the module's own
// interfaces count: error.Error and fmt.Stringer are everywhere and say
// nothing about a prompt.
func (a *Engine) implsOf(fn *types.Func) []*types.Func {
	if ms, ok := a.impls[fn]; ok {
		return ms
	}
	var out []*types.Func
	defer func() { a.impls[fn] = out }()
	recv := fn.Signature().Recv()
	if recv == nil || !types.IsInterface(recv.Type()) || !returnsString(fn) || fn.Pkg() == nil || inGOROOTAt(a.pass.Fset, fn.Pos()) {
		return nil
	}
	iface, _ := recv.Type().Underlying().(*types.Interface)
	if iface == nil {
		return nil
	}
	scope := a.pass.Pkg.Scope()
	for _, name := range scope.Names() {
		tn, ok := scope.Lookup(name).(*types.TypeName)
		if !ok || tn.IsAlias() || types.IsInterface(tn.Type()) {
			continue
		}
		if m := implementation(tn, iface, a.pass.Pkg, fn.Name()); m != nil && m.Pkg() == a.pass.Pkg {
			out = append(out, m)
		}
	}
	return out
}

// funcValueCall is the layout of a call of a function-typed parameter:
// the richest of what the functions the enclosing function's callers in
// this package pass for it return.
func (e *evaluator) funcValueCall(c *ast.CallExpr) (layout, bool) {
	if fs := e.a.fieldFuncsOf(c.Fun); len(fs) > 0 {
		var ls []layout
		for _, f := range fs {
			if l, ok := e.viaFact(c, f); ok {
				ls = append(ls, l)
			}
		}
		if len(ls) > 0 {
			return richest(ls), true
		}
	}
	id, ok := ast.Unparen(c.Fun).(*ast.Ident)
	if !ok || e.fn == nil || e.fn.decl == nil {
		return nil, false
	}
	v, _ := e.a.pass.TypesInfo.Uses[id].(*types.Var)
	if v == nil || !e.fn.isParam(v) {
		return nil, false
	}
	encl, _ := e.a.pass.TypesInfo.Defs[e.fn.decl.Name].(*types.Func)
	if encl == nil {
		return nil, false
	}
	idx := slices.Index(paramVars(e.a.pass.TypesInfo, e.fn.decl), v)
	if idx < 0 {
		return nil, false
	}
	var ls []layout
	for _, site := range e.a.callSites[encl] {
		if idx >= len(site.call.Args) {
			continue
		}
		var f *types.Func
		switch a := ast.Unparen(site.call.Args[idx]).(type) {
		case *ast.Ident:
			f, _ = e.a.pass.TypesInfo.Uses[a].(*types.Func)
		case *ast.SelectorExpr:
			f, _ = e.a.pass.TypesInfo.Uses[a.Sel].(*types.Func)
		}
		if f == nil {
			continue
		}
		if l, ok := e.viaFact(c, f); ok {
			ls = append(ls, l)
		}
	}
	if len(ls) == 0 {
		return nil, false
	}
	return richest(ls), true
}

// calleeKey is the funcKey of a call's static callee, "" for none.
func (e *evaluator) calleeKey(c *ast.CallExpr) string {
	if fn := callee(e.a.pass.TypesInfo, c); fn != nil {
		return funcKey(fn)
	}
	return ""
}

func receiver(c *ast.CallExpr) ast.Expr {
	if sel, ok := ast.Unparen(c.Fun).(*ast.SelectorExpr); ok {
		return sel.X
	}
	return nil
}

// funcKey names a function by package path (major version suffix removed)
// and receiver type: "time.Now", "strings.(Builder).String".
func funcKey(fn *types.Func) string {
	fn = fn.Origin()
	pkg := ""
	if fn.Pkg() != nil {
		pkg = trimVersion(fn.Pkg().Path())
	}
	if recv := fn.Signature().Recv(); recv != nil {
		t := recv.Type()
		if p, ok := t.(*types.Pointer); ok {
			t = p.Elem()
		}
		if n, ok := types.Unalias(t).(*types.Named); ok {
			return pkg + ".(" + n.Obj().Name() + ")." + fn.Name()
		}
		return pkg + ".(?)." + fn.Name()
	}
	return pkg + "." + fn.Name()
}

// trimVersion drops a /vN major-version suffix from a module path:
// github.com/openai/openai-go/v3/responses → github.com/openai/openai-go/responses.
func trimVersion(path string) string {
	parts := strings.Split(path, "/")
	out := parts[:0]
	for i, p := range parts {
		if i > 0 && len(p) > 1 && p[0] == 'v' && strings.Trim(p[1:], "0123456789") == "" && !(path == "math/rand/v2") {
			continue
		}
		out = append(out, p)
	}
	return strings.Join(out, "/")
}

// library models the standard library's string functions.
func (e *evaluator) library(c *ast.CallExpr, key string) (layout, bool) {
	args := c.Args
	switch key {
	case "fmt.Sprintf", "fmt.Errorf":
		if len(args) == 0 {
			return nil, false
		}
		return e.sprintf(args[0], args[1:]), true
	case "fmt.Sprint", "fmt.Sprintln":
		var l layout
		for i, a := range args {
			if key == "fmt.Sprintln" && i > 0 {
				l = append(l, stable(" ", a)...)
			}
			l = append(l, e.eval(a)...)
		}
		if key == "fmt.Sprintln" {
			l = append(l, stable("\n", c)...)
		}
		return l, true
	case "strings.Join":
		if len(args) != 2 {
			return nil, false
		}
		return e.join(c, args[0], args[1]), true
	case "strings.Repeat":
		l := e.eval(args[0])
		if n, ok := e.intConst(args[1]); ok && n >= 0 && n <= 1<<12 {
			var out layout
			for range n {
				out = append(out, l...)
			}
			return out, true
		}
		return e.unknown(c, ""), true
	case "strings.ReplaceAll", "strings.Replace":
		return e.replace(c), true
	case "strings.TrimSpace", "strings.ToUpper", "strings.ToLower", "strings.TrimSuffix", "strings.TrimPrefix", "strings.Trim", "strings.Clone":
		return e.transform(c, key), true
	case lc("prompts.(PromptTemplate).Format"):
		return e.promptTemplate(c), true
	case "strings.(Builder).String", "bytes.(Buffer).String", "bytes.(Buffer).Bytes":
		return e.builder(c, receiver(c)), true
	case "strings.(Replacer).Replace":
		return e.replacer(c), true
	case "time.Unix", "time.UnixMilli", "time.UnixMicro", "time.Date", "time.Parse", "time.ParseInLocation":
		return e.timeFrom(c), true
	case "encoding/json.Marshal", "encoding/json.MarshalIndent":
		// encoding/json sorts map keys: the output is as stable as the value.
		return slotAt(c, &rules.Slot{Name: e.a.shortText(c), Kind: rules.KindOther, Lifetime: e.valueLifetime(args[0]), Why: "encoding/json"}), true
	case "github.com/json-iterator/go.Marshal", "github.com/json-iterator/go.MarshalToString", "github.com/json-iterator/go.MarshalIndent":
		if e.isMap(args[0]) {
			return layout{{slot: &rules.Slot{Name: e.a.shortText(args[0]), Kind: rules.KindOrder, Lifetime: rules.LifeStable, Order: true, Why: "json-iterator does not sort map keys"}, pos: c.Pos(), end: c.End(), param: -1}}, true
		}
	}
	return nil, false
}

// valueLifetime is stable when the value is built from constants only.
func (e *evaluator) valueLifetime(x ast.Expr) rules.Lifetime {
	stableValue := true
	ast.Inspect(x, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.CallExpr:
			if tv, ok := e.a.pass.TypesInfo.Types[n.Fun]; !ok || !tv.IsType() {
				stableValue = false
			}
		case *ast.Ident:
			if _, ok := e.a.pass.TypesInfo.ObjectOf(n).(*types.Var); ok {
				stableValue = false
			}
		}
		return stableValue
	})
	if stableValue {
		return rules.LifeStable
	}
	return rules.LifeUnknown
}

func (e *evaluator) isMap(x ast.Expr) bool {
	t := e.a.pass.TypesInfo.TypeOf(x)
	if t == nil {
		return false
	}
	_, ok := t.Underlying().(*types.Map)
	return ok
}

func (e *evaluator) intConst(x ast.Expr) (int, bool) {
	tv, ok := e.a.pass.TypesInfo.Types[x]
	if !ok || tv.Value == nil {
		return 0, false
	}
	n, ok := constant.Int64Val(constant.ToInt(tv.Value))
	return int(n), ok
}

func (e *evaluator) stringConst(x ast.Expr) (string, bool) {
	tv, ok := e.a.pass.TypesInfo.Types[x]
	if !ok || tv.Value == nil || tv.Value.Kind() != constant.String {
		return "", false
	}
	return constant.StringVal(tv.Value), true
}

// sprintf splits a format string around its verbs; each verb's argument
// contributes its own layout.
func (e *evaluator) sprintf(format ast.Expr, args []ast.Expr) layout {
	f, ok := e.stringConst(format)
	if !ok {
		l := e.eval(format)
		for _, a := range args {
			l = append(l, e.eval(a)...)
		}
		return l
	}
	var out layout
	var lit strings.Builder
	flush := func() {
		if lit.Len() > 0 {
			out = append(out, stable(lit.String(), format)...)
			lit.Reset()
		}
	}
	argi := 0
	for i := 0; i < len(f); i++ {
		if f[i] != '%' {
			lit.WriteByte(f[i])
			continue
		}
		j := i + 1
		for j < len(f) && strings.IndexByte("+-# 0123456789.*[]", f[j]) >= 0 {
			j++
		}
		if j >= len(f) {
			lit.WriteString(f[i:])
			break
		}
		verb := f[j]
		i = j
		if verb == '%' {
			lit.WriteByte('%')
			continue
		}
		if argi >= len(args) {
			continue // a missing argument: vet's printf check reports it
		}
		arg := args[argi]
		argi++
		l := e.eval(arg)
		if verb == 'q' {
			if s, ok := l.text(); ok {
				l = stable(strconv.Quote(s), arg)
			}
		}
		if s, ok := l.text(); ok {
			lit.WriteString(s)
			continue
		}
		flush()
		out = append(out, l...)
	}
	flush()
	return out
}

// transform applies a text function to each stable piece; slots stay.
func (e *evaluator) transform(c *ast.CallExpr, key string) layout {
	if len(c.Args) == 0 {
		return e.unknown(c, "")
	}
	l := e.eval(c.Args[0])
	s, ok := l.text()
	if !ok {
		return l
	}
	arg := func(i int) string {
		if i < len(c.Args) {
			v, _ := e.stringConst(c.Args[i])
			return v
		}
		return ""
	}
	switch key {
	case "strings.TrimSpace":
		s = strings.TrimSpace(s)
	case "strings.ToUpper":
		s = strings.ToUpper(s)
	case "strings.ToLower":
		s = strings.ToLower(s)
	case "strings.TrimSuffix":
		s = strings.TrimSuffix(s, arg(1))
	case "strings.TrimPrefix":
		s = strings.TrimPrefix(s, arg(1))
	case "strings.Trim":
		s = strings.Trim(s, arg(1))
	}
	return stable(s, c)
}

func (e *evaluator) replace(c *ast.CallExpr) layout {
	if len(c.Args) < 3 {
		return e.unknown(c, "")
	}
	l := e.eval(c.Args[0])
	with := e.eval(c.Args[2])
	if old, ok := e.stringConst(c.Args[1]); ok {
		return spliceAll(l, func(s string) []string { return strings.Split(s, old) }, with)
	}
	return spliceAt(l, e.eval(c.Args[1]), with)
}

// spliceAll splits each stable piece with split and puts the layout with
// between the results: replacing a placeholder with a value. When no
// stable text holds the placeholder, a value that is not constant text
// goes after the first slot that may hold it (a template read at run
// time, a parameter): dropping it would hide what it brings.
func spliceAll(l layout, split func(string) []string, with layout) layout {
	var out layout
	found := false
	for _, p := range l {
		if p.slot != nil || p.param >= 0 {
			out = append(out, p)
			continue
		}
		parts := split(p.text)
		found = found || len(parts) > 1
		for i, s := range parts {
			if i > 0 {
				out = append(out, with...)
			}
			if s != "" {
				q := p
				q.text = s
				out = append(out, q)
			}
		}
	}
	if !found && !with.known() {
		out, _ = intoSlot(out, with)
	}
	return out
}

// spliceAt replaces a placeholder known only in part (`"{{"+k+"}}"`):
// a value that is not constant text goes where the first stable text
// holding the placeholder's constant start begins, else after the first
// slot that may hold it; a placeholder with no constant start may be
// anywhere, and its value is put at the end.
func spliceAt(l, old, with layout) layout {
	if with.known() {
		return l
	}
	var anchor strings.Builder
	for _, p := range old {
		if p.slot != nil || p.param >= 0 {
			break
		}
		anchor.WriteString(p.text)
	}
	if a := anchor.String(); a != "" {
		for i, p := range l {
			if p.slot != nil || p.param >= 0 {
				continue
			}
			if j := strings.Index(p.text, a); j >= 0 {
				before, after := p, p
				before.text, after.text = p.text[:j], p.text[j:]
				var out layout
				out = append(out, l[:i]...)
				if before.text != "" {
					out = append(out, before)
				}
				out = append(out, with...)
				out = append(out, after)
				return append(out, l[i+1:]...)
			}
		}
	}
	if out, ok := intoSlot(l, with); ok || anchor.Len() > 0 {
		return out
	}
	return append(slices.Clip(l), with...)
}

// intoSlot puts a replacement value after the first piece of l whose
// text may hold the placeholder it replaces: a slot of text (a file or
// template read at run time, a parameter, a value not seen into), not a
// clock reading, a random value or an order.
func intoSlot(l, with layout) (layout, bool) {
	for i, p := range l {
		if p.param < 0 && (p.slot == nil || p.slot.Order || p.slot.Kind == rules.KindTime || p.slot.Kind == rules.KindRandom) {
			continue
		}
		return slices.Concat(l[:i+1], with, l[i+1:]), true
	}
	return l, false
}

// replacer applies a strings.NewReplacer built from constant pairs whose
// replacements may be volatile.
func (e *evaluator) replacer(c *ast.CallExpr) layout {
	if len(c.Args) != 1 {
		return e.unknown(c, "")
	}
	l := e.eval(c.Args[0])
	newCall := e.definingCall(receiver(c), "strings.NewReplacer")
	if newCall == nil || len(newCall.Args)%2 != 0 {
		return l
	}
	for i := 0; i+1 < len(newCall.Args); i += 2 {
		old, ok := e.stringConst(newCall.Args[i])
		switch {
		case !ok:
			l = spliceAt(l, e.eval(newCall.Args[i]), e.eval(newCall.Args[i+1]))
		case old != "":
			l = spliceAll(l, func(s string) []string { return strings.Split(s, old) }, e.eval(newCall.Args[i+1]))
		}
	}
	return l
}

// definingCall follows a local variable to the call of key that defines it.
func (e *evaluator) definingCall(x ast.Expr, key string) *ast.CallExpr {
	for range 4 {
		x = ast.Unparen(x)
		if c, ok := x.(*ast.CallExpr); ok {
			if fn := callee(e.a.pass.TypesInfo, c); fn != nil {
				switch funcKey(fn) {
				case key:
					return c
				case "text/template.Must", "html/template.Must":
					if len(c.Args) > 0 {
						x = c.Args[0]
						continue
					}
				}
			}
			return nil
		}
		id, ok := x.(*ast.Ident)
		if !ok || e.fn == nil {
			return nil
		}
		v, _ := e.a.pass.TypesInfo.ObjectOf(id).(*types.Var)
		d := e.fn.lastDef(v, id.Pos())
		if d == nil {
			if v != nil && v.Parent() == e.a.pass.Pkg.Scope() {
				init, _ := e.a.pkgVarInit(v)
				if init.expr != nil {
					x = init.expr
					continue
				}
			}
			return nil
		}
		x = d.rhs
	}
	return nil
}

// richest is the one of several possible values of a string (the arms of
// a switch, a function's returns) that says the most about the prompt:
// the one with the most volatile content, then with the most runtime
// content and text. A linter that took the first would miss the hazard of
// every path but one; the richest is what the prompt holds on the path
// that matters.
func richest(ls []layout) layout {
	var best layout
	bestScore := [3]int{-1}
	for _, l := range ls {
		if s := layoutScore(l); s[0] > bestScore[0] || s[0] == bestScore[0] && (s[1] > bestScore[1] || s[1] == bestScore[1] && s[2] > bestScore[2]) {
			best, bestScore = l, s
		}
	}
	return best
}

// layoutScore ranks a layout for richest: its most volatile piece (an
// order counts as a value drawn per request unless it is drawn once per
// process; unknown lifetimes count as nothing), its slots, its text.
func layoutScore(l layout) [3]int {
	var s [3]int
	for _, p := range l {
		if p.slot == nil {
			s[2] += len(p.text)
			continue
		}
		s[1]++
		r := p.slot.Lifetime.Rank()
		switch {
		case p.slot.Order && p.slot.Lifetime != rules.LifeProcess:
			r = rules.LifeRequest.Rank()
		case p.slot.Lifetime == rules.LifeUnknown:
			r = 0
		}
		s[0] = max(s[0], r)
	}
	return s
}

// textPos is the position of byte off of a piece's text in the source:
// exact when the piece is the whole content of one string literal written
// without escapes (a raw string, or a plain quoted one), else the piece's
// start.
func (a *Engine) textPos(p piece, off int) token.Pos {
	tf := a.pass.Fset.File(p.pos)
	if tf == nil || !p.end.IsValid() {
		return p.pos
	}
	data := a.src(p.pos)
	start, end := tf.Offset(p.pos), tf.Offset(p.end)
	if start < 0 || end > len(data) || end-start < 2 {
		return p.pos
	}
	lit := data[start:end]
	quote := lit[0]
	if quote != '`' && (quote != '"' || strings.IndexByte(string(lit), '\\') >= 0) || lit[len(lit)-1] != quote {
		return p.pos
	}
	if string(lit[1:len(lit)-1]) != p.text || off < 0 || off > len(p.text) {
		return p.pos
	}
	return p.pos + 1 + token.Pos(off)
}
