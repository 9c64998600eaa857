package flow

import (
	"go/ast"
	"go/types"
	"slices"
)

// Callbacks. A send wrapper is often not called by name: it is chosen as a
// method value (responseFn := c.pick()) and handed to a retry loop that
// calls it with the prompt (withRetry(ctx, msgs, responseFn) calling
// fn(ctx, msgs)). linkCallbacks records each such call of a function-typed
// parameter as a call site of every function of this package the callers
// pass for it, so the wrapper's parameters are bound to what the loop
// passes, and the loop's to what its callers pass.

// maxFuncValueDepth bounds how far funcValues follows variables and
// functions returning function values.
const maxFuncValueDepth = 3

// LinkCallbacks adds the calls of function-typed parameters to the call
// sites of the package's functions passed for them.
func (a *Engine) LinkCallbacks() {
	for _, fn := range a.DeclOrder {
		fd := a.Decls[fn]
		sites := a.CallSites[fn]
		if fd == nil || fd.Body == nil || len(sites) == 0 {
			continue
		}
		for i, p := range ParamVars(a.pass.TypesInfo, fd) {
			if p == nil {
				continue
			}
			if _, ok := p.Type().Underlying().(*types.Signature); !ok {
				continue
			}
			calls := a.callsOf(fd, p)
			if len(calls) == 0 {
				continue
			}
			for _, s := range sites {
				if i >= len(s.Call.Args) {
					continue
				}
				for _, m := range a.funcValues(s.Fd, s.Call.Args[i], 0) {
					if m.Pkg() != a.pass.Pkg || a.Decls[m.Origin()] == nil {
						continue
					}
					for _, c := range calls {
						a.CallSites[m.Origin()] = append(a.CallSites[m.Origin()], callSite{c, fd})
					}
				}
			}
		}
	}
}

// callsOf lists the calls of a function-typed variable in a function.
func (a *Engine) callsOf(fd *ast.FuncDecl, v *types.Var) []*ast.CallExpr {
	var out []*ast.CallExpr
	ast.Inspect(fd.Body, func(n ast.Node) bool {
		if c, ok := n.(*ast.CallExpr); ok {
			if id, ok := ast.Unparen(c.Fun).(*ast.Ident); ok && a.pass.TypesInfo.Uses[id] == v {
				out = append(out, c)
			}
		}
		return true
	})
	return out
}

// funcValues lists the functions an expression of function type may hold
// in function fd: a function or method value, what a literal's returns
// call, what a local variable is assigned, what a function of the package
// returns.
func (a *Engine) funcValues(fd *ast.FuncDecl, x ast.Expr, depth int) []*types.Func {
	if depth > maxFuncValueDepth {
		return nil
	}
	switch y := ast.Unparen(x).(type) {
	case *ast.SelectorExpr:
		return storedFuncs(a.pass.TypesInfo, y) // a method value
	case *ast.Ident:
		if fs := storedFuncs(a.pass.TypesInfo, y); len(fs) > 0 {
			return fs // a function
		}
		v, _ := a.pass.TypesInfo.Uses[y].(*types.Var)
		if v == nil || fd == nil {
			return nil
		}
		var out []*types.Func
		for _, d := range a.FuncInfoFor(fd).Defs[v] {
			if d.before(y.Pos()) {
				out = appendNewFuncs(out, a.funcValues(fd, d.Rhs, depth+1))
			}
		}
		return out
	case *ast.CallExpr:
		fn := Callee(a.pass.TypesInfo, y)
		if fn == nil || fn.Pkg() != a.pass.Pkg {
			return nil
		}
		callee := a.Decls[fn.Origin()]
		if callee == nil {
			return nil
		}
		var out []*types.Func
		for _, r := range a.Returns[callee] {
			if len(r.Results) > 0 {
				out = appendNewFuncs(out, a.funcValues(callee, r.Results[0], depth+1))
			}
		}
		return out
	}
	return nil // a literal is its own callee, no function of the package
}

// appendNewFuncs appends the functions of fs that out does not hold yet.
func appendNewFuncs(out, fs []*types.Func) []*types.Func {
	for _, f := range fs {
		if !slices.Contains(out, f) {
			out = append(out, f)
		}
	}
	return out
}
