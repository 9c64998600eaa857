package cachevet

import (
	_ "embed"
	"fmt"
	"go/ast"
	"go/types"
	"reflect"

	goanalysis "golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ast/inspector"

	"github.com/cachevet/cachevet/analyzers/cachevetconfig"
	"github.com/cachevet/cachevet/analyzers/internal/directives"
	"github.com/cachevet/cachevet/analyzers/internal/flow"
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
	FactTypes:  []goanalysis.Fact{(*flow.PromptFact)(nil), (*flow.OrderFact)(nil), (*SinkFact)(nil), (*SinkPackageFact)(nil), (*BodySinkFact)(nil), (*CacheControlFact)(nil), (*MessageFact)(nil)},
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
	fieldFuncs []flow.FieldFunc
}

// Program is what a driver that loads the whole program (cachevet go)
// knows beyond one package and its imports (see flow.Program).
type Program = flow.Program

// NewProgram indexes the facts a first round exported, the named types of
// the program's packages and the functions the results say each package
// stores in func-typed fields.
func NewProgram(pkgs []*types.Package, facts []goanalysis.ObjectFact, results []*Result) *Program {
	var stores [][]flow.FieldFunc
	for _, r := range results {
		if r != nil {
			stores = append(stores, r.fieldFuncs)
		}
	}
	return flow.NewProgram(pkgs, facts, stores)
}

// UseProgram sets the Program the analyzer consults, nil for none. A
// driver sets it between runs, never during one.
func UseProgram(p *Program) { flow.UseProgram(p) }

// MapsFlag is the analyzer's flag that turns on Result.Maps.
const MapsFlag = "maps"

// buildMaps is the -maps flag.
var buildMaps bool

func init() {
	Analyzer.Flags.BoolVar(&buildMaps, MapsFlag, false, "also return each request's map in the result, for reports that draw the cache")
}

// analysis is the state of one run over one package: the engine's
// (what expressions hold) and the sink side's (the requests sent).
type analysis struct {
	*flow.Engine
	// pass is the engine's Pass, kept here for the sink side's code.
	pass     *goanalysis.Pass
	settings *cachevetconfig.Settings
	// sinks says a direct import exports SinkFacts.
	sinks bool
	// shapeSends says the package calls sends by shape (see shapesend.go).
	shapeSends bool
	// shapes memoizes shapeOf.
	shapes map[types.Type]shapeKind
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
	// cacheControl caches spellsCacheControl: 0 unknown, 1 yes, -1 no.
	cacheControl int
	// sendSites are the calls of send functions, in source order.
	sendSites []sendSite
}

// sendSite is the call of a send function.
type sendSite struct {
	file *ast.File
	fd   *ast.FuncDecl
	call *ast.CallExpr
	send mapper
}

func run(pass *goanalysis.Pass) (any, error) {
	a := &analysis{pass: pass, settings: cachevetconfig.For(pass)}
	a.Engine = flow.NewEngine(pass, a.settings.Names)
	res := &Result{}
	if flow.CurrentProgram.Load() != nil && !inGOROOT(pass) {
		res.fieldFuncs = flow.FuncStores(pass)
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
	if !sdk && (inGOROOT(pass) || !hasStringFuncs(pass) && !flow.HasCallbackFuncs(pass) && !hasMessageFuncs(pass)) {
		// Fast path: no request and no prompt or map order to export. The
		// standard library's functions are modeled by tables (library,
		// sources, orderedCallbacks), not facts.
		return res, nil
	}
	// One inspector serves every walk below. It is built here rather than
	// required from the inspect pass: that pass would walk every package,
	// the standard library included, before the fast path could leave.
	a.sinks = sinks
	a.Hooks = flow.Hooks{LibraryType: libraryType, DrawnFromConversation: a.drawnFromConversation}
	a.index(inspector.New(pass.Files), sdk)
	if sdk {
		a.fieldSends()
	}
	a.LinkCallbacks()
	a.spellsCacheControl() // exports CacheControlFact for importers
	a.ExportFacts()
	a.ExportOrderFacts()
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
			if _, here := a.Nodes[f.Span]; r.local && !here {
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

// inGOROOT reports whether the package is part of the standard library.
func inGOROOT(pass *goanalysis.Pass) bool {
	return len(pass.Files) > 0 && flow.InGOROOTAt(pass.Fset, pass.Files[0].Pos())
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
			if fn, ok := pass.TypesInfo.Defs[fd.Name].(*types.Func); ok && flow.ReturnsString(fn) {
				return true
			}
		}
	}
	return false
}

// index walks the package once with the shared inspector (see
// flow.Engine.Index) and, when the package imports a library, notes its
// send calls and its map literals with string keys.
func (a *analysis) index(insp *inspector.Inspector, sdk bool) {
	a.Index(insp, func(cur inspector.Cursor, file *ast.File, n ast.Node, fn *types.Func) {
		switch n := n.(type) {
		case *ast.CompositeLit:
			if t := a.pass.TypesInfo.TypeOf(n); sdk && t != nil {
				if m, ok := t.Underlying().(*types.Map); ok && flow.IsStringy(m.Key()) {
					a.mapLits = append(a.mapLits, n)
				}
			}
		case *ast.CallExpr:
			if fn == nil {
				a.noteShapeSend(cur, file, n, nil)
				return
			}
			if !sdk || len(n.Args) == 0 {
				return // no send call has no arguments
			}
			send := sendOf(flow.FuncKey(fn), len(n.Args))
			if send == nil && a.sinks && fn.Pkg() != a.pass.Pkg {
				if f := new(SinkFact); a.ImportFact(fn.Origin(), f) {
					send = sinkSend(f)
				} else if f := new(BodySinkFact); a.ImportFact(fn.Origin(), f) {
					send = bodySinkSend(f)
				}
			}
			if send != nil {
				if fd := flow.EnclosingDecl(cur); fd != nil && fd.Body != nil {
					a.sendSites = append(a.sendSites, sendSite{file: file, fd: fd, call: n, send: send})
				}
			} else {
				a.noteShapeSend(cur, file, n, fn)
			}
		}
	})
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
