package cachevet

import (
	_ "embed"
	"fmt"
	"go/ast"
	"go/build"
	"go/token"
	"go/types"
	"iter"
	"os"
	"path/filepath"
	"reflect"
	"strings"

	goanalysis "golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ast/inspector"

	"github.com/cachevet/cachevet/analyzers/cachevetconfig"
	"github.com/cachevet/cachevet/analyzers/internal/directives"
	"github.com/cachevet/cachevet/rules"
)

//go:embed doc.go
var doc string

// Analyzer finds cache-hostile prompt construction.
var Analyzer = &goanalysis.Analyzer{
	Name:       "cachevet",
	Doc:        cachevetconfig.ExtractDoc(doc, "cachevet"),
	URL:        "https://github.com/cachevet/cachevet/blob/main/docs/go.md#cachevet",
	Requires:   []*goanalysis.Analyzer{cachevetconfig.Analyzer},
	Run:        run,
	ResultType: reflect.TypeFor[*Result](),
	FactTypes:  []goanalysis.Fact{(*PromptFact)(nil), (*OrderFact)(nil), (*SinkFact)(nil), (*SinkPackageFact)(nil), (*BodySinkFact)(nil), (*CacheControlFact)(nil), (*MessageFact)(nil)},
	// A package whose imports cannot be loaded (a private or vanished
	// module) still sends its prompts: it is analyzed with the type
	// information go/types could give, and an expression without a type
	// is unknown content, never evidence of volatility.
	RunDespiteErrors: true,
}

// Result is what the analyzer found in one package, with savings, for
// reporters that print more than go vet does.
type Result struct {
	// Requests are the requests recognized, in source order.
	Requests []*rules.Request
	// Findings are every finding not suppressed, sorted; spans are resolved
	// from the pass's FileSet (File is the filename it gives).
	Findings []rules.Finding
	// Maps are the requests' maps (rules.CheckMap), in source order, when
	// the -maps flag asks for them (cachevet go --format html).
	Maps []*rules.RequestMap
	// fieldFuncs are the functions the package stores in func-typed
	// fields, gathered under a whole-program driver (see Program).
	fieldFuncs []fieldFunc
}

// MapsFlag is the analyzer's flag that turns on Result.Maps.
const MapsFlag = "maps"

// buildMaps is the -maps flag.
var buildMaps bool

func init() {
	Analyzer.Flags.BoolVar(&buildMaps, MapsFlag, false, "also return each request's map in the result, for reports that draw the cache")
}

// analysis is the state of one run over one package.
type analysis struct {
	pass      *goanalysis.Pass
	settings  *cachevetconfig.Settings
	names     rules.NameOverrides
	funcs     map[*ast.FuncDecl]*funcInfo
	results   map[*types.Func]layout
	decls     map[*types.Func]*ast.FuncDecl
	declOrder []*types.Func
	// cursors locate each function declaration in the shared inspector.
	cursors map[*ast.FuncDecl]inspector.Cursor
	// returns are each function's return statements (not its closures').
	returns map[*ast.FuncDecl][]*ast.ReturnStmt
	pkgVars map[*types.Var]*pkgVarInfo
	// pkgAssigns are the assignments to package variables in functions.
	pkgAssigns map[*types.Var][]pkgAssign
	// orderFuncs says which functions hand out map order (OrderFact).
	orderFuncs map[*ast.FuncDecl]bool
	// fieldWrites are the values stored in the fields of this package's
	// struct types: by composite literals and by assignments.
	fieldWrites map[*types.Var][]fieldWrite
	// sinks says a direct import exports SinkFacts.
	sinks bool
	// shapeSends says the package calls sends by shape (see shapesend.go).
	shapeSends bool
	// shapes memoizes shapeOf.
	shapes map[types.Type]shapeKind
	// ifaceOrders memoizes ifaceOrder.
	ifaceOrders map[*types.Func]OrderFact
	// markerFuncs memoizes setsMarker.
	markerFuncs map[*ast.FuncDecl]bool
	// bodySinks are the exported functions that send a parameter as a
	// request body (see BodySinkFact).
	bodySinks map[*types.Func]*BodySinkFact
	// adkOutputs are the ADK OutputKey values of the package, once read.
	adkOutputs map[string]bool
	// mapLits are the package's map literals with string keys: template
	// variables a framework's graph hands a template (see einoGraphVars).
	mapLits []*ast.CompositeLit
	// srcs are the files' contents read so far (see src).
	srcs map[*token.File][]byte
	// cacheControl caches spellsCacheControl: 0 unknown, 1 yes, -1 no.
	cacheControl int
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
	// callSites are the calls of this package's functions, by callee.
	callSites map[*types.Func][]callSite
	// fieldCalls are the calls of function values kept in fields of this
	// package's types, by field.
	fieldCalls map[*types.Var][]callSite
	// sendSites are the calls of send functions, in source order.
	sendSites []sendSite
	// nodes are the source ranges spans were made from, so a finding is
	// reported at the range its span stands for without recomputing it.
	nodes map[rules.Span]posRange
	// foreign are token files standing for files outside the package that
	// origins name (see foreignPos).
	foreign map[rules.Span]*token.File
}

// classifiedName is what rules.ClassifyName says of a name.
type classifiedName struct {
	kind string
	life rules.Lifetime
}

// classify is rules.ClassifyName under the package's overrides, once per
// name: the evaluator asks it of every identifier and selector it meets.
func (a *analysis) classify(name string) (string, rules.Lifetime) {
	if c, ok := a.classified[name]; ok {
		return c.kind, c.life
	}
	kind, life := rules.ClassifyName(name, a.names)
	if a.classified == nil {
		a.classified = map[string]classifiedName{}
	}
	a.classified[name] = classifiedName{kind, life}
	return kind, life
}

// posRange is a source range of the pass's FileSet.
type posRange struct{ pos, end token.Pos }

// fieldWrite is a value stored in a struct field; fd is nil at package
// level.
type fieldWrite struct {
	rhs    ast.Expr
	fd     *ast.FuncDecl
	append bool
	pos    token.Pos
}

// callSite is a call inside a function declaration.
type callSite struct {
	call *ast.CallExpr
	fd   *ast.FuncDecl
}

// sendSite is the call of a send function.
type sendSite struct {
	file *ast.File
	fd   *ast.FuncDecl
	call *ast.CallExpr
	send mapper
}

type pkgVarInfo struct {
	expr     ast.Expr
	embed    string
	assigned bool
}

func run(pass *goanalysis.Pass) (any, error) {
	a := &analysis{
		pass: pass, settings: cachevetconfig.For(pass),
		funcs: map[*ast.FuncDecl]*funcInfo{}, results: map[*types.Func]layout{}, decls: map[*types.Func]*ast.FuncDecl{},
		cursors: map[*ast.FuncDecl]inspector.Cursor{}, returns: map[*ast.FuncDecl][]*ast.ReturnStmt{},
		pkgVars: map[*types.Var]*pkgVarInfo{}, pkgAssigns: map[*types.Var][]pkgAssign{}, nodes: map[rules.Span]posRange{},
		fieldWrites: map[*types.Var][]fieldWrite{}, orderFuncs: map[*ast.FuncDecl]bool{}, callSites: map[*types.Func][]callSite{}, fieldCalls: map[*types.Var][]callSite{},
		sortedFields: map[*types.Var]bool{}, orderRets: map[*ast.FuncDecl]*OrderFact{}, throughRets: map[*ast.FuncDecl]int{}, impls: map[*types.Func][]*types.Func{},
	}
	a.names = a.settings.Names
	res := &Result{}
	if program.Load() != nil && !inGOROOT(pass) {
		res.fieldFuncs = funcStores(pass)
	}
	// A package sends requests through a library, or hand-rolled: a body
	// marshalled with encoding/json and sent with net/http.
	sinks := importsSinks(pass)
	sdk := importsSDK(pass.Pkg) || handRolled(pass.Pkg) || sinks
	if !inGOROOT(pass) {
		// A model interface of the package's own, or a wrapper no library
		// models, called with a message list. A package that sends through
		// a library is indexed anyway: its calls are judged one by one
		// there, so only the others need the walk.
		a.shapeSends = sdk || a.hasShapeSends(pass)
		sdk = sdk || a.shapeSends
	}
	if !sdk && (inGOROOT(pass) || !hasStringFuncs(pass) && !hasCallbackFuncs(pass) && !hasMessageFuncs(pass)) {
		// Fast path: no request and no prompt or map order to export. The
		// standard library's functions are modeled by tables (library,
		// sources, orderedCallbacks), not facts.
		return res, nil
	}
	// One inspector serves every walk below. It is built here rather than
	// required from the inspect pass: that pass would walk every package,
	// the standard library included, before the fast path could leave.
	a.sinks = sinks
	a.index(inspector.New(pass.Files), sdk)
	if sdk {
		a.fieldSends()
	}
	a.linkCallbacks()
	a.spellsCacheControl() // exports CacheControlFact for importers
	a.exportFacts()
	a.exportOrderFacts()
	a.exportMessageFacts()
	if !sdk {
		return res, nil
	}
	reqs := a.requests()
	a.exportSinks(reqs)
	a.exportBodySinks()
	dirs := a.directives()
	// One finding per site: requests built by one helper or from one
	// field meet at the same place; the most severe is kept.
	type found struct {
		f rules.Finding
		r *sdkRequest
	}
	var all []found
	at := map[string]int{}
	for _, r := range reqs {
		fs, m := a.check(r, dirs)
		if !r.bound {
			res.Requests = append(res.Requests, r.req)
			if m != nil {
				res.Maps = append(res.Maps, m)
			}
		}
		for _, f := range fs {
			if _, here := a.nodes[f.Span]; r.local && !here {
				continue // the sending package reports it
			}
			key := fmt.Sprintf("%s:%d:%d:%s", f.Span.File, f.Span.Line, f.Span.Col, f.Rule)
			if i, seen := at[key]; seen {
				if f.Severity > all[i].f.Severity {
					all[i] = found{f, r}
				}
				continue
			}
			at[key] = len(all)
			all = append(all, found{f, r})
		}
	}
	for _, fr := range all {
		a.report(fr.r, fr.f)
		res.Findings = append(res.Findings, fr.f)
	}
	a.reportDirectives(dirs)
	rules.SortFindings(res.Findings)
	return res, nil
}

// goroot is the standard library's source directory.
var goroot = filepath.Join(build.Default.GOROOT, "src") + string(filepath.Separator)

// inGOROOT reports whether the package is part of the standard library.
func inGOROOT(pass *goanalysis.Pass) bool {
	return len(pass.Files) > 0 && inGOROOTAt(pass.Fset, pass.Files[0].Pos())
}

// inGOROOTAt reports whether a position is in the standard library's
// source.
func inGOROOTAt(fset *token.FileSet, pos token.Pos) bool {
	tf := fset.File(pos)
	return tf != nil && build.Default.GOROOT != "" && strings.HasPrefix(tf.Name(), goroot)
}

// hasStringFuncs reports whether an exported function returns a string,
// the only functions whose facts callers use.
func hasStringFuncs(pass *goanalysis.Pass) bool {
	for _, f := range pass.Files {
		for _, d := range f.Decls {
			fd, ok := d.(*ast.FuncDecl)
			if !ok || !fd.Name.IsExported() || fd.Type.Results == nil {
				continue
			}
			if fn, ok := pass.TypesInfo.Defs[fd.Name].(*types.Func); ok && returnsString(fn) {
				return true
			}
		}
	}
	return false
}

// index walks the package once with the shared inspector: function
// declarations, package variables and the assignments to them, return
// statements and, when the package imports a library, send calls.
func (a *analysis) index(insp *inspector.Inspector, sdk bool) {
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
				a.decls[fn] = n
				a.declOrder = append(a.declOrder, fn)
			}
			a.cursors[n] = cur
		case *ast.GenDecl:
			if n.Tok == token.VAR && cur.Parent().Node() == file {
				a.indexPkgVars(file, n)
			}
		case *ast.AssignStmt:
			fd := enclosingDecl(cur)
			if fd != nil {
				assigns = append(assigns, assign{fd, n})
			}
			a.noteFieldAssign(fd, n)
		case *ast.CompositeLit:
			a.noteFieldLit(enclosingDecl(cur), n)
			if t := a.pass.TypesInfo.TypeOf(n); sdk && t != nil {
				if m, ok := t.Underlying().(*types.Map); ok && isStringy(m.Key()) {
					a.mapLits = append(a.mapLits, n)
				}
			}
		case *ast.ReturnStmt:
			for fc := range cur.Enclosing((*ast.FuncDecl)(nil), (*ast.FuncLit)(nil)) {
				if fd, ok := fc.Node().(*ast.FuncDecl); ok {
					a.returns[fd] = append(a.returns[fd], n)
				}
				break // a closure's return is not its function's
			}
		case *ast.CallExpr:
			fn := callee(a.pass.TypesInfo, n)
			if fn == nil {
				if field := a.localField(n.Fun); field != nil {
					if fd := enclosingDecl(cur); fd != nil {
						a.fieldCalls[field] = append(a.fieldCalls[field], callSite{n, fd})
					}
				}
				a.noteShapeSend(cur, file, n, nil)
				continue
			}
			a.noteContainerSet(enclosingDecl(cur), n, fn)
			if fn.Pkg() == a.pass.Pkg {
				if fd := enclosingDecl(cur); fd != nil {
					a.callSites[fn] = append(a.callSites[fn], callSite{n, fd})
				}
			} else if sorts[funcKey(fn)] && len(n.Args) > 0 {
				if field := a.localField(n.Args[0]); field != nil && a.sortTie(n) == "" {
					a.sortedFields[field] = true
				}
			}
			if !sdk || len(n.Args) == 0 {
				continue // no send call has no arguments
			}
			send := sendOf(funcKey(fn), len(n.Args))
			if send == nil && a.sinks && fn.Pkg() != a.pass.Pkg {
				if f := new(SinkFact); a.importFact(fn.Origin(), f) {
					send = sinkSend(f)
				} else if f := new(BodySinkFact); a.importFact(fn.Origin(), f) {
					send = bodySinkSend(f)
				}
			}
			if send != nil {
				if fd := enclosingDecl(cur); fd != nil && fd.Body != nil {
					a.sendSites = append(a.sendSites, sendSite{file: file, fd: fd, call: n, send: send})
				}
			} else {
				a.noteShapeSend(cur, file, n, fn)
			}
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
func (a *analysis) localField(x ast.Expr) *types.Var {
	if v := a.fieldOf(x); v != nil && v.Pkg() == a.pass.Pkg {
		return v
	}
	return nil
}

// fieldOf is the struct field a selector names, nil for anything else.
func (a *analysis) fieldOf(x ast.Expr) *types.Var {
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
func (a *analysis) noteFieldAssign(fd *ast.FuncDecl, n *ast.AssignStmt) {
	for i, lhs := range n.Lhs {
		field := a.localField(lhs)
		if field == nil {
			continue
		}
		w := fieldWrite{fd: fd, append: n.Tok != token.ASSIGN && n.Tok != token.DEFINE, pos: n.Pos()}
		if len(n.Lhs) == len(n.Rhs) {
			w.rhs = n.Rhs[i]
			if c, ok := ast.Unparen(w.rhs).(*ast.CallExpr); ok && len(c.Args) > 0 {
				if b, ok := a.pass.TypesInfo.ObjectOf(identOf(c.Fun)).(*types.Builtin); ok && b.Name() == "append" && a.localField(c.Args[0]) == field {
					w.append = true
				}
			}
		} else {
			w.append = true // one of several results: not followed
		}
		a.fieldWrites[field] = append(a.fieldWrites[field], w)
	}
}

// noteFieldLit records the keyed fields of a literal of this package's
// struct types.
func (a *analysis) noteFieldLit(fd *ast.FuncDecl, lit *ast.CompositeLit) {
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
	for i, kv := range keyedFields(st, lit) {
		f := st.Field(i)
		a.fieldWrites[f] = append(a.fieldWrites[f], fieldWrite{rhs: kv.Value, fd: fd, pos: kv.Pos()})
	}
}

// keyedFields yields, for each keyed element of a struct literal, the
// index in st of the field it sets and the element.
func keyedFields(st *types.Struct, lit *ast.CompositeLit) iter.Seq2[int, *ast.KeyValueExpr] {
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

// enclosingDecl is the function declaration a node is in, nil at package
// level.
func enclosingDecl(cur inspector.Cursor) *ast.FuncDecl {
	for fc := range cur.Enclosing((*ast.FuncDecl)(nil)) {
		return fc.Node().(*ast.FuncDecl)
	}
	return nil
}

// pkgVarInit finds a package variable's initializer (or embedded file
// content) and whether a function assigns it.
func (a *analysis) pkgVarInit(v *types.Var) (pkgVarInfo, bool) {
	info := a.pkgVars[v]
	if info == nil {
		return pkgVarInfo{}, true
	}
	return *info, info.assigned
}

// indexPkgVars records the variables of a package-level var declaration.
func (a *analysis) indexPkgVars(f *ast.File, gd *ast.GenDecl) {
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

func (a *analysis) notePkgAssign(fd *ast.FuncDecl, as *ast.AssignStmt) {
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
// reads from the package directory (see the package doc on go vet caching).
func (a *analysis) embedContent(f *ast.File, gd *ast.GenDecl, vs *ast.ValueSpec) string {
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

// shortText is an expression's source text, shortened for messages.
func (a *analysis) shortText(x ast.Expr) string {
	s := types.ExprString(x)
	if len(s) > 40 {
		s = s[:37] + "..."
	}
	return s
}

// span resolves a source range and remembers the range it stands for.
func (a *analysis) span(pos, end token.Pos) rules.Span {
	if !pos.IsValid() {
		return rules.Span{}
	}
	p := a.pass.Fset.Position(pos)
	s := rules.Span{File: p.Filename, Line: p.Line, Col: p.Column}
	if end.IsValid() {
		e := a.pass.Fset.Position(end)
		s.EndLine, s.EndCol = e.Line, e.Column
	}
	if _, seen := a.nodes[s]; !seen {
		a.nodes[s] = posRange{pos, end}
	}
	return s
}

// pos is the source range a span was made from; a span of another
// package (an origin read from a fact) gets a position in a token file
// standing for its file.
func (a *analysis) pos(s rules.Span) (token.Pos, token.Pos) {
	if r, ok := a.nodes[s]; ok {
		return r.pos, r.end
	}
	return a.foreignPos(s)
}

// foreignPos gives a span in a file the pass did not parse (an origin in
// another package) a position: the FileSet gains a small token file of
// that name whose lines are laid out so that Position prints the span's
// file, line and column, as go vet -json needs.
func (a *analysis) foreignPos(s rules.Span) (token.Pos, token.Pos) {
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

func (a *analysis) directives() *directives.Set {
	var all []*directives.Directive
	for _, f := range a.pass.Files {
		all = append(all, directives.Parse(a.pass.Fset, f)...)
	}
	return directives.NewSet(all)
}

func (a *analysis) reportDirectives(s *directives.Set) {
	for _, d := range s.All() {
		switch {
		case d.Reason == "" && !d.Nolint:
			a.pass.Report(goanalysis.Diagnostic{Pos: d.Pos, End: d.End, Category: "ignore", Message: "cachevet:ignore needs a reason after the rule codes"})
		case !d.Used && !d.Nolint:
			a.pass.Report(goanalysis.Diagnostic{Pos: d.Pos, End: d.End, Category: "ignore", Message: "cachevet:ignore matches no finding; remove it"})
		}
	}
}
