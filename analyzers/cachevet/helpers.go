package cachevet

import (
	"go/ast"
	"go/types"

	"golang.org/x/tools/go/types/typeutil"
)

// maxHelperDepth bounds how deeply helper functions are followed.
const maxHelperDepth = 4

// helper follows a call to a function of this package that builds part of
// a request (a []anthropic.TextBlockParam, a message, the parameters) and
// returns it with a single return statement. It returns the returned
// expression and an evaluator for the helper's body whose parameters stand
// for the call's arguments; nil when x is not such a call.
func (b *builder) helper(x ast.Expr) (ast.Expr, *evaluator) {
	c, ok := ast.Unparen(b.singleDef(x)).(*ast.CallExpr)
	if !ok || b.e.helperDepth >= maxHelperDepth {
		return nil, nil
	}
	fn, _ := typeutil.Callee(b.a.pass.TypesInfo, c).(*types.Func)
	if fn == nil || fn.Pkg() != b.a.pass.Pkg || fn.Signature().Results().Len() != 1 {
		return nil, nil
	}
	decl := b.a.decls[fn]
	if decl == nil || decl.Body == nil {
		return nil, nil
	}
	ret := b.a.singleReturn(decl)
	if ret == nil {
		return nil, nil // several returns: which one is sent is not known
	}
	sub := &evaluator{a: b.a, fn: b.a.funcInfoFor(decl), visiting: map[types.Object]bool{},
		args: map[*types.Var]ast.Expr{}, caller: b.e, helperDepth: b.e.helperDepth + 1}
	variadic := fn.Signature().Variadic()
	i := 0
	for _, fld := range decl.Type.Params.List {
		for _, n := range fld.Names {
			last := i == fn.Signature().Params().Len()-1
			if v, ok := b.a.pass.TypesInfo.Defs[n].(*types.Var); ok && i < len(c.Args) && !(variadic && last) {
				sub.args[v] = c.Args[i]
			}
			i++
		}
		if len(fld.Names) == 0 {
			i++
		}
	}
	return ret, sub
}

// singleDef follows a local variable assigned exactly once to its value.
func (b *builder) singleDef(x ast.Expr) ast.Expr {
	id, ok := ast.Unparen(x).(*ast.Ident)
	if !ok || b.e.fn == nil {
		return x
	}
	v := b.a.localVar(id)
	if v == nil || len(b.e.fn.defs[v]) != 1 || b.e.fn.defs[v][0].pos >= id.Pos() || b.e.fn.defs[v][0].order != nil {
		return x
	}
	return b.e.fn.defs[v][0].rhs
}

// singleReturn is the result of a function's only return statement.
func (a *analysis) singleReturn(decl *ast.FuncDecl) ast.Expr {
	rets := a.returns[decl]
	if len(rets) != 1 || len(rets[0].Results) != 1 {
		return nil
	}
	return rets[0].Results[0]
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
