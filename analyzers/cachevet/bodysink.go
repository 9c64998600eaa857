package cachevet

import (
	"go/ast"
	"go/token"
	"go/types"
	"slices"

	"github.com/cachevet/cachevet/analyzers/internal/flow"
	"github.com/cachevet/cachevet/requests"
)

// BodySinkFact marks an exported function of a hand-rolled client that
// marshals one of its parameters as a provider's request body and sends
// it: client.Chat(ctx, ChatRequest{...}). The request is built by the
// caller, so the caller's package checks it, as if it sent it itself.
type BodySinkFact struct {
	Param int
	// Format is the body's API as its type's shape tells
	// (requests.BodyAnthropic, BodyChat, BodyResponses).
	Format string
}

func (*BodySinkFact) AFact() {}

func (f *BodySinkFact) String() string { return "body(" + string(rune('0'+f.Param%10)) + ")" }

// maxBodyHops bounds how many functions a body parameter is followed
// through on its way to the marshal call.
const maxBodyHops = 3

// noteBodySink records, for a marshalled value that is no literal, the
// exported function whose parameter it is, when the parameter's type has
// the shape of a request body.
func (b *builder) noteBodySink(fd *ast.FuncDecl, x ast.Expr) {
	fn, param := b.a.bodyParam(fd, x, x.Pos(), maxBodyHops)
	if fn == nil {
		return
	}
	t := fn.Signature().Params().At(param).Type()
	format := requests.DetectShape(typeShape(t, 0), "")
	if format == "" {
		return
	}
	if b.a.bodySinks == nil {
		b.a.bodySinks = map[*types.Func]*BodySinkFact{}
	}
	b.a.bodySinks[fn] = &BodySinkFact{Param: param, Format: format}
}

// bodyParam follows x in fd (a local copy, &v, v itself) to a parameter
// of an exported function, through unexported functions' call sites.
func (a *analysis) bodyParam(fd *ast.FuncDecl, x ast.Expr, at token.Pos, hops int) (*types.Func, int) {
	if hops == 0 || fd == nil {
		return nil, 0
	}
	x = ast.Unparen(x)
	if u, ok := x.(*ast.UnaryExpr); ok && (u.Op == token.AND) {
		x = ast.Unparen(u.X)
	}
	if s, ok := x.(*ast.StarExpr); ok {
		x = ast.Unparen(s.X)
	}
	id, ok := x.(*ast.Ident)
	if !ok {
		return nil, 0
	}
	v, _ := a.pass.TypesInfo.Uses[id].(*types.Var)
	if v == nil {
		return nil, 0
	}
	fi := a.FuncInfoFor(fd)
	if !fi.IsParam(v) {
		if d := fi.LastDef(v, at); d != nil && d.Result == 0 {
			return a.bodyParam(fd, d.Rhs, d.Pos, hops-1)
		}
		return nil, 0
	}
	fn, _ := a.pass.TypesInfo.Defs[fd.Name].(*types.Func)
	if fn == nil {
		return nil, 0
	}
	idx := slices.IndexFunc(flow.ParamVars(a.pass.TypesInfo, fd), func(p *types.Var) bool { return p == v })
	if idx < 0 || fn.Signature().Variadic() && idx == fn.Signature().Params().Len()-1 {
		return nil, 0
	}
	if token.IsExported(fn.Name()) {
		return fn, idx
	}
	for _, site := range a.CallSites[fn] {
		if idx < len(site.Call.Args) {
			if f, i := a.bodyParam(site.Fd, site.Call.Args[idx], site.Call.Pos(), hops-1); f != nil {
				return f, i
			}
		}
	}
	return nil, 0
}

// maxTypeShapeDepth bounds how deeply typeShape follows nested structs:
// telling a request body needs its own members and theirs, and SDK types
// nest dozens of struct fields deep (each level multiplies the work).
const maxTypeShapeDepth = 2

// typeShape is the JSON shape values of a type have: a struct's members by
// their JSON names, a slice as an array of unknown elements.
func typeShape(t types.Type, depth int) *requests.Shape {
	if depth >= maxTypeShapeDepth {
		return &requests.Shape{}
	}
	switch u := t.Underlying().(type) {
	case *types.Pointer:
		return typeShape(u.Elem(), depth)
	case *types.Basic:
		if u.Info()&types.IsString != 0 {
			return &requests.Shape{Kind: requests.ShapeString}
		}
	case *types.Slice:
		// A struct element type with no role tells that the list is no
		// message list (a batch of {to, body} text messages). Other element
		// types stay unknown: a field a type declares (cache_control,
		// omitempty) may never be set, so it is no signal of a format.
		s := &requests.Shape{Kind: requests.ShapeArray}
		if st := flow.StructOf(u.Elem()); st != nil && !hasJSONField(st, "role") {
			s.Elems = []*requests.Shape{typeShape(u.Elem(), depth+1)}
		}
		return s
	case *types.Struct:
		s := &requests.Shape{Kind: requests.ShapeObject}
		for i := range u.NumFields() {
			f := u.Field(i)
			if !f.Exported() {
				continue
			}
			if name := jsonName(f.Name(), u.Tag(i)); name != "" {
				s.Fields = append(s.Fields, requests.ShapeField{Key: name, Value: typeShape(f.Type(), depth+1)})
			}
		}
		return s
	}
	return &requests.Shape{}
}

// exportBodySinks exports the BodySinkFacts noted while mapping requests.
func (a *analysis) exportBodySinks() {
	if len(a.bodySinks) == 0 {
		return
	}
	for _, fn := range a.DeclOrder {
		if f := a.bodySinks[fn]; f != nil {
			a.pass.ExportObjectFact(fn, f)
		}
	}
	a.pass.ExportPackageFact(&SinkPackageFact{})
}

// bodySinkSend maps the call of another package's body sink: its argument
// is the request, in the format the callee sends it.
func bodySinkSend(f *BodySinkFact) mapper {
	return func(b *builder, c *ast.CallExpr) bool { return b.jsonBodyAt(c, f.Param, f.Format) }
}

// hasJSONField reports whether a struct has a field of that JSON name.
func hasJSONField(st *types.Struct, name string) bool {
	for i := range st.NumFields() {
		if f := st.Field(i); f.Exported() && jsonName(f.Name(), st.Tag(i)) == name {
			return true
		}
	}
	return false
}
