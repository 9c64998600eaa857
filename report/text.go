package report

import (
	"bufio"
	"fmt"
	"io"
	"math"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/cachevet/cachevet/rules"
)

// textReporter prints the default human format:
//
//	path:line:col: PC001 warning: message
//	    source line
//	    caret line
//	    saves ≈3,412 tokens per request, 99% hit rate: $13.15/day, 310 ms faster first token
//	    path:line:col: note: related message
//
// then a summary with the assumptions behind the estimates.
type textReporter struct{ opts Options }

const (
	ansiReset  = "\x1b[0m"
	ansiBold   = "\x1b[1m"
	ansiRed    = "\x1b[31m"
	ansiYellow = "\x1b[33m"
	ansiCyan   = "\x1b[36m"
	ansiGreen  = "\x1b[32m"
	ansiDim    = "\x1b[2m"
)

func (t *textReporter) Report(w io.Writer, res *Result) error {
	Prepare(res, t.opts)
	bw := bufio.NewWriter(w)
	src := newSources(t.opts)
	for i := range res.Findings {
		t.finding(bw, &res.Findings[i], src)
	}
	for _, e := range res.Errors {
		fmt.Fprintf(bw, "%s: %s: %s\n", t.paint(ansiBold, position(e.Span)), t.paint(ansiRed, "error"), e.Message)
	}
	fmt.Fprintln(bw, summaryLine(res))
	if a := assumptions(res.Findings); a != "" {
		fmt.Fprintln(bw, "assumptions: "+a)
	}
	return bw.Flush()
}

func (t *textReporter) finding(w io.Writer, f *rules.Finding, src *sources) {
	fmt.Fprintf(w, "%s: %s %s: %s\n", t.paint(ansiBold, position(f.Span)), f.Rule, t.severity(f.Severity), f.Message)
	if line, ok := src.line(f.Span.File, f.Span.Line); ok {
		text, caret := snippet(line, f.Span)
		fmt.Fprintf(w, "    %s\n    %s\n", text, t.paint(ansiGreen, caret))
	}
	if f.Savings != nil {
		fmt.Fprintf(w, "    %s\n", t.paint(ansiCyan, savingsText(f.Savings)))
	}
	for _, r := range f.Related {
		fmt.Fprintf(w, "    %s: %s: %s\n", position(r.Span), t.paint(ansiDim, "note"), r.Message)
	}
}

func (t *textReporter) severity(s rules.Severity) string {
	switch s {
	case rules.SeverityError:
		return t.paint(ansiRed, s.String())
	case rules.SeverityWarning:
		return t.paint(ansiYellow, s.String())
	}
	return t.paint(ansiCyan, s.String())
}

func (t *textReporter) paint(code, s string) string {
	if !t.opts.Color {
		return s
	}
	return code + s + ansiReset
}

// position prints path:line:col, or the path alone when the line is unknown.
func position(s rules.Span) string {
	file := s.File
	if file == "" {
		file = "-"
	}
	if s.Line <= 0 {
		return file
	}
	return fmt.Sprintf("%s:%d:%d", file, s.Line, max(s.Col, 1))
}

// maxSnippet is how many bytes of a long line (minified JSON) are shown
// around the finding.
const maxSnippet = 160

// maxCaret is how many columns the caret line underlines at most; a longer
// span (a whole tools array on one JSONL line) is cut, marked with "…", as
// the snippet is.
const maxCaret = 40

// snippet returns the printable source line and a caret line under the
// span's columns (byte offsets). Long lines are cut to a window around the
// column, marked with "…".
func snippet(line string, s rules.Span) (text, caret string) {
	col := min(max(s.Col, 1), len(line)+1)
	endLine, endCol := end(s)
	stop := col + 1
	if endLine == s.Line && endCol > col {
		stop = min(endCol, len(line)+1)
	}
	from, to := window(line, col)
	prefix, lead, tail := "", "", ""
	if from > 0 {
		prefix = "…"
	}
	if to < len(line) {
		tail = "…"
	}
	lead = line[from : col-1]
	marked := line[min(col-1, to):min(max(stop-1, col-1), to)]
	n := max(width(marked), 1)
	more := ""
	if n > maxCaret {
		n, more = maxCaret, "…"
	}
	text = prefix + printable(line[from:to]) + tail
	caret = pad(prefix) + pad(lead) + "^" + strings.Repeat("~", n-1) + more
	return strings.TrimRight(text, " \t"), caret
}

// window picks the byte range of line to show: the whole line when short,
// else maxSnippet bytes starting a little before col, cut at rune
// boundaries.
func window(line string, col int) (from, to int) {
	if len(line) <= maxSnippet {
		return 0, len(line)
	}
	from = max(col-1-maxSnippet/3, 0)
	for from > 0 && !utf8.RuneStart(line[from]) {
		from--
	}
	// A span longer than the window (a whole tools array on one JSONL line)
	// is underlined only as far as the window shows it.
	to = min(from+maxSnippet, len(line))
	for to < len(line) && !utf8.RuneStart(line[to]) {
		to++
	}
	return from, to
}

// savingsText says what fixing a finding saves, with ≈ for estimated
// counts and no dollars when the price is unknown.
func savingsText(sv *rules.Savings) string {
	approx := ""
	if sv.Approx {
		approx = "≈"
	}
	parts := fmt.Sprintf("saves %s%s tokens per request", approx, rules.Thousands(sv.Tokens))
	if sv.AssumedTokens > 0 {
		parts += fmt.Sprintf(" (%s of them assumed)", rules.Thousands(sv.AssumedTokens))
	}
	parts += fmt.Sprintf(", %s hit rate", percent(sv.HitRate))
	if sv.Assumptions.PriceKnown {
		parts += ": " + rules.Dollars(sv.USDPerDay) + "/day"
	}
	if sv.TTFTms != 0 {
		parts += ", " + latency(sv.TTFTms)
	}
	return parts
}

func percent(h float64) string {
	p := h * 100
	switch {
	case p > 0 && p < 1:
		return "<1%"
	case p > 99 && p < 100:
		return "99%" // never round a miss rate away
	}
	return fmt.Sprintf("%.0f%%", p)
}

func latency(ms float64) string {
	dir := "faster"
	if ms < 0 {
		dir, ms = "slower", -ms
	}
	if ms >= 1000 {
		return fmt.Sprintf("%.1f s %s first token", ms/1000, dir)
	}
	return fmt.Sprintf("%.0f ms %s first token", ms, dir)
}

// dollars prints an amount with a sign when negative: $13.15, -$0.42,
// $1,204.

// summaryLine counts findings by severity and totals their savings:
// "3 findings (2 warnings, 1 info) in 12 files; fixing them saves about $14.02/day".
func summaryLine(res *Result) string {
	var b strings.Builder
	if len(res.Findings) == 0 {
		b.WriteString("no findings")
	} else {
		fmt.Fprintf(&b, "%s (%s)", plural(len(res.Findings), "finding", "findings"), severityCounts(res.Findings))
	}
	if n := len(res.Errors); n > 0 {
		fmt.Fprintf(&b, " and %s", plural(n, "input error", "input errors"))
	}
	fmt.Fprintf(&b, " in %s", plural(res.Files, "file", "files"))
	if usd, ok := totalUSD(res.Findings); ok && usd != 0 {
		them := "them"
		if len(res.Findings) == 1 {
			them = "it"
		}
		if usd > 0 {
			fmt.Fprintf(&b, "; fixing %s saves about %s/day", them, rules.Dollars(usd))
		} else {
			fmt.Fprintf(&b, "; fixing %s costs about %s/day more", them, rules.Dollars(-usd))
		}
	}
	return b.String()
}

func severityCounts(fs []rules.Finding) string {
	var n [4]int
	for _, f := range fs {
		if int(f.Severity) < len(n) {
			n[f.Severity]++
		}
	}
	var parts []string
	for _, s := range []struct {
		sev          rules.Severity
		one, several string
	}{
		{rules.SeverityError, "error", "errors"},
		{rules.SeverityWarning, "warning", "warnings"},
		{rules.SeverityInfo, "info", "info"},
	} {
		if c := n[s.sev]; c > 0 {
			parts = append(parts, plural(c, s.one, s.several))
		}
	}
	return strings.Join(parts, ", ")
}

func plural(n int, one, several string) string {
	if n == 1 {
		return "1 " + one
	}
	return rules.Thousands(n) + " " + several
}

// totalUSD sums the per-day savings of findings with a known price.
func totalUSD(fs []rules.Finding) (float64, bool) {
	sum, any := 0.0, false
	for _, f := range fs {
		if f.Savings != nil && f.Savings.Assumptions.PriceKnown {
			sum += f.Savings.USDPerDay
			any = true
		}
	}
	return math.Round(sum*100) / 100, any
}

// assumptions states the model, traffic, TTL and prices behind the
// estimates, one clause per distinct combination, e.g.
// "claude-sonnet-4-5 at 1 rpm sharing each prefix, TTL 5m ($3/MTok input, write ×1.25, read ×0.1)".
func assumptions(fs []rules.Finding) string {
	seen := map[string]bool{}
	var clauses []string
	approx := false
	for _, f := range fs {
		if f.Savings == nil {
			continue
		}
		approx = approx || f.Savings.Approx
		a := f.Savings.Assumptions
		model := f.Model
		if model == "" {
			model = "the default model"
		}
		c := fmt.Sprintf("%s at %g rpm sharing each prefix, TTL %s", model, a.RequestsPerMinute, a.TTL)
		if a.PriceKnown {
			c += fmt.Sprintf(" ($%g/MTok input, write ×%g, read ×%g)", a.InputUSDPerMTok, a.WriteMultiplier, a.ReadMultiplier)
		} else {
			c += " (price unknown)"
		}
		if !seen[c] {
			seen[c] = true
			clauses = append(clauses, c)
		}
	}
	sort.Strings(clauses)
	if a := assumedSizes(fs); a != "" {
		clauses = append(clauses, a)
	}
	if approx {
		clauses = append(clauses, "≈ marks token counts estimated with o200k_base times the model's ratio")
	}
	return strings.Join(clauses, "; ")
}

// assumedSizes states the sizes assumed for runtime content of unknown
// size, when an estimate used them: "runtime content of unknown size
// assumed at history 10,000 tokens, tools 3,000 tokens".
func assumedSizes(fs []rules.Finding) string {
	seen := map[string]bool{}
	var sizes []string
	for _, f := range fs {
		if f.Savings == nil {
			continue
		}
		a := f.Savings.Assumptions
		for _, k := range a.Assumed {
			s := fmt.Sprintf("%s %s tokens", k, rules.Thousands(a.AssumedSizes[k]))
			if !seen[s] {
				seen[s] = true
				sizes = append(sizes, s)
			}
		}
	}
	if len(sizes) == 0 {
		return ""
	}
	sort.Strings(sizes)
	return "runtime content of unknown size assumed at " + strings.Join(sizes, ", ") + " (config assume:, --assume)"
}
