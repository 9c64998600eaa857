package flow

import (
	"go/ast"
	"go/build"
	"go/token"
	"go/types"
	"iter"
	"os"
	"path/filepath"
	"strings"

	goanalysis "golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ast/inspector"

	"github.com/cachevet/cachevet/rules"
)

// Engine is the state of one run of the value-flow engine over one package.
type Engine struct {
	pass      *goanalysis.Pass
	Names     rules.NameOverrides
	funcs     map[*ast.FuncDecl]*FuncInfo
	results   map[*types.Func]Layout
	Decls     map[*types.Func]*ast.FuncDecl
	DeclOrder []*types.Func
	// cursors locate each function declaration in the shared inspector.
	cursors map[*ast.FuncDecl]inspector.Cursor
	// Returns are each function's return statements (not its closures').
	Returns map[*ast.FuncDecl][]*ast.ReturnStmt
	pkgVars map[*types.Var]*pkgVarInfo
	// pkgAssigns are the assignments to package variables in functions.
	pkgAssigns map[*types.Var][]pkgAssign
	// orderFuncs says which functions hand out map order (OrderFact).
	orderFuncs map[*ast.FuncDecl]bool
	// FieldWrites are the values stored in the fields of this package's
	// struct types: by composite literals and by assignments.
	FieldWrites map[*types.Var][]fieldWrite
	// ifaceOrders memoizes ifaceOrder.
	ifaceOrders map[*types.Func]OrderFact
	// srcs are the files' contents read so far (see Src).
	srcs map[*token.File][]byte
	// classified memoizes classify.
	classified map[string]classifiedName
	// impls memoizes implsOf.
	impls map[*types.Func][]*types.Func
	// orderRets memoizes returnsOrdered: where a function that returns
	// map order draws it, nil for one that does not.
	orderRets map[*ast.FuncDecl]*OrderFact
	// throughRets memoizes passesOrder.
	throughRets map[*ast.FuncDecl]int
	// sortedFields are the fields of this package's types some code
	// sorts in place: their order is deterministic however they are filled.
	sortedFields map[*types.Var]bool
	// CallSites are the calls of this package's functions, by callee.
	CallSites map[*types.Func][]callSite
	// FieldCalls are the calls of function values kept in fields of this
	// package's types, by field.
	FieldCalls map[*types.Var][]callSite
	// Nodes are the source ranges spans were made from, so a finding is
	// reported at the range its span stands for without recomputing it.
	Nodes map[rules.Span]posRange
	// foreign are token files standing for files outside the package that
	// origins name (see foreignPos).
	foreign map[rules.Span]*token.File
	// Hooks are what the engine asks of the sink side.
	Hooks Hooks
}

// Hooks are what the engine asks of the sink side, installed by it: the
// engine never imports the code that knows SDKs and request shapes.
type Hooks struct {
	// LibraryType reports whether a type is one of a modeled library's
	// (cachevet's libraries.go): a value of one is never followed into.
	LibraryType func(t types.Type) bool
	// DrawnFromConversation is the layout of a call's result i when that
	// result is text drawn from a message list or a request holding one,
	// false for other calls.
	DrawnFromConversation func(c *ast.CallExpr, i int) (Layout, bool)
}

// NewEngine is the engine for one pass, under the project's name
// overrides; the caller installs its Hooks before evaluating.
func NewEngine(pass *goanalysis.Pass, names rules.NameOverrides) *Engine {
	return &Engine{
		pass: pass, Names: names,
		funcs: map[*ast.FuncDecl]*FuncInfo{}, results: map[*types.Func]Layout{}, Decls: map[*types.Func]*ast.FuncDecl{},
		cursors: map[*ast.FuncDecl]inspector.Cursor{}, Returns: map[*ast.FuncDecl][]*ast.ReturnStmt{},
		pkgVars: map[*types.Var]*pkgVarInfo{}, pkgAssigns: map[*types.Var][]pkgAssign{}, Nodes: map[rules.Span]posRange{},
		FieldWrites: map[*types.Var][]fieldWrite{}, orderFuncs: map[*ast.FuncDecl]bool{}, CallSites: map[*types.Func][]callSite{}, FieldCalls: map[*types.Var][]callSite{},
		sortedFields: map[*types.Var]bool{}, orderRets: map[*ast.FuncDecl]*OrderFact{}, throughRets: map[*ast.FuncDecl]int{}, impls: map[*types.Func][]*types.Func{},
	}
}

// libraryType asks the sink side whether a type is a modeled library's.
func (a *Engine) libraryType(t types.Type) bool {
	return a.Hooks.LibraryType != nil && a.Hooks.LibraryType(t)
}

// drawnFromConversation asks the sink side whether a call's result i is
// text drawn from the conversation (see Hooks).
func (a *Engine) drawnFromConversation(c *ast.CallExpr, i int) (Layout, bool) {
	if a.Hooks.DrawnFromConversation == nil {
		return nil, false
	}
	return a.Hooks.DrawnFromConversation(c, i)
}

// classifiedName is what rules.ClassifyName says of a name.
type classifiedName struct {
	kind string
	life rules.Lifetime
}

// classify is rules.ClassifyName under the package's overrides, once per
// name: the evaluator asks it of every identifier and selector it meets.
func (a *Engine) classify(name string) (string, rules.Lifetime) {
	if c, ok := a.classified[name]; ok {
		return c.kind, c.life
	}
	kind, life := rules.ClassifyName(name, a.Names)
	if a.classified == nil {
		a.classified = map[string]classifiedName{}
	}
	a.classified[name] = classifiedName{kind, life}
	return kind, life
}

// posRange is a source range of the pass's FileSet.
type posRange struct{ Pos, End token.Pos }

// fieldWrite is a value stored in a struct field; fd is nil at package
// level.
type fieldWrite struct {
	Rhs    ast.Expr
	fd     *ast.FuncDecl
	append bool
	pos    token.Pos
}

// callSite is a call inside a function declaration.
type callSite struct {
	Call *ast.CallExpr
	Fd   *ast.FuncDecl
}

type pkgVarInfo struct {
	expr     ast.Expr
	embed    string
	assigned bool
}

// goroot is the standard library's source directory.
var goroot = filepath.Join(build.Default.GOROOT, "src") + string(filepath.Separator)

// InGOROOTAt reports whether a position is in the standard library's
// source.
func InGOROOTAt(fset *token.FileSet, pos token.Pos) bool {
	tf := fset.File(pos)
	return tf != nil && build.Default.GOROOT != "" && strings.HasPrefix(tf.Name(), goroot)
}

// Index walks the package once with the shared inspector: function
// declarations, package variables and the assignments to them, field
// writes, return statements and calls. sink sees each composite literal
// and each call after the engine has noted it, with the file it is in and
// a call's static callee (nil for a call of a function value).
func (a *Engine) Index(insp *inspector.Inspector, sink func(cur inspector.Cursor, file *ast.File, n ast.Node, fn *types.Func)) {
	type assign struct {
		fd *ast.FuncDecl
		as *ast.AssignStmt
	}
	var assigns []assign
	var file *ast.File
	filter := []ast.Node{(*ast.File)(nil), (*ast.FuncDecl)(nil), (*ast.GenDecl)(nil), (*ast.AssignStmt)(nil), (*ast.ReturnStmt)(nil), (*ast.CallExpr)(nil), (*ast.CompositeLit)(nil)}
	for cur := range insp.Root().Preorder(filter...) {
		switch n := cur.Node().(type) {
		case *ast.File:
			file = n
		case *ast.FuncDecl:
			if fn, ok := a.pass.TypesInfo.Defs[n.Name].(*types.Func); ok {
				a.Decls[fn] = n
				a.DeclOrder = append(a.DeclOrder, fn)
			}
			a.cursors[n] = cur
		case *ast.GenDecl:
			if n.Tok == token.VAR && cur.Parent().Node() == file {
				a.indexPkgVars(file, n)
			}
		case *ast.AssignStmt:
			fd := EnclosingDecl(cur)
			if fd != nil {
				assigns = append(assigns, assign{fd, n})
			}
			a.noteFieldAssign(fd, n)
		case *ast.CompositeLit:
			a.noteFieldLit(EnclosingDecl(cur), n)
			sink(cur, file, n, nil)
		case *ast.ReturnStmt:
			for fc := range cur.Enclosing((*ast.FuncDecl)(nil), (*ast.FuncLit)(nil)) {
				if fd, ok := fc.Node().(*ast.FuncDecl); ok {
					a.Returns[fd] = append(a.Returns[fd], n)
				}
				break // a closure's return is not its function's
			}
		case *ast.CallExpr:
			fn := Callee(a.pass.TypesInfo, n)
			if fn == nil {
				if field := a.localField(n.Fun); field != nil {
					if fd := EnclosingDecl(cur); fd != nil {
						a.FieldCalls[field] = append(a.FieldCalls[field], callSite{n, fd})
					}
				}
			} else {
				a.noteContainerSet(EnclosingDecl(cur), n, fn)
				if fn.Pkg() == a.pass.Pkg {
					if fd := EnclosingDecl(cur); fd != nil {
						a.CallSites[fn] = append(a.CallSites[fn], callSite{n, fd})
					}
				} else if sorts[FuncKey(fn)] && len(n.Args) > 0 {
					if field := a.localField(n.Args[0]); field != nil && a.sortTie(n) == "" {
						a.sortedFields[field] = true
					}
				}
			}
			sink(cur, file, n, fn)
		}
	}
	// Any assignment in a function makes a package variable's value a
	// run-time one.
	for _, as := range assigns {
		a.notePkgAssign(as.fd, as.as)
	}
}

// localField is the field of this package's struct types a selector
// names, nil for anything else.
func (a *Engine) localField(x ast.Expr) *types.Var {
	if v := a.fieldOf(x); v != nil && v.Pkg() == a.pass.Pkg {
		return v
	}
	return nil
}

// fieldOf is the struct field a selector names, nil for anything else.
func (a *Engine) fieldOf(x ast.Expr) *types.Var {
	sel, ok := ast.Unparen(x).(*ast.SelectorExpr)
	if !ok {
		return nil
	}
	s, ok := a.pass.TypesInfo.Selections[sel]
	if !ok || s.Kind() != types.FieldVal {
		return nil
	}
	v, _ := s.Obj().(*types.Var)
	return v
}

// noteFieldAssign records x.f = v for fields of this package's types.
func (a *Engine) noteFieldAssign(fd *ast.FuncDecl, n *ast.AssignStmt) {
	for i, lhs := range n.Lhs {
		field := a.localField(lhs)
		if field == nil {
			continue
		}
		w := fieldWrite{fd: fd, append: n.Tok != token.ASSIGN && n.Tok != token.DEFINE, pos: n.Pos()}
		if len(n.Lhs) == len(n.Rhs) {
			w.Rhs = n.Rhs[i]
			if c, ok := ast.Unparen(w.Rhs).(*ast.CallExpr); ok && len(c.Args) > 0 {
				if b, ok := a.pass.TypesInfo.ObjectOf(IdentOf(c.Fun)).(*types.Builtin); ok && b.Name() == "append" && a.localField(c.Args[0]) == field {
					w.append = true
				}
			}
		} else {
			w.append = true // one of several results: not followed
		}
		a.FieldWrites[field] = append(a.FieldWrites[field], w)
	}
}

// noteFieldLit records the keyed fields of a literal of this package's
// struct types.
func (a *Engine) noteFieldLit(fd *ast.FuncDecl, lit *ast.CompositeLit) {
	t := a.pass.TypesInfo.TypeOf(lit)
	if t == nil {
		return
	}
	if p, ok := t.Underlying().(*types.Pointer); ok {
		t = p.Elem()
	}
	n, ok := types.Unalias(t).(*types.Named)
	if !ok || n.Obj().Pkg() != a.pass.Pkg {
		return
	}
	st, ok := n.Underlying().(*types.Struct)
	if !ok {
		return
	}
	for i, kv := range KeyedFields(st, lit) {
		f := st.Field(i)
		a.FieldWrites[f] = append(a.FieldWrites[f], fieldWrite{Rhs: kv.Value, fd: fd, pos: kv.Pos()})
	}
}

// KeyedFields yields, for each keyed element of a struct literal, the
// index in st of the field it sets and the element.
func KeyedFields(st *types.Struct, lit *ast.CompositeLit) iter.Seq2[int, *ast.KeyValueExpr] {
	return func(yield func(int, *ast.KeyValueExpr) bool) {
		for _, el := range lit.Elts {
			kv, ok := el.(*ast.KeyValueExpr)
			if !ok {
				continue
			}
			id, ok := kv.Key.(*ast.Ident)
			if !ok {
				continue
			}
			for i := range st.NumFields() {
				if st.Field(i).Name() == id.Name {
					if !yield(i, kv) {
						return
					}
					break
				}
			}
		}
	}
}

// EnclosingDecl is the function declaration a node is in, nil at package
// level.
func EnclosingDecl(cur inspector.Cursor) *ast.FuncDecl {
	for fc := range cur.Enclosing((*ast.FuncDecl)(nil)) {
		return fc.Node().(*ast.FuncDecl)
	}
	return nil
}

// pkgVarInit finds a package variable's initializer (or embedded file
// content) and whether a function assigns it.
func (a *Engine) pkgVarInit(v *types.Var) (pkgVarInfo, bool) {
	info := a.pkgVars[v]
	if info == nil {
		return pkgVarInfo{}, true
	}
	return *info, info.assigned
}

// indexPkgVars records the variables of a package-level var declaration.
func (a *Engine) indexPkgVars(f *ast.File, gd *ast.GenDecl) {
	for _, spec := range gd.Specs {
		vs := spec.(*ast.ValueSpec)
		embed := a.embedContent(f, gd, vs)
		for i, n := range vs.Names {
			v, ok := a.pass.TypesInfo.Defs[n].(*types.Var)
			if !ok {
				continue
			}
			info := &pkgVarInfo{embed: embed}
			if len(vs.Values) == len(vs.Names) {
				info.expr = vs.Values[i]
			}
			a.pkgVars[v] = info
		}
	}
}

func (a *Engine) notePkgAssign(fd *ast.FuncDecl, as *ast.AssignStmt) {
	for i, l := range as.Lhs {
		id, ok := ast.Unparen(l).(*ast.Ident)
		if !ok {
			continue
		}
		v, ok := a.pass.TypesInfo.Uses[id].(*types.Var)
		if !ok || a.pkgVars[v] == nil {
			continue
		}
		a.pkgVars[v].assigned = true
		rhs := ast.Expr(id) // unknown value: x, err = f() beyond the first
		switch {
		case len(as.Rhs) == len(as.Lhs):
			rhs = as.Rhs[i]
		case i == 0 && len(as.Rhs) == 1:
			rhs = as.Rhs[0]
		}
		if as.Tok == token.ADD_ASSIGN || rhs == ast.Expr(id) {
			rhs = &ast.BadExpr{From: id.Pos(), To: id.End()} // appended or unknown: evaluated as unknown
		}
		a.pkgAssigns[v] = append(a.pkgAssigns[v], pkgAssign{rhs: rhs, fd: fd, pos: as.Pos()})
	}
}

// embedContent reads the file a //go:embed directive names for a string or
// []byte variable. Drivers do not hand embedded files to analyzers, so it
// reads from the package directory (see cachevet's package doc on go vet
// caching).
func (a *Engine) embedContent(f *ast.File, gd *ast.GenDecl, vs *ast.ValueSpec) string {
	docs := []*ast.CommentGroup{vs.Doc}
	if len(gd.Specs) == 1 {
		docs = append(docs, gd.Doc)
	}
	for _, g := range docs {
		if g == nil {
			continue
		}
		for _, c := range g.List {
			pattern, ok := strings.CutPrefix(c.Text, "//go:embed ")
			if !ok {
				continue
			}
			fields := strings.Fields(pattern)
			if len(fields) != 1 || strings.ContainsAny(fields[0], "*?[") {
				return "" // several files or a glob: not one string
			}
			dir := filepath.Dir(a.pass.Fset.File(f.Pos()).Name())
			data, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(strings.Trim(fields[0], `"`))))
			if err != nil {
				return ""
			}
			return string(data)
		}
	}
	return ""
}

// ShortText is an expression's source text, shortened for messages.
func (a *Engine) ShortText(x ast.Expr) string {
	s := types.ExprString(x)
	if len(s) > 40 {
		s = s[:37] + "..."
	}
	return s
}

// Span resolves a source range and remembers the range it stands for.
func (a *Engine) Span(pos, end token.Pos) rules.Span {
	if !pos.IsValid() {
		return rules.Span{}
	}
	p := a.pass.Fset.Position(pos)
	s := rules.Span{File: p.Filename, Line: p.Line, Col: p.Column}
	if end.IsValid() {
		e := a.pass.Fset.Position(end)
		s.EndLine, s.EndCol = e.Line, e.Column
	}
	if _, seen := a.Nodes[s]; !seen {
		a.Nodes[s] = posRange{pos, end}
	}
	return s
}

// Pos is the source range a span was made from; a span of another
// package (an origin read from a fact) gets a position in a token file
// standing for its file.
func (a *Engine) Pos(s rules.Span) (token.Pos, token.Pos) {
	if r, ok := a.Nodes[s]; ok {
		return r.Pos, r.End
	}
	return a.foreignPos(s)
}

// foreignPos gives a span in a file the pass did not parse (an origin in
// another package) a position: the FileSet gains a small token file of
// that name whose lines are laid out so that Position prints the span's
// file, line and column, as go vet -json needs.
func (a *Engine) foreignPos(s rules.Span) (token.Pos, token.Pos) {
	const maxLines = 1 << 20
	if s.File == "" || s.Line < 1 || s.Line >= maxLines || s.Col < 1 {
		return token.NoPos, token.NoPos
	}
	last, width := s.Line, s.Col+1
	if s.EndLine >= s.Line && s.EndLine < maxLines && s.EndCol >= 1 {
		last, width = s.EndLine, max(width, s.EndCol+1)
	}
	if a.foreign == nil {
		a.foreign = map[rules.Span]*token.File{}
	}
	tf := a.foreign[s]
	if tf == nil {
		lines := make([]int, last+1)
		for i := range lines {
			lines[i] = i * width
		}
		tf = a.pass.Fset.AddFile(s.File, -1, (last+1)*width)
		tf.SetLines(lines)
		a.foreign[s] = tf
	}
	p := tf.LineStart(s.Line) + token.Pos(s.Col-1)
	e := p
	if last != s.Line || s.EndCol >= 1 {
		e = tf.LineStart(last) + token.Pos(max(s.EndCol, 1)-1)
	}
	return p, e
}

// Src returns a file's content, read once per analysis.
func (a *Engine) Src(p token.Pos) []byte {
	tf := a.pass.Fset.File(p)
	if tf == nil {
		return nil
	}
	if data, ok := a.srcs[tf]; ok {
		return data
	}
	data, err := a.pass.ReadFile(tf.Name())
	if err != nil {
		data = nil
	}
	if a.srcs == nil {
		a.srcs = map[*token.File][]byte{}
	}
	a.srcs[tf] = data
	return data
}

// ParamVars are a function declaration's parameters in order, nil for
// unnamed ones.
func ParamVars(info *types.Info, fd *ast.FuncDecl) []*types.Var {
	var out []*types.Var
	for _, fld := range fd.Type.Params.List {
		if len(fld.Names) == 0 {
			out = append(out, nil)
		}
		for _, n := range fld.Names {
			v, _ := info.Defs[n].(*types.Var)
			out = append(out, v)
		}
	}
	return out
}

func StructOf(t types.Type) *types.Struct {
	if t == nil {
		return nil
	}
	if p, ok := t.Underlying().(*types.Pointer); ok {
		t = p.Elem()
	}
	st, _ := t.Underlying().(*types.Struct)
	return st
}

// SinkRef is a parameter of an exported function of this package.
type SinkRef struct {
	Fn    *types.Func
	Param int
}

// sinkOf is the sink a parameter of an exported function is, nil for
// others.
func (a *Engine) sinkOf(fd *ast.FuncDecl, v *types.Var) *SinkRef {
	fn, _ := a.pass.TypesInfo.Defs[fd.Name].(*types.Func)
	if fn == nil || !fn.Exported() || fn.Signature().Recv() != nil {
		return nil
	}
	params := fn.Signature().Params()
	for i := range params.Len() {
		if params.At(i) == v && !(fn.Signature().Variadic() && i == params.Len()-1) {
			return &SinkRef{Fn: fn, Param: i}
		}
	}
	return nil
}

// LangchainPkg is langchaingo's module path: every package under it
// counts as the library.
const LangchainPkg = "github.com/tmc/langchaingo"

func Lc(name string) string { return LangchainPkg + "/" + name }
