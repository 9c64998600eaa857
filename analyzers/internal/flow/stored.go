package flow

import (
	"go/ast"
	"go/types"
)

// Values kept in fields. An agent often builds its system prompt in one
// method (a.system = b.Build(), on every inbound message) and reads it in
// another, or keeps it in a generic container (csync.Value[string],
// atomic.Pointer[string], a concurrent map) that one method Sets and
// another Gets. A field of this package's types is then what the
// functions that store into it store: the richest of those values, each
// evaluated where it is stored.

// containerSetters and containerGetters are the methods of a generic
// container that store and load its value (the value is the last argument
// of a setter, the first result of a getter).
var (
	containerSetters = map[string]bool{"Set": true, "Store": true, "Swap": true, "Put": true}
	containerGetters = map[string]bool{"Get": true, "Load": true, "Value": true}
)

// storedValue is the richest value the package's functions store in a
// string field (assignments, and a container's setter calls), false when
// none does. The storing functions' parameters are configuration unless
// their names say otherwise: what a setter is handed is decided by its
// caller, and a name such as s or p says nothing about how often it
// changes.
func (e *Evaluator) storedValue(field *types.Var) (Layout, bool) {
	if field == nil || field.Pkg() != e.A.pass.Pkg || e.Visiting[field] || e.helperDepth >= MaxHelperDepth {
		return nil, false
	}
	if !IsStringy(field.Type()) && !isContainer(field.Type()) {
		return nil, false
	}
	e.Visiting[field] = true
	defer delete(e.Visiting, field)
	var ls []Layout
	for _, w := range e.A.FieldWrites[field] {
		if w.append || w.Rhs == nil || w.fd == nil || w.fd.Body == nil {
			continue
		}
		sub := &Evaluator{A: e.A, Fn: e.A.FuncInfoFor(w.fd), Visiting: e.Visiting, helperDepth: e.helperDepth + 1, stored: true}
		ls = append(ls, sub.Eval(w.Rhs))
	}
	if len(ls) == 0 {
		return nil, false
	}
	return richest(ls), true
}

// containerGet is the value a getter of a generic container field loads:
// what the package's setter calls store in that field.
func (e *Evaluator) containerGet(c *ast.CallExpr, fn *types.Func) (Layout, bool) {
	if !containerGetters[fn.Name()] || fn.Signature().Recv() == nil {
		return nil, false
	}
	field := e.A.localField(Receiver(c))
	if field == nil || !isContainer(field.Type()) {
		return nil, false
	}
	return e.storedValue(field)
}

// noteContainerSet records a setter call on a container field of this
// package's types as a write of its last argument to the field.
func (a *Engine) noteContainerSet(fd *ast.FuncDecl, c *ast.CallExpr, fn *types.Func) {
	if !containerSetters[fn.Name()] || fn.Signature().Recv() == nil || len(c.Args) == 0 {
		return
	}
	field := a.localField(Receiver(c))
	if field == nil || !isContainer(field.Type()) {
		return
	}
	a.FieldWrites[field] = append(a.FieldWrites[field], fieldWrite{Rhs: c.Args[len(c.Args)-1], fd: fd, pos: c.Pos()})
}

// isContainer reports whether a type is an instance of a generic type
// (Value[string], Map[string, string], atomic.Pointer[T]) holding a string.
func isContainer(t types.Type) bool {
	if p, ok := t.Underlying().(*types.Pointer); ok {
		t = p.Elem()
	}
	n, ok := types.Unalias(t).(*types.Named)
	if !ok || n.TypeArgs().Len() == 0 {
		return false
	}
	args := n.TypeArgs()
	last := args.At(args.Len() - 1)
	if p, ok := last.Underlying().(*types.Pointer); ok {
		last = p.Elem()
	}
	return IsStringy(last)
}
