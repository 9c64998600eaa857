package cachevet

import (
	"go/ast"
	"go/token"
	"go/types"

	goanalysis "golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ast/inspector"
	"golang.org/x/tools/go/types/typeutil"
)

// OrderFact marks a function that hands out a map's entries in
// nondeterministic order: an iterator (iter.Seq) or a Range-style method
// that calls its callback inside a range over a Go map. Ranging over its
// result, or the callback passed to it, runs in map order.
type OrderFact struct{}

func (*OrderFact) AFact() {}

func (*OrderFact) String() string { return "map order" }

// orderedCallbacks are standard library functions that call a callback in
// map order.
var orderedCallbacks = map[string]string{
	"sync.(Map).Range": "sync.Map iteration order",
}

// mapOrdered reports whether a call hands out a map's entries in
// nondeterministic order: maps.Keys/Values/All, an ordered-callback of the
// standard library, or a function marked by OrderFact (computed here for
// this package's functions, imported for others).
func (a *analysis) mapOrdered(c *ast.CallExpr) (string, bool) {
	fn, _ := typeutil.Callee(a.pass.TypesInfo, c).(*types.Func)
	if fn == nil {
		return "", false
	}
	switch key := funcKey(fn); key {
	case "maps.Keys", "maps.Values", "maps.All":
		return "map iteration order", true
	default:
		if why, ok := orderedCallbacks[key]; ok {
			return why, true
		}
	}
	if fn.Pkg() == a.pass.Pkg {
		if fd := a.decls[fn.Origin()]; fd != nil && a.rangesMapIntoCallback(fd) {
			return "map iteration order inside " + fn.Name(), true
		}
		return "", false
	}
	if fn.Pkg() == nil || a.pass.ImportObjectFact == nil {
		return "", false
	}
	if a.pass.ImportObjectFact(fn.Origin(), new(OrderFact)) {
		return "map iteration order inside " + fn.Name(), true
	}
	return "", false
}

// rangesMapIntoCallback reports whether a function calls a function value
// (its callback, an iterator's yield) inside a range over a Go map, or
// hands one to sync.Map.Range.
func (a *analysis) rangesMapIntoCallback(fd *ast.FuncDecl) bool {
	if got, ok := a.orderFuncs[fd]; ok {
		return got
	}
	a.orderFuncs[fd] = false // recursion guard
	cur, ok := a.cursors[fd]
	if !ok || fd.Body == nil || !hasFuncTypes(a.pass.TypesInfo, fd) {
		return false
	}
	found := false
	for c := range cur.Preorder((*ast.RangeStmt)(nil), (*ast.CallExpr)(nil)) {
		switch n := c.Node().(type) {
		case *ast.RangeStmt:
			if t := a.pass.TypesInfo.TypeOf(n.X); t != nil {
				if _, isMap := t.Underlying().(*types.Map); isMap && a.callsFuncValue(c.Child(n.Body)) {
					found = true
				}
			}
		case *ast.CallExpr:
			if key := a.calleeKeyOf(n); orderedCallbacks[key] != "" {
				for _, arg := range n.Args {
					if a.isFuncValue(arg) || a.callsFuncValue(c.Child(arg)) {
						found = true
					}
				}
			}
		}
		if found {
			break
		}
	}
	a.orderFuncs[fd] = found
	return found
}

// hasFuncTypes reports whether a function takes or returns a function
// value (a callback, an iterator): only such a function can hand out map
// order.
func hasFuncTypes(info *types.Info, fd *ast.FuncDecl) bool {
	fn, _ := info.Defs[fd.Name].(*types.Func)
	if fn == nil {
		return false
	}
	sig := fn.Signature()
	for _, tuple := range []*types.Tuple{sig.Params(), sig.Results()} {
		for i := range tuple.Len() {
			if _, ok := tuple.At(i).Type().Underlying().(*types.Signature); ok {
				return true
			}
		}
	}
	return false
}

// callsFuncValue reports whether code under cur calls a function-typed
// variable (a parameter, yield).
func (a *analysis) callsFuncValue(cur inspector.Cursor) bool {
	for c := range cur.Preorder((*ast.CallExpr)(nil)) {
		if a.isFuncValue(c.Node().(*ast.CallExpr).Fun) {
			return true
		}
	}
	return false
}

// isFuncValue reports whether x is a variable of function type.
func (a *analysis) isFuncValue(x ast.Expr) bool {
	id, ok := ast.Unparen(x).(*ast.Ident)
	if !ok {
		return false
	}
	v, ok := a.pass.TypesInfo.Uses[id].(*types.Var)
	if !ok {
		return false
	}
	_, ok = v.Type().Underlying().(*types.Signature)
	return ok
}

func (a *analysis) calleeKeyOf(c *ast.CallExpr) string {
	if fn, _ := typeutil.Callee(a.pass.TypesInfo, c).(*types.Func); fn != nil {
		return funcKey(fn)
	}
	return ""
}

// exportOrderFacts marks this package's exported functions that hand out
// map order.
func (a *analysis) exportOrderFacts() {
	for _, fn := range a.declOrder {
		if !token.IsExported(fn.Name()) {
			continue
		}
		if fd := a.decls[fn]; fd != nil && a.rangesMapIntoCallback(fd) {
			a.pass.ExportObjectFact(fn, new(OrderFact))
		}
	}
}

// hasCallbackFuncs reports whether an exported function takes or returns
// a function value: the only functions an OrderFact can mark.
func hasCallbackFuncs(pass *goanalysis.Pass) bool {
	for _, f := range pass.Files {
		for _, d := range f.Decls {
			if fd, ok := d.(*ast.FuncDecl); ok && fd.Name.IsExported() && hasFuncTypes(pass.TypesInfo, fd) {
				return true
			}
		}
	}
	return false
}

// collectedUnsorted reports whether a local variable holds the entries of
// a map-ordered call (slices.Collect(maps.Keys(m)), reg.All()) not sorted
// between its definition and pos.
func (a *analysis) collectedUnsorted(fi *funcInfo, x ast.Expr, pos token.Pos) (string, bool) {
	id, ok := ast.Unparen(x).(*ast.Ident)
	if !ok {
		return "", false
	}
	v, _ := a.pass.TypesInfo.Uses[id].(*types.Var)
	d := fi.lastDef(v, pos)
	if d == nil || d.result > 0 {
		return "", false
	}
	c, ok := ast.Unparen(d.rhs).(*ast.CallExpr)
	if !ok {
		return "", false
	}
	if a.calleeKeyOf(c) == "slices.Collect" && len(c.Args) == 1 {
		if c, ok = ast.Unparen(c.Args[0]).(*ast.CallExpr); !ok {
			return "", false
		}
	}
	why, ok := a.mapOrdered(c)
	if !ok {
		return "", false
	}
	for _, p := range fi.sorts[v] {
		if d.pos < p && p < pos {
			return "", false // sorted before use
		}
	}
	return why, true
}
