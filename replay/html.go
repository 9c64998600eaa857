package replay

import (
	"bytes"
	"fmt"
	"html/template"
	"io"
	"strings"

	"github.com/cachevet/cachevet/report"
	"github.com/cachevet/cachevet/rules"
)

// WriteHTML prints the report as one self-contained page in the shell of
// the scan report's page (report.WritePage: its stylesheet, light and dark
// themes): the totals, a timeline with one bar per kept record (the share
// read from the cache in green, written in amber, missed against an
// earlier request in red), the misses by cause and the costliest misses.
// No external resource, so it opens offline and in CI artifacts.
func WriteHTML(w io.Writer, rep *Report) error {
	var body bytes.Buffer
	if err := pageTmpl.Execute(&body, pageData(rep)); err != nil {
		return err
	}
	return report.WritePage(w, report.Page{Title: "cachevet replay", Style: replayCSS, Body: template.HTML(body.String())})
}

// replayCSS is what the replay page adds to the shared stylesheet: the
// timeline's bars in the shared colours.
const replayCSS = `
.read{fill:var(--cached)}.write{fill:var(--below)}.miss{fill:var(--lost)}.base{fill:var(--panel)}
th{background:var(--panel)}.num{text-align:right;font-variant-numeric:tabular-nums}
.key .swatch{margin:0 .3rem 0 1rem;vertical-align:middle}
.small{color:var(--muted);font-size:.9em}
`

type htmlBar struct {
	X, W           float64
	HRead, HWrite  float64
	YRead, YWrite  float64
	Miss           bool
	Title          string
	MissY, MissH   float64
	HasMiss        bool
	Record, Cached int
	Input, Written int
	File           string
}

type htmlData struct {
	R        Replay
	Errors   []ErrorEntry
	Bars     []htmlBar
	Width    float64
	Height   float64
	Observed string
}

const timelineHeight = 120

func pageData(rep *Report) htmlData {
	d := htmlData{R: rep.Replay, Errors: rep.Errors, Height: timelineHeight, Observed: observedText(rep.Replay.Totals)}
	missed := map[[2]any]int{}
	for _, m := range rep.Replay.Misses {
		missed[[2]any{m.File, m.Record}] = m.TokensLost
	}
	n := len(rep.Replay.Records)
	bw := min(24.0, 1200.0/float64(max(n, 1)))
	d.Width = bw * float64(max(n, 1))
	for i, r := range rep.Replay.Records {
		b := htmlBar{X: float64(i) * bw, W: max(bw-1, 0.5), Record: r.Record, Cached: r.CachedTokens, Input: r.InputTokens, Written: r.WrittenTokens, File: r.File}
		if r.InputTokens > 0 {
			// From the bottom: read, then lost (paid again although an
			// earlier request had it cached), then the rest written.
			h := float64(timelineHeight)
			per := h / float64(r.InputTokens)
			lost := 0
			if l, ok := missed[[2]any{r.File, r.Record}]; ok {
				lost = min(l, r.InputTokens-r.CachedTokens)
				b.HasMiss = true
			}
			b.HRead = per * float64(r.CachedTokens)
			b.YRead = h - b.HRead
			b.MissH = per * float64(lost)
			b.MissY = b.YRead - b.MissH
			b.HWrite = per * float64(max(0, r.WrittenTokens-lost))
			b.YWrite = b.MissY - b.HWrite
		}
		b.Title = fmt.Sprintf("%s record %d: %s of %s tokens read, %s written", r.File, r.Record,
			rules.Thousands(r.CachedTokens), rules.Thousands(r.InputTokens), rules.Thousands(r.WrittenTokens))
		d.Bars = append(d.Bars, b)
	}
	return d
}

var pageTmpl = template.Must(template.New("replay").Funcs(template.FuncMap{
	"thousands": rules.Thousands,
	"dollars":   rules.Dollars,
	"pct":       pct,
	"signed":    signedPct,
	"join":      strings.Join,
	"verdict":   verdictWord,
	"agree":     agreeWord,
	"agreement": agreementText,
}).Parse(`<h1>cachevet replay</h1>
<table id="totals">
<tr><th>requests</th><td class="num">{{thousands .R.Requests}}</td></tr>
<tr><th>input tokens</th><td class="num">{{thousands .R.InputTokens}}</td></tr>
<tr><th>simulated cached tokens</th><td class="num">{{thousands .R.SimulatedCachedTokens}} ({{pct .R.HitRate}})</td></tr>
<tr><th>observed</th><td>{{.Observed}}</td></tr>
<tr><th>input cost</th><td>{{dollars .R.USDSpent}} spent; {{dollars .R.USDIfAllStableCached}} with every stable prefix cached</td></tr>
<tr><th>misses</th><td>{{thousands .R.MissCount}} lost {{thousands .R.TokensLost}} tokens ({{dollars .R.USDLost}})</td></tr>
</table>
<h2>Timeline</h2>
<p class="key small">one bar per request, height = input tokens<span class="swatch cached"></span>read<span class="swatch below"></span>written<span class="swatch lost"></span>missed against an earlier request</p>
<svg id="timeline" width="{{.Width}}" height="{{.Height}}" role="img" aria-label="hits and misses per request">
{{range .Bars}}<g><title>{{.Title}}</title><rect class="base" x="{{.X}}" y="0" width="{{.W}}" height="120"/>{{if .HasMiss}}<rect class="miss" x="{{.X}}" y="{{.MissY}}" width="{{.W}}" height="{{.MissH}}"/>{{end}}<rect class="write" x="{{.X}}" y="{{.YWrite}}" width="{{.W}}" height="{{.HWrite}}"/><rect class="read" x="{{.X}}" y="{{.YRead}}" width="{{.W}}" height="{{.HRead}}"/></g>
{{end}}</svg>
{{if .R.RecordsTruncated}}<p class="small">only the first records are drawn; the totals count every record</p>{{end}}
<h2>Misses by cause</h2>
{{if .R.Causes}}<table id="causes"><tr><th>cause</th><th class="num">misses</th><th class="num">tokens lost</th><th class="num">dollars lost</th></tr>
{{range .R.Causes}}<tr><td><code>{{.Cause}}</code></td><td class="num">{{.Misses}}</td><td class="num">{{thousands .TokensLost}}</td><td class="num">{{dollars .USDLost}}</td></tr>
{{end}}</table>{{else}}<p>no misses: every request read what earlier requests left in the cache</p>{{end}}
{{if .R.Misses}}<h2>Costliest misses</h2>
<table id="misses"><tr><th>record</th><th>cause</th><th class="num">lost</th><th>where</th><th>source</th><th>provider says</th></tr>
{{range .R.Misses}}<tr><td>{{.File}}:{{.Line}} #{{.Record}}</td><td><code>{{.Cause}}</code><br><span class="small">{{.Detail}}</span></td><td class="num">{{thousands .TokensLost}} ({{dollars .USDLost}})</td>
<td>{{with .DivergesAt}}<code>{{.Path}}</code> byte {{.Offset}}<br><span class="small">was <code>{{.Before}}</code> now <code>{{.After}}</code></span>{{end}}</td>
<td>{{with .Source}}<code>{{.File}}:{{.Line}}</code> <code>{{.Slot}}</code>{{end}}</td>
<td>{{with .Provider}}<code>{{verdict .}}</code>{{agree .}}{{end}}</td></tr>
{{end}}</table>{{end}}
{{with .R.ProviderAgreement}}{{if or .Compared .StillComparing}}<h2>Provider diagnostics</h2>
<p id="agreement">{{agreement .}}</p>
{{if .Disagreements}}<table id="disagreements"><tr><th>record</th><th>provider says</th><th>cachevet said</th></tr>
{{range .Disagreements}}<tr><td>{{.File}}:{{.Line}} #{{.Record}}</td><td><code>{{.Provider}}</code> (right)</td><td><code>{{.Cachevet}}</code></td></tr>
{{end}}</table>{{end}}{{end}}{{end}}
{{if .R.WhatIf}}<h2>What if</h2><table id="whatif"><tr><th>scenario</th><th class="num">hit rate</th><th class="num">spent</th><th class="num">saved</th></tr>
{{range .R.WhatIf}}<tr><td><code>{{.Scenario}}</code></td><td class="num">{{pct .Totals.HitRate}} ({{signed .HitRateChange}})</td><td class="num">{{dollars .Totals.USDSpent}}</td><td class="num">{{dollars .USDSaved}}</td></tr>
{{end}}</table>{{end}}
<h2>What the numbers rest on</h2>
{{range .R.Facts}}<p><b>{{.Model}}</b> ({{.Mode}}): {{range .Facts}}{{.Name}} {{if .Known}}{{.Value}}{{else}}unknown{{end}} <span class="small">[{{if .URL}}<a href="{{.URL}}">{{.Source}}</a>{{else}}{{.Source}}{{end}}, {{.Confidence}}]</span>; {{end}}</p>
{{range .Behaviours}}<p class="small">{{.Key}}: {{.Text}} [{{if .URL}}<a href="{{.URL}}">{{.Source}}</a>{{else}}{{.Source}}{{end}}, {{.Confidence}}]</p>{{end}}
{{end}}<ul class="small">{{range .R.Assumptions}}<li>{{.}}</li>{{end}}</ul>
{{if .Errors}}<h2>Input errors</h2><ul>{{range .Errors}}<li>{{.File}}:{{.Line}}:{{.Column}}: {{.Message}}</li>{{end}}</ul>{{end}}
`))
