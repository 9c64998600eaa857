package report

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/cachevet/cachevet/rules"
)

// TestJSONWrittenAsEncoded: the report written a finding at a time is
// byte for byte the whole jsonReport as encoding/json indents it, with
// findings and errors, without them, and with characters HTML escaping
// would change.
func TestJSONWrittenAsEncoded(t *testing.T) {
	html := fixture(t)
	html.Findings = html.Findings[:1]
	html.Findings[0].Message = `a <b> & "c" \ d`
	tests := []struct {
		name string
		res  *Result
	}{
		{"fixture", fixture(t)},
		{"empty", &Result{Version: "0.1.0"}},
		{"errors only", &Result{Version: "0.1.0", Files: 2, Errors: []*rules.InputError{rules.Errorf(rules.Span{File: "a.json", Line: 1, Col: 2}, "bad <x>")}}},
		{"html", html},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got bytes.Buffer
			if err := (&jsonReporter{}).Report(&got, tt.res); err != nil {
				t.Fatal(err)
			}
			res := tt.res // prepared by Report
			want := jsonReport{Tool: "cachevet", Version: res.Version,
				Findings: make([]jsonFinding, 0, len(res.Findings)), Errors: make([]jsonError, 0, len(res.Errors))}
			for i := range res.Findings {
				want.Findings = append(want.Findings, toJSONFinding(&res.Findings[i]))
			}
			for _, e := range res.Errors {
				want.Errors = append(want.Errors, jsonError{File: e.Span.File, Line: e.Span.Line, Column: e.Span.Col, Message: e.Message})
			}
			usd, _ := totalUSD(res.Findings)
			want.Summary = jsonSummary{Files: res.Files, Findings: len(res.Findings), Errors: len(res.Errors), USDPerDay: usd}
			var buf bytes.Buffer
			enc := json.NewEncoder(&buf)
			enc.SetEscapeHTML(false)
			enc.SetIndent("", "  ")
			if err := enc.Encode(want); err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got.Bytes(), buf.Bytes()) {
				t.Errorf("written:\n%s\nencoded:\n%s", got.Bytes(), buf.Bytes())
			}
		})
	}
}
