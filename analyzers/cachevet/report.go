package cachevet

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"strings"

	goanalysis "golang.org/x/tools/go/analysis"

	"github.com/cachevet/cachevet/analyzers/internal/directives"
	"github.com/cachevet/cachevet/rules"
)

// check runs the rules over one request and returns the findings not
// suppressed (run reports them, one per site), and the request's map when
// the -maps flag asks for it.
func (a *analysis) check(r *sdkRequest, dirs *directives.Set) ([]rules.Finding, *rules.RequestMap) {
	model := a.settings.ModelFor(r.req.Provider, r.req.Model)
	env, err := a.settings.Env(model)
	if err != nil {
		return nil, nil // an unknown model: nothing to measure against
	}
	if r.req.Model == "" {
		r.req.Model = env.Profile.ID
	}
	var all []rules.Finding
	var m *rules.RequestMap
	if buildMaps {
		all, m = rules.CheckMap(r.req, env)
	} else {
		all = rules.Check(r.req, env)
	}
	var kept []rules.Finding
	if len(r.notes) > 0 && env.Profile.Breakpoints() && !hasRule(all, rules.PC002) {
		// A marker the library drops, on a provider that caches only at
		// breakpoints: PC002 names it when the prefix is
		// large enough to miss a breakpoint; otherwise it is reported on
		// its own, since intent that silently never caches is never silent.
		for _, n := range r.notes {
			if f, ok := rules.DroppedMarker(env, n.Span, n.Message); ok {
				all = append(all, f)
			}
		}
	}
	all = zeroMarkerFindings(all, r.zeroMarkers, env)
	for _, f := range all {
		if dirs.Suppressed(f.Span.File, f.Span.Line, f.Rule) {
			continue
		}
		if f.Rule == rules.PC002 {
			f.Related = append(f.Related, r.notes...)
		}
		f.Related = append(f.Related, rules.Related{Span: r.req.Span, Message: "request sent here"})
		kept = append(kept, f)
	}
	return kept, m
}

// zeroMarkerFindings reports every cache marker the SDK leaves out of the
// JSON at the marker, on any model that caches: the code asked for a
// cache point the request does not carry. It takes the place of the
// request's missing-breakpoint finding, whose savings it keeps, so the one
// root cause is reported once, where the fix goes.
func zeroMarkerFindings(all []rules.Finding, zero []rules.Related, env *rules.Env) []rules.Finding {
	if len(zero) == 0 {
		return all
	}
	var sv *rules.Savings
	kept := all[:0]
	for _, f := range all {
		if f.Rule == rules.PC002 {
			sv = f.Savings
			continue
		}
		kept = append(kept, f)
	}
	for i, z := range zero {
		f, ok := rules.DroppedMarker(env, z.Span, z.Message)
		if !ok {
			continue
		}
		f.Key = "zero-marker"
		if i == 0 {
			f.Savings = sv
		}
		kept = append(kept, f)
	}
	return kept
}

func hasRule(fs []rules.Finding, code string) bool {
	for _, f := range fs {
		if f.Rule == code {
			return true
		}
	}
	return false
}

func (a *analysis) report(r *sdkRequest, f rules.Finding) {
	pos, end := a.Pos(f.Span)
	if !pos.IsValid() {
		pos, end = r.call.Pos(), r.call.End()
	}
	d := goanalysis.Diagnostic{
		Pos: pos, End: end, Category: f.Rule, Message: f.Message,
		URL: rules.MustRule(f.Rule).URL(),
	}
	for _, rel := range f.Related {
		if p, e := a.Pos(rel.Span); p.IsValid() {
			d.Related = append(d.Related, goanalysis.RelatedInformation{Pos: p, End: e, Message: rel.Message})
		}
	}
	switch f.Rule {
	case rules.PC002:
		d.SuggestedFixes = a.breakpointFix(r, f)
	case rules.PC006:
		d.SuggestedFixes = a.sortFix(r, f)
	case rules.PC003:
		if repl, ok := r.zeroFixes[f.Span]; ok && f.Key == "zero-marker" {
			d.SuggestedFixes = []goanalysis.SuggestedFix{{Message: "Send the cache marker",
				TextEdits: []goanalysis.TextEdit{{Pos: pos, End: end, NewText: []byte(repl)}}}}
		}
	}
	a.pass.Report(d)
}

// breakpointFix adds CacheControl to the TextBlockParam literal of the
// system block the finding names.
func (a *analysis) breakpointFix(r *sdkRequest, f rules.Finding) []goanalysis.SuggestedFix {
	if lit := r.systemLits[f.Span]; lit != nil {
		ctor := "NewCacheControlEphemeralParam"
		if r.beta {
			ctor = "NewBetaCacheControlEphemeralParam"
		}
		field := "CacheControl: " + r.sdkName + "." + ctor + "()"
		var edit goanalysis.TextEdit
		last := lit.Elts[len(lit.Elts)-1]
		if a.line(lit.Rbrace) == a.line(last.End()) {
			edit = goanalysis.TextEdit{Pos: last.End(), End: last.End(), NewText: []byte(", " + field)}
		} else {
			indent := a.indent(last.Pos())
			edit = goanalysis.TextEdit{Pos: lit.Rbrace - token.Pos(len(a.lineTail(lit.Rbrace))), End: lit.Rbrace - token.Pos(len(a.lineTail(lit.Rbrace))), NewText: []byte(indent + field + ",\n")}
		}
		return []goanalysis.SuggestedFix{{Message: "Add a cache breakpoint to the system prompt", TextEdits: []goanalysis.TextEdit{edit}}}
	}
	return nil
}

func (a *analysis) line(p token.Pos) int { return a.pass.Fset.Position(p).Line }

// indent is the leading white space of the line holding p.
func (a *analysis) indent(p token.Pos) string {
	data := a.Src(p)
	off := a.pass.Fset.Position(p).Offset
	start := off
	for start > 0 && data[start-1] != '\n' {
		start--
	}
	end := start
	for end < len(data) && (data[end] == ' ' || data[end] == '\t') {
		end++
	}
	return string(data[start:end])
}

// lineTail is the white space before p on its line.
func (a *analysis) lineTail(p token.Pos) string {
	data := a.Src(p)
	off := a.pass.Fset.Position(p).Offset
	start := off
	for start > 0 && (data[start-1] == ' ' || data[start-1] == '\t') {
		start--
	}
	return string(data[start:off])
}

// sortFix rewrites `for k, v := range m` into a range over the sorted keys,
// when the loop has that exact shape and the keys are ordered.
func (a *analysis) sortFix(r *sdkRequest, f rules.Finding) []goanalysis.SuggestedFix {
	rng := r.ranges[f.Span]
	if rng == nil {
		return nil
	}
	key, ok := rng.Key.(*ast.Ident)
	if !ok || key.Name == "_" || !a.orderedKey(rng) {
		return nil
	}
	mapText := a.text(rng.X)
	if _, simple := ast.Unparen(rng.X).(*ast.Ident); !simple {
		if _, sel := rng.X.(*ast.SelectorExpr); !sel {
			return nil // evaluating the map twice is not obviously the same
		}
	}
	edits := []goanalysis.TextEdit{
		{Pos: key.Pos(), End: key.Pos(), NewText: []byte("_, ")},
		{Pos: rng.X.Pos(), End: rng.X.End(), NewText: fmt.Appendf(nil, "slices.Sorted(maps.Keys(%s))", mapText)},
	}
	if v, ok := rng.Value.(*ast.Ident); ok && rng.Value != nil {
		edits[0] = goanalysis.TextEdit{Pos: key.Pos(), End: v.End(), NewText: []byte("_, " + key.Name)}
		if v.Name != "_" {
			body := a.lineEnd(rng.Body.Lbrace)
			edits = append(edits, goanalysis.TextEdit{Pos: body, End: body, NewText: fmt.Appendf(nil, "\n%s\t%s := %s[%s]", a.indent(rng.Pos()), v.Name, mapText, key.Name)})
		}
	}
	edits = append(edits, a.addImports(r.file, "maps", "slices")...)
	return []goanalysis.SuggestedFix{{Message: "Range over the map's sorted keys", TextEdits: edits}}
}

func (a *analysis) orderedKey(rng *ast.RangeStmt) bool {
	t := a.pass.TypesInfo.TypeOf(rng.Key)
	if t == nil {
		return false
	}
	b, ok := t.Underlying().(*types.Basic)
	return ok && b.Info()&types.IsOrdered != 0
}

func (a *analysis) text(x ast.Expr) string {
	data := a.Src(x.Pos())
	s, e := a.pass.Fset.Position(x.Pos()).Offset, a.pass.Fset.Position(x.End()).Offset
	if data == nil || e > len(data) {
		return ""
	}
	return string(data[s:e])
}

// addImports inserts missing imports after the file's last import.
func (a *analysis) addImports(f *ast.File, paths ...string) []goanalysis.TextEdit {
	have := map[string]bool{}
	for _, imp := range f.Imports {
		have[strings.Trim(imp.Path.Value, `"`)] = true
	}
	var missing []string
	for _, p := range paths {
		if !have[p] {
			missing = append(missing, p)
		}
	}
	if len(missing) == 0 {
		return nil
	}
	var text strings.Builder
	for _, p := range missing {
		fmt.Fprintf(&text, "\n\t%q", p)
	}
	for _, d := range f.Decls {
		gd, ok := d.(*ast.GenDecl)
		if !ok || gd.Tok != token.IMPORT {
			continue
		}
		if gd.Lparen.IsValid() {
			// After the last standard library import, so groups stay intact.
			at := gd.Lparen + 1
			for _, spec := range gd.Specs {
				if !strings.Contains(spec.(*ast.ImportSpec).Path.Value, ".") {
					at = spec.End()
				}
			}
			return []goanalysis.TextEdit{{Pos: at, End: at, NewText: []byte(text.String())}}
		}
		return []goanalysis.TextEdit{{Pos: gd.End(), End: gd.End(), NewText: []byte("\n\nimport (" + text.String() + "\n)")}}
	}
	return []goanalysis.TextEdit{{Pos: f.Name.End(), End: f.Name.End(), NewText: []byte("\n\nimport (" + text.String() + "\n)")}}
}

// lineEnd is the position of the newline ending p's line.
func (a *analysis) lineEnd(p token.Pos) token.Pos {
	data := a.Src(p)
	off := a.pass.Fset.Position(p).Offset
	end := off
	for end < len(data) && data[end] != '\n' {
		end++
	}
	return p + token.Pos(end-off)
}
