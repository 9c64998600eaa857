package cachevet_test

import (
	"fmt"
	"path/filepath"
	"slices"
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/cachevet/cachevet/analyzers/cachevet"
)

// TestOrigins checks that a finding placed away from where its value is
// produced names the origin as a related location, the same in the
// diagnostic (go vet -json) and in the result (cachevet go).
func TestOrigins(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		pkg  string
		at   string // file:line of the finding
		want string // file:line:col of the origin
	}{
		{"prompts/use", "use.go:22", "sys.go:11:29"},          // a function of another package
		{"lifetimes", "lifetimes.go:38", "lifetimes.go:37:9"}, // a method of a local time
		{"realworld/agent", "agent.go:38", "prompt.go:11:57"}, // an option function, a field, another package
		{"realworld/app", "app.go:15", "prompt.go:11:57"},     // an option function of a third package (SinkFact)
	} {
		t.Run(tc.pkg, func(t *testing.T) {
			results := analysistest.Run(fakeT{t}, analysistest.TestData(), cachevet.Analyzer, tc.pkg)
			var fromResult, fromDiag []string
			for _, r := range results {
				res, _ := r.Result.(*cachevet.Result)
				if res == nil {
					continue
				}
				for _, f := range res.Findings {
					if fmt.Sprintf("%s:%d", filepath.Base(f.Span.File), f.Span.Line) != tc.at {
						continue
					}
					for _, rel := range f.Related {
						fromResult = append(fromResult, fmt.Sprintf("%s:%d:%d %s", filepath.Base(rel.Span.File), rel.Span.Line, rel.Span.Col, rel.Message))
					}
				}
				for _, d := range r.Diagnostics {
					p := r.Pass.Fset.Position(d.Pos)
					if fmt.Sprintf("%s:%d", filepath.Base(p.Filename), p.Line) != tc.at {
						continue
					}
					for _, rel := range d.Related {
						rp := r.Pass.Fset.Position(rel.Pos)
						fromDiag = append(fromDiag, fmt.Sprintf("%s:%d:%d %s", filepath.Base(rp.Filename), rp.Line, rp.Column, rel.Message))
					}
				}
			}
			slices.Sort(fromResult)
			slices.Sort(fromDiag)
			if !slices.Equal(fromResult, fromDiag) {
				t.Errorf("related locations differ:\nresult:     %q\ndiagnostic: %q", fromResult, fromDiag)
			}
			found := false
			for _, r := range fromDiag {
				found = found || len(r) > len(tc.want) && r[:len(tc.want)+1] == tc.want+" "
			}
			if !found {
				t.Errorf("no related location at %s among %q", tc.want, fromDiag)
			}
		})
	}
}

// fakeT lets analysistest.Run report unmatched diagnostics without failing:
// the // want comments are TestAnalyzer's business.
type fakeT struct{ *testing.T }

func (fakeT) Errorf(string, ...any) {}
