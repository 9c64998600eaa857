package cachevet

import (
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"

	"github.com/cachevet/cachevet/analyzers/internal/flow"
	goanalysis "golang.org/x/tools/go/analysis"
)

// MessageFact marks an exported function that builds one message of an
// agent's own type from its parameters (provider.SystemMessage(text)
// returning Message{Role: "system", Content: text}): a caller in another
// package sees a system message with its own argument as the content,
// not an opaque earlier turn of the conversation.
type MessageFact struct {
	Role    string
	Content int // the parameter the content is
}

func (*MessageFact) AFact() {}

func (f *MessageFact) String() string { return "message(" + f.Role + ")" }

// exportMessageFacts exports a MessageFact for each exported function of
// the package that returns one message literal with a constant role and a
// string parameter as its content.
func (a *analysis) exportMessageFacts() {
	for _, fn := range a.DeclOrder {
		if !fn.Exported() {
			continue
		}
		if f, ok := a.messageOf(fn); ok {
			a.pass.ExportObjectFact(fn, &f)
		}
	}
}

// messageOf is what messageFact says of one of this package's functions.
func (a *analysis) messageOf(fn *types.Func) (MessageFact, bool) {
	fd := a.Decls[fn]
	res := fn.Signature().Results()
	if fd == nil || fd.Body == nil || res.Len() != 1 {
		return MessageFact{}, false
	}
	st := flow.StructOf(res.At(0).Type())
	if st == nil || !hasFields(st, []string{"role"}, contentNames) {
		return MessageFact{}, false
	}
	x := flow.MainReturn(a.Returns[fd], 0, 1)
	if u, ok := x.(*ast.UnaryExpr); ok && u.Op == token.AND {
		x = ast.Unparen(u.X)
	}
	lit, ok := x.(*ast.CompositeLit)
	if !ok {
		return MessageFact{}, false
	}
	var role string
	content := -1
	for i, kv := range flow.KeyedFields(st, lit) {
		switch looseName(jsonName(st.Field(i).Name(), st.Tag(i))) {
		case "role":
			if tv, ok := a.pass.TypesInfo.Types[kv.Value]; ok && tv.Value != nil && tv.Value.Kind() == constant.String {
				role = constant.StringVal(tv.Value)
			}
		case "content", "text":
			if id, ok := ast.Unparen(kv.Value).(*ast.Ident); ok && flow.IsStringy(a.pass.TypesInfo.TypeOf(id)) {
				if v, ok := a.pass.TypesInfo.Uses[id].(*types.Var); ok {
					content = max(content, flow.ParamIndex(a.pass.TypesInfo, fd.Type, v))
				}
			}
		}
	}
	if role == "" || content < 0 {
		return MessageFact{}, false
	}
	return MessageFact{Role: role, Content: content}, true
}

// messageCall is the role and content of a call of another package's
// message constructor (a MessageFact).
func (b *builder) messageCall(x ast.Expr) (string, ast.Expr, bool) {
	c, ok := ast.Unparen(x).(*ast.CallExpr)
	if !ok {
		return "", nil, false
	}
	fn := flow.Callee(b.a.pass.TypesInfo, c)
	if fn == nil || fn.Pkg() == b.a.pass.Pkg {
		return "", nil, false
	}
	var f MessageFact
	if !b.a.ImportFact(fn.Origin(), &f) || f.Content >= len(c.Args) {
		return "", nil, false
	}
	return f.Role, c.Args[f.Content], true
}

// hasMessageFuncs reports whether an exported function returns a struct
// with a role and a content: the only functions a MessageFact can mark.
func hasMessageFuncs(pass *goanalysis.Pass) bool {
	for _, f := range pass.Files {
		for _, d := range f.Decls {
			fd, ok := d.(*ast.FuncDecl)
			if !ok || !fd.Name.IsExported() || fd.Type.Results == nil || len(fd.Type.Results.List) != 1 {
				continue
			}
			if st := flow.StructOf(pass.TypesInfo.TypeOf(fd.Type.Results.List[0].Type)); st != nil && hasFields(st, []string{"role"}, contentNames) {
				return true
			}
		}
	}
	return false
}
