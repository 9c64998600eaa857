package flow

import (
	"go/ast"
	"go/token"
	"go/types"

	"github.com/cachevet/cachevet/rules"
)

// PromptFact is the layout of a function's string result, exported so a
// caller in another package sees what the prompt it gets is made of. A
// part with Param >= 0 stands for that parameter: the caller substitutes
// its argument.
type PromptFact struct {
	Parts []FactPart
}

// FactPart is one piece of a PromptFact.
type FactPart struct {
	Text  string
	Slot  *rules.Slot
	Param int
}

func (*PromptFact) AFact() {}

func (f *PromptFact) String() string {
	s := "prompt("
	for i, p := range f.Parts {
		if i > 0 {
			s += " + "
		}
		switch {
		case p.Param >= 0:
			s += "$" + string(rune('0'+p.Param%10))
		case p.Slot != nil:
			s += p.Slot.Kind + ":" + p.Slot.Lifetime.String()
		default:
			s += "text"
		}
	}
	return s + ")"
}

// resultLayout computes a function's result layout with its parameters as
// param pieces; nil when it has no single string-valued return shape.
func (a *Engine) resultLayout(fn *types.Func) Layout {
	if l, ok := a.results[fn]; ok {
		return l
	}
	a.results[fn] = nil // recursion guard
	decl := a.Decls[fn]
	if decl == nil || decl.Body == nil || !ReturnsString(fn) {
		return nil
	}
	fi := a.FuncInfoFor(decl)
	params := map[*types.Var]int{}
	i := 0
	for _, fld := range decl.Type.Params.List {
		for _, n := range fld.Names {
			if v, ok := a.pass.TypesInfo.Defs[n].(*types.Var); ok {
				params[v] = i
			}
			i++
		}
		if len(fld.Names) == 0 {
			i++
		}
	}
	// Of several returns, the richest stands for the result: an early
	// return "" or a fallback must not hide what the main path builds.
	var ls []Layout
	n := fn.Signature().Results().Len()
	for _, r := range a.Returns[decl] {
		if len(r.Results) == n {
			e := &Evaluator{A: a, Fn: fi, params: params, Visiting: map[types.Object]bool{}}
			ls = append(ls, e.Eval(r.Results[0]))
		}
	}
	l := richest(ls)
	a.results[fn] = l
	return l
}

// ReturnsString reports whether a function returns a string, alone or
// with an error (BuildPrompt() (string, error)): its first result is the
// prompt a caller gets.
func ReturnsString(fn *types.Func) bool {
	res := fn.Signature().Results()
	switch {
	case res.Len() == 2 && types.Identical(res.At(1).Type(), types.Universe.Lookup("error").Type()):
	case res.Len() != 1:
		return false
	}
	b, ok := res.At(0).Type().Underlying().(*types.Basic)
	return ok && b.Info()&types.IsString != 0
}

// worthAFact reports whether a layout says more than "unknown string".
func worthAFact(l Layout) bool {
	for _, p := range l {
		if p.Param >= 0 || p.Slot == nil || p.Slot.Lifetime != rules.LifeUnknown {
			return true
		}
	}
	return false
}

// toFact turns a layout into a fact. A slot without an origin gets its
// piece's position as one: in the importing package the call stands for
// the piece, and the finding must still say where the value is made.
func (a *Engine) toFact(l Layout) *PromptFact {
	f := &PromptFact{}
	for _, p := range l {
		slot := p.Slot
		if slot != nil && slot.Origin.IsZero() && p.Pos.IsValid() {
			s := *slot
			s.Origin = a.Span(p.Pos, p.End)
			slot = &s
		}
		f.Parts = append(f.Parts, FactPart{Text: p.Text, Slot: slot, Param: p.Param})
	}
	return f
}

// viaFact substitutes the arguments of a call into the callee's result
// layout: from this package's functions directly, from others by fact.
func (e *Evaluator) viaFact(c *ast.CallExpr, fn *types.Func) (Layout, bool) {
	var l Layout
	local := fn.Pkg() == e.A.pass.Pkg
	if local {
		l = e.A.resultLayout(fn.Origin())
	} else {
		var f PromptFact
		if !e.A.ImportFact(fn, &f) {
			return nil, false
		}
		for _, p := range f.Parts {
			// Positions in another package cannot be reported here: the
			// call stands for them.
			l = append(l, Piece{Text: p.Text, Slot: p.Slot, Param: p.Param, Pos: c.Pos(), End: c.End()})
		}
	}
	if l == nil {
		return nil, false
	}
	var out Layout
	for _, p := range l {
		if p.Param < 0 {
			if !local {
				p.Pos, p.End = c.Pos(), c.End()
			}
			out = append(out, p)
			continue
		}
		if p.Param < len(c.Args) && !fn.Signature().Variadic() || p.Param < fn.Signature().Params().Len()-1 {
			out = append(out, e.Eval(c.Args[p.Param])...)
			continue
		}
		q := p
		q.Param, q.Pos, q.End = -1, c.Pos(), c.End()
		out = append(out, q)
	}
	return out, true
}

// ExportFacts exports the result layout of every string function of the
// package that has one worth knowing.
func (a *Engine) ExportFacts() {
	for _, fn := range a.DeclOrder {
		if !fn.Exported() && !isExportedMethod(fn) {
			continue // only functions other packages can call
		}
		if l := a.resultLayout(fn); l != nil && worthAFact(l) {
			a.pass.ExportObjectFact(fn, a.toFact(l))
		}
	}
}

func isExportedMethod(fn *types.Func) bool {
	return fn.Signature().Recv() != nil && token.IsExported(fn.Name())
}
