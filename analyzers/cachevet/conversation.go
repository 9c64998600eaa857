package cachevet

import (
	"go/ast"
	"go/token"
	"go/types"

	"github.com/cachevet/cachevet/analyzers/internal/flow"
	"github.com/cachevet/cachevet/rules"
)

// A request's own tool loop, which re-sends the list it appends the
// model's replies and the tool results to after the turn's input, is a
// conversation of its own when nothing earlier requests sent is in the
// list: what the function computes before it (the task, the system text)
// is fixed for it, and only what changes from one iteration to the next
// (a tool list drawn again in map order) breaks its cache.
//
// A conversation loop is a loop around a send that takes a new input on
// every iteration: it ranges over a channel, receives a value from one,
// or reads a line (a REPL's scanner, a readline prompt). What the
// function computes before such a loop is computed once and sent with
// every turn of it, so it changes once per conversation, not per request:
// a tool list discovered at start-up in map order is reshuffled only when
// the REPL starts again. A tool loop (for i := 0; i < max; i++), which
// takes no new input, is not one: the function around it runs for each
// request.

// fixedPerConversation lowers to a session lifetime the per-request
// values and order hazards of req that a function computes before a
// conversation loop of its own that leads to the send: a loop holding
// one of the anchors (the send call, the calls that bind a sending helper
// to its callers, the literal the request is read from).
func (a *analysis) fixedPerConversation(req *rules.Request, anchors []ast.Node, toolLoops []loopIn) {
	loops := toolLoops
	for _, n := range anchors {
		if fd := a.funcAt(n.Pos()); fd != nil {
			if l := a.conversationLoop(fd, n); l != nil {
				loops = append(loops, loopIn{l, fd})
			}
		}
	}
	if len(loops) == 0 {
		return
	}
	for i := range req.Blocks {
		parts := req.Blocks[i].Parts
		for j := range parts {
			s := parts[j].Slot
			if s == nil || !perRequest(s) {
				continue
			}
			r, ok := a.Nodes[parts[j].Span]
			if !ok {
				continue
			}
			for _, l := range loops {
				if flow.Within(l.fd.Body, r.Pos) && r.Pos < l.loop.Pos() {
					once := *s
					once.Lifetime = rules.LifeSession
					parts[j].Slot = &once
					break
				}
			}
		}
	}
}

// anchors are the calls and literals that lead to a request's send: the
// send call, the call sites that bind the evaluators of e and of the
// builder to their callers, and the literals the parameters were read from.
func (b *builder) anchors(send *ast.CallExpr, e *flow.Evaluator) []ast.Node {
	out := []ast.Node{send}
	for _, ev := range []*flow.Evaluator{e, b.e} {
		for ; ev != nil; ev = ev.Caller {
			if ev.CallSite != nil {
				out = append(out, ev.CallSite)
			}
		}
	}
	return append(out, b.r.assembled...)
}

// funcAt is the function declaration of the package that holds pos.
func (a *analysis) funcAt(pos token.Pos) *ast.FuncDecl {
	f := a.fileOf(pos)
	if f == nil {
		return nil
	}
	for _, d := range f.Decls {
		if fd, ok := d.(*ast.FuncDecl); ok && flow.Within(fd, pos) {
			return fd
		}
	}
	return nil
}

// loopIn is a loop and the function declaration that holds it.
type loopIn struct {
	loop ast.Node
	fd   *ast.FuncDecl
}

// perRequest reports whether a slot changes on every request: a value of
// request lifetime, or an order drawn anew each time.
func perRequest(s *rules.Slot) bool {
	if s.Order {
		return s.Lifetime != rules.LifeSession && s.Lifetime != rules.LifeDay && s.Lifetime != rules.LifeProcess
	}
	return s.Lifetime == rules.LifeRequest
}

// conversationLoop is the innermost loop of fd around at that reads a
// new input on each iteration, nil if there is none.
func (a *analysis) conversationLoop(fd *ast.FuncDecl, at ast.Node) ast.Node {
	var found ast.Node
	ast.Inspect(fd.Body, func(n ast.Node) bool {
		if n == nil || !flow.Within(n, at.Pos()) {
			return false
		}
		switch l := n.(type) {
		case *ast.ForStmt, *ast.RangeStmt:
			if a.readsInput(l) {
				found = l
			}
		}
		return true
	})
	return found
}

// readsInput reports whether a loop takes a new input per iteration,
// looking at its header and body but not into function literals, which
// may run elsewhere.
func (a *analysis) readsInput(loop ast.Node) bool {
	info := a.pass.TypesInfo
	if r, ok := loop.(*ast.RangeStmt); ok {
		if t := info.TypeOf(r.X); t != nil {
			if _, ch := t.Underlying().(*types.Chan); ch {
				return true
			}
		}
	}
	reads := false
	ast.Inspect(loop, func(n ast.Node) bool {
		switch x := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.UnaryExpr:
			reads = reads || x.Op == token.ARROW && inputChan(info.TypeOf(x.X))
		case *ast.CallExpr:
			reads = reads || readsLine(info, x)
		}
		return !reads
	})
	return reads
}

// inputChan reports whether receiving from a channel of type t takes an
// input: a value, not a signal (ctx.Done(), a timer, an error).
func inputChan(t types.Type) bool {
	if t == nil {
		return false
	}
	ch, ok := t.Underlying().(*types.Chan)
	if !ok {
		return false
	}
	elem := ch.Elem()
	if s, ok := elem.Underlying().(*types.Struct); ok && s.NumFields() == 0 {
		return false
	}
	if n, ok := types.Unalias(elem).(*types.Named); ok {
		if obj := n.Obj(); obj.Pkg() != nil && obj.Pkg().Path() == "time" || obj.Pkg() == nil && obj.Name() == "error" {
			return false
		}
	}
	if b, ok := elem.Underlying().(*types.Basic); ok && b.Kind() == types.Bool {
		return false
	}
	return true
}

// lineReaders are the methods that read a line of input: bufio's Scanner
// and Reader, readline and liner prompts.
var lineReaders = map[string]bool{"Scan": true, "ReadString": true, "ReadLine": true, "ReadBytes": true, "ReadSlice": true, "Readline": true, "Prompt": true}

// readsLine reports whether a call is a method that reads a line of
// input and returns it (or, for Scan, makes it available) along with an
// error or a bool.
func readsLine(info *types.Info, c *ast.CallExpr) bool {
	sel, ok := ast.Unparen(c.Fun).(*ast.SelectorExpr)
	if !ok || !lineReaders[sel.Sel.Name] {
		return false
	}
	fn, _ := info.Uses[sel.Sel].(*types.Func)
	if fn == nil {
		return false
	}
	sig := fn.Signature()
	if sig.Recv() == nil {
		return false
	}
	res := sig.Results()
	switch sel.Sel.Name {
	case "Scan":
		// bufio.Scanner.Scan() bool, not fmt's Scan(a ...any).
		return sig.Params().Len() == 0 && res.Len() == 1 && types.Identical(res.At(0).Type(), types.Typ[types.Bool])
	case "Prompt":
		// liner's Prompt(p string) (string, error).
		return res.Len() == 2 && types.Identical(res.At(0).Type(), types.Typ[types.String])
	}
	return res.Len() >= 1
}
