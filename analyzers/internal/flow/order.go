package flow

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"slices"
	"strings"

	goanalysis "golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ast/inspector"

	"github.com/cachevet/cachevet/rules"
)

// OrderFact marks a function that hands out a map's entries in
// nondeterministic order: an iterator (iter.Seq) or a Range-style method
// that calls its callback inside a range over a Go map. Ranging over its
// result, or the callback passed to it, runs in map order.
type OrderFact struct {
	// Kept marks a function returning a list that was filled in map order
	// once and kept (a getter of a field a loader fills): its order is
	// fixed per process.
	Kept bool
	Why  string
	// Origin is where the order is drawn (the range), when known.
	Origin rules.Span
	// Also are the other places the order may be drawn: the other
	// implementations of an interface method.
	Also []rules.Span
	// Through, when not 0, marks a function that draws no order of its
	// own but returns a list filled ranging over its parameter Through-1
	// (a filter, a converter): its result comes in that argument's order.
	Through int
}

func (*OrderFact) AFact() {}

func (f *OrderFact) String() string {
	if f.Through > 0 {
		return fmt.Sprintf("order of parameter %d", f.Through-1)
	}
	if f.Kept {
		return "kept map order"
	}
	return "map order"
}

// sorts are the standard library functions that sort a slice in place.
var sorts = map[string]bool{
	"sort.Strings": true, "sort.Slice": true, "sort.SliceStable": true, "sort.Sort": true, "sort.Stable": true,
	"slices.Sort": true, "slices.SortFunc": true, "slices.SortStableFunc": true,
}

// orderedCallbacks are standard library functions that call a callback in
// map order.
var orderedCallbacks = map[string]string{
	"sync.(Map).Range": "sync.Map iteration order",
}

// mapOrdered reports whether a call hands out a map's entries in
// nondeterministic order: maps.Keys/Values/All, an ordered-callback of the
// standard library, or a function marked by OrderFact (computed here for
// this package's functions, imported for others).
func (a *Engine) mapOrdered(c *ast.CallExpr) (string, bool) {
	f, ok := a.mapOrder(c)
	return f.Why, ok
}

// mapOrder is mapOrdered with what an OrderFact says: whether the order
// was drawn once and kept, and where.
func (a *Engine) mapOrder(c *ast.CallExpr) (OrderFact, bool) {
	fn := Callee(a.pass.TypesInfo, c)
	if fn == nil {
		// A function value kept in a field (a ToolDefs callback): the
		// order of the functions stored in it.
		for _, f := range a.fieldFuncsOf(c.Fun) {
			if o, ok := a.funcOrder(f); ok {
				return o, true
			}
		}
		return OrderFact{}, false
	}
	return a.funcOrder(fn)
}

// funcOrder is the order a function hands out: modeled for the standard
// library, computed for this package's functions, imported for others,
// and for an interface method, its implementations' in the program.
func (a *Engine) funcOrder(fn *types.Func) (OrderFact, bool) {
	switch key := FuncKey(fn); key {
	case "maps.Keys", "maps.Values", "maps.All":
		return OrderFact{Why: "map iteration order"}, true
	default:
		if why, ok := orderedCallbacks[key]; ok {
			return OrderFact{Why: why}, true
		}
	}
	inside := OrderFact{Why: "map iteration order inside " + fn.Name()}
	if fn.Pkg() == a.pass.Pkg {
		fd := a.Decls[fn.Origin()]
		if fd == nil {
			return a.ifaceOrder(fn)
		}
		if a.rangesMapIntoCallback(fd) || a.returnsOrdered(fd) {
			d := a.drawnAt(fd)
			inside.Origin, inside.Also = d.Origin, d.Also
			return inside, true
		}
		return a.keptInOrder(fd)
	}
	if fn.Pkg() == nil {
		return OrderFact{}, false
	}
	if f := new(OrderFact); a.ImportFact(fn.Origin(), f) {
		if f.Through != 0 {
			return OrderFact{}, false
		}
		if f.Kept {
			return *f, true
		}
		inside.Origin, inside.Also = f.Origin, f.Also
		return inside, true
	}
	// An interface method: the program's implementations that hand out
	// map order; the first stands for them, the others are named too.
	var got OrderFact
	found := false
	for _, m := range a.programImpls(fn) {
		f, ok := a.funcOrder(m)
		switch {
		case !ok:
		case !found:
			got, found = f, true
		case !f.Origin.IsZero():
			got.Also = append(got.Also, f.Origin)
		}
	}
	return got, found
}

// keptInOrder reports whether a function returns a slice field of this
// package's types that is appended to in nondeterministic order: inside a
// map or channel range, or in a function called from inside one
// (LoadTools ranging over the configured servers, loadServer appending
// each server's tools to m.tools).
func (a *Engine) keptInOrder(fd *ast.FuncDecl) (OrderFact, bool) {
	ret := a.singleReturn(fd)
	if ret == nil {
		return OrderFact{}, false
	}
	field := a.localField(ret)
	if field == nil {
		return OrderFact{}, false
	}
	if _, ok := field.Type().Underlying().(*types.Slice); !ok || a.sortedFields[field] {
		return OrderFact{}, false
	}
	kept := func(o *OrderCtx, why string) OrderFact {
		return OrderFact{Kept: true, Why: o.Why + why, Origin: a.Span(o.pos.Pos(), o.pos.End())}
	}
	for _, w := range a.FieldWrites[field] {
		if !w.append || w.fd == nil {
			continue
		}
		if o := a.FuncInfoFor(w.fd).orderAt(w.pos); o != nil {
			return kept(o, " when "+field.Name()+" is filled"), true
		}
		fn, _ := a.pass.TypesInfo.Defs[w.fd.Name].(*types.Func)
		for _, site := range a.CallSites[fn] {
			if o := a.FuncInfoFor(site.Fd).orderAt(site.Call.Pos()); o != nil {
				return kept(o, " when "+field.Name()+" is filled by "+fn.Name()), true
			}
		}
	}
	return OrderFact{}, false
}

// rangesMapIntoCallback reports whether a function calls a function value
// (its callback, an iterator's yield) inside a range over a Go map, or
// hands one to sync.Map.Range.
func (a *Engine) rangesMapIntoCallback(fd *ast.FuncDecl) bool {
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
func (a *Engine) callsFuncValue(cur inspector.Cursor) bool {
	for c := range cur.Preorder((*ast.CallExpr)(nil)) {
		if a.isFuncValue(c.Node().(*ast.CallExpr).Fun) {
			return true
		}
	}
	return false
}

// isFuncValue reports whether x is a variable of function type.
func (a *Engine) isFuncValue(x ast.Expr) bool {
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

func (a *Engine) calleeKeyOf(c *ast.CallExpr) string {
	if fn := Callee(a.pass.TypesInfo, c); fn != nil {
		return FuncKey(fn)
	}
	return ""
}

// ExportOrderFacts marks this package's exported functions that hand out
// map order.
func (a *Engine) ExportOrderFacts() {
	for _, fn := range a.DeclOrder {
		if !token.IsExported(fn.Name()) {
			continue
		}
		fd := a.Decls[fn]
		if fd == nil {
			continue
		}
		if a.rangesMapIntoCallback(fd) || a.returnsOrdered(fd) {
			o := a.drawnAt(fd)
			a.pass.ExportObjectFact(fn, &o)
		} else if f, ok := a.keptInOrder(fd); ok {
			a.pass.ExportObjectFact(fn, &f)
		} else if i := a.passesOrder(fd); i >= 0 {
			a.pass.ExportObjectFact(fn, &OrderFact{Through: i + 1})
		}
	}
	// Methods of the package's exported interfaces whose implementations
	// here hand out map order (a Registry interface and its registry).
	scope := a.pass.Pkg.Scope()
	for _, name := range scope.Names() {
		tn, ok := scope.Lookup(name).(*types.TypeName)
		if !ok || !tn.Exported() {
			continue
		}
		iface, ok := tn.Type().Underlying().(*types.Interface)
		if !ok {
			continue
		}
		for i := range iface.NumExplicitMethods() {
			m := iface.ExplicitMethod(i)
			if f, ok := a.ifaceOrder(m); ok && m.Exported() {
				a.pass.ExportObjectFact(m, &f)
			}
		}
	}
}

// ifaceOrder is the order an interface method of this package hands out
// when an implementation in this package hands out map order, as that
// implementation's; the first such implementation in declaration order.
func (a *Engine) ifaceOrder(m *types.Func) (OrderFact, bool) {
	if got, ok := a.ifaceOrders[m]; ok {
		return got, got.Why != ""
	}
	f, _ := a.implOrder(m)
	if a.ifaceOrders == nil {
		a.ifaceOrders = map[*types.Func]OrderFact{}
	}
	a.ifaceOrders[m] = f
	return f, f.Why != ""
}

// implOrder is ifaceOrder's work, done once per interface method.
func (a *Engine) implOrder(m *types.Func) (OrderFact, bool) {
	recv := m.Signature().Recv()
	res := m.Signature().Results()
	if recv == nil || !types.IsInterface(recv.Type()) || res.Len() == 0 || res.Len() > 2 {
		return OrderFact{}, false
	}
	// A list (alone or with an error) or an iterator (iter.Seq).
	switch res.At(0).Type().Underlying().(type) {
	case *types.Slice, *types.Signature:
	default:
		return OrderFact{}, false
	}
	iface, _ := recv.Type().Underlying().(*types.Interface)
	for _, fn := range a.DeclOrder {
		sig := fn.Signature()
		if fn.Name() != m.Name() || sig.Recv() == nil {
			continue
		}
		rt := sig.Recv().Type()
		if p, ok := rt.(*types.Pointer); ok {
			rt = p.Elem()
		}
		if !types.Implements(rt, iface) && !types.Implements(types.NewPointer(rt), iface) {
			continue
		}
		fd := a.Decls[fn]
		if fd == nil {
			continue
		}
		if a.rangesMapIntoCallback(fd) || a.returnsOrdered(fd) {
			return OrderFact{Why: "map iteration order inside " + fn.Name()}, true
		}
		if f, ok := a.keptInOrder(fd); ok {
			return f, true
		}
	}
	return OrderFact{}, false
}

// HasCallbackFuncs reports whether an exported function takes or returns
// a function value, or returns a slice: the only functions an OrderFact
// can mark.
func HasCallbackFuncs(pass *goanalysis.Pass) bool {
	for _, f := range pass.Files {
		for _, d := range f.Decls {
			if fd, ok := d.(*ast.FuncDecl); ok && fd.Name.IsExported() && (hasFuncTypes(pass.TypesInfo, fd) || returnsSlice(pass.TypesInfo, fd)) {
				return true
			}
		}
	}
	return false
}

// returnsSlice reports whether a function's only result is a slice.
func returnsSlice(info *types.Info, fd *ast.FuncDecl) bool {
	fn, _ := info.Defs[fd.Name].(*types.Func)
	if fn == nil {
		return false
	}
	res := fn.Signature().Results()
	switch {
	case res.Len() == 2 && types.Identical(res.At(1).Type(), types.Universe.Lookup("error").Type()):
		// Tools(ctx) ([]Tool, error): the list is the first result.
	case res.Len() != 1:
		return false
	}
	_, ok := res.At(0).Type().Underlying().(*types.Slice)
	return ok
}

// collectedUnsorted reports whether a local variable holds the entries of
// a map-ordered call (slices.Collect(maps.Keys(m)), reg.All()) not sorted
// between its definition and pos.
func (a *Engine) collectedUnsorted(fi *FuncInfo, x ast.Expr, pos token.Pos) (string, bool) {
	id, ok := ast.Unparen(x).(*ast.Ident)
	if !ok {
		return "", false
	}
	v, _ := a.pass.TypesInfo.Uses[id].(*types.Var)
	d := fi.LastDef(v, pos)
	if d == nil || d.Result > 0 {
		return "", false
	}
	c, ok := ast.Unparen(d.Rhs).(*ast.CallExpr)
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
	for _, s := range fi.sorts[v] {
		if d.Pos < s.pos && s.pos < pos {
			if s.tie == "" {
				return "", false // sorted before use
			}
			why = tieWhy(why, s.tie)
		}
	}
	return why, true
}

// returnsOrdered reports whether a function returns a local slice it
// appends to in nondeterministic order and does not sort (a registry's
// List ranging over its map): every call draws a new order.
func (a *Engine) returnsOrdered(fd *ast.FuncDecl) bool { return a.orderedReturn(fd) != nil }

// orderedReturn is returnsOrdered's work, once per function: where the
// order of the list it returns is drawn, nil for a function whose list
// comes in a deterministic order.
func (a *Engine) orderedReturn(fd *ast.FuncDecl) *OrderFact {
	if got, ok := a.orderRets[fd]; ok {
		return got
	}
	a.orderRets[fd] = nil // recursion guard: a function returning its own results
	if !returnsSlice(a.pass.TypesInfo, fd) || fd.Body == nil {
		return nil
	}
	fn, _ := a.pass.TypesInfo.Defs[fd.Name].(*types.Func)
	if fn == nil {
		return nil
	}
	ret, ok := MainReturn(a.Returns[fd], 0, fn.Signature().Results().Len()).(*ast.Ident)
	if !ok {
		return nil
	}
	e := &Evaluator{A: a, Fn: a.FuncInfoFor(fd), Visiting: map[types.Object]bool{}}
	els, _ := e.Elems(ret)
	for _, el := range els {
		if el.Order != nil {
			o := &OrderFact{Origin: el.Order.origin, Also: el.Order.also}
			if o.Origin.IsZero() {
				o.Origin = a.Span(el.Order.pos.Pos(), el.Order.pos.End())
			}
			a.orderRets[fd] = o
			return o
		}
	}
	return nil
}

// drawnAt is where a function that hands out map order draws it, when
// known: its returned list's range.
func (a *Engine) drawnAt(fd *ast.FuncDecl) OrderFact {
	if o := a.orderRets[fd]; o != nil {
		return OrderFact{Origin: o.Origin, Also: o.Also}
	}
	return OrderFact{}
}

// sortCall is a sort of a local slice: where, and the field its
// comparator orders by when that can tie ("" for a total order).
type sortCall struct {
	pos token.Pos
	tie string
}

// after is the order of an element once sorted: none for a total order;
// for one that can tie, the order it came in, named with the tie.
func (s sortCall) after(o *OrderCtx) *OrderCtx {
	if s.tie == "" || o == nil {
		return nil
	}
	tied := *o
	tied.Why = tieWhy(o.Why, s.tie)
	return &tied
}

func tieWhy(why, tie string) string { return why + "; sorted by " + tie + ", which can tie" }

// comparators are the sorts that take a comparator, by argument index.
var comparators = map[string]int{"sort.Slice": 1, "sort.SliceStable": 1, "slices.SortFunc": 1, "slices.SortStableFunc": 1}

// sortTie names the fields a sort's comparator orders by when none of them
// identifies an element (a category, a priority): equal elements keep the
// order they came in, so a list filled in map order stays unordered among
// them. "" when the order is total or the comparator cannot be read (a
// named function, a comparison of whole values, an identifying field).
func (a *Engine) sortTie(c *ast.CallExpr) string {
	i, ok := comparators[a.calleeKeyOf(c)]
	if !ok || i >= len(c.Args) {
		return ""
	}
	lit, ok := ast.Unparen(c.Args[i]).(*ast.FuncLit)
	if !ok {
		return ""
	}
	var fields []string
	total := false
	ast.Inspect(lit.Body, func(n ast.Node) bool {
		x, ok := n.(ast.Expr)
		if !ok {
			return !total
		}
		if f := a.fieldOf(x); f != nil {
			if identifying(f.Name()) {
				total = true
			} else if !slices.Contains(fields, f.Name()) {
				fields = append(fields, f.Name())
			}
			return false
		}
		return !total
	})
	if total || len(fields) == 0 {
		return ""
	}
	return strings.Join(fields, " and ")
}

// identifying reports whether a field's name says it tells elements
// apart: a name, an id, a key, a path.
func identifying(name string) bool {
	f := strings.ToLower(name)
	for _, suffix := range []string{"name", "id", "key", "path", "url", "uri", "slug", "title", "uuid", "hash", "digest", "email"} {
		if strings.HasSuffix(f, suffix) {
			return true
		}
	}
	return false
}

// orderThrough is the parameter whose order a called function's result
// comes in (see OrderFact.Through), -1 for none: computed for this
// package's functions, imported for others.
func (a *Engine) orderThrough(c *ast.CallExpr) int {
	fn := Callee(a.pass.TypesInfo, c)
	if fn == nil || fn.Pkg() == nil {
		return -1
	}
	if fn.Pkg() == a.pass.Pkg {
		return a.passesOrder(a.Decls[fn.Origin()])
	}
	if f := new(OrderFact); a.ImportFact(fn.Origin(), f) && f.Through > 0 {
		return f.Through - 1
	}
	return -1
}

// passesOrder is the index of the slice parameter a function returns the
// elements of, in order: its result is a local list appended to while
// ranging over that parameter, and not sorted. -1 for any other function.
func (a *Engine) passesOrder(fd *ast.FuncDecl) int {
	if fd == nil || fd.Body == nil || !returnsSlice(a.pass.TypesInfo, fd) {
		return -1
	}
	if got, ok := a.throughRets[fd]; ok {
		return got
	}
	a.throughRets[fd] = -1 // recursion guard
	fn, _ := a.pass.TypesInfo.Defs[fd.Name].(*types.Func)
	if fn == nil {
		return -1
	}
	ret, ok := MainReturn(a.Returns[fd], 0, fn.Signature().Results().Len()).(*ast.Ident)
	if !ok {
		return -1
	}
	e := &Evaluator{A: a, Fn: a.FuncInfoFor(fd), Visiting: map[types.Object]bool{}}
	if v := a.LocalVar(ret); v != nil && a.reorderable(fd, v) {
		return -1 // sorted, or handed to code that may sort it
	}
	els, known := e.Elems(ret)
	got := -1
	for _, el := range els {
		if !known {
			break // filled from more than its parameter
		}
		if el.Order != nil || el.Loop == nil {
			continue
		}
		id, ok := ast.Unparen(el.Loop.X).(*ast.Ident)
		if !ok {
			continue
		}
		params := fn.Signature().Params()
		for i := range params.Len() {
			if a.pass.TypesInfo.Uses[id] == params.At(i) {
				if _, isSlice := params.At(i).Type().Underlying().(*types.Slice); isSlice {
					got = i
				}
			}
		}
	}
	if got < 0 {
		got = a.mapsByIndex(fd, fn, ret)
	}
	a.throughRets[fd] = got
	return got
}

// mapsByIndex is the index of the slice parameter a function maps element
// by element into its result by index (result := make([]T, len(in));
// for i, x := range in { result[i] = f(x) }): the result keeps the
// parameter's order. -1 for any other function.
func (a *Engine) mapsByIndex(fd *ast.FuncDecl, fn *types.Func, ret *ast.Ident) int {
	rv := a.LocalVar(ret)
	if rv == nil {
		return -1
	}
	got := -1
	ast.Inspect(fd.Body, func(n ast.Node) bool {
		r, ok := n.(*ast.RangeStmt)
		if !ok || got >= 0 {
			return got < 0
		}
		key, _ := r.Key.(*ast.Ident)
		src, _ := ast.Unparen(r.X).(*ast.Ident)
		if key == nil || src == nil {
			return true
		}
		params := fn.Signature().Params()
		pi := -1
		for i := range params.Len() {
			if a.pass.TypesInfo.Uses[src] == params.At(i) {
				if _, isSlice := params.At(i).Type().Underlying().(*types.Slice); isSlice {
					pi = i
				}
			}
		}
		if pi < 0 {
			return true
		}
		for _, st := range r.Body.List {
			as, ok := st.(*ast.AssignStmt)
			if !ok || len(as.Lhs) != 1 || as.Tok != token.ASSIGN {
				continue
			}
			ix, ok := as.Lhs[0].(*ast.IndexExpr)
			if !ok || a.LocalVar(ix.X) != rv {
				continue
			}
			if id, ok := ast.Unparen(ix.Index).(*ast.Ident); ok && a.pass.TypesInfo.Uses[id] == a.pass.TypesInfo.Defs[key] {
				got = pi
			}
		}
		return true
	})
	return got
}

// reorderable reports whether a local list is handed to a call other than
// append and len (a sort, a helper that may sort it) in fd.
func (a *Engine) reorderable(fd *ast.FuncDecl, v *types.Var) bool {
	found := false
	ast.Inspect(fd.Body, func(n ast.Node) bool {
		c, ok := n.(*ast.CallExpr)
		if !ok || found {
			return !found
		}
		if b, ok := a.pass.TypesInfo.ObjectOf(IdentOf(c.Fun)).(*types.Builtin); ok && (b.Name() == "append" || b.Name() == "len" || b.Name() == "cap") {
			return true
		}
		for _, arg := range c.Args {
			if a.LocalVar(arg) == v {
				found = true
			}
		}
		return !found
	})
	return found
}
