package gocheck

import (
	"fmt"
	"runtime/debug"
	"sort"
	"strconv"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/packages"

	"github.com/cachevet/cachevet/analyzers/cachevet"
	"github.com/cachevet/cachevet/rules"
)

// skippedMsg is the checker's error for an analyzer that does not run on
// ill-typed packages; the type errors themselves are already reported.
const skippedMsg = "analysis skipped due to errors in package"

// collect gathers the findings of the root packages and the errors of
// analyzers that failed on them.
func collect(graph *checker.Graph, main *analysis.Analyzer) ([]rules.Finding, []*rules.InputError) {
	var findings []rules.Finding
	var errs []*rules.InputError
	seenErr := map[string]bool{}
	for act := range graph.All() {
		if !act.IsRoot {
			continue // a dependency, analyzed only for its facts
		}
		if act.Err != nil {
			if e := actionError(act); e != nil && !seenErr[e.Error()] {
				seenErr[e.Error()] = true
				errs = append(errs, e)
			}
			continue
		}
		if act.Analyzer == main {
			findings = append(findings, findingsOf(act.Result)...)
		}
	}
	// With Tests a file belongs to both the package and its test variant:
	// its findings come twice.
	findings = rules.Dedupe(findings)
	rules.SortErrors(errs)
	return findings, errs
}

// collectMaps gathers the request maps of the root packages, once per
// request (a file of a package with tests is analyzed twice).
func collectMaps(graph *checker.Graph, main *analysis.Analyzer) []*rules.RequestMap {
	var maps []*rules.RequestMap
	seen := map[rules.Span]bool{}
	for act := range graph.All() {
		r, ok := act.Result.(*cachevet.Result)
		if !act.IsRoot || act.Analyzer != main || !ok || r == nil {
			continue
		}
		for _, m := range r.Maps {
			if !seen[m.Span] {
				seen[m.Span] = true
				maps = append(maps, m)
			}
		}
	}
	sort.SliceStable(maps, func(i, j int) bool {
		a, b := maps[i].Span, maps[j].Span
		if a.File != b.File {
			return a.File < b.File
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		return a.Col < b.Col
	})
	return maps
}

// actionError turns an analyzer failure into an InputError on the package's
// first file; failures caused by errors already reported return nil.
func actionError(act *checker.Action) *rules.InputError {
	msg := act.Err.Error()
	if msg == skippedMsg || strings.HasPrefix(msg, "failed prerequisites") && act.Package.IllTyped {
		return nil
	}
	span := rules.Span{File: act.Package.PkgPath}
	if files := act.Package.CompiledGoFiles; len(files) > 0 {
		span.File = files[0]
	}
	return rules.Errorf(span, "analyzer %s failed on package %s: %s", act.Analyzer.Name, act.Package.PkgPath, msg)
}

// loadErrors reports every package error (list, parse, type) of the
// packages and their dependencies once, in a stable order.
func loadErrors(pkgs []*packages.Package) []*rules.InputError {
	var errs []*rules.InputError
	seen := map[string]bool{}
	packages.Visit(pkgs, nil, func(p *packages.Package) {
		for _, e := range p.Errors {
			if compilerEcho(p, e) {
				continue
			}
			ie := packageError(p, e)
			if !seen[ie.Error()] {
				seen[ie.Error()] = true
				errs = append(errs, ie)
			}
		}
	})
	rules.SortErrors(errs)
	return errs
}

// compilerEcho reports whether e is the go command's note that compiling a
// package for its export data failed ("# pkg\nfile:line: …") while the
// package's own parse or type errors, which say the same with exact
// positions, are also there.
func compilerEcho(p *packages.Package, e packages.Error) bool {
	if e.Kind != packages.ListError || !strings.HasPrefix(e.Msg, "# ") {
		return false
	}
	for _, o := range p.Errors {
		if o.Kind == packages.ParseError || o.Kind == packages.TypeError {
			return true
		}
	}
	return false
}

// packageError places a go/packages error. Its Pos is "file:line:col",
// "file:line", "file" or empty (then the package is named instead).
func packageError(p *packages.Package, e packages.Error) *rules.InputError {
	span := parsePos(e.Pos)
	if span.File == "" {
		span.File = p.PkgPath
		if span.File == "" {
			span.File = p.ID
		}
	}
	return &rules.InputError{Span: span, Message: e.Msg}
}

// parsePos splits "file:line:col" from the right, so Windows drive letters
// and colons in directory names survive.
func parsePos(pos string) rules.Span {
	if pos == "" || pos == "-" {
		return rules.Span{}
	}
	rest, last, ok := cutNumber(pos)
	if !ok {
		return rules.Span{File: pos}
	}
	file, line, ok := cutNumber(rest)
	if !ok {
		return rules.Span{File: rest, Line: last}
	}
	return rules.Span{File: file, Line: line, Col: last}
}

// cutNumber splits "x:123" into "x" and 123.
func cutNumber(s string) (string, int, bool) {
	i := strings.LastIndexByte(s, ':')
	if i < 0 {
		return s, 0, false
	}
	n, err := strconv.Atoi(s[i+1:])
	if err != nil || n <= 0 {
		return s, 0, false
	}
	return s[:i], n, true
}

// guarded remembers which analyzers already run under recoverRun.
var guarded = map[*analysis.Analyzer]bool{}

// guardPanics makes each analyzer, and everything it requires, turn a panic
// into an error of its action. The checker runs actions on goroutines, where
// a panic in one analyzer on one odd package would end the whole process.
// Callers hold runMu.
func guardPanics(list []*analysis.Analyzer) {
	for _, a := range list {
		if guarded[a] {
			continue
		}
		guarded[a] = true
		a.Run = recoverRun(a.Name, a.Run)
		guardPanics(a.Requires)
	}
}

func recoverRun(name string, run func(*analysis.Pass) (any, error)) func(*analysis.Pass) (any, error) {
	return func(pass *analysis.Pass) (result any, err error) {
		defer func() {
			if r := recover(); r != nil {
				result = nil
				err = fmt.Errorf("panic: %v%s", r, panicSite(debug.Stack()))
			}
		}()
		return run(pass)
	}
}

// panicSite names the function and line that panicked: the two stack lines
// after the runtime's panic frame.
func panicSite(stack []byte) string {
	lines := strings.Split(string(stack), "\n")
	for i, l := range lines {
		if strings.HasPrefix(l, "panic(") && i+2 < len(lines) {
			return " in " + lines[i+1] + " at " + strings.TrimSpace(lines[i+2])
		}
	}
	return ""
}
