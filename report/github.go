package report

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"

	"github.com/cachevet/cachevet/rules"
)

// githubReporter prints GitHub Actions workflow commands (::error,
// ::warning, ::notice) and, when GITHUB_STEP_SUMMARY is set, appends a
// Markdown table of every finding to the step summary.
//
// GitHub shows only annotationBudget annotations per level per step and
// drops the rest silently, so within each level the findings that save the
// most come first, and one notice says how many were left out.
type githubReporter struct{ opts Options }

const annotationBudget = 10

// annotation is one workflow command before escaping.
type annotation struct {
	level string // error, warning, notice
	span  rules.Span
	title string
	msg   string
	usd   float64
	input bool // an input error: shown before findings of its level
}

func (g *githubReporter) Report(w io.Writer, res *Result) error {
	Prepare(res, g.opts)
	bw := bufio.NewWriter(w)
	writeAnnotations(bw, res)
	fmt.Fprintln(bw, summaryLine(res))
	if err := bw.Flush(); err != nil {
		return err
	}
	return appendStepSummary(g.opts, func(w io.Writer) error { return writeMarkdownSummary(w, res) })
}

// writeAnnotations writes the workflow commands of res's findings and input
// errors, within GitHub's budget per level.
func writeAnnotations(bw *bufio.Writer, res *Result) {
	byLevel := map[string][]annotation{}
	for _, a := range annotations(res) {
		byLevel[a.level] = append(byLevel[a.level], a)
	}
	hidden := map[string]int{}
	for _, level := range []string{"error", "warning", "notice"} {
		hidden[level] = max(len(byLevel[level])-annotationBudget, 0)
	}
	// The overflow notice takes one notice slot itself.
	if hidden["error"]+hidden["warning"] > 0 || len(byLevel["notice"]) > annotationBudget {
		hidden["notice"] = max(len(byLevel["notice"])-(annotationBudget-1), 0)
	}
	for _, level := range []string{"error", "warning", "notice"} {
		as := byLevel[level]
		rankAnnotations(as)
		for _, a := range as[:len(as)-hidden[level]] {
			bw.WriteString(a.command())
		}
	}
	if note := overflowNote(hidden); note != "" {
		fmt.Fprintf(bw, "::notice title=cachevet::%s\n", escapeData(note))
	}
}

func annotations(res *Result) []annotation {
	var out []annotation
	for _, f := range res.Findings {
		a := annotation{level: ghLevel(f.Severity), span: f.Span, title: f.Rule + " " + f.Name, msg: f.Message}
		if f.Savings != nil {
			a.msg += "\n" + savingsText(f.Savings)
			if f.Savings.Assumptions.PriceKnown {
				a.usd = f.Savings.USDPerDay
			}
		}
		for _, r := range f.Related {
			a.msg += fmt.Sprintf("\n%s: %s", position(r.Span), r.Message)
		}
		out = append(out, a)
	}
	for _, e := range res.Errors {
		out = append(out, annotation{level: "error", span: e.Span, title: "cachevet input error", msg: e.Message, input: true})
	}
	return out
}

func ghLevel(s rules.Severity) string {
	switch s {
	case rules.SeverityError:
		return "error"
	case rules.SeverityWarning:
		return "warning"
	}
	return "notice"
}

// rankAnnotations puts input errors first, then findings by savings per day
// (largest first), then by position.
func rankAnnotations(as []annotation) {
	sort.SliceStable(as, func(i, j int) bool {
		a, b := as[i], as[j]
		if a.input != b.input {
			return a.input
		}
		if a.usd != b.usd {
			return a.usd > b.usd
		}
		return spanLess(a.span, b.span)
	})
}

func spanLess(a, b rules.Span) bool {
	if a.File != b.File {
		return a.File < b.File
	}
	if a.Line != b.Line {
		return a.Line < b.Line
	}
	return a.Col < b.Col
}

func overflowNote(hidden map[string]int) string {
	var parts []string
	for _, l := range []struct{ level, one, several string }{
		{"error", "error", "errors"}, {"warning", "warning", "warnings"}, {"notice", "notice", "notices"},
	} {
		if n := hidden[l.level]; n > 0 {
			parts = append(parts, plural(n, l.one, l.several))
		}
	}
	if len(parts) == 0 {
		return ""
	}
	return fmt.Sprintf("%s more not annotated (GitHub shows %d per level); see the step summary or the SARIF report for all findings",
		strings.Join(parts, ", "), annotationBudget)
}

// command renders the workflow command, e.g.
// ::warning file=a.md,line=3,endLine=3,col=16,endColumn=28,title=PC001 volatile-prefix::message
func (a annotation) command() string {
	var props []string
	if a.span.File != "" {
		props = append(props, "file="+escapeProperty(a.span.File))
	}
	if a.span.Line > 0 {
		endLine, endCol := end(a.span)
		props = append(props, fmt.Sprintf("line=%d", a.span.Line), fmt.Sprintf("endLine=%d", endLine))
		if a.span.Col > 0 {
			props = append(props, fmt.Sprintf("col=%d", a.span.Col))
			if endCol > 0 {
				props = append(props, fmt.Sprintf("endColumn=%d", endCol))
			}
		}
	}
	props = append(props, "title="+escapeProperty(a.title))
	return fmt.Sprintf("::%s %s::%s\n", a.level, strings.Join(props, ","), escapeData(a.msg))
}

// escapeData escapes a workflow command's message as the Actions toolkit
// does: % first, then CR and LF.
func escapeData(s string) string { return dataEscaper.Replace(s) }

var (
	dataEscaper     = strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A")
	propertyEscaper = strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C")
)

// escapeProperty escapes a property value: as data, plus : and ,.
func escapeProperty(s string) string { return propertyEscaper.Replace(s) }

// appendStepSummary appends what write writes to $GITHUB_STEP_SUMMARY,
// when opts.Env has it.
func appendStepSummary(opts Options, write func(io.Writer) error) error {
	if opts.Env == nil {
		return nil
	}
	path := opts.Env("GITHUB_STEP_SUMMARY")
	if path == "" {
		return nil
	}
	f, err := os.OpenFile(path, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644)
	if err != nil {
		return fmt.Errorf("step summary: %w", err)
	}
	if err := write(f); err != nil {
		f.Close()
		return fmt.Errorf("step summary: %w", err)
	}
	return f.Close()
}

// maxSummaryRows keeps the step summary well under GitHub's 1 MiB limit.
const maxSummaryRows = 500

// writeMarkdownSummary writes a table of findings ranked by savings, the
// totals, the assumptions and the input errors.
func writeMarkdownSummary(w io.Writer, res *Result) error {
	bw := bufio.NewWriter(w)
	fmt.Fprintf(bw, "## cachevet\n\n**%s**\n\n", mdEscape(summaryLine(res)))
	ranked := rankedFindings(res.Findings)
	if len(ranked) > 0 {
		bw.WriteString("| Severity | Rule | Location | Saves per day | Tokens | Message |\n|---|---|---|--:|--:|---|\n")
		for i, f := range ranked {
			if i == maxSummaryRows {
				fmt.Fprintf(bw, "| | | | | | %d more findings not listed |\n", len(ranked)-i)
				break
			}
			usd, toks := "", ""
			if sv := f.Savings; sv != nil {
				toks = rules.Thousands(sv.Tokens)
				if sv.Approx {
					toks = "≈" + toks
				}
				if sv.Assumptions.PriceKnown {
					usd = rules.Dollars(sv.USDPerDay)
				}
			}
			fmt.Fprintf(bw, "| %s | %s %s | `%s` | %s | %s | %s |\n",
				f.Severity, f.Rule, f.Name, mdCode(position(f.Span)), usd, toks, mdEscape(f.Message))
		}
		if usd, ok := totalUSD(res.Findings); ok {
			fmt.Fprintf(bw, "| | **Total** | | **%s** | | |\n", rules.Dollars(usd))
		}
		bw.WriteString("\n")
	}
	if a := assumptions(res.Findings); a != "" {
		fmt.Fprintf(bw, "Assumptions: %s.\n\n", mdEscape(a))
	}
	mdErrors(bw, "Input errors:", res.Errors)
	return bw.Flush()
}

// mdErrors lists input errors under a title, if there are any.
func mdErrors(bw *bufio.Writer, title string, errs []*rules.InputError) {
	if len(errs) == 0 {
		return
	}
	bw.WriteString(title + "\n\n")
	for _, e := range errs {
		fmt.Fprintf(bw, "- `%s`: %s\n", mdCode(position(e.Span)), mdEscape(e.Message))
	}
	bw.WriteString("\n")
}

// rankedFindings orders by savings per day, largest first, then position.
func rankedFindings(fs []rules.Finding) []rules.Finding {
	out := append([]rules.Finding(nil), fs...)
	usd := func(f rules.Finding) float64 {
		if f.Savings == nil || !f.Savings.Assumptions.PriceKnown {
			return 0
		}
		return f.Savings.USDPerDay
	}
	sort.SliceStable(out, func(i, j int) bool {
		if a, b := usd(out[i]), usd(out[j]); a != b {
			return a > b
		}
		return spanLess(out[i].Span, out[j].Span)
	})
	return out
}

// mdEscape keeps text on one table row and out of Markdown syntax.
func mdEscape(s string) string {
	return strings.NewReplacer("\r", " ", "\n", " ", "|", "\\|", "<", "&lt;", ">", "&gt;", "*", "\\*", "_", "\\_", "`", "\\`", "[", "\\[", "]", "\\]").Replace(s)
}

// mdCode keeps text inside a code span: backticks and pipes cannot appear.
func mdCode(s string) string {
	return strings.NewReplacer("`", "'", "|", "¦", "\n", " ", "\r", " ").Replace(s)
}
