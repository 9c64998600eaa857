package flow

import (
	"go/ast"
	"go/types"
	"reflect"
	"slices"
	"sync"
	"sync/atomic"

	goanalysis "golang.org/x/tools/go/analysis"
)

// Program is what a driver that loads the whole program (cachevet go) knows
// beyond one package and its imports. An agent calls Provider.Chat or
// Toolset.Tools through an interface of its own; the implementations live
// in sibling packages the caller never imports, so under go vet their facts
// never reach it. The driver runs the analyzer once, gathers every fact it
// exported into a Program, and runs it again: the second round resolves an
// interface method to the program's implementations (class-hierarchy
// analysis over the loaded packages' named types) and reads their facts,
// and a function-typed field to the functions any package stores in it.
// go vet has no Program; the analyzer then judges what it sees.
type Program struct {
	facts map[types.Object][]goanalysis.Fact
	named []*types.TypeName
	// fieldFuncs are the functions stored in func-typed struct fields,
	// by any package of the program.
	fieldFuncs map[*types.Var][]*types.Func

	mu    sync.Mutex
	impls map[*types.Func][]*types.Func
}

// NewProgram indexes the facts a first round exported, the named types
// of the program's packages (in the order given, which the driver keeps
// deterministic) and the functions each package stores in func-typed
// fields (FuncStores).
func NewProgram(pkgs []*types.Package, facts []goanalysis.ObjectFact, stores [][]FieldFunc) *Program {
	p := &Program{facts: map[types.Object][]goanalysis.Fact{}, fieldFuncs: map[*types.Var][]*types.Func{}, impls: map[*types.Func][]*types.Func{}}
	for _, f := range facts {
		fs := p.facts[f.Object]
		if !slices.ContainsFunc(fs, func(g goanalysis.Fact) bool { return reflect.TypeOf(g) == reflect.TypeOf(f.Fact) }) {
			p.facts[f.Object] = append(fs, f.Fact)
		}
	}
	for _, pkg := range pkgs {
		scope := pkg.Scope()
		for _, name := range scope.Names() {
			tn, ok := scope.Lookup(name).(*types.TypeName)
			if !ok || tn.IsAlias() || types.IsInterface(tn.Type()) {
				continue
			}
			if n, ok := tn.Type().(*types.Named); ok && n.TypeParams().Len() > 0 {
				continue // a generic type's methods are judged through its instances' callers
			}
			p.named = append(p.named, tn)
		}
	}
	for _, fs := range stores {
		for _, ff := range fs {
			if !slices.Contains(p.fieldFuncs[ff.field], ff.fn) {
				p.fieldFuncs[ff.field] = append(p.fieldFuncs[ff.field], ff.fn)
			}
		}
	}
	return p
}

// Useful reports whether a second round can learn anything from the
// program: some fact or stored function exists.
func (p *Program) Useful() bool { return len(p.facts) > 0 || len(p.fieldFuncs) > 0 }

// program is the Program of the current run, nil under go vet.
var CurrentProgram atomic.Pointer[Program]

// UseProgram sets the Program the analyzer consults, nil for none. A
// driver sets it between runs, never during one.
func UseProgram(p *Program) { CurrentProgram.Store(p) }

// fact copies obj's fact of ptr's type into ptr, as ImportObjectFact does.
func (p *Program) fact(obj types.Object, ptr goanalysis.Fact) bool {
	for _, f := range p.facts[obj] {
		if reflect.TypeOf(f) == reflect.TypeOf(ptr) {
			reflect.ValueOf(ptr).Elem().Set(reflect.ValueOf(f).Elem())
			return true
		}
	}
	return false
}

// implementations lists the program's concrete methods that implement an
// interface method, in the program's package order.
func (p *Program) implementations(m *types.Func) []*types.Func {
	p.mu.Lock()
	defer p.mu.Unlock()
	if ms, ok := p.impls[m]; ok {
		return ms
	}
	var out []*types.Func
	recv := m.Signature().Recv()
	iface, _ := recv.Type().Underlying().(*types.Interface)
	if iface != nil {
		for _, tn := range p.named {
			if fn := implementation(tn, iface, m.Pkg(), m.Name()); fn != nil && fn != m {
				out = append(out, fn)
			}
		}
	}
	p.impls[m] = out
	return out
}

// ImportFact imports obj's fact: from the pass (this package and what it
// imports) or, under a whole-program driver, from the program's first
// round.
func (a *Engine) ImportFact(obj types.Object, ptr goanalysis.Fact) bool {
	if a.pass.ImportObjectFact != nil && a.pass.ImportObjectFact(obj, ptr) {
		return true
	}
	if p := CurrentProgram.Load(); p != nil {
		return p.fact(obj, ptr)
	}
	return false
}

// programImpls lists the implementations of an interface method in other
// packages of the program, none under go vet.
func (a *Engine) programImpls(m *types.Func) []*types.Func {
	p := CurrentProgram.Load()
	recv := m.Signature().Recv()
	if p == nil || recv == nil || !types.IsInterface(recv.Type()) || m.Pkg() == nil || InGOROOTAt(a.pass.Fset, m.Pos()) {
		return nil
	}
	var out []*types.Func
	for _, fn := range p.implementations(m) {
		if fn.Pkg() != a.pass.Pkg {
			out = append(out, fn)
		}
	}
	return out
}

// storedFuncs lists the functions the program's packages store in a
// func-typed field, none under go vet.
func (a *Engine) storedFuncs(field *types.Var) []*types.Func {
	if p := CurrentProgram.Load(); p != nil {
		return p.fieldFuncs[field]
	}
	return nil
}

// FieldFunc is a function stored in a func-typed struct field.
type FieldFunc struct {
	field *types.Var
	fn    *types.Func
}

// fieldFuncsOf lists the functions stored in the func-typed field that a
// call's function expression reads (cfg.ToolDefs()): those this package
// stores, and under a whole-program driver, those any package stores.
func (a *Engine) fieldFuncsOf(fun ast.Expr) []*types.Func {

	field := a.fieldOf(fun)
	if field == nil {
		return nil
	}
	if _, ok := field.Type().Underlying().(*types.Signature); !ok {
		return nil
	}
	var out []*types.Func
	for _, w := range a.FieldWrites[field] {
		out = appendNewFuncs(out, storedFuncs(a.pass.TypesInfo, w.Rhs))
	}
	return appendNewFuncs(out, a.storedFuncs(field))
}

// FuncValue is the function a function value names (F, pkg.F, T.M, x.M),
// nil for anything else.
func FuncValue(info *types.Info, x ast.Expr) *types.Func {
	switch y := ast.Unparen(x).(type) {
	case *ast.Ident:
		fn, _ := info.Uses[y].(*types.Func)
		return fn
	case *ast.SelectorExpr:
		fn, _ := info.Uses[y.Sel].(*types.Func)
		return fn
	}
	return nil
}

// storedFuncs are the functions a value stored in a func-typed field
// stands for: a function or method value (registry.List), or a literal
// whose returns hand back what such a function returns when called with no
// arguments (func(i int) []Tool { if gated { return f.List() }; return
// reg.List() }); none for anything else.
func storedFuncs(info *types.Info, x ast.Expr) []*types.Func {
	if f := FuncValue(info, x); f != nil {
		return []*types.Func{f}
	}
	switch x := ast.Unparen(x).(type) {
	case *ast.FuncLit:
		var out []*types.Func
		ast.Inspect(x.Body, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.FuncLit:
				return false // a nested literal's returns are its own
			case *ast.ReturnStmt:
				if len(n.Results) == 0 {
					break
				}
				if c, ok := ast.Unparen(n.Results[0]).(*ast.CallExpr); ok && len(c.Args) == 0 {
					if f := Callee(info, c); f != nil && !slices.Contains(out, f) {
						out = append(out, f)
					}
				}
			}
			return true
		})
		return out
	}
	return nil
}

// FuncStores lists the functions this package stores in func-typed struct
// fields of any package, by assignment or in a composite literal: the
// wiring a main package does (loop.Config{ToolDefs: registry.List}).
func FuncStores(pass *goanalysis.Pass) []FieldFunc {
	var out []FieldFunc
	add := func(field *types.Var, val ast.Expr) {
		if field == nil {
			return
		}
		if _, ok := field.Type().Underlying().(*types.Signature); !ok {
			return
		}
		for _, f := range storedFuncs(pass.TypesInfo, val) {
			out = append(out, FieldFunc{field, f})
		}
	}
	for _, file := range pass.Files {
		ast.Inspect(file, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.AssignStmt:
				if len(n.Lhs) != len(n.Rhs) {
					break
				}
				for i, lhs := range n.Lhs {
					if sel, ok := ast.Unparen(lhs).(*ast.SelectorExpr); ok {
						if s, ok := pass.TypesInfo.Selections[sel]; ok && s.Kind() == types.FieldVal {
							v, _ := s.Obj().(*types.Var)
							add(v, n.Rhs[i])
						}
					}
				}
			case *ast.CompositeLit:
				if st := StructOf(pass.TypesInfo.TypeOf(n)); st != nil {
					for i, kv := range KeyedFields(st, n) {
						add(st.Field(i), kv.Value)
					}
				}
			}
			return true
		})
	}
	return out
}

// implementation is the concrete method of a named type (or its pointer)
// that implements an interface's method, declared in the type's package;
// nil when the type does not implement the interface. A struct embedding
// the interface promotes the abstract method itself, which is no
// implementation.
func implementation(tn *types.TypeName, iface *types.Interface, pkg *types.Package, name string) *types.Func {
	var impl types.Type
	switch {
	case types.Implements(tn.Type(), iface):
		impl = tn.Type()
	case types.Implements(types.NewPointer(tn.Type()), iface):
		impl = types.NewPointer(tn.Type())
	default:
		return nil
	}
	obj, _, _ := types.LookupFieldOrMethod(impl, true, pkg, name)
	if fn, ok := obj.(*types.Func); ok && fn.Pkg() == tn.Pkg() && !types.IsInterface(fn.Signature().Recv().Type()) {
		return fn
	}
	return nil
}
