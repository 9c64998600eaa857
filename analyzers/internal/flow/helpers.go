package flow

import (
	"go/ast"
	"go/types"
)

// MaxHelperDepth bounds how deeply helper functions are followed.
const MaxHelperDepth = 4

// Enter follows a call of a function of this package with a single return
// statement to the expression of result i it returns, with an evaluator
// for the function's body whose parameters stand for the call's
// arguments; nil when it cannot.
func (e *Evaluator) Enter(c *ast.CallExpr, result int) (ast.Expr, *Evaluator) {
	if e.helperDepth >= MaxHelperDepth {
		return nil, nil
	}
	fn := Callee(e.A.pass.TypesInfo, c)
	if fn == nil || fn.Pkg() != e.A.pass.Pkg || result >= fn.Signature().Results().Len() {
		return nil, nil
	}
	decl := e.A.Decls[fn.Origin()]
	if decl == nil || decl.Body == nil {
		return nil, nil
	}
	ret := MainReturn(e.A.Returns[decl], result, fn.Signature().Results().Len())
	if ret == nil {
		return nil, nil
	}
	sub := &Evaluator{A: e.A, Fn: e.A.FuncInfoFor(decl), Visiting: map[types.Object]bool{}, helperDepth: e.helperDepth + 1}
	sub.Bind(e, decl, fn, c)
	return ret, sub
}

// Bind makes the parameters of decl (the function fn) stand for the
// arguments of a call evaluated by caller.
func (e *Evaluator) Bind(caller *Evaluator, decl *ast.FuncDecl, fn *types.Func, c *ast.CallExpr) {
	e.Args, e.Caller, e.CallSite = map[*types.Var]ast.Expr{}, caller, c
	variadic := fn.Signature().Variadic()
	i := 0
	for _, fld := range decl.Type.Params.List {
		for _, n := range fld.Names {
			last := i == fn.Signature().Params().Len()-1
			if v, ok := e.A.pass.TypesInfo.Defs[n].(*types.Var); ok && i < len(c.Args) && !(variadic && last) {
				e.Args[v] = c.Args[i]
			}
			i++
		}
		if len(fld.Names) == 0 {
			i++
		}
	}
}

// ConstructedOrder is the nondeterministic order a struct field's list is
// built in when functions of this package (constructors, not methods)
// fill it by appends and one of them runs in map order: the order is fixed
// when the value is built, once per process.
func (e *Evaluator) ConstructedOrder(sel *ast.SelectorExpr) *OrderCtx {
	s, ok := e.A.pass.TypesInfo.Selections[sel]
	if !ok || s.Kind() != types.FieldVal {
		return nil
	}
	field, _ := s.Obj().(*types.Var)
	var found *OrderCtx
	for _, w := range e.A.FieldWrites[field] {
		if w.fd == nil {
			continue
		}
		if w.fd.Recv != nil {
			return nil // a method changes it: not built once
		}
		if o := e.A.FuncInfoFor(w.fd).orderAt(w.pos); o != nil && w.append {
			found = o
		}
	}
	return found
}

// Constructed follows a struct field read to the one value a function
// of this package (a constructor, not a method) assigns it, with an
// evaluator for that function: the field is fixed when the value is built.
func (e *Evaluator) Constructed(sel *ast.SelectorExpr) (ast.Expr, *Evaluator) {
	s, ok := e.A.pass.TypesInfo.Selections[sel]
	if !ok || s.Kind() != types.FieldVal || e.helperDepth >= MaxHelperDepth {
		return nil, nil
	}
	field, _ := s.Obj().(*types.Var)
	ws := e.A.FieldWrites[field]
	if len(ws) != 1 || ws[0].append || ws[0].fd != nil && ws[0].fd.Recv != nil {
		return nil, nil // set by methods or in several places: not one value
	}
	sub := &Evaluator{A: e.A, Visiting: map[types.Object]bool{}, helperDepth: e.helperDepth + 1, Constructor: true}
	if fd := ws[0].fd; fd != nil {
		sub.Fn = e.A.FuncInfoFor(fd)
		// An option function (WithSystem(s) storing s) called once in the
		// package: its parameter is that call's argument.
		if fn, _ := e.A.pass.TypesInfo.Defs[fd.Name].(*types.Func); fn != nil {
			if sites := e.A.CallSites[fn]; len(sites) == 1 {
				caller := &Evaluator{A: e.A, Fn: e.A.FuncInfoFor(sites[0].Fd), Visiting: map[types.Object]bool{}, helperDepth: e.helperDepth + 1}
				sub.Bind(caller, fd, fn, sites[0].Call)
			}
		}
	}
	return ws[0].Rhs, sub
}

// singleReturn is the result of a function's only return statement.
func (a *Engine) singleReturn(decl *ast.FuncDecl) ast.Expr {
	rets := a.Returns[decl]
	if len(rets) != 1 || len(rets[0].Results) != 1 {
		return nil
	}
	return rets[0].Results[0]
}

// IsIdent reports whether s is a plain identifier: a template field name
// or a Go name a framework passes as a string.
func IsIdent(s string) bool {
	if s == "" {
		return false
	}
	for i, r := range s {
		if r != '_' && !('a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || i > 0 && '0' <= r && r <= '9') {
			return false
		}
	}
	return true
}

// MainReturn is the expression of result i a function returns on its main
// path: of its return statements, those that return something there (not
// nil, not a zero literal: the error paths), the last one. nil when no
// return has n results.
func MainReturn(rets []*ast.ReturnStmt, i, n int) ast.Expr {
	var out ast.Expr
	for _, r := range rets {
		if len(r.Results) != n || i >= n {
			continue
		}
		x := ast.Unparen(r.Results[i])
		if zeroValue(x) {
			if out == nil && len(rets) == 1 {
				out = x
			}
			continue
		}
		out = x
	}
	return out
}

// zeroValue reports whether x is nil, "" or an empty composite literal.
func zeroValue(x ast.Expr) bool {
	switch y := x.(type) {
	case *ast.Ident:
		return y.Name == "nil"
	case *ast.BasicLit:
		return y.Value == `""` || y.Value == "``"
	case *ast.CompositeLit:
		return len(y.Elts) == 0
	}
	return false
}

// ResetList is the literal a field holding a list is set to in one place
// while every other write appends to it (a conversation started with its
// system message in one method and grown in others), with an evaluator
// for the function that sets it; nil for other fields.
func (e *Evaluator) ResetList(sel *ast.SelectorExpr) (*ast.CompositeLit, *Evaluator) {
	s, ok := e.A.pass.TypesInfo.Selections[sel]
	if !ok || s.Kind() != types.FieldVal || e.helperDepth >= MaxHelperDepth {
		return nil, nil
	}
	field, _ := s.Obj().(*types.Var)
	var lit *ast.CompositeLit
	var fd *ast.FuncDecl
	appends := 0
	for _, w := range e.A.FieldWrites[field] {
		if w.append || e.A.transformsItself(w.Rhs, field) {
			appends++
			continue
		}
		l, ok := ast.Unparen(w.Rhs).(*ast.CompositeLit)
		if !ok || w.fd == nil {
			return nil, nil // set to something else somewhere
		}
		// Of several starts (a clone starting the same way), the fullest.
		if lit == nil || len(l.Elts) > len(lit.Elts) {
			lit, fd = l, w.fd
		}
	}
	if lit == nil || appends == 0 || len(lit.Elts) == 0 {
		return nil, nil
	}
	return lit, &Evaluator{A: e.A, Fn: e.A.FuncInfoFor(fd), Visiting: map[types.Object]bool{}, helperDepth: e.helperDepth + 1}
}

// transformsItself reports whether x is a call that takes the field
// itself (s.messages = filter(s.messages)): the list keeps its start.
func (a *Engine) transformsItself(x ast.Expr, field *types.Var) bool {
	c, ok := ast.Unparen(x).(*ast.CallExpr)
	if !ok {
		return false
	}
	for _, arg := range c.Args {
		if a.localField(arg) == field {
			return true
		}
	}
	return false
}

// EvaluatorAt is an evaluator for fd. A wrapper that sends what it is
// given (send(ctx, system, msgs)), unexported and called once in the
// package, has its parameters stand for that call's arguments.
func (a *Engine) EvaluatorAt(fd *ast.FuncDecl) *Evaluator {
	return a.evaluatorChain(fd, 0)
}

// maxCallerChain bounds how many single callers evaluatorAt binds in a row
// (a send wrapper called by a retry loop called by the turn handler).
const maxCallerChain = 3

func (a *Engine) evaluatorChain(fd *ast.FuncDecl, depth int) *Evaluator {
	e := &Evaluator{A: a, Fn: a.FuncInfoFor(fd), Visiting: map[types.Object]bool{}}
	if fn, _ := a.pass.TypesInfo.Defs[fd.Name].(*types.Func); fn != nil && !fn.Exported() {
		if sites := a.CallSites[fn]; len(sites) == 1 && sites[0].Fd != fd {
			var caller *Evaluator
			if depth < maxCallerChain {
				caller = a.evaluatorChain(sites[0].Fd, depth+1)
			} else {
				caller = &Evaluator{A: a, Fn: a.FuncInfoFor(sites[0].Fd), Visiting: map[types.Object]bool{}}
			}
			e.Bind(caller, fd, fn, sites[0].Call)
		}
	}
	return e
}

// StoredFuncArg follows a parameter v of a function literal in fd that is
// stored in a field or a local variable (c.stream = func(ctx, p Params)
// {...}, a seam for tests) to the argument the first call of that field
// or variable passes, with an evaluator for the calling function. A send
// inside such a literal is then judged with the request its caller builds.
func (a *Engine) StoredFuncArg(fd *ast.FuncDecl, v *types.Var) (ast.Expr, *Evaluator) {
	if fd.Body == nil {
		return nil, nil
	}
	var target ast.Expr
	idx := -1
	ast.Inspect(fd.Body, func(n ast.Node) bool {
		as, ok := n.(*ast.AssignStmt)
		if !ok || target != nil || len(as.Lhs) != len(as.Rhs) {
			return target == nil
		}
		for i, rhs := range as.Rhs {
			if lit, ok := ast.Unparen(rhs).(*ast.FuncLit); ok {
				if j := ParamIndex(a.pass.TypesInfo, lit.Type, v); j >= 0 {
					target, idx = as.Lhs[i], j
				}
			}
		}
		return target == nil
	})
	if target == nil {
		return nil, nil
	}
	var sites []callSite
	if field := a.localField(target); field != nil {
		sites = a.FieldCalls[field]
	} else if local := a.LocalVar(target); local != nil {
		ast.Inspect(fd.Body, func(n ast.Node) bool {
			if c, ok := n.(*ast.CallExpr); ok {
				if id, ok := ast.Unparen(c.Fun).(*ast.Ident); ok && a.pass.TypesInfo.Uses[id] == local {
					sites = append(sites, callSite{c, fd})
				}
			}
			return true
		})
	}
	for _, s := range sites {
		// A spread (f(ctx, opts...)) passes its list only to the last,
		// variadic parameter.
		if idx < len(s.Call.Args) && (!s.Call.Ellipsis.IsValid() || idx == len(s.Call.Args)-1) {
			return s.Call.Args[idx], a.EvaluatorAt(s.Fd)
		}
	}
	return nil, nil
}

// ParamIndex is the index of v among a function type's parameters, -1
// when it is none of them.
func ParamIndex(info *types.Info, ft *ast.FuncType, v *types.Var) int {
	i := 0
	for _, fld := range ft.Params.List {
		for _, n := range fld.Names {
			if info.Defs[n] == v {
				return i
			}
			i++
		}
		if len(fld.Names) == 0 {
			i++
		}
	}
	return -1
}
