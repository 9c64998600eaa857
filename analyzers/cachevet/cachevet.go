package cachevet

import (
	_ "embed"
	"go/ast"
	"go/build"
	"go/token"
	"go/types"
	"os"
	"path/filepath"
	"reflect"
	"strings"

	goanalysis "golang.org/x/tools/go/analysis"

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
	FactTypes:  []goanalysis.Fact{(*PromptFact)(nil)},
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
	funcs     map[*ast.BlockStmt]*funcInfo
	results   map[*types.Func]layout
	decls     map[*types.Func]*ast.FuncDecl
	declOrder []*types.Func
	pkgVars   map[*types.Var]*pkgVarInfo
	// pkgAssigns are the assignments to package variables in functions.
	pkgAssigns map[*types.Var][]pkgAssign
}

type pkgVarInfo struct {
	expr     ast.Expr
	embed    string
	assigned bool
}

func run(pass *goanalysis.Pass) (any, error) {
	a := &analysis{
		pass: pass, settings: cachevetconfig.For(pass),
		funcs: map[*ast.BlockStmt]*funcInfo{}, results: map[*types.Func]layout{}, decls: map[*types.Func]*ast.FuncDecl{},
	}
	a.names = a.settings.Names
	res := &Result{}
	sdk := importsSDK(pass.Pkg)
	if !sdk && (inGOROOT(pass) || !hasStringFuncs(pass)) {
		// Fast path: no request and no prompt to export. The standard
		// library's string functions are modeled by tables (library,
		// sources), not facts.
		return res, nil
	}
	a.indexDecls()
	a.exportFacts()
	if !sdk {
		return res, nil
	}
	reqs := a.requests()
	dirs := a.directives()
	for _, r := range reqs {
		res.Requests = append(res.Requests, r.req)
		fs, m := a.check(r, dirs)
		res.Findings = append(res.Findings, fs...)
		if m != nil {
			res.Maps = append(res.Maps, m)
		}
	}
	a.reportDirectives(dirs)
	rules.SortFindings(res.Findings)
	return res, nil
}

// goroot is the standard library's source directory.
var goroot = filepath.Join(build.Default.GOROOT, "src") + string(filepath.Separator)

// inGOROOT reports whether the package is part of the standard library.
func inGOROOT(pass *goanalysis.Pass) bool {
	if len(pass.Files) == 0 || build.Default.GOROOT == "" {
		return false
	}
	return strings.HasPrefix(pass.Fset.File(pass.Files[0].Pos()).Name(), goroot)
}

// hasStringFuncs reports whether an exported function returns a string,
// the only functions whose facts callers use.
func hasStringFuncs(pass *goanalysis.Pass) bool {
	for _, f := range pass.Files {
		for _, d := range f.Decls {
			fd, ok := d.(*ast.FuncDecl)
			if !ok || !fd.Name.IsExported() || fd.Type.Results == nil || len(fd.Type.Results.List) != 1 {
				continue
			}
			if fn, ok := pass.TypesInfo.Defs[fd.Name].(*types.Func); ok && returnsString(fn) {
				return true
			}
		}
	}
	return false
}

func (a *analysis) indexDecls() {
	for _, f := range a.pass.Files {
		for _, d := range f.Decls {
			if fd, ok := d.(*ast.FuncDecl); ok {
				if fn, ok := a.pass.TypesInfo.Defs[fd.Name].(*types.Func); ok {
					a.decls[fn] = fd
					a.declOrder = append(a.declOrder, fn)
				}
			}
		}
	}
}

// pkgVarInit finds a package variable's initializer (or embedded file
// content) and whether a function assigns it.
func (a *analysis) pkgVarInit(v *types.Var) (pkgVarInfo, bool) {
	if a.pkgVars == nil {
		a.indexPkgVars()
	}
	info := a.pkgVars[v]
	if info == nil {
		return pkgVarInfo{}, true
	}
	return *info, info.assigned
}

func (a *analysis) indexPkgVars() {
	a.pkgVars = map[*types.Var]*pkgVarInfo{}
	for _, f := range a.pass.Files {
		for _, d := range f.Decls {
			gd, ok := d.(*ast.GenDecl)
			if !ok || gd.Tok != token.VAR {
				continue
			}
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
	}
	// Any assignment in a function makes the value a run-time one.
	a.pkgAssigns = map[*types.Var][]pkgAssign{}
	for _, f := range a.pass.Files {
		for _, d := range f.Decls {
			fd, ok := d.(*ast.FuncDecl)
			if !ok || fd.Body == nil {
				continue
			}
			ast.Inspect(fd.Body, func(n ast.Node) bool {
				if as, ok := n.(*ast.AssignStmt); ok {
					a.notePkgAssign(fd, as)
				}
				return true
			})
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

// span resolves a source range.
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
	return s
}

// pos turns a span of this package back into a position for pass.Report.
func (a *analysis) pos(s rules.Span) (token.Pos, token.Pos) {
	for _, f := range a.pass.Files {
		tf := a.pass.Fset.File(f.Pos())
		if tf == nil || tf.Name() != s.File || s.Line < 1 || s.Line > tf.LineCount() {
			continue
		}
		p := tf.LineStart(s.Line) + token.Pos(s.Col-1)
		e := p
		if s.EndLine >= 1 && s.EndLine <= tf.LineCount() {
			e = tf.LineStart(s.EndLine) + token.Pos(s.EndCol-1)
		}
		return p, e
	}
	return token.NoPos, token.NoPos
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
