package report

import (
	"encoding/json"
	"os"
	"regexp"
	"strings"
	"testing"
)

// TestProblemMatcher checks that the problem matcher shipped for the text
// format (GitHub Actions runs its JavaScript regexps; these use only syntax
// Go and JavaScript share) turns every finding and positioned error line
// into an annotation and nothing else.
func TestProblemMatcher(t *testing.T) {
	data, err := os.ReadFile("../.github/cachevet-problem-matcher.json")
	if err != nil {
		t.Fatal(err)
	}
	var pm struct {
		ProblemMatcher []struct {
			Owner    string `json:"owner"`
			Severity string `json:"severity"`
			Pattern  []struct {
				Regexp                                      string
				File, Line, Column, Code, Severity, Message int
			} `json:"pattern"`
		} `json:"problemMatcher"`
	}
	if err := json.Unmarshal(data, &pm); err != nil {
		t.Fatal(err)
	}
	type match struct{ file, line, col, code, severity, message string }
	parse := func(l string) (match, bool) {
		for _, m := range pm.ProblemMatcher {
			p := m.Pattern[0]
			re := regexp.MustCompile(p.Regexp)
			g := re.FindStringSubmatch(l)
			if g == nil {
				continue
			}
			at := func(i int) string {
				if i == 0 {
					return ""
				}
				return g[i]
			}
			sev := at(p.Severity)
			if sev == "" {
				sev = m.Severity
			}
			return match{at(p.File), at(p.Line), at(p.Column), at(p.Code), sev, at(p.Message)}, true
		}
		return match{}, false
	}
	if !strings.HasPrefix(pm.ProblemMatcher[0].Owner, "cachevet") {
		t.Errorf("owner = %q", pm.ProblemMatcher[0].Owner)
	}
	var got []match
	for _, l := range strings.Split(string(render(t, "text", Options{Root: srcDir})), "\n") {
		if m, ok := parse(l); ok {
			got = append(got, m)
		}
	}
	res := fixture(t)
	Prepare(res, Options{Root: srcDir})
	if want := len(res.Findings) + 1; len(got) != want { // +1: the positioned input error
		t.Fatalf("matched %d lines, want %d: %+v", len(got), want, got)
	}
	for i, f := range res.Findings {
		m := got[i]
		sev := map[string]string{"error": "error", "warning": "warning", "info": "notice"}[f.Severity.String()]
		if m.file != f.Span.File || m.line != itoa(f.Span.Line) || m.col != itoa(f.Span.Col) ||
			m.code != f.Rule || m.severity != sev || m.message != f.Message {
			t.Errorf("line for %s at %s parsed as %+v", f.Rule, f.Span, m)
		}
	}
	if e := got[len(got)-1]; e.file != "requests/broken.json" || e.line != "4" || e.col != "14" || e.severity != "error" || e.code != "" {
		t.Errorf("input error parsed as %+v", e)
	}
}

func itoa(n int) string {
	b, _ := json.Marshal(n)
	return string(b)
}
