package cachevet

import (
	"go/ast"
	"go/types"

	"github.com/cachevet/cachevet/analyzers/internal/flow"
)

// helper follows a call to a function of this package that builds part of
// a request (a []anthropic.TextBlockParam, a message, the parameters) and
// returns it with a single return statement. It returns the returned
// expression and an evaluator for the helper's body whose parameters stand
// for the call's arguments; nil when x is not such a call.
func (b *builder) helper(x ast.Expr) (ast.Expr, *flow.Evaluator) {
	switch y := ast.Unparen(x).(type) {
	case *ast.SelectorExpr:
		return b.e.Constructed(y)
	case *ast.Ident:
		// A parameter bound to its caller's argument: followed there.
		if v, ok := b.a.pass.TypesInfo.Uses[y].(*types.Var); ok && b.e.Caller != nil {
			if arg, bound := b.e.Args[v]; bound {
				return arg, b.e.Caller
			}
		}
		// A parameter of a function literal stored in a field or a
		// variable: followed to what the literal's caller passes.
		if v, ok := b.a.pass.TypesInfo.Uses[y].(*types.Var); ok && b.e.Fn != nil && b.e.Fn.Decl != nil {
			if arg, ev := b.a.StoredFuncArg(b.e.Fn.Decl, v); arg != nil {
				return arg, ev
			}
		}
	}
	def, result := b.singleDef(x)
	c, ok := ast.Unparen(def).(*ast.CallExpr)
	if !ok {
		return nil, nil
	}
	return b.e.Enter(c, result)
}

// singleDef follows a local variable assigned exactly once to its value,
// with the index of the call result it holds (sys, msgs := build()).
func (b *builder) singleDef(x ast.Expr) (ast.Expr, int) {
	id, ok := ast.Unparen(x).(*ast.Ident)
	if !ok || b.e.Fn == nil {
		return x, 0
	}
	v := b.a.LocalVar(id)
	if v == nil || len(b.e.Fn.Defs[v]) != 1 || b.e.Fn.Defs[v][0].Pos >= id.Pos() || b.e.Fn.Defs[v][0].Order != nil {
		return x, 0
	}
	return b.e.Fn.Defs[v][0].Rhs, b.e.Fn.Defs[v][0].Result
}

// inHelper runs f with the evaluator of the helper x calls, if it is one,
// and reports whether it was.
func (b *builder) inHelper(x ast.Expr, f func(ast.Expr)) bool {
	ret, sub := b.helper(x)
	if ret == nil {
		return false
	}
	saved := b.e
	b.e = sub
	defer func() { b.e = saved }()
	f(ret)
	return true
}
