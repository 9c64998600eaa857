package replay

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/cachevet/cachevet/rules"
)

// WriteJSON prints the report as indented JSON.
func WriteJSON(w io.Writer, rep *Report) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(rep)
}

// maxTextMisses is how many misses the text report lists.
const maxTextMisses = 20

// WriteText prints a readable summary: totals, per model, misses by cause,
// the costliest misses, the what-ifs and what the numbers rest on.
func WriteText(w io.Writer, rep *Report) error {
	var b strings.Builder
	r := rep.Replay
	fmt.Fprintf(&b, "replayed %s, %s input tokens\n", plural(r.Requests, "request"), rules.Thousands(r.InputTokens))
	fmt.Fprintf(&b, "  simulated: %s tokens read from the cache (%s hit rate), %s written\n",
		rules.Thousands(r.SimulatedCachedTokens), pct(r.HitRate), rules.Thousands(r.SimulatedWritten))
	fmt.Fprintf(&b, "  observed:  %s\n", observedText(r.Totals))
	fmt.Fprintf(&b, "  input cost: %s spent, %s with every stable prefix cached\n", rules.Dollars(r.USDSpent), rules.Dollars(r.USDIfAllStableCached))
	if len(r.Models) > 1 || len(r.Logs) > 1 {
		b.WriteString("\n")
		for _, group := range []struct {
			title string
			rows  []Totals
		}{{"per log", r.Logs}, {"per model", r.Models}} {
			if len(group.rows) < 2 {
				continue
			}
			b.WriteString(group.title + ":\n")
			for _, t := range group.rows {
				fmt.Fprintf(&b, "  %s: %s requests, %s input tokens, %s hit rate (observed %s), %s spent\n", t.Name,
					rules.Thousands(t.Requests), rules.Thousands(t.InputTokens), pct(t.HitRate), observedRate(t), rules.Dollars(t.USDSpent))
			}
		}
	}
	if len(r.Causes) > 0 {
		fmt.Fprintf(&b, "\n%s misses lost %s tokens (%s):\n", rules.Thousands(r.MissCount), rules.Thousands(r.TokensLost), rules.Dollars(r.USDLost))
		for _, c := range r.Causes {
			fmt.Fprintf(&b, "  %-17s %5d  %s tokens  %s\n", c.Cause, c.Misses, rules.Thousands(c.TokensLost), rules.Dollars(c.USDLost))
		}
		b.WriteString("\ncostliest misses:\n")
		for i, m := range r.Misses {
			if i == maxTextMisses {
				fmt.Fprintf(&b, "  … %d more (--format json lists them)\n", len(r.Misses)-i)
				break
			}
			fmt.Fprintf(&b, "%s:%d: record %d %s: lost %s tokens (%s) against record %d: %s\n", m.File, m.Line, m.Record, m.Cause,
				rules.Thousands(m.TokensLost), rules.Dollars(m.USDLost), m.Against, m.Detail)
			if d := m.DivergesAt; d != nil {
				fmt.Fprintf(&b, "    at %s byte %d (block %d, %d:%d): was %q, now %q\n", d.Path, d.Offset, d.Block, d.Line, d.Column, d.Before, d.After)
			}
			if s := m.Source; s != nil {
				fmt.Fprintf(&b, "    from %s:%d %s\n", s.File, s.Line, s.Slot)
			}
			if v := m.Provider; v != nil {
				fmt.Fprintf(&b, "    provider (%s): %s%s\n", v.Provider, verdictWord(v), agreeWord(v))
			}
		}
	} else {
		b.WriteString("\nno misses: every request read what earlier requests left in the cache\n")
	}
	if a := r.ProviderAgreement; a.Compared > 0 || a.StillComparing > 0 {
		fmt.Fprintf(&b, "\nprovider diagnostics: %s\n", agreementText(a))
		for _, d := range a.Disagreements {
			fmt.Fprintf(&b, "  %s:%d: record %d: provider %s, cachevet %s: the provider is right\n", d.File, d.Line, d.Record, d.Provider, d.Cachevet)
		}
	}
	if len(r.WhatIf) > 0 {
		b.WriteString("\nwhat if:\n")
		for _, x := range r.WhatIf {
			fmt.Fprintf(&b, "  %s: %s hit rate (%s), %s spent, %s %s\n", x.Scenario, pct(x.Totals.HitRate), signedPct(x.HitRateChange),
				rules.Dollars(x.Totals.USDSpent), rules.Dollars(abs(x.USDSaved)), savedWord(x.USDSaved))
		}
	}
	b.WriteString("\nfacts:")
	for _, f := range r.Facts {
		fmt.Fprintf(&b, "\n  %s (%s):", f.Model, f.Mode)
		for _, x := range f.Facts {
			v := "unknown"
			if x.Known {
				v = fmt.Sprint(x.Value)
			}
			fmt.Fprintf(&b, " %s %s [%s, %s];", x.Name, v, x.Source, x.Confidence)
		}
	}
	for _, f := range r.Facts {
		for _, x := range f.Behaviours {
			fmt.Fprintf(&b, "\n  %s %s: %s [%s, %s]", f.Model, x.Key, x.Text, x.Source, x.Confidence)
		}
	}
	b.WriteString("\nassumptions:\n")
	for _, a := range r.Assumptions {
		b.WriteString("  - " + a + "\n")
	}
	for _, e := range rep.Errors {
		fmt.Fprintf(&b, "%s:%d:%d: error: %s\n", e.File, e.Line, e.Column, e.Message)
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// agreeWord says whether a verdict agrees with cachevet's cause.
func agreeWord(v *ProviderVerdict) string {
	switch {
	case v.Agrees == nil:
		return ""
	case *v.Agrees:
		return ", agrees"
	}
	return ", disagrees: the provider is right"
}

// agreementText sums up the comparison with the providers' diagnostics.
func agreementText(a Agreement) string {
	s := fmt.Sprintf("cachevet's cause agrees with the provider's on %d of %d compared requests", a.Agreed, a.Compared)
	if a.Compared > 0 {
		s += fmt.Sprintf(" (%s)", pct(float64(a.Agreed)/float64(a.Compared)))
	}
	if a.StillComparing > 0 {
		s += fmt.Sprintf("; %s still comparing (a null reason, left out: not a hit)", plural(a.StillComparing, "verdict"))
	}
	if a.Compared > a.Agreed {
		s += "; where they disagree the provider is right"
	}
	return s
}

func observedText(t Totals) string {
	if t.ObservedCachedTokens == nil {
		return "not reported (no response in the log carries cache usage)"
	}
	s := fmt.Sprintf("%s of %s input tokens read from the cache (%s) in %s requests with usage",
		rules.Thousands(*t.ObservedCachedTokens), rules.Thousands(*t.ObservedInputTokens), observedRate(t), rules.Thousands(t.ObservedRequests))
	if t.SimulatedCachedWhereObserved != nil {
		s += fmt.Sprintf("; simulated %s there", rules.Thousands(*t.SimulatedCachedWhereObserved))
	}
	return s
}

func observedRate(t Totals) string {
	if t.ObservedHitRate == nil {
		return "not reported"
	}
	return pct(*t.ObservedHitRate)
}

func pct(v float64) string { return fmt.Sprintf("%.1f%%", v*100) }

func signedPct(v float64) string { return fmt.Sprintf("%+.1f points", v*100) }

func abs(v float64) float64 {
	if v < 0 {
		return -v
	}
	return v
}

func savedWord(v float64) string {
	if v < 0 {
		return "more"
	}
	return "saved"
}

// causeRule maps a miss cause to the rule that finds its defect
// statically; causes no rule covers get a replay/ id.
var causeRule = map[string]string{
	CauseVolatile:     "PC001",
	CauseToolOrder:    "PC006",
	CauseBelowMinimum: "PC003",
}

// Findings turns the misses into findings for the report formats (SARIF):
// one per place and cause, at the template slot when --source matched
// one, else at the divergence (or the record) in the log, with the loss
// summed over the misses.
func Findings(rep *Report) []rules.Finding {
	type key struct {
		span  rules.Span
		cause string
	}
	type agg struct {
		m      Miss
		n      int
		tokens int
		usd    float64
	}
	groups := map[key]*agg{}
	var order []key
	for _, m := range rep.Replay.Misses {
		logSpan := rules.Span{File: m.File, Line: m.Line, Col: 1}
		if d := m.DivergesAt; d != nil && d.Line > 0 {
			logSpan = rules.Span{File: m.File, Line: d.Line, Col: max(1, d.Column)}
		}
		logSpan.EndLine, logSpan.EndCol = logSpan.Line, logSpan.Col+1
		span := logSpan
		if s := m.Source; s != nil {
			width := len(s.Slot)
			if strings.Contains(s.Slot, "\n") || width == 0 {
				width = 1
			}
			span = rules.Span{File: s.File, Line: s.Line, Col: s.Column, EndLine: s.Line, EndCol: s.Column + width}
		}
		k := key{span, m.Cause}
		g := groups[k]
		if g == nil {
			g = &agg{m: m}
			groups[k] = g
			order = append(order, k)
		}
		g.n++
		g.tokens += m.TokensLost
		g.usd += m.USDLost
	}
	var out []rules.Finding
	for _, k := range order {
		g := groups[k]
		code, ok := causeRule[k.cause]
		if !ok {
			code = "replay/" + k.cause
		}
		name := k.cause
		if r, err := rules.LookupRule(code); err == nil {
			name = r.Name
		}
		msg := fmt.Sprintf("%s: %s missed %s cached tokens (%s), first record %d of %s: %s",
			k.cause, plural(g.n, "replayed request"), rules.Thousands(g.tokens), rules.Dollars(round6(g.usd)), g.m.Record, g.m.File, g.m.Detail)
		f := rules.Finding{Rule: code, Name: name, Severity: rules.SeverityWarning, Span: k.span, Message: msg,
			Model: g.m.Model, Key: k.cause}
		if p, _ := rules.Builtin().Lookup(g.m.Model); p != nil {
			f.Provider = p.Provider
		}
		if g.m.Source != nil {
			ls := rules.Span{File: g.m.File, Line: g.m.Line, Col: 1}
			if d := g.m.DivergesAt; d != nil && d.Line > 0 {
				ls = rules.Span{File: g.m.File, Line: d.Line, Col: max(1, d.Column)}
			}
			ls.EndLine, ls.EndCol = ls.Line, ls.Col+1
			f.Related = append(f.Related, rules.Related{Span: ls, Message: fmt.Sprintf("record %d diverges here", g.m.Record)})
		}
		out = append(out, f)
	}
	rules.SortFindings(out)
	return out
}

// plural is "1 request", "2 requests".
func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return rules.Thousands(n) + " " + word + "s"
}
