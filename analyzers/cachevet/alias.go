package cachevet

import (
	"go/ast"
	"go/token"
	"go/types"
	"strings"

	"github.com/cachevet/cachevet/analyzers/internal/flow"
	"github.com/cachevet/cachevet/rules"
)

// Markers set through an alias. Slices and pointers share what they point
// to: a copy of a message (last := msgs[len(msgs)-1]) shares its content
// blocks, so setting last.Content[0].OfText.CacheControl marks the message
// that is sent, and so does a helper that does it to the list it is given
// (applyLastMessageCacheControl(msgs)). Such a marker goes on the last
// message of the list: the place agents put it, on a growing history.

// maxMarkHops bounds how many helpers a list is followed into.
const maxMarkHops = 2

// markLast puts a breakpoint on the last message block of the request when
// the sending function, or a helper it hands the list to, sets a cache
// marker through the list before the send.
func (b *builder) markLast(list ast.Expr) {
	id, ok := ast.Unparen(list).(*ast.Ident)
	if !ok || b.fd == nil || b.fd.Body == nil {
		return
	}
	v, _ := b.a.pass.TypesInfo.Uses[id].(*types.Var)
	if v == nil {
		return
	}
	at := b.a.markerThrough(b.fd.Body, v, b.r.call.Pos(), maxMarkHops)
	if at == nil {
		return
	}
	for i := len(b.r.req.Blocks) - 1; i >= 0; i-- {
		blk := &b.r.req.Blocks[i]
		if blk.Section != rules.SectionMessages {
			continue
		}
		if blk.Breakpoint == nil {
			blk.Breakpoint = &rules.Breakpoint{Span: b.a.Span(at.Pos(), at.End())}
		}
		return
	}
}

// markerThrough finds, in body before pos, an assignment of a cache marker
// reached through list variable v: its elements, a local copy of one, or
// a helper of this package handed v.
func (a *analysis) markerThrough(body *ast.BlockStmt, v *types.Var, before token.Pos, hops int) ast.Node {
	aliases := map[*types.Var]bool{v: true}
	var found ast.Node
	ast.Inspect(body, func(n ast.Node) bool {
		if found != nil || n == nil || n.Pos() >= before {
			return false
		}
		switch n := n.(type) {
		case *ast.AssignStmt:
			for i, lhs := range n.Lhs {
				if root := a.rootVar(lhs); root != nil && aliases[root] && marksCache(lhs) {
					found = n
					return false
				}
				// last := msgs[len(msgs)-1], p := &msgs[i]: a copy sharing
				// the element's blocks.
				if len(n.Lhs) == len(n.Rhs) {
					if w := a.LocalVar(lhs); w != nil && a.elementOf(n.Rhs[i], aliases) {
						aliases[w] = true
					}
				}
			}
		case *ast.RangeStmt:
			// for i := range msgs / for _, m := range msgs: m and msgs[i] alias.
			if root := a.rootVar(n.X); root != nil && aliases[root] && n.Value != nil {
				if w := a.LocalVar(n.Value); w != nil {
					aliases[w] = true
				}
			}
		case *ast.CallExpr:
			if hops > 0 {
				found = a.markerInHelper(n, aliases, hops)
			}
		}
		return found == nil
	})
	return found
}

// markerInHelper looks into a function of this package called with an
// alias of the list for a marker set through its parameter.
func (a *analysis) markerInHelper(c *ast.CallExpr, aliases map[*types.Var]bool, hops int) ast.Node {
	fn, _ := a.pass.TypesInfo.Uses[flow.IdentOf(c.Fun)].(*types.Func)
	if fn == nil || fn.Pkg() != a.pass.Pkg {
		return nil
	}
	decl := a.Decls[fn]
	if decl == nil || decl.Body == nil {
		return nil
	}
	params := fn.Signature().Params()
	for i, arg := range c.Args {
		if root := a.rootVar(arg); root == nil || !aliases[root] || i >= params.Len() {
			continue
		}
		if at := a.markerThrough(decl.Body, params.At(i), decl.Body.End(), hops-1); at != nil {
			return at
		}
	}
	return nil
}

// elementOf reports whether x is an element of an aliased list, or its
// address: msgs[len(msgs)-1], &msgs[i].
func (a *analysis) elementOf(x ast.Expr, aliases map[*types.Var]bool) bool {
	x = ast.Unparen(x)
	if u, ok := x.(*ast.UnaryExpr); ok && u.Op == token.AND {
		x = ast.Unparen(u.X)
	}
	ix, ok := x.(*ast.IndexExpr)
	if !ok {
		return false
	}
	root := a.rootVar(ix.X)
	return root != nil && aliases[root]
}

// rootVar is the variable at the root of a selector, index or star chain.
func (a *analysis) rootVar(x ast.Expr) *types.Var {
	id := flow.RootIdent(ast.Unparen(x))
	if id == nil {
		return nil
	}
	v, _ := a.pass.TypesInfo.ObjectOf(id).(*types.Var)
	return v
}

// marksCache reports whether an assignment's target is a cache marker
// field (CacheControl, cache_control in a map).
func marksCache(lhs ast.Expr) bool {
	switch x := ast.Unparen(lhs).(type) {
	case *ast.SelectorExpr:
		return looseName(x.Sel.Name) == "cache_control"
	case *ast.IndexExpr:
		if lit, ok := x.Index.(*ast.BasicLit); ok && lit.Kind == token.STRING {
			return looseName(strings.Trim(lit.Value, "`\"")) == "cache_control"
		}
	}
	return false
}

// setsMarker reports whether a function, or one of this package's
// functions it calls, sets a cache marker anywhere: a CacheControl field
// assigned or written in a literal, or a call of a constructor or option
// named for it (NewCacheControlEphemeralParam, WithCacheControl).
func (a *analysis) setsMarker(fd *ast.FuncDecl) bool {
	if fd == nil || fd.Body == nil {
		return false
	}
	if got, ok := a.markerFuncs[fd]; ok {
		return got
	}
	if a.markerFuncs == nil {
		a.markerFuncs = map[*ast.FuncDecl]bool{}
	}
	a.markerFuncs[fd] = false // recursion guard
	found := false
	ast.Inspect(fd.Body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.AssignStmt:
			for _, lhs := range n.Lhs {
				found = found || marksCache(lhs)
			}
		case *ast.KeyValueExpr:
			if id, ok := n.Key.(*ast.Ident); ok && looseName(id.Name) == "cache_control" {
				found = true
			}
		case *ast.CallExpr:
			switch f := ast.Unparen(n.Fun).(type) {
			case *ast.Ident:
				found = strings.Contains(f.Name, "CacheControl")
			case *ast.SelectorExpr:
				found = strings.Contains(f.Sel.Name, "CacheControl")
			}
			if fn := flow.Callee(a.pass.TypesInfo, n); !found && fn != nil && fn.Pkg() == a.pass.Pkg {
				found = a.setsMarker(a.Decls[fn.Origin()])
			}
		}
		return !found
	})
	a.markerFuncs[fd] = found
	return found
}
