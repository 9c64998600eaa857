package report

import (
	"bufio"
	"bytes"
	"encoding/json"
	"io"

	"github.com/cachevet/cachevet/rules"
)

// jsonReporter prints contract.md's JSON report. Field order follows the
// struct order below; fields may be added, never renamed.
type jsonReporter struct{ opts Options }

// jsonReport is the report's shape; Report writes its members one at a
// time in this order (TestJSONWrittenAsEncoded keeps the two equal).
type jsonReport struct {
	Tool     string        `json:"tool"`
	Version  string        `json:"version"`
	Findings []jsonFinding `json:"findings"`
	Errors   []jsonError   `json:"errors"`
	Summary  jsonSummary   `json:"summary"`
}

type jsonFinding struct {
	Rule        string        `json:"rule"`
	Name        string        `json:"name"`
	Severity    string        `json:"severity"`
	File        string        `json:"file"`
	Line        int           `json:"line"`
	Column      int           `json:"column"`
	EndLine     int           `json:"end_line"`
	EndColumn   int           `json:"end_column"`
	Message     string        `json:"message"`
	Provider    string        `json:"provider,omitempty"`
	Model       string        `json:"model,omitempty"`
	Fingerprint string        `json:"fingerprint"`
	Savings     *jsonSavings  `json:"savings,omitempty"`
	Related     []jsonRelated `json:"related,omitempty"`
}

type jsonSavings struct {
	Tokens int `json:"tokens"`
	// AssumedTokens is the part of Tokens that is the assumed size of
	// runtime content (contract: "Runtime content of unknown size").
	AssumedTokens int               `json:"assumed_tokens,omitempty"`
	HitRate       float64           `json:"hit_rate"`
	USDPerRequest float64           `json:"usd_per_request"`
	USDPerDay     float64           `json:"usd_per_day"`
	TTFTms        float64           `json:"ttft_ms"`
	Assumptions   rules.Assumptions `json:"assumptions"`
	// Approx marks token counts estimated with o200k_base times a ratio.
	Approx bool `json:"approx"`
}

type jsonRelated struct {
	File    string `json:"file"`
	Line    int    `json:"line"`
	Column  int    `json:"column"`
	Message string `json:"message"`
}

// jsonError is an input error; line and column are 0 when unknown.
type jsonError struct {
	File    string `json:"file"`
	Line    int    `json:"line"`
	Column  int    `json:"column"`
	Message string `json:"message"`
}

type jsonSummary struct {
	Files     int     `json:"files"`
	Findings  int     `json:"findings"`
	Errors    int     `json:"errors"`
	USDPerDay float64 `json:"usd_per_day"`
}

// Report writes the report a finding at a time, byte for byte what
// encoding/json indents the whole jsonReport into, so a report of a large
// log never holds its text (twice: encoded and indented) at once.
func (j *jsonReporter) Report(w io.Writer, res *Result) error {
	Prepare(res, j.opts)
	usd, _ := totalUSD(res.Findings)
	jw := &jsonWriter{w: bufio.NewWriter(w)}
	jw.raw("{\n  \"tool\": ")
	jw.value("cachevet", "  ")
	jw.raw(",\n  \"version\": ")
	jw.value(res.Version, "  ")
	jw.raw(",\n  \"findings\": ")
	jw.array(len(res.Findings), func(i int) any { return toJSONFinding(&res.Findings[i]) })
	jw.raw(",\n  \"errors\": ")
	jw.array(len(res.Errors), func(i int) any {
		e := res.Errors[i]
		return jsonError{File: e.Span.File, Line: e.Span.Line, Column: e.Span.Col, Message: e.Message}
	})
	jw.raw(",\n  \"summary\": ")
	jw.value(jsonSummary{Files: res.Files, Findings: len(res.Findings), Errors: len(res.Errors), USDPerDay: usd}, "  ")
	jw.raw("\n}\n")
	if jw.err != nil {
		return jw.err
	}
	return jw.w.Flush()
}

// jsonWriter writes the members of a top-level object indented as
// json.Encoder's SetIndent("", "  ") does.
type jsonWriter struct {
	w   *bufio.Writer
	buf bytes.Buffer
	err error
}

func (jw *jsonWriter) raw(s string) {
	if jw.err == nil {
		_, jw.err = jw.w.WriteString(s)
	}
}

// value writes v indented as at depth prefix, without a final line break.
func (jw *jsonWriter) value(v any, prefix string) {
	if jw.err != nil {
		return
	}
	jw.buf.Reset()
	enc := json.NewEncoder(&jw.buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent(prefix, "  ")
	if jw.err = enc.Encode(v); jw.err == nil {
		_, jw.err = jw.w.Write(bytes.TrimSuffix(jw.buf.Bytes(), []byte("\n")))
	}
}

// array writes a member's array of n elements, elem(i) each.
func (jw *jsonWriter) array(n int, elem func(i int) any) {
	if n == 0 {
		jw.raw("[]")
		return
	}
	jw.raw("[\n")
	for i := range n {
		jw.raw("    ")
		jw.value(elem(i), "    ")
		if i < n-1 {
			jw.raw(",")
		}
		jw.raw("\n")
	}
	jw.raw("  ]")
}

func toJSONFinding(f *rules.Finding) jsonFinding {
	endLine, endCol := end(f.Span)
	jf := jsonFinding{
		Rule: f.Rule, Name: f.Name, Severity: f.Severity.String(),
		File: f.Span.File, Line: f.Span.Line, Column: f.Span.Col, EndLine: endLine, EndColumn: endCol,
		Message: f.Message, Provider: f.Provider, Model: f.Model, Fingerprint: f.Fingerprint,
	}
	if sv := f.Savings; sv != nil {
		jf.Savings = &jsonSavings{
			Tokens: sv.Tokens, AssumedTokens: sv.AssumedTokens, HitRate: sv.HitRate, USDPerRequest: sv.USDPerRequest, USDPerDay: sv.USDPerDay, TTFTms: sv.TTFTms,
			Assumptions: sv.Assumptions, Approx: sv.Approx,
		}
	}
	for _, r := range f.Related {
		jf.Related = append(jf.Related, jsonRelated{File: r.Span.File, Line: r.Span.Line, Column: r.Span.Col, Message: r.Message})
	}
	return jf
}
