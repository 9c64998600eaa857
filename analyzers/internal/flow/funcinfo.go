package flow

import (
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/ast/inspector"

	"github.com/cachevet/cachevet/rules"
)

// OrderCtx is code that runs in nondeterministic order: the body of a range
// over a map or channel, a goroutine.
type OrderCtx struct {
	rng *ast.RangeStmt // nil for goroutines
	Why string
	pos ast.Node
	// kept marks an order drawn once and kept in a field (a tool list a
	// loader fills ranging over a config map): fixed per process.
	kept bool
	// origin is where the order is drawn when that is in another
	// function or package than pos.
	origin rules.Span
	// also are other places it may be drawn (other implementations).
	also []rules.Span
}

// def is an assignment to a local variable.
type def struct {
	Rhs ast.Expr
	// Pos and end are the assignment's range: a use within it (p =
	// strings.ReplaceAll(p, ...)) reads the value before it.
	Pos, end token.Pos
	op       token.Token // token.DEFINE, ASSIGN or ADD_ASSIGN
	Order    *OrderCtx
	// elems are the appended values when rhs is append(v, elems...).
	elems  []ast.Expr
	append bool
	// Result is the index of the call result assigned (a, b := f()).
	Result int
	// recv is the order of elements received from a channel and appended.
	recv *OrderCtx
	// loop is the range over a slice whose body appends (an input list
	// converted element by element: the conversation, a tool registry).
	loop *ast.RangeStmt
	// index marks list[i] = x in a range over another list (see
	// indexDef): an append in that loop.
	index bool
}

// received reports whether an appended value comes from a channel
// receive (<-ch, or a variable set by one): results gathered in arrival
// order.
func (e *Evaluator) received(x ast.Expr, pos token.Pos) bool {
	x = ast.Unparen(x)
	if id, ok := x.(*ast.Ident); ok && e.Fn != nil {
		v, _ := e.A.pass.TypesInfo.Uses[id].(*types.Var)
		if d := e.Fn.LastDef(v, pos); d != nil && d.Result == 0 {
			x = ast.Unparen(d.Rhs)
		}
	}
	u, ok := x.(*ast.UnaryExpr)
	return ok && u.Op == token.ARROW
}

// fieldDef is an assignment to a field of a local struct variable
// (params.System = ...).
type fieldDef struct {
	Name     string
	Rhs      ast.Expr
	Pos, End token.Pos
}

// write is a write into a strings.Builder or bytes.Buffer.
type write struct {
	call  *ast.CallExpr
	pos   token.Pos
	order *OrderCtx
}

// FuncInfo indexes one function body: assignments, builder writes and sort
// calls per local variable, in source order.
type FuncInfo struct {
	Decl   *ast.FuncDecl
	params map[*types.Var]bool
	Defs   map[*types.Var][]*def
	writes map[*types.Var][]*write
	sorts  map[*types.Var][]sortCall
	// Ranges are the range statements that define loop variables.
	Ranges map[*types.Var]*ast.RangeStmt
	// Fields are assignments to fields of local variables.
	Fields map[*types.Var][]*fieldDef
	// returnedLits are the function literals the function returns.
	returnedLits []*ast.FuncLit
	// orderBodies are the code regions that run in nondeterministic order.
	orderBodies []orderBody
	// onceBodies are the function literals run by sync.Once.Do.
	onceBodies []*ast.FuncLit
	// loops are the range statements over slices and arrays, outermost
	// first: what is appended in their bodies repeats per element.
	loops []*ast.RangeStmt
	// loopStmts are the function's for and range statements.
	loopStmts []ast.Stmt
	// closureParams memoizes closureParam (nil: none, or in progress).
	closureParams map[*types.Var]Layout
	// arms are the branches of if and switch statements: code in two arms
	// of one statement never runs in the same call.
	arms []arm
	// clockConds memoizes clockCond per if statement (nil: not the clock).
	clockConds map[*ast.IfStmt]*rules.Slot
}

// arm is one branch of an if or switch statement.
type arm struct {
	stmt, body ast.Node
}

// alternatives reports whether the code at p and at q lies in different
// arms of one if or switch statement: an assignment in one replaces no
// assignment in the other, either may be the value that is used.
func (f *FuncInfo) alternatives(p, q token.Pos) bool {
	for _, a := range f.arms {
		if !Within(a.body, q) || Within(a.body, p) {
			continue
		}
		for _, b := range f.arms {
			if b.stmt == a.stmt && Within(b.body, p) {
				return true
			}
		}
	}
	return false
}

// mayNotRun reports whether assignment d to v lies in an arm of an if or
// switch that holds neither the assignment before it (prev) nor the use,
// and replaces v rather than rewriting it: the arm may not run, so the
// value before it may reach the use too (prompt := cfg.Prompt; if oauth {
// prompt = "..." }). A rewrite (if a { p = f(p) }) already holds the value
// before it; taking both would double the work at every rewrite of a
// chain.
func (f *FuncInfo) mayNotRun(d *def, v *types.Var, prev, use token.Pos) bool {
	if mentions(d.Rhs, v.Name()) {
		return false
	}
	for _, a := range f.arms {
		if Within(a.body, d.Pos) && !Within(a.body, prev) && !Within(a.body, use) {
			return true
		}
	}
	return false
}

// mentions reports whether x uses an identifier of that name.
func mentions(x ast.Expr, name string) bool {
	found := false
	ast.Inspect(x, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok && id.Name == name {
			found = true
		}
		return !found
	})
	return found
}

func Within(n ast.Node, p token.Pos) bool { return n.Pos() <= p && p < n.End() }

// loopAt is the outermost range over a slice or array whose body holds pos.
func (f *FuncInfo) loopAt(pos token.Pos) *ast.RangeStmt {
	for _, r := range f.loops {
		if r.Body.Pos() <= pos && pos < r.Body.End() {
			return r
		}
	}
	return nil
}

// inOnce reports whether pos lies in a function literal sync.Once runs.
func (f *FuncInfo) inOnce(pos token.Pos) bool {
	for _, lit := range f.onceBodies {
		if lit.Pos() <= pos && pos < lit.End() {
			return true
		}
	}
	return false
}

// orderBody is a region of code run in nondeterministic order.
type orderBody struct {
	pos, end token.Pos
	order    *OrderCtx
}

// orderAt is the innermost nondeterministic order the code at pos runs in.
func (f *FuncInfo) orderAt(pos token.Pos) *OrderCtx {
	var out *OrderCtx
	for _, b := range f.orderBodies {
		if b.pos <= pos && pos < b.end {
			out = b.order // regions are recorded outermost first
		}
	}
	return out
}

func (f *FuncInfo) IsParam(v *types.Var) bool { return f.params[v] }

// before reports whether the assignment is complete at pos: a use in its
// own right-hand side reads the value before it.
func (d *def) before(pos token.Pos) bool { return d.end <= pos }

// LastDef is the last plain assignment to v before pos.
func (f *FuncInfo) LastDef(v *types.Var, pos token.Pos) *def {
	var last *def
	for _, d := range f.Defs[v] {
		if d.before(pos) && d.op != token.ADD_ASSIGN && !d.append {
			last = d
		}
	}
	return last
}

func (a *Engine) FuncInfoFor(fd *ast.FuncDecl) *FuncInfo {
	if fi, ok := a.funcs[fd]; ok {
		return fi
	}
	fi := &FuncInfo{Decl: fd, params: map[*types.Var]bool{}, Defs: map[*types.Var][]*def{}, writes: map[*types.Var][]*write{}, sorts: map[*types.Var][]sortCall{}, Ranges: map[*types.Var]*ast.RangeStmt{}, Fields: map[*types.Var][]*fieldDef{}}
	a.funcs[fd] = fi
	if fd.Type.Params != nil {
		for _, fld := range fd.Type.Params.List {
			for _, n := range fld.Names {
				if v, ok := a.pass.TypesInfo.Defs[n].(*types.Var); ok {
					fi.params[v] = true
				}
			}
		}
	}
	if cur, ok := a.cursors[fd]; ok && fd.Body != nil {
		a.indexBody(fi, cur.Child(fd.Body), nil)
	}
	for _, r := range a.Returns[fd] {
		for _, x := range r.Results {
			if lit, ok := ast.Unparen(x).(*ast.FuncLit); ok {
				fi.returnedLits = append(fi.returnedLits, lit)
			}
		}
	}
	return fi
}

// indexBody indexes the code under cur, run in the given order context.
func (a *Engine) indexBody(fi *FuncInfo, cur inspector.Cursor, order *OrderCtx) {
	cur.Inspect(nil, func(c inspector.Cursor) bool {
		switch n := c.Node().(type) {
		case *ast.RangeStmt:
			fi.loopStmts = append(fi.loopStmts, n)
			for _, x := range []ast.Expr{n.Key, n.Value} {
				if id, ok := x.(*ast.Ident); ok && n.Tok == token.DEFINE {
					if v, ok := a.pass.TypesInfo.Defs[id].(*types.Var); ok {
						fi.Ranges[v] = n
					}
				}
			}
			if t := a.pass.TypesInfo.TypeOf(n.X); t != nil {
				switch t.Underlying().(type) {
				case *types.Slice, *types.Array:
					fi.loops = append(fi.loops, n)
				}
			}
			if o := a.rangeOrder(fi, n); o != nil {
				fi.orderBodies = append(fi.orderBodies, orderBody{n.Body.Pos(), n.Body.End(), o})
				a.indexBody(fi, c.Child(n.X), order)
				a.indexBody(fi, c.Child(n.Body), o)
				return false
			}
		case *ast.GoStmt:
			a.indexBody(fi, c.Child(n.Call), &OrderCtx{Why: "goroutine arrival order", pos: n})
			return false
		case *ast.ForStmt:
			fi.loopStmts = append(fi.loopStmts, n)
		case *ast.IfStmt:
			fi.arms = append(fi.arms, arm{n, n.Body})
			if n.Else != nil {
				fi.arms = append(fi.arms, arm{n, n.Else})
			}
		case *ast.SwitchStmt, *ast.TypeSwitchStmt:
			var body *ast.BlockStmt
			if sw, ok := n.(*ast.SwitchStmt); ok {
				body = sw.Body
			} else {
				body = n.(*ast.TypeSwitchStmt).Body
			}
			for _, cc := range body.List {
				fi.arms = append(fi.arms, arm{n, cc})
			}
		case *ast.AssignStmt:
			a.indexAssign(fi, n, order)
		case *ast.ValueSpec:
			for i, name := range n.Names {
				if v, ok := a.pass.TypesInfo.Defs[name].(*types.Var); ok && i < len(n.Values) && len(n.Names) == len(n.Values) {
					fi.Defs[v] = append(fi.Defs[v], &def{Rhs: n.Values[i], Pos: name.Pos(), end: n.End(), op: token.DEFINE, Order: order})
				}
			}
		case *ast.CallExpr:
			a.indexCall(fi, n, order)
			if a.calleeKeyOf(n) == "sync.(Once).Do" && len(n.Args) == 1 {
				if lit, ok := ast.Unparen(n.Args[0]).(*ast.FuncLit); ok {
					fi.onceBodies = append(fi.onceBodies, lit)
				}
			}
			if why, ok := a.mapOrdered(n); ok {
				// A callback handed to a Range-style function runs in
				// map order.
				a.indexBody(fi, c.Child(n.Fun), order)
				for _, arg := range n.Args {
					o := order
					if _, lit := ast.Unparen(arg).(*ast.FuncLit); lit {
						o = &OrderCtx{Why: why, pos: n}
					}
					a.indexBody(fi, c.Child(arg), o)
				}
				return false
			}
		}
		return true
	})
}

// rangeOrder says whether a range statement iterates in nondeterministic
// order: over a map, a map's keys or values, or a channel.
func (a *Engine) rangeOrder(fi *FuncInfo, r *ast.RangeStmt) *OrderCtx {
	t := a.pass.TypesInfo.TypeOf(r.X)
	if t == nil {
		return nil
	}
	switch t.Underlying().(type) {
	case *types.Map:
		return &OrderCtx{rng: r, Why: "map iteration order", pos: r.X}
	case *types.Chan:
		return &OrderCtx{Why: "channel arrival order", pos: r.X}
	}
	if c, ok := ast.Unparen(r.X).(*ast.CallExpr); ok {
		if why, ok := a.mapOrdered(c); ok {
			return &OrderCtx{Why: why, pos: r.X}
		}
	}
	if why, ok := a.collectedUnsorted(fi, r.X, r.Pos()); ok {
		return &OrderCtx{Why: why, pos: r.X}
	}
	return nil
}

func (a *Engine) LocalVar(x ast.Expr) *types.Var {
	id, ok := ast.Unparen(x).(*ast.Ident)
	if !ok {
		if u, ok := ast.Unparen(x).(*ast.UnaryExpr); ok && u.Op == token.AND {
			return a.LocalVar(u.X)
		}
		return nil
	}
	v, _ := a.pass.TypesInfo.ObjectOf(id).(*types.Var)
	return v
}

func (a *Engine) indexAssign(fi *FuncInfo, n *ast.AssignStmt, order *OrderCtx) {
	multi := len(n.Rhs) == 1 && len(n.Lhs) > 1 // a, b := f()
	if !multi && len(n.Lhs) != len(n.Rhs) {
		return
	}
	for i, lhs := range n.Lhs {
		if sel, ok := lhs.(*ast.SelectorExpr); ok && !multi && n.Tok == token.ASSIGN {
			if v := a.LocalVar(sel.X); v != nil && v.Parent() != a.pass.Pkg.Scope() {
				fi.Fields[v] = append(fi.Fields[v], &fieldDef{Name: sel.Sel.Name, Rhs: n.Rhs[i], Pos: n.Pos(), End: n.End()})
			}
			continue
		}
		if ix, ok := lhs.(*ast.IndexExpr); ok && !multi && n.Tok == token.ASSIGN {
			if key, ok := a.constKey(ix); ok {
				// body["tools"] = tools on a map literal's variable: a
				// member set after the literal, as a field would be.
				fi.Fields[key.v] = append(fi.Fields[key.v], &fieldDef{Name: key.name, Rhs: n.Rhs[i], Pos: n.Pos(), End: n.End()})
				continue
			}
			a.indexDef(fi, ix, n.Rhs[i], n, order)
			continue
		}
		v := a.LocalVar(lhs)
		if v == nil {
			continue
		}
		rhs, result := n.Rhs[0], i
		if !multi {
			rhs, result = n.Rhs[i], 0
		}
		o := order
		if declaredWithin(v, o) {
			// A variable of the goroutine or loop body itself: each run
			// builds its own, in its own order.
			o = nil
		}
		d := &def{Rhs: rhs, Pos: n.Pos(), end: n.End(), op: n.Tok, Order: o, Result: result}
		if c, ok := ast.Unparen(rhs).(*ast.CallExpr); ok && len(c.Args) > 0 && !multi {
			if b, ok := a.pass.TypesInfo.ObjectOf(IdentOf(c.Fun)).(*types.Builtin); ok && b.Name() == "append" && a.LocalVar(c.Args[0]) == v {
				d.append, d.elems = true, c.Args[1:]
				d.loop = fi.loopAt(n.Pos())
			}
		}
		fi.Defs[v] = append(fi.Defs[v], d)
	}
}

// mapKey is a constant string key of a local map variable.
type mapKey struct {
	v    *types.Var
	name string
}

// constKey is m["key"] on a local map with string keys.
func (a *Engine) constKey(ix *ast.IndexExpr) (mapKey, bool) {
	v := a.LocalVar(ix.X)
	if v == nil || v.Parent() == a.pass.Pkg.Scope() {
		return mapKey{}, false
	}
	m, ok := v.Type().Underlying().(*types.Map)
	if !ok || !IsStringy(m.Key()) {
		return mapKey{}, false
	}
	tv, ok := a.pass.TypesInfo.Types[ix.Index]
	if !ok || tv.Value == nil || tv.Value.Kind() != constant.String {
		return mapKey{}, false
	}
	return mapKey{v, constant.StringVal(tv.Value)}, true
}

// indexDef notes list[i] = x inside a range whose index is i, on a local
// slice: the list made with make([]T, len(in)) and filled element by
// element in the order of the range, as an append in that loop would.
func (a *Engine) indexDef(fi *FuncInfo, ix *ast.IndexExpr, rhs ast.Expr, n *ast.AssignStmt, order *OrderCtx) {
	v := a.LocalVar(ix.X)
	if v == nil || v.Parent() == a.pass.Pkg.Scope() {
		return
	}
	if _, isSlice := v.Type().Underlying().(*types.Slice); !isSlice {
		return
	}
	rng := fi.loopAt(n.Pos())
	key, ok := ast.Unparen(ix.Index).(*ast.Ident)
	if rng == nil || !ok || rng.Key == nil || a.LocalVar(rng.Key) != a.LocalVar(key) {
		return
	}
	if declaredWithin(v, order) {
		order = nil
	}
	fi.Defs[v] = append(fi.Defs[v], &def{Rhs: rhs, Pos: n.Pos(), end: n.End(), op: n.Tok, Order: order, elems: []ast.Expr{rhs}, append: true, index: true, loop: rng})
}

// declaredWithin reports whether v is declared inside the code an order
// context runs (a goroutine's call, a map range's body).
func declaredWithin(v *types.Var, o *OrderCtx) bool {
	if o == nil {
		return false
	}
	var region ast.Node = o.pos
	if o.rng != nil {
		region = o.rng.Body
	}
	return region != nil && region.Pos() <= v.Pos() && v.Pos() < region.End()
}

func IdentOf(x ast.Expr) *ast.Ident {
	id, _ := ast.Unparen(x).(*ast.Ident)
	if id == nil {
		return &ast.Ident{}
	}
	return id
}

// indexCall records builder writes and sort calls.
func (a *Engine) indexCall(fi *FuncInfo, c *ast.CallExpr, order *OrderCtx) {
	fn := Callee(a.pass.TypesInfo, c)
	if fn == nil {
		return
	}
	key := FuncKey(fn)
	switch key {
	case "strings.(Builder).WriteString", "strings.(Builder).Write", "strings.(Builder).WriteByte", "strings.(Builder).WriteRune",
		"bytes.(Buffer).WriteString", "bytes.(Buffer).Write", "bytes.(Buffer).WriteByte", "bytes.(Buffer).WriteRune":
		if v := a.builderVar(Receiver(c)); v != nil {
			fi.writes[v] = append(fi.writes[v], &write{call: c, pos: c.Pos(), order: order})
		}
	case "fmt.Fprintf", "fmt.Fprint", "fmt.Fprintln", "text/template.(Template).Execute", "html/template.(Template).Execute",
		"text/template.(Template).ExecuteTemplate", "html/template.(Template).ExecuteTemplate", "io.WriteString":
		if len(c.Args) > 0 {
			if v := a.builderVar(c.Args[0]); v != nil {
				fi.writes[v] = append(fi.writes[v], &write{call: c, pos: c.Pos(), order: order})
			}
		}
	}
	if sorts[key] && len(c.Args) > 0 {
		if v := a.LocalVar(c.Args[0]); v != nil {
			fi.sorts[v] = append(fi.sorts[v], sortCall{pos: c.Pos(), tie: a.sortTie(c)})
		}
	}
}

// OrderSlot wraps content emitted in nondeterministic order. For a range,
// the ranged-over map or channel names the slot: it says what is unordered
// better than the variable the content is collected into.
func (e *Evaluator) OrderSlot(o *OrderCtx, name string) Piece {
	if x, ok := o.pos.(ast.Expr); ok && o.rng != nil {
		name = e.A.ShortText(x)
	}
	life := rules.LifeStable
	if o.kept {
		life = rules.LifeProcess
	}
	origin := o.origin
	if origin.IsZero() {
		origin = e.A.Span(o.pos.Pos(), o.pos.End())
	}
	return Piece{Slot: &rules.Slot{Name: name, Kind: rules.KindOrder, Lifetime: life, Order: true, Why: o.Why, Origin: origin, Also: o.also}, Pos: o.pos.Pos(), End: o.pos.End(), Param: -1, Rng: o.rng}
}

// local is a local variable: its last assignment before use plus any +=
// after it; appends inside a map range become one order slot.
func (e *Evaluator) local(v *types.Var, use ast.Expr) Layout {
	if _, ok := v.Type().Underlying().(*types.Struct); ok && len(e.Fn.writes[v]) > 0 {
		return e.builderVar(v, use) // a strings.Builder or bytes.Buffer
	}
	var l Layout
	var lastOrder *OrderCtx
	// alts are the values of earlier arms of an if or switch whose arms
	// each assign v: which one reaches the use depends on the input, and
	// the richest stands for them all.
	var alts []Layout
	var lastPlain *def
	for _, d := range e.Fn.Defs[v][e.Fn.lastReset(v, use.Pos()):] {
		if !d.before(use.Pos()) {
			break
		}
		if d.op != token.ADD_ASSIGN && !d.append {
			if lastPlain != nil && (e.Fn.alternatives(lastPlain.Pos, d.Pos) || e.Fn.mayNotRun(d, v, lastPlain.Pos, use.Pos())) {
				alts = append(alts, l)
			} else {
				alts = nil
			}
			l, lastOrder, lastPlain = nil, nil, d
		} else if len(alts) > 0 && lastPlain != nil && !e.Fn.alternatives(lastPlain.Pos, d.Pos) && !sameArm(e.Fn, lastPlain.Pos, d.Pos) {
			l, alts = richest(append(alts, l)), nil
		}
		if d.Order != nil && !e.keyedRewrite(v, d) {
			if lastOrder != d.Order {
				l = append(l, e.OrderSlot(d.Order, v.Name()))
				lastOrder = d.Order
			}
			continue
		}
		if d.append {
			continue // elements are read by elems
		}
		if g, p := e.clockGuard(d.Pos, v); g != nil {
			l = append(l, p)
		}
		l = append(l, e.defValue(d, v, use)...)
	}
	if len(alts) > 0 {
		l = richest(append(alts, l))
	}
	if defs := e.Fn.Defs[v]; l == nil && (len(defs) == 0 || !defs[0].before(use.Pos())) {
		// No assignment before the use (a range variable or a capture
		// rewritten in place: x = strings.TrimSpace(x)).
		return e.undefined(v, use)
	}
	if d := e.Fn.LastDef(v, use.Pos()); d != nil && e.Fn.capturedByReturned(d.Pos, use.Pos()) {
		return Fixed(l, "captured when the closure was made")
	}
	return l
}

// keyedRewrite reports whether an assignment in a map range rewrites the
// variable itself by replacing a placeholder its key names (for k, val :=
// range vars { p = strings.ReplaceAll(p, "{{"+k+"}}", val) }): each key
// replaces its own placeholder, so the result is the same in any order.
// A placeholder that does not depend on the key is replaced by whichever
// element comes first or last: that stays an order.
func (e *Evaluator) keyedRewrite(v *types.Var, d *def) bool {
	if d.Order.rng == nil || d.op != token.ASSIGN || d.Result > 0 {
		return false
	}
	key, _ := e.A.pass.TypesInfo.ObjectOf(IdentOf(d.Order.rng.Key)).(*types.Var)
	c, ok := ast.Unparen(d.Rhs).(*ast.CallExpr)
	if key == nil || !ok || len(c.Args) == 0 || e.A.LocalVar(c.Args[0]) != v {
		return false
	}
	var olds []ast.Expr
	switch e.calleeKey(c) {
	case "strings.ReplaceAll", "strings.Replace":
		if len(c.Args) >= 3 {
			olds = c.Args[1:2]
		}
	case "strings.(Replacer).Replace":
		if nc := e.definingCall(Receiver(c), "strings.NewReplacer"); nc != nil && len(nc.Args)%2 == 0 {
			for i := 0; i < len(nc.Args); i += 2 {
				olds = append(olds, nc.Args[i])
			}
		}
	}
	for _, old := range olds {
		if !e.mentions(old, key, 0) {
			return false
		}
	}
	return len(olds) > 0
}

// mentions reports whether x reads v, directly or through the local
// variables it is computed from (placeholder := "{{" + k + "}}").
func (e *Evaluator) mentions(x ast.Expr, v *types.Var, depth int) bool {
	found := false
	ast.Inspect(x, func(n ast.Node) bool {
		id, ok := n.(*ast.Ident)
		if found || !ok {
			return !found
		}
		u, _ := e.A.pass.TypesInfo.Uses[id].(*types.Var)
		switch {
		case u == nil:
		case u == v:
			found = true
		case depth < 4:
			if d := e.Fn.LastDef(u, id.Pos()); d != nil && d.Result == 0 {
				found = e.mentions(d.Rhs, v, depth+1)
			}
		}
		return !found
	})
	return found
}

// defValue is the value an assignment gives, guarded against a cycle
// through the assignment itself. A use in the right-hand side of a later
// assignment to the same variable (p = strings.ReplaceAll(p, ...) after
// p = ...) costs no depth: it reads an earlier assignment, so a chain of
// rewrites ends at its first, however long.
func (e *Evaluator) defValue(d *def, v *types.Var, use ast.Expr) Layout {
	if e.inDefs[d] {
		return e.Unknown(use, "")
	}
	if e.inDefs == nil {
		e.inDefs = map[*def]bool{}
	}
	for _, later := range e.Fn.Defs[v] {
		if e.inDefs[later] && later.Pos <= use.Pos() && use.Pos() < later.end && e.rewrites < maxRewrites && usesOf(e.A.pass.TypesInfo, later.Rhs, v) == 1 {
			// One use per step keeps the chain linear; p = p + p would
			// double at every step, and goes by the depth bound.
			e.rewrites++
			depth := e.depth
			e.depth = max(0, depth-2)
			defer func() { e.depth = depth }()
			break
		}
	}
	e.inDefs[d] = true
	defer delete(e.inDefs, d)
	if d.Result > 0 {
		return e.result(d, use)
	}
	return e.Eval(d.Rhs)
}

// maxRewrites bounds the rewrite steps one evaluator follows without
// counting depth.
const maxRewrites = 4096

// usesOf counts the uses of v in x.
func usesOf(info *types.Info, x ast.Expr, v *types.Var) int {
	n := 0
	ast.Inspect(x, func(m ast.Node) bool {
		if id, ok := m.(*ast.Ident); ok && info.Uses[id] == v {
			n++
		}
		return true
	})
	return n
}

// lastReset is the index of the last assignment to v before pos that
// replaces whatever v held (a plain assignment that is no alternative of
// the one before it): local need not evaluate what comes before it. In a
// chain of rewrites (p = f(p) again and again) each step then reads one
// step back, not all of them.
func (f *FuncInfo) lastReset(v *types.Var, pos token.Pos) int {
	start := 0
	var prev *def
	for i, d := range f.Defs[v] {
		if !d.before(pos) {
			break
		}
		if d.op != token.ADD_ASSIGN && !d.append {
			if prev == nil || !f.alternatives(prev.Pos, d.Pos) && !f.mayNotRun(d, v, prev.Pos, pos) {
				start = i
			}
			prev = d
		}
	}
	return start
}

// capturedByReturned reports whether a use lies in a function literal the
// function returns while the value it reads was set outside it: the value
// is fixed when the closure is made, not each time it runs.
func (f *FuncInfo) capturedByReturned(def, use token.Pos) bool {
	for _, lit := range f.returnedLits {
		if lit.Pos() <= use && use < lit.End() && !(lit.Pos() <= def && def < lit.End()) {
			return true
		}
	}
	return false
}

// result is the layout of a variable assigned a call's result other than
// the first (sys, msgs := build()): the helper's returned expression when
// it can be followed, else what the variable's name says.
func (e *Evaluator) result(d *def, use ast.Expr) Layout {
	if c, ok := ast.Unparen(d.Rhs).(*ast.CallExpr); ok {
		if l, ok := e.A.drawnFromConversation(c, d.Result); ok {
			return l
		}
		if ret, sub := e.Enter(c, d.Result); ret != nil {
			return sub.Eval(ret)
		}
	}
	return e.Unknown(use, "")
}

// undefined is a local with no assignment the index saw: a range
// variable holds its collection's elements; a receiver or a variable
// captured from elsewhere is configuration unless its name says otherwise.
func (e *Evaluator) undefined(v *types.Var, use ast.Expr) Layout {
	if l, ok := e.closureParam(v); ok {
		return l
	}
	if rng := e.Fn.Ranges[v]; rng != nil {
		// What the loop ranges over says more than the loop variable's
		// name; ident guards against a cycle through v.
		return SlotAt(use, e.collectionLife(rng.X).slot(e.A.ShortText(use), "range over "+e.A.ShortText(rng.X)))
	}
	if kind, life, ok := e.chainName(use); ok {
		return SlotAt(use, &rules.Slot{Name: e.A.ShortText(use), Kind: kind, Lifetime: life})
	}
	return SlotAt(use, &rules.Slot{Name: e.A.ShortText(use), Kind: rules.KindOther, Lifetime: rules.LifeStable})
}

// collectionLife is the lifetime of a slice's or map's elements.
func (e *Evaluator) collectionLife(x ast.Expr) verdict {
	els, ok := e.Elems(x)
	if !ok {
		return e.inputLife(x)
	}
	out := stableVerdict
	for _, el := range els {
		if w := e.inputLife(el.X); w.life.Rank() > out.life.Rank() {
			out = w
		}
	}
	return out
}

// builder reads the content written into a strings.Builder or bytes.Buffer.
func (e *Evaluator) builder(c *ast.CallExpr, recv ast.Expr) Layout {
	v := e.A.builderVar(recv)
	if v == nil || e.Fn == nil {
		return e.Unknown(c, "")
	}
	return e.builderVar(v, c)
}

func (e *Evaluator) builderVar(v *types.Var, use ast.Expr) Layout {
	var l Layout
	var lastOrder *OrderCtx
	var lastGuard *ast.IfStmt
	for _, w := range e.Fn.writes[v] {
		if w.pos >= use.Pos() {
			break
		}
		if w.order != nil {
			if lastOrder != w.order {
				l = append(l, e.OrderSlot(w.order, v.Name()))
				lastOrder = w.order
			}
			continue
		}
		lastOrder = nil
		if g, p := e.clockGuard(w.pos, v); g != nil && g != lastGuard {
			l, lastGuard = append(l, p), g
		}
		l = append(l, e.writeLayout(w.call)...)
	}
	return l
}

func (e *Evaluator) writeLayout(c *ast.CallExpr) Layout {
	fn := Callee(e.A.pass.TypesInfo, c)
	key := FuncKey(fn)
	switch key {
	case "fmt.Fprintf":
		if len(c.Args) >= 2 {
			return e.Sprintf(c.Args[1], c.Args[2:])
		}
	case "fmt.Fprint", "fmt.Fprintln", "io.WriteString":
		var l Layout
		for _, a := range c.Args[1:] {
			l = append(l, e.Eval(a)...)
		}
		if key == "fmt.Fprintln" {
			l = append(l, stable("\n", c)...)
		}
		return l
	case "text/template.(Template).Execute", "html/template.(Template).Execute":
		if len(c.Args) == 2 {
			return e.template(c, Receiver(c), c.Args[1])
		}
	default:
		if len(c.Args) == 1 {
			return e.Eval(c.Args[0])
		}
	}
	return e.Unknown(c, "")
}

// template executes a template whose text is known: its text nodes are
// stable, its fields become slots (or the layout of the data's field).
func (e *Evaluator) template(c *ast.CallExpr, tmpl, data ast.Expr) Layout {
	parseCall := e.definingCall(tmpl, "text/template.(Template).Parse")
	if parseCall == nil {
		parseCall = e.definingCall(tmpl, "html/template.(Template).Parse")
	}
	if parseCall == nil || len(parseCall.Args) != 1 {
		return e.Unknown(c, "template")
	}
	return e.Render(c, FormatGo, e.Eval(parseCall.Args[0]), data)
}

// fieldValue is the value a field of a local struct variable holds at a
// use: the last assignment to the field before it, else the field of the
// composite literal that defines the variable; nil when neither is seen.
func (e *Evaluator) fieldValue(sel *ast.SelectorExpr) ast.Expr {
	id, ok := ast.Unparen(sel.X).(*ast.Ident)
	if !ok || e.Fn == nil {
		return nil
	}
	v, _ := e.A.pass.TypesInfo.ObjectOf(id).(*types.Var)
	if v == nil {
		return nil
	}
	d := e.Fn.LastDef(v, sel.Pos())
	var out ast.Expr
	if d != nil && d.Result == 0 {
		out = e.CompositeFields(d.Rhs)[sel.Sel.Name]
	}
	for _, fd := range e.Fn.Fields[v] {
		if fd.Name == sel.Sel.Name && fd.End <= sel.Pos() && (d == nil || fd.Pos > d.Pos) {
			out = fd.Rhs
		}
	}
	if out == nil && d == nil {
		out = e.argField(v, sel.Sel)
	}
	return out
}

// argField is the value of field name of what the caller passed for
// parameter v (state.tools, where the caller set initialState.tools):
// the caller's expression, which e then evaluates in the caller's frame.
func (e *Evaluator) argField(v *types.Var, name *ast.Ident) ast.Expr {
	arg, ok := e.Args[v]
	if !ok || e.Caller == nil {
		return nil
	}
	arg = ast.Unparen(arg)
	if u, ok := arg.(*ast.UnaryExpr); ok && u.Op == token.AND {
		arg = ast.Unparen(u.X)
	}
	var out ast.Expr
	switch a := arg.(type) {
	case *ast.CompositeLit:
		out = e.Caller.CompositeFields(a)[name.Name]
	case *ast.Ident:
		out = e.Caller.fieldValue(&ast.SelectorExpr{X: a, Sel: name})
	}
	if out != nil {
		e.Share(e.Caller)
	}
	return out
}

// CompositeFields maps the keys of a struct or map literal to their values.
func (e *Evaluator) CompositeFields(x ast.Expr) map[string]ast.Expr {
	out := map[string]ast.Expr{}
	x = ast.Unparen(x)
	if u, ok := x.(*ast.UnaryExpr); ok && u.Op == token.AND {
		x = u.X
	}
	lit, ok := x.(*ast.CompositeLit)
	if !ok {
		return out
	}
	for _, el := range lit.Elts {
		kv, ok := el.(*ast.KeyValueExpr)
		if !ok {
			continue
		}
		if id, ok := kv.Key.(*ast.Ident); ok {
			out[id.Name] = kv.Value
		} else if s, ok := e.StringConst(kv.Key); ok {
			out[s] = kv.Value
		}
	}
	return out
}

// elem is one element of a slice that reaches a request.
type elem struct {
	X     ast.Expr
	Order *OrderCtx
	// Loop is set for an element appended once per element of a slice
	// ranged over: how many there are is known only at run time.
	Loop *ast.RangeStmt
	// Carried stands for what earlier iterations of a loop added to the
	// list (see CarriedLoop): the conversation so far.
	Carried bool
	// at is where the element is appended, for clockGuard.
	at token.Pos
}

// Elems lists what a slice expression holds: a literal's elements, or a
// local slice's initial elements and appends. sorted reports a sort call
// on it before use, which makes its order deterministic.
func (e *Evaluator) Elems(x ast.Expr) (out []elem, known bool) {
	// A list defined from itself through calls (list = keep(list) in a
	// loop) would recurse without end: past the depth the evaluator
	// allows, the elements are not known.
	if e.elemsDepth > maxDepth {
		return nil, false
	}
	if f := e.frameOf(x); f != nil {
		return f.Elems(x)
	}
	e.elemsDepth++
	defer func() { e.elemsDepth-- }()
	x = ast.Unparen(x)
	switch x := x.(type) {
	case *ast.CompositeLit:
		for _, el := range x.Elts {
			if kv, ok := el.(*ast.KeyValueExpr); ok {
				el = kv.Value
			}
			out = append(out, elem{X: el})
		}
		return out, true
	case *ast.Ident:
		v, _ := e.A.pass.TypesInfo.ObjectOf(x).(*types.Var)
		if v != nil && v.Pkg() == e.A.pass.Pkg && v.Parent() == v.Pkg().Scope() {
			// A package slice set by its initializer only.
			if init, assigned := e.A.pkgVarInit(v); init.expr != nil && !assigned && !e.Visiting[v] {
				e.Visiting[v] = true
				defer delete(e.Visiting, v)
				return e.Elems(init.expr)
			}
			return nil, false
		}
		if v == nil || e.Fn == nil || len(e.Fn.Defs[v]) == 0 || !e.Fn.Defs[v][0].before(x.Pos()) {
			return nil, false // no def reaches the use: a parameter's value, or unknown
		}
		if d := e.Fn.Defs[v][0]; e.Fn.IsParam(v) && d.append && d.Pos < x.Pos() {
			// A parameter appended to: what the caller passed comes
			// first, as a list (the conversation so far).
			out = append(out, elem{X: x})
		}
		// In a loop that adds to the list after this use, the list also
		// holds what earlier iterations added: the conversation so far.
		carried := e.Fn.CarriedLoop(v, x.Pos())
		known = true
		for _, d := range e.Fn.Defs[v] {
			if !d.before(x.Pos()) {
				break // a use in a def's own value (v = f(v)) sees the defs before it
			}
			if carried != nil && d.Pos >= carried.Pos() {
				out = append(out, elem{X: x, Carried: true})
				carried = nil
			}
			if !d.append {
				if d.Result > 0 {
					return nil, false // another result of the call
				}
				if isMake(e.A.pass.TypesInfo, d.Rhs) && e.Fn.indexFilled(v) {
					// make([]T, len(in)) then list[i] = ... per element.
					out, known = nil, true
					continue
				}
				// A list that starts unknown (tools, err := set.Tools(ctx))
				// is known only in part: what is appended after it still
				// counts for its order, which callers that ignore known read.
				out, known = e.Elems(d.Rhs)
				continue
			}
			for i, el := range d.elems {
				o := d.Order
				if c, ok := ast.Unparen(d.Rhs).(*ast.CallExpr); ok && c.Ellipsis.IsValid() && i == len(d.elems)-1 && o == nil {
					// append(tools, extra()...): the spread list's
					// elements, in its order.
					if sub, ok := e.Elems(el); ok {
						for _, s := range sub {
							if s.Order == nil && s.Loop == nil {
								s.Loop = d.loop
							}
							out = append(out, s)
						}
						continue
					}
				}
				if o == nil && e.received(el, d.Pos) {
					if d.recv == nil {
						d.recv = &OrderCtx{Why: "channel arrival order", pos: el}
					}
					o = d.recv
				}
				out = append(out, elem{X: el, Order: o, Loop: d.loop, at: d.Pos})
			}
		}
		if carried != nil {
			out = append(out, elem{X: x, Carried: true})
		}
		for _, s := range e.Fn.sorts[v] {
			if s.pos < x.Pos() {
				for i := range out {
					out[i].Order = s.after(out[i].Order) // sorted before use
				}
			}
		}
		return out, known
	case *ast.SelectorExpr:
		if v := e.fieldValue(x); v != nil {
			return e.Elems(v)
		}
	case *ast.CallExpr:
		if e.A.calleeKeyOf(x) == "slices.Collect" && len(x.Args) == 1 {
			if c, ok := ast.Unparen(x.Args[0]).(*ast.CallExpr); ok {
				if why, ok := e.A.mapOrdered(c); ok {
					return []elem{{X: x, Order: &OrderCtx{Why: why, pos: x}}}, true
				}
			}
		}
		if t := e.A.pass.TypesInfo.TypeOf(x); t != nil {
			if tup, ok := t.(*types.Tuple); ok && tup.Len() > 0 {
				t = tup.At(0).Type() // tools, err := set.Tools(ctx)
			}
			if _, isSlice := t.Underlying().(*types.Slice); isSlice {
				if f, ok := e.A.mapOrder(x); ok {
					// A list built in map order by the function, or filled
					// in map order and kept (a getter).
					return []elem{{X: x, Order: &OrderCtx{Why: f.Why, pos: x, kept: f.Kept, origin: f.Origin, also: f.Also}}}, true
				}
			}
		}
		if i := e.A.orderThrough(x); i >= 0 && i < len(x.Args) {
			// A filter or converter: its result is its argument's
			// elements, in the argument's order.
			if els, ok := e.Elems(x.Args[i]); ok {
				return els, true
			}
		}
		if isMake(e.A.pass.TypesInfo, x) {
			// make([]T, 0, n) is empty and appends fill it; make([]T, n)
			// holds n elements set by index, how many known at run time.
			if len(x.Args) < 2 {
				return nil, true
			}
			n, ok := e.IntConst(x.Args[1])
			return nil, ok && n == 0
		}
		if ret, sub := e.Enter(x, 0); ret != nil {
			// A helper of this package that builds the list
			// (buildMessages(system, history)): its elements, each
			// read in the helper's frame.
			e.Share(sub)
			return sub.Elems(ret)
		}
		if b, ok := e.A.pass.TypesInfo.ObjectOf(IdentOf(x.Fun)).(*types.Builtin); ok && b.Name() == "append" && len(x.Args) > 0 {
			out, known = e.Elems(x.Args[0])
			for i, el := range x.Args[1:] {
				if x.Ellipsis.IsValid() && i == len(x.Args)-2 {
					// append(tools, extra()...): the spread list's
					// elements, in its order.
					if sub, ok := e.Elems(el); ok {
						out = append(out, sub...)
						continue
					}
				}
				out = append(out, elem{X: el})
			}
			return out, known
		}
	}
	return nil, false
}

// join is strings.Join: elements in order, separated, or one order slot
// when they were collected in nondeterministic order.
func (e *Evaluator) join(c *ast.CallExpr, list, sepx ast.Expr) Layout {
	els, ok := e.Elems(list)
	if !ok {
		return SlotAt(c, e.inputLife(list).slot(e.A.ShortText(c), "strings.Join"))
	}
	sep := e.Eval(sepx)
	var out Layout
	var lastOrder *OrderCtx
	var lastGuard *ast.IfStmt
	for i, el := range els {
		if el.Order != nil {
			if lastOrder != el.Order {
				out = append(out, e.OrderSlot(el.Order, e.A.ShortText(list)))
				lastOrder = el.Order
			}
			continue
		}
		if i > 0 {
			out = append(out, sep...)
		}
		if g, p := e.clockGuard(el.at, e.A.LocalVar(list)); g != nil && g != lastGuard {
			out, lastGuard = append(out, p), g
		}
		out = append(out, e.Eval(el.X)...)
	}
	return out
}

// sameArm reports whether q lies in the innermost if or switch arm that
// holds p (or neither lies in one).
func sameArm(f *FuncInfo, p, q token.Pos) bool {
	var in ast.Node
	for _, a := range f.arms {
		if Within(a.body, p) && (in == nil || a.body.End()-a.body.Pos() < in.End()-in.Pos()) {
			in = a.body
		}
	}
	return in == nil || Within(in, q)
}

// closureParam is a parameter of a function literal assigned to a local
// variable and called in the same function (researcher := func(name,
// instruction string) {...}; researcher("a", aInstr)): the richest of the
// arguments its calls pass.
func (e *Evaluator) closureParam(v *types.Var) (Layout, bool) {
	if e.Fn.Decl == nil || e.Fn.Decl.Body == nil {
		return nil, false
	}
	if l, ok := e.Fn.closureParams[v]; ok {
		return l, l != nil
	}
	if e.Fn.closureParams == nil {
		e.Fn.closureParams = map[*types.Var]Layout{}
	}
	e.Fn.closureParams[v] = nil // recursion guard, and "not a closure parameter"
	l, ok := e.closureArgs(v)
	if ok {
		e.Fn.closureParams[v] = l
	}
	return l, ok
}

// closureArgs is closureParam's work: the richest argument the closure's
// calls pass.
func (e *Evaluator) closureArgs(v *types.Var) (Layout, bool) {
	for f, defs := range e.Fn.Defs {
		if len(defs) != 1 {
			continue
		}
		lit, ok := ast.Unparen(defs[0].Rhs).(*ast.FuncLit)
		if !ok || !Within(lit.Type, v.Pos()) {
			continue
		}
		idx := ParamIndex(e.A.pass.TypesInfo, lit.Type, v)
		if idx < 0 {
			return nil, false
		}
		var ls []Layout
		ast.Inspect(e.Fn.Decl.Body, func(n ast.Node) bool {
			c, ok := n.(*ast.CallExpr)
			if !ok || idx >= len(c.Args) || c.Ellipsis.IsValid() {
				return true
			}
			if id, ok := ast.Unparen(c.Fun).(*ast.Ident); ok && e.A.pass.TypesInfo.Uses[id] == f {
				ls = append(ls, e.Eval(c.Args[idx]))
			}
			return true
		})
		if len(ls) == 0 {
			return nil, false
		}
		return richest(ls), true
	}
	return nil, false
}

// builderVar is the variable a strings.Builder or bytes.Buffer write or
// read goes to: a local, or a builder field (p.sb) standing for itself
// within one function.
func (a *Engine) builderVar(x ast.Expr) *types.Var {
	if v := a.LocalVar(x); v != nil {
		return v
	}
	x = ast.Unparen(x)
	if u, ok := x.(*ast.UnaryExpr); ok && u.Op == token.AND {
		x = u.X
	}
	v := a.fieldOf(x)
	if v == nil {
		return nil
	}
	if _, isStruct := v.Type().Underlying().(*types.Struct); !isStruct {
		return nil // a *strings.Builder field may be shared: not followed
	}
	return v
}

// CarriedLoop is the innermost loop holding pos that v, declared outside
// it, is assigned in after pos: each iteration sees what the ones before
// added (a chat loop appending the reply after sending). nil for none.
func (f *FuncInfo) CarriedLoop(v *types.Var, pos token.Pos) ast.Stmt {
	var best ast.Stmt
	for _, l := range f.loopStmts {
		if !Within(l, pos) || Within(l, v.Pos()) {
			continue
		}
		for _, d := range f.Defs[v] {
			// A def after the use adds for the next iteration; an append
			// before it in the same iteration (history = append(history,
			// input)) adds to what the last iteration left.
			if (d.Pos > pos || d.append) && Within(l, d.Pos) && (best == nil || l.Pos() > best.Pos()) {
				best = l
			}
		}
	}
	return best
}

// clockGuard is the if statement that decides by the clock whether the
// code at pos adds to v (declared outside it): one holding pos, or one
// before pos in the same loop body that skips the rest of the iteration
// (if ts.Before(cutoff) { continue }). Which lines are written then
// changes with the clock though no reading of it is written. p is the
// slot that stands for that, at the condition.
func (e *Evaluator) clockGuard(pos token.Pos, v *types.Var) (g *ast.IfStmt, p Piece) {
	if e.Fn == nil || !pos.IsValid() {
		return nil, Piece{}
	}
	loop := e.Fn.innermostLoop(pos)
	for _, a := range e.Fn.arms {
		ifs, ok := a.stmt.(*ast.IfStmt)
		if !ok || v != nil && Within(ifs, v.Pos()) {
			continue
		}
		holds := Within(a.body, pos)
		skips := a.body == ifs.Body && ifs.End() <= pos && loop != nil && Within(loop, ifs.Pos()) && skipsRest(ifs.Body) && !e.Fn.alternatives(ifs.Pos(), pos)
		if !holds && !skips {
			continue
		}
		if s := e.clockCond(ifs); s != nil {
			return ifs, Piece{Slot: s, Pos: ifs.Cond.Pos(), End: ifs.Cond.End(), Param: -1}
		}
	}
	return nil, Piece{}
}

// innermostLoop is the innermost for or range statement holding pos.
func (f *FuncInfo) innermostLoop(pos token.Pos) ast.Stmt {
	var best ast.Stmt
	for _, l := range f.loopStmts {
		if Within(l, pos) && (best == nil || l.Pos() > best.Pos()) {
			best = l
		}
	}
	return best
}

// skipsRest reports whether a block ends by leaving the loop iteration or
// the function.
func skipsRest(b *ast.BlockStmt) bool {
	if len(b.List) == 0 {
		return false
	}
	switch last := b.List[len(b.List)-1].(type) {
	case *ast.BranchStmt:
		return last.Tok == token.CONTINUE || last.Tok == token.BREAK
	case *ast.ReturnStmt:
		return true
	}
	return false
}

// clockCond is the slot for an if condition that orders a reading of the
// clock against another value (ts.Before(cutoff), time.Since(t) > ttl),
// nil when it does not: a cutoff a number of days back changes once a
// day, any other once a request.
func (e *Evaluator) clockCond(ifs *ast.IfStmt) *rules.Slot {
	if s, ok := e.Fn.clockConds[ifs]; ok {
		return s
	}
	if e.Fn.clockConds == nil {
		e.Fn.clockConds = map[*ast.IfStmt]*rules.Slot{}
	}
	e.Fn.clockConds[ifs] = nil
	var out *rules.Slot
	ast.Inspect(ifs.Cond, func(n ast.Node) bool {
		var xs []ast.Expr
		switch n := n.(type) {
		case *ast.CallExpr:
			switch e.calleeKey(n) {
			case "time.(Time).Before", "time.(Time).After", "time.(Time).Compare", "time.(Time).Equal", "time.(Time).Sub":
				xs = append([]ast.Expr{Receiver(n)}, n.Args...)
			}
		case *ast.BinaryExpr:
			switch n.Op {
			case token.LSS, token.GTR, token.LEQ, token.GEQ:
				xs = []ast.Expr{n.X, n.Y}
			}
		}
		for _, x := range xs {
			if now, days := e.clockRead(x, 0); now != nil && out == nil {
				life := rules.LifeRequest
				if days {
					life = rules.LifeDay
				}
				out = &rules.Slot{Name: e.A.ShortText(ifs.Cond), Kind: rules.KindTime, Lifetime: life, Why: "filtered by a time.Now cutoff", Origin: e.A.Span(now.Pos(), now.End())}
			}
		}
		return out == nil
	})
	e.Fn.clockConds[ifs] = out
	return out
}

// clockRead finds the reading of the clock (time.Now, time.Since,
// time.Until) an expression is computed from, directly or through local
// variables, and whether a date arithmetic by days (AddDate) lies on the
// way.
func (e *Evaluator) clockRead(x ast.Expr, depth int) (now *ast.CallExpr, days bool) {
	ast.Inspect(x, func(n ast.Node) bool {
		if now != nil {
			return false
		}
		switch n := n.(type) {
		case *ast.CallExpr:
			switch e.calleeKey(n) {
			case "time.Now", "time.Since", "time.Until":
				now = n
			case "time.(Time).AddDate":
				days = true
			}
		case *ast.Ident:
			if v, _ := e.A.pass.TypesInfo.Uses[n].(*types.Var); v != nil && depth < 4 {
				if d := e.Fn.LastDef(v, n.Pos()); d != nil && d.Result == 0 {
					var ds bool
					if now, ds = e.clockRead(d.Rhs, depth+1); now != nil {
						days = days || ds
					}
				}
			}
		}
		return now == nil
	})
	if now == nil {
		days = false
	}
	return now, days
}

// isMake reports whether x calls the builtin make.
func isMake(info *types.Info, x ast.Expr) bool {
	c, ok := ast.Unparen(x).(*ast.CallExpr)
	if !ok {
		return false
	}
	b, ok := info.ObjectOf(IdentOf(c.Fun)).(*types.Builtin)
	return ok && b.Name() == "make"
}

// indexFilled reports whether a list is filled element by element by index
// (see indexDef).
func (f *FuncInfo) indexFilled(v *types.Var) bool {
	for _, d := range f.Defs[v] {
		if d.index {
			return true
		}
	}
	return false
}
