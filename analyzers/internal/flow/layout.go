package flow

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

// Piece is one part of a prompt string as the analyzer sees it: stable text
// or a slot, with its source range. param >= 0 marks a piece that stands
// for a parameter of the function whose result layout is being computed.
type Piece struct {
	Text     string
	Slot     *rules.Slot
	Pos, End token.Pos
	Param    int
	// Rng is the map range statement that makes an order slot, for fixes.
	Rng *ast.RangeStmt
	// Sink is the exported function parameter the piece stands for when
	// its argument is given in another package (see SinkFact).
	Sink *SinkRef
}

type Layout []Piece

func stable(text string, n ast.Node) Layout {
	return Layout{{Text: text, Pos: n.Pos(), End: n.End(), Param: -1}}
}

func SlotAt(n ast.Node, s *rules.Slot) Layout {
	return Layout{{Slot: s, Pos: n.Pos(), End: n.End(), Param: -1}}
}

// Text returns the concatenated stable text, and whether every piece is stable.
func (l Layout) Text() (string, bool) {
	var b strings.Builder
	for _, p := range l {
		if p.Slot != nil || p.Param >= 0 {
			return "", false
		}
		b.WriteString(p.Text)
	}
	return b.String(), true
}

// Known reports whether every piece of a layout is stable text.
func (l Layout) Known() bool {
	_, ok := l.Text()
	return ok
}

// volatile returns the single volatile slot a layout consists of, if any.
func (l Layout) single() *Piece {
	if len(l) == 1 && l[0].Slot != nil && l[0].Param < 0 {
		return &l[0]
	}
	return nil
}

// Evaluator works out the layout of string expressions in one function.
type Evaluator struct {
	A      *Engine
	Fn     *FuncInfo
	params map[*types.Var]int // set while computing a function's result fact
	depth  int
	// loop is the enclosing order-hazard range of the expression being
	// evaluated (a map or channel range), nil outside one.
	Visiting map[types.Object]bool
	// Args are the arguments a helper function was called with, by
	// parameter, to be evaluated by caller.
	Args   map[*types.Var]ast.Expr
	Caller *Evaluator
	// CallSite is the call in caller's function that args come from.
	CallSite *ast.CallExpr
	// Frames are the evaluators of the other functions a request's
	// parameters were followed through (see Share): an expression of
	// one of those functions is evaluated by its own.
	Frames      *[]*Evaluator
	helperDepth int
	// Constructor marks the evaluator of a value a constructor stores in a
	// field: its parameters are configuration unless named otherwise, and
	// what it reads is fixed once per process.
	Constructor bool
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

func (e *Evaluator) Eval(x ast.Expr) Layout {
	if x == nil {
		return nil
	}
	if f := e.frameOf(x); f != nil {
		return f.Eval(x)
	}
	if tv, ok := e.A.pass.TypesInfo.Types[x]; ok && tv.Value != nil {
		if tv.Value.Kind() == constant.String {
			return stable(constant.StringVal(tv.Value), x)
		}
		return stable(tv.Value.ExactString(), x)
	}
	if e.depth > maxDepth {
		return e.Unknown(x, "")
	}
	e.depth++
	defer func() { e.depth-- }()
	switch x := x.(type) {
	case *ast.ParenExpr:
		return e.Eval(x.X)
	case *ast.BinaryExpr:
		if x.Op == token.ADD {
			return append(e.Eval(x.X), e.Eval(x.Y)...)
		}
	case *ast.CallExpr:
		return e.call(x)
	case *ast.Ident:
		return e.ident(x, x)
	case *ast.SelectorExpr:
		if sel, ok := e.A.pass.TypesInfo.Selections[x]; ok && sel.Kind() == types.FieldVal {
			return e.field(x)
		}
		return e.ident(x.Sel, x)
	case *ast.StarExpr:
		return e.Eval(x.X)
	case *ast.UnaryExpr:
		if x.Op == token.AND {
			return e.Eval(x.X)
		}
	}
	return e.Unknown(x, "")
}

// Unknown is a value the analyzer cannot see into: its name says what it
// probably holds.
func (e *Evaluator) Unknown(x ast.Expr, why string) Layout {
	name := e.A.ShortText(x)
	kind, life := e.A.classify(lastName(x))
	return SlotAt(x, &rules.Slot{Name: name, Kind: kind, Lifetime: life, Why: why})
}

// unresolved is a name go/types could not resolve: a name of a package
// that could not be loaded, a field of a value of its types, a name that
// is not declared. Its content is unknown and not volatile: with the
// types, it could be a constant or a configuration struct's field, and a
// missing type is no evidence.
func (e *Evaluator) unresolved(x ast.Expr) Layout {
	return SlotAt(x, stableVerdict.slot(e.A.ShortText(x), "unresolved"))
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

func (e *Evaluator) ident(id *ast.Ident, whole ast.Expr) Layout {
	obj := e.A.pass.TypesInfo.ObjectOf(id)
	if obj == nil {
		return e.unresolved(whole)
	}
	v, ok := obj.(*types.Var)
	if !ok {
		return e.Unknown(whole, "")
	}
	if x, ok := e.Args[v]; ok {
		return e.Caller.Eval(x)
	}
	if i, ok := e.params[v]; ok {
		kind, life := e.A.classify(v.Name())
		return Layout{{Slot: &rules.Slot{Name: v.Name(), Kind: kind, Lifetime: life, Why: "parameter"}, Pos: whole.Pos(), End: whole.End(), Param: i}}
	}
	if v.Pkg() != nil && v.Parent() == v.Pkg().Scope() {
		return e.pkgVar(v, whole)
	}
	if e.Fn != nil && e.Fn.IsParam(v) {
		return e.param(v, whole)
	}
	if e.Fn == nil {
		return e.Unknown(whole, "")
	}
	return e.local(v, whole)
}

// param is a parameter of a function that sends a request: what it holds
// depends on its type and name.
func (e *Evaluator) param(v *types.Var, whole ast.Expr) Layout {
	kind, life := e.A.classify(v.Name())
	if isHTTPRequest(v.Type()) {
		kind, life = rules.KindQuery, rules.LifeRequest
	}
	if e.Constructor || e.stored {
		// A constructor's arguments are configuration, whatever the
		// name: nobody hands the user's question to a constructor.
		switch kind {
		case rules.KindQuery, rules.KindHistory, rules.KindDocuments, rules.KindOther:
			kind, life = rules.KindOther, rules.LifeStable
		}
	}
	l := SlotAt(whole, &rules.Slot{Name: e.A.ShortText(whole), Kind: kind, Lifetime: life, Why: "parameter"})
	if e.Constructor && e.Fn != nil && e.Fn.Decl != nil && e.Args == nil {
		l[0].Sink = e.A.sinkOf(e.Fn.Decl, v)
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
func (e *Evaluator) field(x *ast.SelectorExpr) Layout {
	root := RootIdent(x)
	if root != nil {
		if v, ok := e.A.pass.TypesInfo.ObjectOf(root).(*types.Var); ok && isHTTPRequest(v.Type()) {
			return SlotAt(x, &rules.Slot{Name: e.A.ShortText(x), Kind: rules.KindQuery, Lifetime: rules.LifeRequest, Why: "http request"})
		}
	}
	if v := e.fieldValue(x); v != nil {
		return e.Eval(v)
	}
	// A field one constructor or option function sets is that value, even
	// in a configuration struct: WithSystemMessage(s) storing s in
	// options.systemMessage.
	if ret, sub := e.Constructed(x); ret != nil {
		return Fixed(sub.Eval(ret), "stored in "+x.Sel.Name+" at construction")
	}
	if e.ofConfig(x) {
		return SlotAt(x, &rules.Slot{Name: e.A.ShortText(x), Kind: rules.KindOther, Lifetime: rules.LifeStable, Why: "configuration"})
	}
	if root != nil {
		// Text read out of a library's value (a completion, a response
		// message) is the model's answer: part of the conversation, not
		// a value that changes every request, whatever it is named.
		if v, ok := e.A.pass.TypesInfo.ObjectOf(root).(*types.Var); ok && e.A.libraryType(v.Type()) {
			return SlotAt(x, &rules.Slot{Name: e.A.ShortText(x), Kind: rules.KindHistory, Lifetime: rules.LifeStable, Why: "read from a library's value"})
		}
	}
	if kind, life, ok := e.chainName(x); ok && !(kind == rules.KindQuery && e.isReceiver(root)) {
		// A receiver's field named for a prompt or an input
		// (strategy.SummarizationPrompt) is text the value was
		// configured with, unless a method stores a value in it.
		return SlotAt(x, &rules.Slot{Name: e.A.ShortText(x), Kind: kind, Lifetime: life, Why: "field"})
	}
	if l, ok := e.storedValue(e.A.fieldOf(x)); ok {
		return l
	}
	if root == nil {
		return e.Unknown(x, "field")
	}
	return SlotAt(x, e.rootLife(root).slot(e.A.ShortText(x), "field"))
}

func RootIdent(x ast.Expr) *ast.Ident {
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
func (e *Evaluator) pkgVar(v *types.Var, whole ast.Expr) Layout {
	if v.Pkg() != e.A.pass.Pkg {
		kind, _ := e.A.classify(v.Name())
		return SlotAt(whole, &rules.Slot{Name: e.A.ShortText(whole), Kind: kind, Lifetime: rules.LifeProcess, Why: "package variable"})
	}
	init, assigned := e.A.pkgVarInit(v)
	if e.Visiting[v] {
		return e.Unknown(whole, "")
	}
	e.Visiting[v] = true
	defer delete(e.Visiting, v)
	var l Layout
	switch {
	case init.embed != "":
		l = Layout{{Text: init.embed, Pos: whole.Pos(), End: whole.End(), Param: -1}}
	case init.expr != nil:
		sub := &Evaluator{A: e.A, Visiting: e.Visiting, depth: e.depth}
		l = sub.Eval(init.expr)
	}
	if assigned || init.expr == nil && init.embed == "" {
		if p, ok := e.pkgVarOrder(v); ok {
			p.Pos, p.End = whole.Pos(), whole.End()
			return Layout{p}
		}
		w := e.pkgVarLife(v)
		if n := e.named(v.Name()); n.life != rules.LifeUnknown && n.life.Rank() > w.life.Rank() {
			w = verdict{kind: n.kind, life: processLife(n.life)}
		}
		if w.life == rules.LifeStable {
			return SlotAt(whole, w.slot(v.Name(), "package variable"))
		}
		return SlotAt(whole, w.slot(v.Name(), "package variable set at run time"))
	}
	out := make(Layout, len(l))
	for i, p := range l {
		if p.Slot != nil && (p.Slot.Lifetime == rules.LifeRequest || p.Slot.Lifetime == rules.LifeSession) {
			s := *p.Slot
			s.Lifetime = rules.LifeProcess
			if s.Why == "" {
				s.Why = "package variable " + v.Name()
			} else {
				s.Why += " in package variable " + v.Name()
			}
			p.Slot = &s
		}
		out[i] = p
	}
	return out
}

// Fixed is the layout of a value computed once and kept (by a
// constructor in a field, by a closure): what changes per request or
// session is fixed when the value is made, once per process, and what
// nothing marks as volatile is configuration.
func Fixed(l Layout, why string) Layout {
	out := make(Layout, len(l))
	for i, p := range l {
		if p.Slot != nil && !p.Slot.Order {
			s := *p.Slot
			switch s.Lifetime {
			case rules.LifeRequest, rules.LifeSession:
				s.Lifetime = rules.LifeProcess
				s.Why = strings.TrimSpace(s.Why + " " + why)
			case rules.LifeUnknown:
				s.Lifetime = rules.LifeStable
			}
			p.Slot = &s
		}
		out[i] = p
	}
	return out
}

// call works out the layout of a call's string result.
func (e *Evaluator) call(c *ast.CallExpr) Layout {
	info := e.A.pass.TypesInfo
	if tv, ok := info.Types[c.Fun]; ok && tv.IsType() && len(c.Args) == 1 {
		return e.Eval(c.Args[0]) // string(b), []byte(s)
	}
	if l, ok := e.A.drawnFromConversation(c, 0); ok {
		return l
	}
	fn := Callee(info, c)
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
		return e.Unknown(c, "")
	}
	key := FuncKey(fn)
	if src, ok := lookupSource(key, fn); ok {
		return e.source(c, key, src)
	}
	if l, ok := e.library(c, key); ok {
		return l
	}
	if recv := Receiver(c); recv != nil && fn.Signature().Recv() != nil {
		// A method of a volatile value (t.Format, id.String) is as
		// volatile; a method of a time is as volatile as the time.
		if p := e.Eval(recv).single(); p != nil && (p.Slot.Lifetime != rules.LifeStable && p.Slot.Lifetime != rules.LifeUnknown || p.Slot.Kind == rules.KindTime && strings.HasPrefix(key, "time.(Time).")) {
			if s, ok := e.timeMethod(c, key, p.Slot); ok {
				return SlotAt(c, s)
			}
			return SlotAt(c, p.Slot)
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
func (e *Evaluator) implementations(c *ast.CallExpr, fn *types.Func) (Layout, bool) {
	var ls []Layout
	impls := e.A.implsOf(fn)
	if ReturnsString(fn) {
		impls = append(slices.Clip(impls), e.A.programImpls(fn)...)
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
	if recv == nil || !types.IsInterface(recv.Type()) || !ReturnsString(fn) || fn.Pkg() == nil || InGOROOTAt(a.pass.Fset, fn.Pos()) {
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
func (e *Evaluator) funcValueCall(c *ast.CallExpr) (Layout, bool) {
	if fs := e.A.fieldFuncsOf(c.Fun); len(fs) > 0 {
		var ls []Layout
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
	if !ok || e.Fn == nil || e.Fn.Decl == nil {
		return nil, false
	}
	v, _ := e.A.pass.TypesInfo.Uses[id].(*types.Var)
	if v == nil || !e.Fn.IsParam(v) {
		return nil, false
	}
	encl, _ := e.A.pass.TypesInfo.Defs[e.Fn.Decl.Name].(*types.Func)
	if encl == nil {
		return nil, false
	}
	idx := slices.Index(ParamVars(e.A.pass.TypesInfo, e.Fn.Decl), v)
	if idx < 0 {
		return nil, false
	}
	var ls []Layout
	for _, site := range e.A.CallSites[encl] {
		if idx >= len(site.Call.Args) {
			continue
		}
		var f *types.Func
		switch a := ast.Unparen(site.Call.Args[idx]).(type) {
		case *ast.Ident:
			f, _ = e.A.pass.TypesInfo.Uses[a].(*types.Func)
		case *ast.SelectorExpr:
			f, _ = e.A.pass.TypesInfo.Uses[a.Sel].(*types.Func)
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
func (e *Evaluator) calleeKey(c *ast.CallExpr) string {
	if fn := Callee(e.A.pass.TypesInfo, c); fn != nil {
		return FuncKey(fn)
	}
	return ""
}

func Receiver(c *ast.CallExpr) ast.Expr {
	if sel, ok := ast.Unparen(c.Fun).(*ast.SelectorExpr); ok {
		return sel.X
	}
	return nil
}

// FuncKey names a function by package path (major version suffix removed)
// and receiver type: "time.Now", "strings.(Builder).String".
func FuncKey(fn *types.Func) string {
	fn = fn.Origin()
	pkg := ""
	if fn.Pkg() != nil {
		pkg = TrimVersion(fn.Pkg().Path())
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

// TrimVersion drops a /vN major-version suffix from a module path:
// github.com/openai/openai-go/v3/responses → github.com/openai/openai-go/responses.
func TrimVersion(path string) string {
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
func (e *Evaluator) library(c *ast.CallExpr, key string) (Layout, bool) {
	args := c.Args
	switch key {
	case "fmt.Sprintf", "fmt.Errorf":
		if len(args) == 0 {
			return nil, false
		}
		return e.Sprintf(args[0], args[1:]), true
	case "fmt.Sprint", "fmt.Sprintln":
		var l Layout
		for i, a := range args {
			if key == "fmt.Sprintln" && i > 0 {
				l = append(l, stable(" ", a)...)
			}
			l = append(l, e.Eval(a)...)
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
		l := e.Eval(args[0])
		if n, ok := e.IntConst(args[1]); ok && n >= 0 && n <= 1<<12 {
			var out Layout
			for range n {
				out = append(out, l...)
			}
			return out, true
		}
		return e.Unknown(c, ""), true
	case "strings.ReplaceAll", "strings.Replace":
		return e.replace(c), true
	case "strings.TrimSpace", "strings.ToUpper", "strings.ToLower", "strings.TrimSuffix", "strings.TrimPrefix", "strings.Trim", "strings.Clone":
		return e.transform(c, key), true
	case Lc("prompts.(PromptTemplate).Format"):
		return e.promptTemplate(c), true
	case "strings.(Builder).String", "bytes.(Buffer).String", "bytes.(Buffer).Bytes":
		return e.builder(c, Receiver(c)), true
	case "strings.(Replacer).Replace":
		return e.replacer(c), true
	case "time.Unix", "time.UnixMilli", "time.UnixMicro", "time.Date", "time.Parse", "time.ParseInLocation":
		return e.timeFrom(c), true
	case "encoding/json.Marshal", "encoding/json.MarshalIndent":
		// encoding/json sorts map keys: the output is as stable as the value.
		return SlotAt(c, &rules.Slot{Name: e.A.ShortText(c), Kind: rules.KindOther, Lifetime: e.valueLifetime(args[0]), Why: "encoding/json"}), true
	case "github.com/json-iterator/go.Marshal", "github.com/json-iterator/go.MarshalToString", "github.com/json-iterator/go.MarshalIndent":
		if e.isMap(args[0]) {
			return Layout{{Slot: &rules.Slot{Name: e.A.ShortText(args[0]), Kind: rules.KindOrder, Lifetime: rules.LifeStable, Order: true, Why: "json-iterator does not sort map keys"}, Pos: c.Pos(), End: c.End(), Param: -1}}, true
		}
	}
	return nil, false
}

// valueLifetime is stable when the value is built from constants only.
func (e *Evaluator) valueLifetime(x ast.Expr) rules.Lifetime {
	stableValue := true
	ast.Inspect(x, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.CallExpr:
			if tv, ok := e.A.pass.TypesInfo.Types[n.Fun]; !ok || !tv.IsType() {
				stableValue = false
			}
		case *ast.Ident:
			if _, ok := e.A.pass.TypesInfo.ObjectOf(n).(*types.Var); ok {
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

func (e *Evaluator) isMap(x ast.Expr) bool {
	t := e.A.pass.TypesInfo.TypeOf(x)
	if t == nil {
		return false
	}
	_, ok := t.Underlying().(*types.Map)
	return ok
}

func (e *Evaluator) IntConst(x ast.Expr) (int, bool) {
	tv, ok := e.A.pass.TypesInfo.Types[x]
	if !ok || tv.Value == nil {
		return 0, false
	}
	n, ok := constant.Int64Val(constant.ToInt(tv.Value))
	return int(n), ok
}

func (e *Evaluator) StringConst(x ast.Expr) (string, bool) {
	tv, ok := e.A.pass.TypesInfo.Types[x]
	if !ok || tv.Value == nil || tv.Value.Kind() != constant.String {
		return "", false
	}
	return constant.StringVal(tv.Value), true
}

// Sprintf splits a format string around its verbs; each verb's argument
// contributes its own layout.
func (e *Evaluator) Sprintf(format ast.Expr, args []ast.Expr) Layout {
	f, ok := e.StringConst(format)
	if !ok {
		l := e.Eval(format)
		for _, a := range args {
			l = append(l, e.Eval(a)...)
		}
		return l
	}
	var out Layout
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
		l := e.Eval(arg)
		if verb == 'q' {
			if s, ok := l.Text(); ok {
				l = stable(strconv.Quote(s), arg)
			}
		}
		if s, ok := l.Text(); ok {
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
func (e *Evaluator) transform(c *ast.CallExpr, key string) Layout {
	if len(c.Args) == 0 {
		return e.Unknown(c, "")
	}
	l := e.Eval(c.Args[0])
	s, ok := l.Text()
	if !ok {
		return l
	}
	arg := func(i int) string {
		if i < len(c.Args) {
			v, _ := e.StringConst(c.Args[i])
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

func (e *Evaluator) replace(c *ast.CallExpr) Layout {
	if len(c.Args) < 3 {
		return e.Unknown(c, "")
	}
	l := e.Eval(c.Args[0])
	with := e.Eval(c.Args[2])
	if old, ok := e.StringConst(c.Args[1]); ok {
		return spliceAll(l, func(s string) []string { return strings.Split(s, old) }, with)
	}
	return spliceAt(l, e.Eval(c.Args[1]), with)
}

// spliceAll splits each stable piece with split and puts the layout with
// between the results: replacing a placeholder with a value. When no
// stable text holds the placeholder, a value that is not constant text
// goes after the first slot that may hold it (a template read at run
// time, a parameter): dropping it would hide what it brings.
func spliceAll(l Layout, split func(string) []string, with Layout) Layout {
	var out Layout
	found := false
	for _, p := range l {
		if p.Slot != nil || p.Param >= 0 {
			out = append(out, p)
			continue
		}
		parts := split(p.Text)
		found = found || len(parts) > 1
		for i, s := range parts {
			if i > 0 {
				out = append(out, with...)
			}
			if s != "" {
				q := p
				q.Text = s
				out = append(out, q)
			}
		}
	}
	if !found && !with.Known() {
		out, _ = intoSlot(out, with)
	}
	return out
}

// spliceAt replaces a placeholder known only in part (`"{{"+k+"}}"`):
// a value that is not constant text goes where the first stable text
// holding the placeholder's constant start begins, else after the first
// slot that may hold it; a placeholder with no constant start may be
// anywhere, and its value is put at the end.
func spliceAt(l, old, with Layout) Layout {
	if with.Known() {
		return l
	}
	var anchor strings.Builder
	for _, p := range old {
		if p.Slot != nil || p.Param >= 0 {
			break
		}
		anchor.WriteString(p.Text)
	}
	if a := anchor.String(); a != "" {
		for i, p := range l {
			if p.Slot != nil || p.Param >= 0 {
				continue
			}
			if j := strings.Index(p.Text, a); j >= 0 {
				before, after := p, p
				before.Text, after.Text = p.Text[:j], p.Text[j:]
				var out Layout
				out = append(out, l[:i]...)
				if before.Text != "" {
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
func intoSlot(l, with Layout) (Layout, bool) {
	for i, p := range l {
		if p.Param < 0 && (p.Slot == nil || p.Slot.Order || p.Slot.Kind == rules.KindTime || p.Slot.Kind == rules.KindRandom) {
			continue
		}
		return slices.Concat(l[:i+1], with, l[i+1:]), true
	}
	return l, false
}

// replacer applies a strings.NewReplacer built from constant pairs whose
// replacements may be volatile.
func (e *Evaluator) replacer(c *ast.CallExpr) Layout {
	if len(c.Args) != 1 {
		return e.Unknown(c, "")
	}
	l := e.Eval(c.Args[0])
	newCall := e.definingCall(Receiver(c), "strings.NewReplacer")
	if newCall == nil || len(newCall.Args)%2 != 0 {
		return l
	}
	for i := 0; i+1 < len(newCall.Args); i += 2 {
		old, ok := e.StringConst(newCall.Args[i])
		switch {
		case !ok:
			l = spliceAt(l, e.Eval(newCall.Args[i]), e.Eval(newCall.Args[i+1]))
		case old != "":
			l = spliceAll(l, func(s string) []string { return strings.Split(s, old) }, e.Eval(newCall.Args[i+1]))
		}
	}
	return l
}

// definingCall follows a local variable to the call of key that defines it.
func (e *Evaluator) definingCall(x ast.Expr, key string) *ast.CallExpr {
	for range 4 {
		x = ast.Unparen(x)
		if c, ok := x.(*ast.CallExpr); ok {
			if fn := Callee(e.A.pass.TypesInfo, c); fn != nil {
				switch FuncKey(fn) {
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
		if !ok || e.Fn == nil {
			return nil
		}
		v, _ := e.A.pass.TypesInfo.ObjectOf(id).(*types.Var)
		d := e.Fn.LastDef(v, id.Pos())
		if d == nil {
			if v != nil && v.Parent() == e.A.pass.Pkg.Scope() {
				init, _ := e.A.pkgVarInit(v)
				if init.expr != nil {
					x = init.expr
					continue
				}
			}
			return nil
		}
		x = d.Rhs
	}
	return nil
}

// richest is the one of several possible values of a string (the arms of
// a switch, a function's returns) that says the most about the prompt:
// the one with the most volatile content, then with the most runtime
// content and text. A linter that took the first would miss the hazard of
// every path but one; the richest is what the prompt holds on the path
// that matters.
func richest(ls []Layout) Layout {
	var best Layout
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
func layoutScore(l Layout) [3]int {
	var s [3]int
	for _, p := range l {
		if p.Slot == nil {
			s[2] += len(p.Text)
			continue
		}
		s[1]++
		r := p.Slot.Lifetime.Rank()
		switch {
		case p.Slot.Order && p.Slot.Lifetime != rules.LifeProcess:
			r = rules.LifeRequest.Rank()
		case p.Slot.Lifetime == rules.LifeUnknown:
			r = 0
		}
		s[0] = max(s[0], r)
	}
	return s
}

// TextPos is the position of byte off of a piece's text in the source:
// exact when the piece is the whole content of one string literal written
// without escapes (a raw string, or a plain quoted one), else the piece's
// start.
func (a *Engine) TextPos(p Piece, off int) token.Pos {
	tf := a.pass.Fset.File(p.Pos)
	if tf == nil || !p.End.IsValid() {
		return p.Pos
	}
	data := a.Src(p.Pos)
	start, end := tf.Offset(p.Pos), tf.Offset(p.End)
	if start < 0 || end > len(data) || end-start < 2 {
		return p.Pos
	}
	lit := data[start:end]
	quote := lit[0]
	if quote != '`' && (quote != '"' || strings.IndexByte(string(lit), '\\') >= 0) || lit[len(lit)-1] != quote {
		return p.Pos
	}
	if string(lit[1:len(lit)-1]) != p.Text || off < 0 || off > len(p.Text) {
		return p.Pos
	}
	return p.Pos + 1 + token.Pos(off)
}

// Share makes e and sub, and the frames either knows, evaluate each
// other's expressions.
func (e *Evaluator) Share(sub *Evaluator) {
	if e.Frames == nil {
		e.Frames = &[]*Evaluator{e}
	}
	switch {
	case sub.Frames == e.Frames:
	case sub.Frames != nil:
		for _, f := range *sub.Frames {
			f.Frames = e.Frames
			*e.Frames = append(*e.Frames, f)
		}
	default:
		sub.Frames = e.Frames
		*e.Frames = append(*e.Frames, sub)
	}
}

// frameOf is the evaluator among e's frames whose function holds x when
// e's does not, nil otherwise.
func (e *Evaluator) frameOf(x ast.Expr) *Evaluator {
	if e.Frames == nil || e.Fn == nil || e.Fn.Decl == nil || Within(e.Fn.Decl, x.Pos()) {
		return nil
	}
	for _, f := range *e.Frames {
		if f != e && f.Fn != nil && f.Fn.Decl != nil && Within(f.Fn.Decl, x.Pos()) {
			return f
		}
	}
	return nil
}

// isReceiver reports whether id names the receiver of e's method.
func (e *Evaluator) isReceiver(id *ast.Ident) bool {
	if id == nil || e.Fn == nil || e.Fn.Decl == nil || e.Fn.Decl.Recv == nil {
		return false
	}
	for _, f := range e.Fn.Decl.Recv.List {
		for _, n := range f.Names {
			if obj := e.A.pass.TypesInfo.Defs[n]; obj != nil && obj == e.A.pass.TypesInfo.Uses[id] {
				return true
			}
		}
	}
	return false
}
