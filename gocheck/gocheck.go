// Package gocheck runs cachevet's Go analyzers over packages in one process:
// it loads them with go/packages, drives analyzers.All() with
// go/analysis/checker and returns the findings of the packages the user
// named. It is the library behind `cachevet go`; go vet users get the same
// analyzers through cmd/cachevet-vet.
package gocheck

import (
	"errors"
	"flag"
	"fmt"
	"go/types"
	"os"
	"reflect"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/packages"

	"github.com/cachevet/cachevet/analyzers"
	"github.com/cachevet/cachevet/analyzers/cachevet"
	"github.com/cachevet/cachevet/rules"
)

// Options say what to load and how to price findings.
type Options struct {
	// Dir is the directory the go command runs in; "" means the current one.
	Dir string
	// Patterns are go package patterns; none means "./...".
	Patterns []string
	// Tests also loads and checks the packages' test files.
	Tests bool
	// Model is checked against when the code names no model the catalog knows.
	Model string
	// RPM is the traffic sharing a prefix, in requests per minute; 0 means 1.
	RPM float64
	// TTL prices breakpoints with this cache lifetime (5m, 1h, ...).
	TTL string
	// ConfigPath is a .cachevet.yaml file; "" leaves the analyzers' default.
	ConfigPath string
	// Assume overrides assumed sizes of runtime content, in the -assume
	// flag's form (history=10000,tools=3000); "" keeps the config's.
	Assume string
	// Env is added to the environment of the go command (GOFLAGS=..., GOOS=...).
	Env []string
	// Stats, when set, is filled with what the run checked.
	Stats *Stats
	// Maps, when set, is filled with the request maps of the root
	// packages (for --format html); the analyzer builds them only then.
	Maps *Maps
}

// Maps are the request maps of a run, in package and source order.
type Maps struct {
	Requests []*rules.RequestMap
}

// loadMode loads the named packages from source and their dependencies
// from the compiler's export data, as go vet does. Type-checking every
// dependency from source (packages.LoadAllSyntax) held the syntax and type
// information of the whole build graph at once: 2.9 GB on a 74-package
// coding agent. It also made a dependency that go/types rejects but the
// compiler accepts (runtime stubs of a JSON library) mark every package
// above it ill-typed. Facts still flow between the named packages; code in
// dependencies outside them contributes no facts (the SDKs and frameworks
// are modelled by their API, see analyzers/cachevet).
const loadMode = packages.NeedName | packages.NeedFiles | packages.NeedCompiledGoFiles |
	packages.NeedImports | packages.NeedTypes | packages.NeedTypesSizes |
	packages.NeedSyntax | packages.NeedTypesInfo | packages.NeedModule

// settingFlags maps the analyzer flag names to the Options they come from.
var settingFlags = []string{"model", "rpm", "ttl", "config", "assume"}

// ErrNoPackages is the error of a run whose patterns match no package (a
// module folder with no Go files): like go vet, callers may warn and go on.
var ErrNoPackages = errors.New("no packages match")

// runMu serializes runs: the analyzers read their settings from flags,
// which are package-level state shared by every caller in the process.
var runMu sync.Mutex

// Run loads the packages and runs every cachevet analyzer over them. It
// returns the findings of the named (root) packages, deduplicated and sorted
// with rules.SortFindings, with Span.File as the FileSet gives it (absolute
// paths). Packages that fail to load or type-check are reported as
// InputErrors at file:line:col and the rest is still analyzed; cachevet's
// analyzers run despite type errors, so a package that imports a module
// the go command cannot download is analyzed too. The error is
// for failures of the tool itself: bad options, no go command, a broken
// analyzer list.
func Run(opts Options) ([]rules.Finding, []*rules.InputError, error) {
	return run(opts, analyzers.All())
}

func run(opts Options, list []*analysis.Analyzer) ([]rules.Finding, []*rules.InputError, error) {
	graph, main, inputErrs, err := analyze(opts, list)
	if err != nil {
		return nil, nil, err
	}
	findings, actionErrs := collect(graph, main)
	if opts.Maps != nil {
		opts.Maps.Requests = collectMaps(graph, main)
	}
	return findings, append(inputErrs, actionErrs...), nil
}

// Requests runs the analyzers as Run does and returns the requests the
// cachevet analyzer recognized in the root packages, in package order,
// with their stable parts and slots (Span.File as the FileSet gives it).
// cachevet replay matches logged requests to them.
func Requests(opts Options) ([]*rules.Request, []*rules.InputError, error) {
	graph, main, inputErrs, err := analyze(opts, analyzers.All())
	if err != nil {
		return nil, nil, err
	}
	var reqs []*rules.Request
	for act := range graph.All() {
		if r, ok := act.Result.(*cachevet.Result); ok && act.IsRoot && act.Analyzer == main && r != nil {
			reqs = append(reqs, r.Requests...)
		}
	}
	return reqs, inputErrs, nil
}

// analyze loads the packages and runs the analyzers over them.
func analyze(opts Options, list []*analysis.Analyzer) (*checker.Graph, *analysis.Analyzer, []*rules.InputError, error) {
	main, err := findingsAnalyzer(list)
	if err != nil {
		return nil, nil, nil, err
	}
	pkgs, err := load(opts)
	if err != nil {
		return nil, nil, nil, err
	}
	if opts.Stats != nil {
		opts.Stats.count(pkgs)
	}
	inputErrs := loadErrors(pkgs)
	pkgs = analyzable(pkgs)

	runMu.Lock()
	defer runMu.Unlock()
	if err := applySettings(list, opts); err != nil {
		return nil, nil, nil, err
	}
	maps := "" // the flag's default: no maps
	if opts.Maps != nil {
		maps = "true"
	}
	if err := setFlag(list, cachevet.MapsFlag, maps); err != nil {
		return nil, nil, nil, err
	}
	guardPanics(list)
	graph, err := analyzeProgram(list, pkgs)
	if err != nil {
		return nil, nil, nil, err
	}
	return graph, main, inputErrs, nil
}

// analyzeProgram runs the analyzers over the loaded program. With several
// packages it runs them twice: go/analysis facts flow only along imports,
// but an agent calls its providers and tool sets through interfaces and
// callbacks whose implementations live in packages it never imports. The
// first round gathers every fact and every function stored in a
// func-typed field into a cachevet.Program; the second resolves interface
// and callback calls to the program's implementations with them. Callers
// hold runMu.
func analyzeProgram(list []*analysis.Analyzer, pkgs []*packages.Package) (*checker.Graph, error) {
	if len(pkgs) < 2 || !slices.Contains(list, cachevet.Analyzer) {
		return checker.Analyze(list, pkgs, nil)
	}
	defer cachevet.UseProgram(nil)
	cachevet.UseProgram(cachevet.NewProgram(nil, nil, nil)) // gather
	graph, err := checker.Analyze(list, pkgs, nil)
	if err != nil {
		return nil, err
	}
	var types []*types.Package
	for _, p := range pkgs {
		if p.Types != nil {
			types = append(types, p.Types)
		}
	}
	var facts []analysis.ObjectFact
	var results []*cachevet.Result
	for act := range graph.All() {
		if act.Analyzer != cachevet.Analyzer || act.Err != nil {
			continue
		}
		// Each action also holds the facts it inherited from its
		// imports: take only its own package's, once.
		for _, f := range act.AllObjectFacts() {
			if f.Object.Pkg() == act.Package.Types {
				facts = append(facts, f)
			}
		}
		if r, ok := act.Result.(*cachevet.Result); ok {
			results = append(results, r)
		}
	}
	prog := cachevet.NewProgram(types, facts, results)
	if !prog.Useful() {
		return graph, nil
	}
	// The first round's actions (results, facts, diagnostics) are garbage
	// now: collect them before the second round grows the heap again, so
	// the peak is one round's, not two.
	graph, facts, results = nil, nil, nil
	runtime.GC()
	cachevet.UseProgram(prog)
	return checker.Analyze(list, pkgs, nil)
}

// Stats says how much a run checked.
type Stats struct {
	Packages int // root packages
	Files    int // their Go files
}

func (s *Stats) count(pkgs []*packages.Package) {
	seen := map[string]bool{}
	for _, p := range pkgs {
		s.Packages++
		for _, f := range p.CompiledGoFiles {
			if !seen[f] {
				seen[f] = true
				s.Files++
			}
		}
	}
}

// analyzable prepares the loaded packages for checker.Analyze. Without
// packages.NeedDeps the dependencies are stubs with no syntax, so the edges
// to them are cut: the checker then runs analyzers with facts on the named
// packages only, in import order among themselves. A named package whose
// own files type-check is analyzed even when a dependency has errors
// (go/packages marks it ill-typed then); those errors are reported as input
// errors, so a broken corner of a module never leaves the rest unchecked.
func analyzable(pkgs []*packages.Package) []*packages.Package {
	roots := make(map[*packages.Package]bool, len(pkgs))
	for _, p := range pkgs {
		roots[p] = true
	}
	for _, p := range pkgs {
		kept := make(map[string]*packages.Package, len(p.Imports))
		for path, imp := range p.Imports {
			if roots[imp] {
				kept[path] = imp
			}
		}
		p.Imports = kept
		if p.IllTyped && len(p.Errors) == 0 && len(p.TypeErrors) == 0 && p.Types != nil && p.TypesInfo != nil {
			p.IllTyped = false
		}
	}
	return pkgs
}

func load(opts Options) ([]*packages.Package, error) {
	patterns := opts.Patterns
	if len(patterns) == 0 {
		patterns = []string{"./..."}
	}
	cfg := &packages.Config{
		Mode:  loadMode,
		Dir:   opts.Dir,
		Tests: opts.Tests,
		Env:   append(os.Environ(), opts.Env...),
	}
	pkgs, err := packages.Load(cfg, patterns...)
	if err != nil {
		return nil, fmt.Errorf("loading packages: %v", err)
	}
	if len(pkgs) == 0 {
		return nil, fmt.Errorf("%w %s", ErrNoPackages, strings.Join(patterns, " "))
	}
	if extra := moduleImports(cfg, pkgs); len(extra) > 0 {
		// What the named packages use from their own module is part of
		// the program they send: a prompt built in one package and sent
		// from another crosses as facts only when both are analyzed.
		if pkgs, err = packages.Load(cfg, append(patterns, extra...)...); err != nil {
			return nil, fmt.Errorf("loading packages: %v", err)
		}
	}
	return pkgs, nil
}

// moduleImports lists the packages of the main module that the loaded
// packages import, directly or not, and that were not named: the import
// graph is read without type checking (go list -deps).
func moduleImports(cfg *packages.Config, pkgs []*packages.Package) []string {
	named := map[string]bool{}
	for _, p := range pkgs {
		if p.Module == nil || !p.Module.Main {
			return nil // outside a module, or a dependency named on purpose
		}
		named[p.PkgPath] = true
	}
	meta := *cfg
	meta.Mode = packages.NeedName | packages.NeedImports | packages.NeedDeps | packages.NeedModule
	var paths []string
	for _, p := range pkgs {
		paths = append(paths, p.PkgPath)
	}
	graph, err := packages.Load(&meta, paths...)
	if err != nil {
		return nil // the full load reports what is wrong
	}
	var extra []string
	seen := map[string]bool{}
	packages.Visit(graph, func(p *packages.Package) bool {
		if seen[p.PkgPath] {
			return false
		}
		seen[p.PkgPath] = true
		inModule := p.Module != nil && p.Module.Main
		if inModule && !named[p.PkgPath] {
			extra = append(extra, p.PkgPath)
		}
		return inModule
	}, nil)
	slices.Sort(extra)
	return extra
}

// resultType is the result of the analyzer that carries the findings.
var resultType = reflect.TypeFor[*cachevet.Result]()

// findingsAnalyzer picks the analyzer whose result carries the findings.
func findingsAnalyzer(list []*analysis.Analyzer) (*analysis.Analyzer, error) {
	for _, a := range list {
		if a.ResultType == resultType {
			return a, nil
		}
	}
	return nil, fmt.Errorf("no analyzer returns %v", resultType)
}

// findingsOf reads the findings of one cachevet action.
func findingsOf(result any) []rules.Finding {
	if r, ok := result.(*cachevet.Result); ok && r != nil {
		return r.Findings
	}
	return nil
}

// applySettings sets the settings flags of whichever analyzer declares them.
// Options left empty reset the flag to its default, so one run's settings
// never leak into the next.
func applySettings(list []*analysis.Analyzer, opts Options) error {
	values := map[string]string{
		"model":  opts.Model,
		"ttl":    opts.TTL,
		"config": opts.ConfigPath,
		"assume": opts.Assume,
	}
	if opts.RPM != 0 {
		if opts.RPM < 0 {
			return fmt.Errorf("rpm %v is negative", opts.RPM)
		}
		values["rpm"] = strconv.FormatFloat(opts.RPM, 'g', -1, 64)
	}
	for _, name := range settingFlags {
		if err := setFlag(list, name, values[name]); err != nil {
			return err
		}
	}
	return nil
}

func setFlag(list []*analysis.Analyzer, name, value string) error {
	var found *flag.Flag
	var owner *analysis.Analyzer
	for _, a := range list {
		if f := a.Flags.Lookup(name); f != nil {
			found, owner = f, a
			break
		}
	}
	if found == nil {
		if value != "" {
			return fmt.Errorf("no analyzer takes the %s setting", name)
		}
		return nil
	}
	if value == "" {
		value = found.DefValue
	}
	if err := owner.Flags.Set(name, value); err != nil {
		return fmt.Errorf("%s %q: %v", name, value, err)
	}
	return nil
}
