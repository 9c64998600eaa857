package report

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"strings"

	"github.com/cachevet/cachevet/rules"
)

// Delta is what a change does to the findings (`cachevet delta`): the
// findings it adds and removes and the ones both sides share, matched by
// fingerprint. Its findings are prepared already (relative paths,
// fingerprints); the delta reporters print them as they are.
type Delta struct {
	// Base is the revision as given; Commit is the commit it names.
	Base, Commit string
	Added        []rules.Finding
	Removed      []rules.Finding
	// Matched are the findings on both sides, in head order.
	Matched []Match
	// Unchecked are head findings whose base could not be checked
	// (BaseErrors say why): neither added nor old, and left out of the net.
	Unchecked []rules.Finding
	// NewFiles are the head's files that did not exist at the base.
	NewFiles map[string]bool
	// BaseErrors are the base's input errors; Errors are the head's.
	BaseErrors, Errors []*rules.InputError
	// Notes are said before the lists: a path missing at the base, a base
	// that does not build.
	Notes []string
	// Files is the number of the head's files (or packages) checked.
	Files   int
	Version string
}

// Match is one finding on both sides.
type Match struct{ Base, Head rules.Finding }

// Moved reports whether the finding changed file, line or column.
func (m Match) Moved() bool {
	a, b := m.Base.Span, m.Head.Span
	return a.File != b.File || a.Line != b.Line || a.Col != b.Col
}

// usdChange is what the finding's cost changed by (the prefix after it
// grew or shrank).
func (m Match) usdChange() float64 { return usdPerDay(m.Head) - usdPerDay(m.Base) }

// DeltaFormats lists the formats WriteDelta accepts, default first.
func DeltaFormats() []string { return []string{"text", "json", "markdown", "github"} }

// Net is the change in dollars per day: the added findings' cost, less the
// removed ones', plus the change in cost of the findings both sides share.
// Unchecked findings are left out (see Complete).
func (d *Delta) Net() float64 {
	sum := 0.0
	for _, f := range d.Added {
		sum += usdPerDay(f)
	}
	for _, f := range d.Removed {
		sum -= usdPerDay(f)
	}
	for _, m := range d.Matched {
		sum += m.usdChange()
	}
	return math.Round(sum*100) / 100
}

// Complete reports whether every head finding could be compared.
func (d *Delta) Complete() bool { return len(d.Unchecked) == 0 && len(d.BaseErrors) == 0 }

// Changed reports whether the change adds, removes, moves or re-prices a
// finding, or leaves some uncompared.
func (d *Delta) Changed() bool {
	if len(d.Added)+len(d.Removed)+len(d.Unchecked) > 0 {
		return true
	}
	for _, m := range d.Matched {
		if m.Moved() || m.usdChange() != 0 {
			return true
		}
	}
	return false
}

func (d *Delta) moved() (moved, repriced []Match) {
	for _, m := range d.Matched {
		switch {
		case m.Moved():
			moved = append(moved, m)
		case math.Round(m.usdChange()*100) != 0:
			repriced = append(repriced, m)
		}
	}
	return moved, repriced
}

func usdPerDay(f rules.Finding) float64 {
	if f.Savings == nil || !f.Savings.Assumptions.PriceKnown {
		return 0
	}
	return f.Savings.USDPerDay
}

// signedDollars prints +$7.30, -$2.00 or $0.00.
func signedDollars(v float64) string {
	if v >= 0.005 {
		return "+" + rules.Dollars(v)
	}
	return rules.Dollars(v)
}

// baseName is how the base is named in reports: "main (1a2b3c4d)".
func (d *Delta) baseName() string {
	short := d.Commit
	if len(short) > 12 {
		short = short[:12]
	}
	if short == "" || d.Base == d.Commit || strings.HasPrefix(d.Commit, d.Base) {
		return firstNonEmptyString(d.Base, short)
	}
	return fmt.Sprintf("%s (%s)", d.Base, short)
}

func firstNonEmptyString(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// headline is the one-line verdict: "+$7.30/day against main (1a2b3c4d):
// 1 added, 0 removed, 1 moved".
func (d *Delta) headline() string {
	moved, _ := d.moved()
	counts := fmt.Sprintf("%d added, %d removed, %d moved", len(d.Added), len(d.Removed), len(moved))
	if n := len(d.Unchecked); n > 0 {
		counts += fmt.Sprintf(", %d not compared", n)
	}
	net := signedDollars(d.Net()) + "/day"
	if !d.Complete() {
		net += " on what could be compared"
	}
	if !d.Changed() {
		return fmt.Sprintf("no change against %s: %s; net %s", d.baseName(), plural(len(d.Matched), "finding on both sides", "findings on both sides"), net)
	}
	return fmt.Sprintf("net %s against %s: %s", net, d.baseName(), counts)
}

func (d *Delta) allFindings() []rules.Finding {
	out := append([]rules.Finding(nil), d.Added...)
	out = append(out, d.Removed...)
	out = append(out, d.Unchecked...)
	for _, m := range d.Matched {
		out = append(out, m.Head)
	}
	return out
}

// WriteDelta prints a delta in one of DeltaFormats. The github format
// annotates added findings (and the head's input errors) only, and appends
// the markdown to $GITHUB_STEP_SUMMARY when opts.Env has it.
func WriteDelta(w io.Writer, format string, d *Delta, opts Options) error {
	switch strings.ToLower(strings.TrimSpace(format)) {
	case "", "text":
		return deltaText(w, d)
	case "json":
		return deltaJSON(w, d)
	case "markdown":
		return deltaMarkdown(w, d)
	case "github":
		return deltaGitHub(w, d, opts)
	}
	return fmt.Errorf("unknown format %q (want %s)", format, strings.Join(DeltaFormats(), ", "))
}

func deltaLine(f rules.Finding) string {
	return fmt.Sprintf("%s: %s %s: %s", position(f.Span), f.Rule, f.Severity, f.Message)
}

func deltaText(w io.Writer, d *Delta) error {
	bw := bufio.NewWriter(w)
	for _, n := range d.Notes {
		fmt.Fprintf(bw, "note: %s\n", n)
	}
	section := func(title string, fs []rules.Finding, sign float64) {
		if len(fs) == 0 {
			return
		}
		fmt.Fprintf(bw, "%s:\n", title)
		for _, f := range fs {
			extra := ""
			if d.NewFiles[f.Span.File] && sign > 0 {
				extra = ", new file"
			}
			fmt.Fprintf(bw, "  %s [%s/day%s]\n", deltaLine(f), signedDollars(sign*usdPerDay(f)), extra)
		}
	}
	section("added", d.Added, 1)
	section("removed", d.Removed, -1)
	moved, repriced := d.moved()
	if len(moved) > 0 {
		fmt.Fprintln(bw, "moved:")
		for _, m := range moved {
			fmt.Fprintf(bw, "  %s -> %s [%s/day]\n", position(m.Base.Span), deltaLine(m.Head), signedDollars(m.usdChange()))
		}
	}
	if len(repriced) > 0 {
		fmt.Fprintln(bw, "changed cost:")
		for _, m := range repriced {
			fmt.Fprintf(bw, "  %s [%s/day]\n", deltaLine(m.Head), signedDollars(m.usdChange()))
		}
	}
	if len(d.Unchecked) > 0 {
		fmt.Fprintln(bw, "not compared (the base could not be checked; these are the head's findings alone):")
		for _, f := range d.Unchecked {
			fmt.Fprintf(bw, "  %s [%s/day]\n", deltaLine(f), rules.Dollars(usdPerDay(f)))
		}
	}
	for _, e := range d.BaseErrors {
		fmt.Fprintf(bw, "%s: base error: %s\n", position(e.Span), e.Message)
	}
	for _, e := range d.Errors {
		fmt.Fprintf(bw, "%s: error: %s\n", position(e.Span), e.Message)
	}
	fmt.Fprintln(bw, d.headline())
	if a := assumptions(d.allFindings()); a != "" {
		fmt.Fprintln(bw, "assumptions: "+a)
	}
	return bw.Flush()
}

type jsonDeltaReport struct {
	Tool    string    `json:"tool"`
	Version string    `json:"version"`
	Delta   jsonDelta `json:"delta"`
}

type jsonDelta struct {
	Base      string             `json:"base"`
	Commit    string             `json:"commit"`
	Added     []jsonDeltaFinding `json:"added"`
	Removed   []jsonDeltaFinding `json:"removed"`
	Moved     []jsonMatch        `json:"moved"`
	Changed   []jsonMatch        `json:"changed"`
	Unchecked []jsonDeltaFinding `json:"unchecked"`
	// USDPerDay is the net change (Delta.Net); Complete is false when some
	// head findings could not be compared and are not in it.
	USDPerDay  float64     `json:"usd_per_day"`
	Complete   bool        `json:"complete"`
	Unchanged  int         `json:"unchanged"`
	Notes      []string    `json:"notes"`
	BaseErrors []jsonError `json:"base_errors"`
	Errors     []jsonError `json:"errors"`
}

type jsonDeltaFinding struct {
	jsonFinding
	NewFile bool `json:"new_file,omitempty"`
}

// jsonMatch is a finding both sides have: the head's, where it was, what
// it cost before and what its cost changed by.
type jsonMatch struct {
	jsonFinding
	From            jsonPosition `json:"from"`
	USDPerDayBefore float64      `json:"usd_per_day_before"`
	USDPerDayChange float64      `json:"usd_per_day_change"`
}

type jsonPosition struct {
	File   string `json:"file"`
	Line   int    `json:"line"`
	Column int    `json:"column"`
}

func deltaJSON(w io.Writer, d *Delta) error {
	findings := func(fs []rules.Finding) []jsonDeltaFinding {
		out := make([]jsonDeltaFinding, 0, len(fs))
		for i := range fs {
			out = append(out, jsonDeltaFinding{jsonFinding: toJSONFinding(&fs[i]), NewFile: d.NewFiles[fs[i].Span.File]})
		}
		return out
	}
	matches := func(ms []Match) []jsonMatch {
		out := make([]jsonMatch, 0, len(ms))
		for _, m := range ms {
			out = append(out, jsonMatch{
				jsonFinding:     toJSONFinding(&m.Head),
				From:            jsonPosition{File: m.Base.Span.File, Line: m.Base.Span.Line, Column: m.Base.Span.Col},
				USDPerDayBefore: usdPerDay(m.Base),
				USDPerDayChange: math.Round(m.usdChange()*100) / 100,
			})
		}
		return out
	}
	errs := func(es []*rules.InputError) []jsonError {
		out := make([]jsonError, 0, len(es))
		for _, e := range es {
			out = append(out, jsonError{File: e.Span.File, Line: e.Span.Line, Column: e.Span.Col, Message: e.Message})
		}
		return out
	}
	moved, repriced := d.moved()
	out := jsonDeltaReport{Tool: "cachevet", Version: d.Version, Delta: jsonDelta{
		Base: d.Base, Commit: d.Commit,
		Added: findings(d.Added), Removed: findings(d.Removed), Moved: matches(moved), Changed: matches(repriced),
		Unchecked: findings(d.Unchecked),
		USDPerDay: d.Net(), Complete: d.Complete(), Unchanged: len(d.Matched) - len(moved),
		Notes: append([]string{}, d.Notes...), BaseErrors: errs(d.BaseErrors), Errors: errs(d.Errors),
	}}
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}

// maxDeltaRows keeps the pull request table short; the JSON has every row.
const maxDeltaRows = 50

// deltaMarkdown writes a short table a reviewer reads in a pull request:
// added, removed and moved findings with their dollars per day, then the
// net.
func deltaMarkdown(w io.Writer, d *Delta) error {
	bw := bufio.NewWriter(w)
	fmt.Fprintf(bw, "### cachevet: %s\n\n", mdEscape(d.headline()))
	for _, n := range d.Notes {
		fmt.Fprintf(bw, "> %s\n\n", mdEscape(n))
	}
	type row struct{ change, rule, where, usd, msg string }
	var rows []row
	add := func(change string, f rules.Finding, where string, usd float64) {
		cell := signedDollars(usd)
		if f.Savings == nil || !f.Savings.Assumptions.PriceKnown {
			cell = "" // no price, no dollars
		}
		rows = append(rows, row{change, f.Rule + " " + f.Name, where, cell, mdEscape(f.Message)})
	}
	for _, f := range rankedFindings(d.Added) {
		change := "added"
		if d.NewFiles[f.Span.File] {
			change = "added (new file)"
		}
		add(change, f, "`"+mdCode(position(f.Span))+"`", usdPerDay(f))
	}
	for _, f := range rankedFindings(d.Removed) {
		add("removed", f, "`"+mdCode(position(f.Span))+"`", -usdPerDay(f))
	}
	moved, repriced := d.moved()
	for _, m := range moved {
		add("moved", m.Head, "`"+mdCode(position(m.Base.Span))+"` → `"+mdCode(position(m.Head.Span))+"`", m.usdChange())
	}
	for _, m := range repriced {
		add("cost changed", m.Head, "`"+mdCode(position(m.Head.Span))+"`", m.usdChange())
	}
	for _, f := range rankedFindings(d.Unchecked) {
		add("not compared", f, "`"+mdCode(position(f.Span))+"`", usdPerDay(f))
	}
	if len(rows) > 0 {
		bw.WriteString("| Change | Rule | Location | $/day | Message |\n|---|---|---|--:|---|\n")
		for i, r := range rows {
			if i == maxDeltaRows {
				fmt.Fprintf(bw, "| | | | | %d more rows not listed (see `--format json`) |\n", len(rows)-i)
				break
			}
			fmt.Fprintf(bw, "| %s | %s | %s | %s | %s |\n", r.change, r.rule, r.where, r.usd, r.msg)
		}
		fmt.Fprintf(bw, "| | **Net** | | **%s** | |\n\n", signedDollars(d.Net()))
	}
	if len(d.Unchecked) > 0 {
		bw.WriteString("Rows marked *not compared* are the head's findings where the base could not be checked; the net leaves them out.\n\n")
	}
	mdErrors(bw, "The base could not be checked here:", d.BaseErrors)
	mdErrors(bw, "Input errors:", d.Errors)
	if a := assumptions(d.allFindings()); a != "" && d.Changed() {
		fmt.Fprintf(bw, "Assumptions: %s.\n", mdEscape(a))
	}
	return bw.Flush()
}

// deltaGitHub annotates the added findings and the head's input errors,
// prints the verdict, and appends the markdown to the step summary.
func deltaGitHub(w io.Writer, d *Delta, opts Options) error {
	bw := bufio.NewWriter(w)
	writeAnnotations(bw, &Result{Findings: d.Added, Errors: d.Errors})
	fmt.Fprintln(bw, d.headline())
	if err := bw.Flush(); err != nil {
		return err
	}
	return appendStepSummary(opts, func(w io.Writer) error { return deltaMarkdown(w, d) })
}
