package flow

import (
	"go/ast"
	"go/token"
	"go/types"
	"strings"

	"golang.org/x/tools/go/types/typeutil"

	"github.com/cachevet/cachevet/rules"
)

// The analyzer reports what it has evidence for. Volatility comes from
// sources (the clock, ids, the environment, files, command output, HTTP
// requests), from names that say what a value holds (userName, query,
// currentDate) and from a request function's parameters. A struct field, a
// method result or a call whose inputs carry none of that is configuration:
// the same in every request. Otherwise ordinary code that builds a prompt
// from a config struct loaded at start-up would be reported everywhere.

// chainName classifies the names along a selector or call chain
// (a.user.Bio, cfg.Tenant().Name), the rightmost name that says something
// winning.
func (e *Evaluator) chainName(x ast.Expr) (kind string, life rules.Lifetime, ok bool) {
	for x != nil {
		name := ""
		switch y := ast.Unparen(x).(type) {
		case *ast.Ident:
			name, x = y.Name, nil
		case *ast.SelectorExpr:
			name, x = y.Sel.Name, y.X
			if strings.EqualFold(name, "name") && !e.ofPerson(y.X) {
				continue // tool.Name, server.Name: not a person's name
			}
			if strings.EqualFold(name, "text") || strings.EqualFold(name, "content") {
				continue // skill.Text, block.Content: what holds it says what it is
			}
		case *ast.CallExpr:
			x = y.Fun
			continue
		case *ast.IndexExpr:
			x = y.X
			continue
		case *ast.StarExpr:
			x = y.X
			continue
		default:
			x = nil
		}
		if name == "" {
			continue
		}
		if k, l := e.A.classify(name); l != rules.LifeUnknown {
			return k, l, true
		}
	}
	return "", rules.LifeUnknown, false
}

// verdict is how volatile a value is: its kind, lifetime and where the
// value that makes it so is produced (zero when not known).
type verdict struct {
	kind   string
	life   rules.Lifetime
	origin rules.Span
}

var stableVerdict = verdict{kind: rules.KindOther, life: rules.LifeStable}

// slot is a slot at the use of a value with this verdict.
func (v verdict) slot(name, why string) *rules.Slot {
	return &rules.Slot{Name: name, Kind: v.kind, Lifetime: v.life, Why: why, Origin: v.origin}
}

// named is the verdict a name gives.
func (e *Evaluator) named(name string) verdict {
	kind, life := e.A.classify(name)
	return verdict{kind: kind, life: life}
}

// rootLife is how long the value at the root of a field chain lives: a
// request function's parameter as its name says (unknown when it says
// nothing), a local as its definition, a receiver, closure variable or
// package variable as configuration unless traced to a source.
func (e *Evaluator) rootLife(root *ast.Ident) verdict {
	v, ok := e.A.pass.TypesInfo.ObjectOf(root).(*types.Var)
	if !ok {
		return stableVerdict // a package name, a constant
	}
	if x, ok := e.Args[v]; ok {
		return e.worst(e.Caller.Eval(x))
	}
	if _, ok := e.params[v]; ok {
		return e.named(v.Name())
	}
	if v.Pkg() != nil && v.Parent() == v.Pkg().Scope() {
		return e.pkgVarLife(v)
	}
	if e.Fn == nil {
		return stableVerdict
	}
	if e.Fn.IsParam(v) {
		if w := e.named(v.Name()); w.life != rules.LifeUnknown || IsStringy(v.Type()) {
			return w
		}
		// An object handed in (a registry, a client, a store) whose name
		// says nothing is a service, not data of the request.
		return stableVerdict
	}
	if d := e.Fn.LastDef(v, root.Pos()); d != nil && !e.Visiting[v] {
		e.Visiting[v] = true
		defer delete(e.Visiting, v)
		return e.worst(e.Eval(d.Rhs))
	}
	if rng := e.Fn.Ranges[v]; rng != nil && !e.Visiting[v] {
		// A field of a range variable (m.Content of each recalled
		// memory) lives as long as the collection's elements.
		e.Visiting[v] = true
		defer delete(e.Visiting, v)
		return e.collectionLife(rng.X)
	}
	return stableVerdict // a receiver or a captured variable
}

// pkgVarLife is a package variable's lifetime as a value of any type: its
// initializer's, or for one assigned at run time the assignments'
// (fixed once per process when they happen in main or init).
func (e *Evaluator) pkgVarLife(v *types.Var) verdict {
	if v.Pkg() != e.A.pass.Pkg || e.Visiting[v] {
		return stableVerdict
	}
	e.Visiting[v] = true
	defer delete(e.Visiting, v)
	init, assigned := e.A.pkgVarInit(v)
	out := stableVerdict
	if init.expr != nil {
		sub := &Evaluator{A: e.A, Visiting: e.Visiting, depth: e.depth}
		out = e.worst(sub.Eval(init.expr))
	}
	if !assigned {
		out.life = processLife(out.life)
		return out
	}
	for _, as := range e.A.pkgAssigns[v] {
		sub := &Evaluator{A: e.A, Fn: e.A.FuncInfoFor(as.fd), Visiting: e.Visiting, depth: e.depth}
		w := e.worst(sub.Eval(as.rhs))
		if startup(as.fd) {
			w.life = processLife(w.life)
		}
		if w.life.Rank() > out.life.Rank() {
			out = w
		}
	}
	return out
}

// pkgVarOrder is the order slot of a package variable a function sets to
// content gathered in nondeterministic order; fixed once per process when
// set in main, init or a sync.Once.
// The caller (pkgVar) guards against cycles through v.
func (e *Evaluator) pkgVarOrder(v *types.Var) (Piece, bool) {
	if v.Pkg() != e.A.pass.Pkg {
		return Piece{}, false
	}
	for _, as := range e.A.pkgAssigns[v] {
		fi := e.A.FuncInfoFor(as.fd)
		sub := &Evaluator{A: e.A, Fn: fi, Visiting: e.Visiting, depth: e.depth}
		for _, p := range sub.Eval(as.rhs) {
			if p.Slot == nil || !p.Slot.Order {
				continue
			}
			if startup(as.fd) || fi.inOnce(as.pos) {
				s := *p.Slot
				s.Lifetime, s.Why = rules.LifeProcess, s.Why+" when "+v.Name()+" is set once"
				p.Slot = &s
			}
			p.Param, p.Rng = -1, nil
			return p, true
		}
	}
	return Piece{}, false
}

// processLife is a value computed once at start-up: what would change per
// request is fixed once per process.
func processLife(l rules.Lifetime) rules.Lifetime {
	if l == rules.LifeRequest || l == rules.LifeSession {
		return rules.LifeProcess
	}
	return l
}

func startup(fd *ast.FuncDecl) bool {
	return fd.Recv == nil && (fd.Name.Name == "main" || fd.Name.Name == "init")
}

// worst is the most volatile lifetime in a layout, with its kind and the
// origin of its value (the slot's own, else where the slot is).
func (e *Evaluator) worst(l Layout) verdict {
	out := stableVerdict
	for _, p := range l {
		if p.Slot == nil || p.Slot.Order || p.Slot.Kind == rules.KindHistory {
			continue // the conversation is never the volatile value (see inputLife)
		}
		if p.Slot.Lifetime.Rank() > out.life.Rank() {
			out = verdict{kind: p.Slot.Kind, life: p.Slot.Lifetime, origin: p.Slot.Origin}
			if out.origin.IsZero() && out.life != rules.LifeUnknown && p.Pos.IsValid() {
				out.origin = e.A.Span(p.Pos, p.End)
			}
		}
	}
	return out
}

// opaque is a call the analyzer cannot see into: its name says what it
// returns, else it is as volatile as its receiver and arguments (a pure
// function of constants is stable).
func (e *Evaluator) opaque(c *ast.CallExpr, fn *types.Func) Layout {
	if kind, life, ok := e.chainName(c.Fun); ok {
		return SlotAt(c, &rules.Slot{Name: e.A.ShortText(c), Kind: kind, Lifetime: life})
	}
	var inputs []ast.Expr
	if fn != nil && fn.Signature().Recv() != nil {
		if r := Receiver(c); r != nil {
			inputs = append(inputs, r)
		}
	}
	inputs = append(inputs, c.Args...)
	out := stableVerdict
	for _, in := range inputs {
		if e.ignoredInput(in) {
			continue
		}
		if w := e.inputLife(in); w.life.Rank() > out.life.Rank() {
			out = w
		}
	}
	return SlotAt(c, out.slot(e.A.ShortText(c), "result of "+e.A.ShortText(c.Fun)))
}

// inputLife is the lifetime of a call's input of any type. A value drawn
// from the conversation (the system text split off a provider-neutral
// message list, a summary of earlier turns) is not volatile on that
// account: the conversation's start is the same turn to turn.
func (e *Evaluator) inputLife(x ast.Expr) verdict {
	if w := e.inputVerdict(x); w.kind != rules.KindHistory {
		return w
	}
	return stableVerdict
}

func (e *Evaluator) inputVerdict(x ast.Expr) verdict {
	if sel, ok := ast.Unparen(x).(*ast.SelectorExpr); ok {
		if s, ok := e.A.pass.TypesInfo.Selections[sel]; ok && s.Kind() == types.FieldVal {
			return e.worst(e.field(sel))
		}
	}
	if id, ok := ast.Unparen(x).(*ast.Ident); ok {
		if t := e.A.pass.TypesInfo.TypeOf(id); t != nil && !IsStringy(t) {
			return e.rootLife(id)
		}
	}
	return e.worst(e.Eval(x))
}

// ignoredInput reports inputs that carry no prompt content: contexts,
// functions, types and nil.
func (e *Evaluator) ignoredInput(x ast.Expr) bool {
	tv, ok := e.A.pass.TypesInfo.Types[x]
	if !ok || tv.IsType() || tv.IsNil() {
		return true
	}
	if _, ok := tv.Type.Underlying().(*types.Signature); ok {
		return true
	}
	if n, ok := types.Unalias(tv.Type).(*types.Named); ok && n.Obj().Pkg() != nil && n.Obj().Pkg().Path() == "context" {
		return true
	}
	return false
}

// untyped reports whether go/types gave x no type: it names something of
// a package that could not be loaded, or a name that does not resolve.
func untyped(info *types.Info, x ast.Expr) bool {
	if id, ok := ast.Unparen(x).(*ast.Ident); ok {
		if _, ok := info.ObjectOf(id).(*types.PkgName); ok {
			return false // a package name has no type in well-typed code too
		}
	}
	t := info.TypeOf(x)
	return t == nil || t == types.Typ[types.Invalid]
}

// Callee is the function or method a call calls: nil for a function
// value, a conversion or a builtin, and nil for a call whose arguments do
// not fit the function's parameters (a type error, as in code written
// against another version of a library), which the analyzer could not read
// by position.
func Callee(info *types.Info, c *ast.CallExpr) *types.Func {
	fn, _ := typeutil.Callee(info, c).(*types.Func)
	if fn == nil {
		return nil
	}
	sig := fn.Signature()
	n := sig.Params().Len()
	if sel, ok := ast.Unparen(c.Fun).(*ast.SelectorExpr); ok {
		if s, ok := info.Selections[sel]; ok && s.Kind() == types.MethodExpr {
			n++ // T.M(recv, args): the receiver is the first argument
		}
	}
	if len(c.Args) == 1 && n > 1 {
		if _, tuple := info.TypeOf(c.Args[0]).(*types.Tuple); tuple {
			return fn // f(g()) with g's results
		}
	}
	if sig.Variadic() && !c.Ellipsis.IsValid() {
		if len(c.Args) < n-1 {
			return nil
		}
	} else if len(c.Args) != n {
		return nil
	}
	return fn
}

func IsStringy(t types.Type) bool {
	if t == nil {
		return false // an expression go/types could not type
	}
	switch u := t.Underlying().(type) {
	case *types.Basic:
		return u.Info()&types.IsString != 0
	case *types.Slice:
		b, ok := u.Elem().Underlying().(*types.Basic)
		return ok && (b.Kind() == types.Byte || b.Info()&types.IsString != 0)
	}
	return false
}

// pkgAssign is an assignment to a package variable inside a function.
type pkgAssign struct {
	rhs ast.Expr
	fd  *ast.FuncDecl
	pos token.Pos
}

// personWords are words in a type's name that say its values are people.
var personWords = []string{"user", "person", "customer", "account", "profile", "member", "contact", "client", "patient", "employee", "author", "owner"}

// ofPerson reports whether x's type (through pointers) is named for a
// person, or has no name to tell.
func (e *Evaluator) ofPerson(x ast.Expr) bool {
	if untyped(e.A.pass.TypesInfo, x) {
		return false // of a package that could not be loaded: no evidence
	}
	t := e.A.pass.TypesInfo.TypeOf(x)
	if p, ok := t.Underlying().(*types.Pointer); ok {
		t = p.Elem()
	}
	n, ok := types.Unalias(t).(*types.Named)
	if !ok {
		return true
	}
	lower := strings.ToLower(n.Obj().Name())
	for _, w := range personWords {
		if strings.Contains(lower, w) {
			return true
		}
	}
	return false
}

// configTypes are type-name endings that mark a struct as configuration.
var configTypes = []string{"Config", "Configuration", "Settings", "Options", "Conf"}

// ofConfig reports whether a field is read from a configuration struct
// (a *Config, Settings, Options), whatever the field is called, unless the
// config file's volatile names list it.
func (e *Evaluator) ofConfig(x *ast.SelectorExpr) bool {
	_, forced := rules.ClassifyName(x.Sel.Name, rules.NameOverrides{Volatile: e.A.Names.Volatile})
	if _, plain := rules.ClassifyName(x.Sel.Name, rules.NameOverrides{}); forced != plain {
		return false // listed as volatile in the config
	}
	t := e.A.pass.TypesInfo.TypeOf(x.X)
	if t == nil {
		return false
	}
	if p, ok := t.(*types.Pointer); ok {
		t = p.Elem()
	}
	n, ok := types.Unalias(t).(*types.Named)
	if !ok {
		return false
	}
	for _, suffix := range configTypes {
		if strings.HasSuffix(n.Obj().Name(), suffix) {
			return true
		}
	}
	return false
}

// timeFrom is a time built from other values (time.Unix(p.FetchedAt, 0),
// time.Date, time.Parse): as volatile as what it is built from, not a
// reading of the clock. A location says nothing about when.
func (e *Evaluator) timeFrom(c *ast.CallExpr) Layout {
	w, from := stableVerdict, ""
	var inputs []ast.Expr
	for _, a := range c.Args {
		inputs = append(inputs, operands(a)...)
	}
	for _, a := range inputs {
		if e.ignoredInput(a) || isLocation(e.A.pass.TypesInfo.TypeOf(a)) {
			continue
		}
		if v := e.inputLife(a); v.life.Rank() > w.life.Rank() {
			w, from = v, e.A.ShortText(a)
		}
	}
	why := "a time built from constants"
	if from != "" {
		why = "a time built from " + from
	}
	s := w.slot(e.A.ShortText(c), why)
	s.Kind = rules.KindTime
	return SlotAt(c, s)
}

func isLocation(t types.Type) bool {
	if p, ok := t.(*types.Pointer); ok {
		t = p.Elem()
	}
	n, ok := types.Unalias(t).(*types.Named)
	return ok && n.Obj().Pkg() != nil && n.Obj().Pkg().Path() == "time" && n.Obj().Name() == "Location"
}

// operands are the values arithmetic combines (ms*1000 + offset).
func operands(x ast.Expr) []ast.Expr {
	switch y := ast.Unparen(x).(type) {
	case *ast.BinaryExpr:
		return append(operands(y.X), operands(y.Y)...)
	case *ast.UnaryExpr:
		return operands(y.X)
	}
	return []ast.Expr{x}
}
