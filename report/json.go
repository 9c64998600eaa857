package report

import (
	"encoding/json"
	"io"

	"github.com/cachevet/cachevet/rules"
)

// jsonReporter prints contract.md's JSON report. Field order follows the
// struct order below; fields may be added, never renamed.
type jsonReporter struct{ opts Options }

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

func (j *jsonReporter) Report(w io.Writer, res *Result) error {
	Prepare(res, j.opts)
	out := jsonReport{
		Tool:     "cachevet",
		Version:  res.Version,
		Findings: make([]jsonFinding, 0, len(res.Findings)),
		Errors:   make([]jsonError, 0, len(res.Errors)),
	}
	for i := range res.Findings {
		out.Findings = append(out.Findings, toJSONFinding(&res.Findings[i]))
	}
	for _, e := range res.Errors {
		out.Errors = append(out.Errors, jsonError{File: e.Span.File, Line: e.Span.Line, Column: e.Span.Col, Message: e.Message})
	}
	usd, _ := totalUSD(res.Findings)
	out.Summary = jsonSummary{Files: res.Files, Findings: len(res.Findings), Errors: len(res.Errors), USDPerDay: usd}
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
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
