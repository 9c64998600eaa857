package cachevet

import (
	"go/ast"
	"go/types"
	"strings"

	"github.com/cachevet/cachevet/analyzers/internal/flow"
	"github.com/cachevet/cachevet/rules"
)

// Agent frameworks (fantasy, Eino, Genkit, ADK) build the provider
// request themselves. Each lives in a file of its own (fw_<name>.go) that
// registers it in the library table; this file holds what they share.

// optionCalls lists the option calls among args with their funcKeys,
// following a spread local slice (opts...) to its elements.
func (b *builder) optionCalls(args []ast.Expr, spread bool) []optCall {
	var out []optCall
	for i, x := range args {
		if spread && i == len(args)-1 {
			// Options handed to a function literal kept in a field (a
			// seam for tests) are those its caller builds.
			if id, ok := ast.Unparen(x).(*ast.Ident); ok && b.e.Fn != nil && b.e.Fn.Decl != nil {
				if v, ok := b.a.pass.TypesInfo.Uses[id].(*types.Var); ok {
					if arg, ev := b.a.StoredFuncArg(b.e.Fn.Decl, v); arg != nil {
						x, b.e = arg, ev
					}
				}
			}
			if els, ok := b.e.Elems(x); ok {
				for _, el := range els {
					if key, c := b.callKey(el.X); c != nil {
						out = append(out, optCall{key, c})
					}
				}
				continue
			}
		}
		if key, c := b.callKey(x); c != nil {
			out = append(out, optCall{key, c})
		}
	}
	return out
}

type optCall struct {
	key  string
	call *ast.CallExpr
}

// systemBlock adds a system text block.
func (b *builder) systemBlock(x ast.Expr) *rules.Block {
	return b.block(rules.SectionSystem, "system", rules.BlockText, x, b.text(x))
}

// userTurn adds the new user message.
func (b *builder) userTurn(x ast.Expr) {
	b.block(rules.SectionMessages, "user", rules.BlockText, x, b.text(x))
	b.nextMessage()
}

// sessionHistory stands for the conversation a framework keeps for the
// session and sends every turn, then the turn's new user message.
func (b *builder) sessionHistory(n ast.Expr, why string) {
	b.block(rules.SectionMessages, "user", rules.BlockText, n, b.parts(flow.SlotAt(n, &rules.Slot{
		Name: why, Kind: rules.KindHistory, Lifetime: rules.LifeStable, Runtime: rules.RuntimeHistory, Why: why})))
	b.nextMessage()
	b.block(rules.SectionMessages, "user", rules.BlockText, n, b.parts(flow.SlotAt(n, &rules.Slot{
		Name: "user message", Kind: rules.KindQuery, Lifetime: rules.LifeRequest, Why: turnInput})))
}

// lastBreakpoint puts a cache point on the request's last block, the one
// a framework marks, and returns whether there was one.
func (b *builder) lastBreakpoint(n ast.Node, ttl string) bool {
	if len(b.r.req.Blocks) == 0 {
		return false
	}
	b.r.req.Blocks[len(b.r.req.Blocks)-1].Breakpoint = &rules.Breakpoint{TTL: ttl, Span: b.a.Span(n.Pos(), n.End())}
	return true
}

// dropped notes a cache marker a library does not send: findings of a
// missing breakpoint name it as related.
func (b *builder) dropped(n ast.Node, msg string) {
	b.r.notes = append(b.r.notes, rules.Related{Span: b.a.Span(n.Pos(), n.End()), Message: msg})
}

// namedType is a type's package path (major version removed) and name,
// through pointers and slices; "" for unnamed types.
func namedType(t types.Type) string {
	for t != nil {
		switch u := types.Unalias(t).(type) {
		case *types.Pointer:
			t = u.Elem()
			continue
		case *types.Slice:
			t = u.Elem()
			continue
		case *types.Named:
			if u.Obj().Pkg() == nil {
				return u.Obj().Name()
			}
			return flow.TrimVersion(u.Obj().Pkg().Path()) + "." + u.Obj().Name()
		}
		return ""
	}
	return ""
}

// providerOf names the provider a value's constructor or type belongs to
// by the package that defines it: pkgs maps package path to provider.
func (b *builder) providerOf(x ast.Expr, pkgs map[string]string) (string, *ast.CallExpr) {
	if x == nil {
		return "", nil
	}
	def := b.e.DefiningExpr(x)
	if key, c := b.callKey(def); c != nil {
		if p, ok := pkgs[keyPkg(key)]; ok {
			return p, c
		}
	}
	if t := namedType(b.a.pass.TypesInfo.TypeOf(x)); t != "" {
		if p, ok := pkgs[t[:strings.LastIndexByte(t, '.')]]; ok {
			return p, nil
		}
	}
	return "", nil
}

// constructedValue follows x through local variables and, when it reads a
// struct field that one constructor of this package sets (an agent or a
// chat model kept in a field), to that value. The evaluator returned reads
// it in the constructor's context; values from there are fixed when the
// value is built.
func (b *builder) constructedValue(x ast.Expr) (ast.Expr, *flow.Evaluator) {
	x = b.e.DefiningExpr(x)
	if sel, ok := ast.Unparen(x).(*ast.SelectorExpr); ok {
		if ret, sub := b.e.Constructed(sel); ret != nil {
			return sub.DefiningExpr(ret), sub
		}
	}
	return x, b.e
}

// keyPkg is the package path of a funcKey.
func keyPkg(key string) string {
	if i := strings.Index(key, ".("); i >= 0 {
		return key[:i]
	}
	if i := strings.LastIndexByte(key, '.'); i >= 0 {
		return key[:i]
	}
	return key
}

// agentParams treats the parameters of the function that builds an agent
// (an instruction or prompt handed to a factory) as configuration: an
// agent is built before its turns, nobody hands it the user's question.
func agentParams(l flow.Layout) flow.Layout {
	out := make(flow.Layout, len(l))
	for i, p := range l {
		if p.Slot != nil && p.Slot.Why == "parameter" && (p.Slot.Kind == rules.KindQuery || p.Slot.Kind == rules.KindOther) {
			s := *p.Slot
			s.Kind, s.Lifetime, s.Why = rules.KindOther, rules.LifeStable, "parameter of the function that builds the agent"
			p.Slot = &s
		}
		out[i] = p
	}
	return out
}
