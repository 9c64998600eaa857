package report

import (
	"bytes"
	"fmt"
	"html/template"
	"io"
	"math"
	"sort"
	"strings"

	"github.com/cachevet/cachevet/rules"
)

// htmlReporter draws the cache map: per request a bar of the prompt in
// render order to scale in tokens, each segment coloured by its fate, the
// breakpoints, the model's minimum and the findings pinned where they act;
// then the findings ranked by dollars with filters, and every rule's
// explanation.
type htmlReporter struct{ opts Options }

// DrawsMaps reports whether a format draws request maps, so drivers build
// them (rules.CheckMap) only then.
func DrawsMaps(format string) bool { return strings.EqualFold(strings.TrimSpace(format), "html") }

// maxBars bounds the requests drawn: every request with a finding, then the
// others in order up to this many (a request log has one per record).
const maxBars = 500

func (h *htmlReporter) Report(w io.Writer, res *Result) error {
	Prepare(res, h.opts)
	maps := make([]*rules.RequestMap, 0, len(res.Maps))
	for _, m := range res.Maps {
		if m != nil {
			maps = append(maps, relMap(h.opts.Root, m))
		}
	}
	pins, pinned := pinFindings(res.Findings, maps)
	v := htmlView{Result: res, Summary: summaryLine(res), Assumptions: assumptions(res.Findings)}
	v.Findings = rankFindings(res.Findings, pinned)
	v.Rules, v.Severities = filterCounts(res.Findings)
	for _, r := range rules.Rules {
		v.Explain = append(v.Explain, explainView{Code: r.Code, Name: r.Name, Text: r.Explain()})
	}
	var drawn []int
	for i := range maps {
		if len(pins[i]) > 0 {
			drawn = append(drawn, i)
		}
	}
	for i := range maps {
		if len(drawn) >= maxBars {
			break
		}
		if len(pins[i]) == 0 {
			drawn = append(drawn, i)
		}
	}
	sort.Ints(drawn)
	v.Omitted = len(maps) - len(drawn)
	for _, i := range drawn {
		v.Requests = append(v.Requests, barView(i, maps[i], pins[i], res.Findings))
	}
	for _, m := range maps {
		v.Tokens += m.Total
		v.Cached += m.Cached
	}
	v.RequestCount = len(maps)
	var body bytes.Buffer
	if err := bodyTemplate.Execute(&body, v); err != nil {
		return err
	}
	return WritePage(w, Page{Title: "cachevet cache map", Style: mapCSS, Body: template.HTML(body.String())})
}

// relMap copies a map with its paths relative to the report root.
func relMap(root string, m *rules.RequestMap) *rules.RequestMap {
	c := *m
	c.File = relPath(root, c.File)
	c.Span.File = relPath(root, c.Span.File)
	c.Segments = append([]rules.Segment(nil), m.Segments...)
	for i := range c.Segments {
		c.Segments[i].Span.File = relPath(root, c.Segments[i].Span.File)
	}
	c.Breakpoints = append([]rules.MapBreakpt(nil), m.Breakpoints...)
	for i := range c.Breakpoints {
		c.Breakpoints[i].Span.File = relPath(root, c.Breakpoints[i].Span.File)
	}
	return &c
}

// pin is a finding placed on a request's bar at a token offset.
type pin struct {
	finding int // index in Result.Findings
	at      int
}

// pinFindings places each finding on the bar of the request it acts on:
// at the breakpoint it names, at the segment it points into, else at the
// first segment at or below its line within a few lines. Findings that
// match no request (a Go call site whose request was not drawn) stay in the
// list only.
func pinFindings(fs []rules.Finding, maps []*rules.RequestMap) (pins [][]pin, pinned []int) {
	type loc struct {
		file string
		line int
	}
	type place struct{ m, at, col, endCol int }
	byLine := map[loc][]place{}
	for mi, m := range maps {
		for _, bp := range m.Breakpoints {
			if bp.Span.Line > 0 {
				k := loc{bp.Span.File, bp.Span.Line}
				byLine[k] = append(byLine[k], place{mi, bp.At, bp.Span.Col, bp.Span.Col + 1})
			}
		}
		for _, s := range m.Segments {
			if s.Span.Line > 0 {
				end := s.Span.EndCol
				if s.Span.EndLine != s.Span.Line || end <= s.Span.Col {
					end = math.MaxInt
				}
				k := loc{s.Span.File, s.Span.Line}
				byLine[k] = append(byLine[k], place{mi, s.Start, s.Span.Col, end})
			}
		}
	}
	pins = make([][]pin, len(maps))
	pinned = make([]int, len(fs))
	for fi, f := range fs {
		pinned[fi] = -1
		var best *place
		for dl := 0; dl <= 3 && best == nil; dl++ {
			cands := byLine[loc{f.Span.File, f.Span.Line + dl}]
			for i := range cands {
				c := &cands[i]
				if dl > 0 || c.col == f.Span.Col {
					best = c
					break
				}
				if best == nil && c.col <= f.Span.Col && f.Span.Col < c.endCol {
					best = c
				}
			}
			if best == nil && dl == 0 && len(cands) > 0 {
				best = &cands[0]
			}
		}
		if best == nil {
			continue
		}
		pins[best.m] = append(pins[best.m], pin{fi, best.at})
		pinned[fi] = best.m
	}
	return pins, pinned
}

type htmlView struct {
	Result       *Result
	Summary      string
	Assumptions  string
	Findings     []findingView
	Rules        []filterView
	Severities   []filterView
	Requests     []requestView
	Omitted      int
	RequestCount int
	Tokens       int
	Cached       int
	Explain      []explainView
}

func (v htmlView) TotalUSD() string {
	usd, ok := totalUSD(v.Result.Findings)
	if !ok {
		return "unknown"
	}
	return rules.Dollars(usd) + "/day"
}

func (v htmlView) CachedShare() string {
	if v.Tokens == 0 {
		return "0%"
	}
	return fmt.Sprintf("%.0f%%", 100*float64(v.Cached)/float64(v.Tokens))
}

func (v htmlView) Thousands(n int) string { return rules.Thousands(n) }

type filterView struct {
	Value string
	Count int
}

type explainView struct{ Code, Name, Text string }

type findingView struct {
	ID       int
	Rule     string
	Name     string
	Severity string
	Where    string
	Message  string
	USD      string // "$7.29/day", "" when unknown
	MS       string // "171 ms", "" when none
	Related  []string
	Request  int // index of the request bar, -1 when not drawn
}

// rankFindings orders findings by dollars per day, largest first; findings
// without a price follow in report order.
func rankFindings(fs []rules.Finding, pinned []int) []findingView {
	idx := make([]int, len(fs))
	for i := range idx {
		idx[i] = i
	}
	usd := func(i int) float64 {
		if sv := fs[i].Savings; sv != nil && sv.Assumptions.PriceKnown {
			return sv.USDPerDay
		}
		return math.Inf(-1)
	}
	sort.SliceStable(idx, func(a, b int) bool { return usd(idx[a]) > usd(idx[b]) })
	out := make([]findingView, 0, len(fs))
	for _, i := range idx {
		f := fs[i]
		fv := findingView{ID: i, Rule: f.Rule, Name: f.Name, Severity: f.Severity.String(), Where: position(f.Span), Message: f.Message, Request: pinned[i]}
		fv.USD, _ = money(f.Savings)
		if f.Savings != nil && f.Savings.TTFTms != 0 {
			fv.MS = latency(f.Savings.TTFTms)
		}
		for _, r := range f.Related {
			fv.Related = append(fv.Related, position(r.Span)+": "+r.Message)
		}
		out = append(out, fv)
	}
	return out
}

// money is a finding's dollars per day and first-token milliseconds.
func money(sv *rules.Savings) (usd, ms string) {
	if sv == nil {
		return "", ""
	}
	if sv.Assumptions.PriceKnown {
		usd = rules.Dollars(sv.USDPerDay) + "/day"
	}
	switch {
	case sv.TTFTms > 0:
		ms = fmt.Sprintf("%.0f ms", sv.TTFTms)
	case sv.TTFTms < 0:
		ms = fmt.Sprintf("%.0f ms slower", -sv.TTFTms)
	}
	return usd, ms
}

func filterCounts(fs []rules.Finding) (byRule, bySeverity []filterView) {
	rc, sc := map[string]int{}, map[string]int{}
	for _, f := range fs {
		rc[f.Rule]++
		sc[f.Severity.String()]++
	}
	for _, r := range rules.Rules {
		if n := rc[r.Code]; n > 0 {
			byRule = append(byRule, filterView{r.Code, n})
		}
	}
	for _, s := range []rules.Severity{rules.SeverityError, rules.SeverityWarning, rules.SeverityInfo} {
		if n := sc[s.String()]; n > 0 {
			bySeverity = append(bySeverity, filterView{s.String(), n})
		}
	}
	return byRule, bySeverity
}

type requestView struct {
	ID       int
	Title    string
	Scale    int // tokens the bar's width stands for
	Model    string
	Meta     string
	Label    string // the bar's text alternative
	Total    string
	Segments []segmentView
	Ticks    []tickView
	Marks    []tickView // breakpoints
	Min      string     // left % of the minimum rule
	MinLabel string
	Pins     []pinView
}

type segmentView struct {
	Fate, Runtime, Left, Width, Title string
	Tokens                            int
	Size                              string // Tokens with thousands separators
	Assumed                           bool
}

type tickView struct{ Left, Title string }

type pinView struct {
	ID                   int
	Left, Rule, Severity string
	Text, Title          string
	Lane                 int
	End                  bool // label to the left of the pin, near the bar's end
}

// pct writes a position on the bar as a percentage with fixed decimals, so
// the bytes are the same on every run.
func pct(tokens, scale int) string {
	return fmt.Sprintf("%.3f%%", 100*float64(tokens)/float64(scale))
}

func barView(i int, m *rules.RequestMap, pins []pin, fs []rules.Finding) requestView {
	// The bar is scaled to the request or to the minimum, whichever is
	// larger, so the minimum's rule is always on it.
	scale := max(m.Total, m.Min, 1)
	approx := ""
	if m.Approx {
		approx = "≈"
	}
	title := position(m.Span)
	if m.Span.Line == 0 {
		title = m.File
	}
	if m.Record > 0 {
		title += fmt.Sprintf(" (record %d)", m.Record)
	}
	rv := requestView{
		ID: i, Title: title, Model: m.Model, Scale: scale,
		Meta:     fmt.Sprintf("%s · %s%s tokens · %s%s cached · minimum %s", m.Source, approx, rules.Thousands(m.Total), approx, rules.Thousands(m.Cached), rules.Thousands(m.Min)),
		Total:    rules.Thousands(m.Total),
		Min:      pct(m.Min, scale),
		MinLabel: fmt.Sprintf("minimum cacheable prefix of %s: %s tokens", m.Model, rules.Thousands(m.Min)),
	}
	var alt []string
	fateTokens := map[string]int{}
	for _, s := range m.Segments {
		fateTokens[s.Fate] += s.Tokens
		where := position(s.Span)
		if s.Span.Line == 0 {
			where = ""
		}
		what := s.Label
		if s.Slot != "" {
			what = s.Slot
		}
		if s.Tokens == 0 {
			if s.Fate == rules.FateVolatile {
				rv.Ticks = append(rv.Ticks, tickView{Left: pct(s.Start, scale), Title: fmt.Sprintf("%s (volatile, size unknown) %s", what, where)})
			}
		} else {
			t := fmt.Sprintf("%s%s: %s%s tokens, %s: %s", s.Section, roleSuffix(s.Role), approx, rules.Thousands(s.Tokens), fateNames[s.Fate], what)
			if s.Runtime != "" {
				t = fmt.Sprintf("%s%s: %s tokens assumed for runtime %s, %s: %s", s.Section, roleSuffix(s.Role), rules.Thousands(s.Tokens), s.Runtime, fateNames[s.Fate], what)
			}
			if where != "" {
				t += " (" + where + ")"
			}
			rv.Segments = append(rv.Segments, segmentView{
				Fate: s.Fate, Runtime: s.Runtime, Assumed: s.Runtime != "", Left: pct(s.Start, scale), Width: pct(s.Tokens, scale),
				Title: t, Tokens: s.Tokens, Size: rules.Thousands(s.Tokens),
			})
		}
	}
	for _, f := range []string{rules.FateCached, rules.FateLost, rules.FateVolatile, rules.FateBelow, rules.FateUncached} {
		if n := fateTokens[f]; n > 0 {
			alt = append(alt, fmt.Sprintf("%s%s %s", approx, rules.Thousands(n), fateNames[f]))
		}
	}
	for _, bp := range m.Breakpoints {
		what := "cache breakpoint"
		if bp.Auto {
			what = "automatic caching"
		}
		if bp.TTL != "" {
			what += " (TTL " + bp.TTL + ")"
		}
		rv.Marks = append(rv.Marks, tickView{Left: pct(bp.At, scale), Title: fmt.Sprintf("%s after %s tokens", what, rules.Thousands(bp.At))})
	}
	if n := len(m.Breakpoints); n > 0 {
		alt = append(alt, plural(n, "breakpoint", "breakpoints"))
	}
	sort.SliceStable(pins, func(a, b int) bool { return pins[a].at < pins[b].at })
	lastAt := map[int]int{} // lane → last pin offset in percent·100
	for _, p := range pins {
		f := fs[p.finding]
		usd, ms := money(f.Savings)
		text := f.Rule
		if usd != "" {
			text += " " + usd
		}
		if ms != "" {
			text += " · " + ms
		}
		// Pins closer than ~12% of the bar go to the next lane.
		pos := int(10000 * float64(p.at) / float64(scale))
		lane := 0
		for {
			last, used := lastAt[lane]
			if !used || pos-last >= 1200 {
				break
			}
			lane++
		}
		lastAt[lane] = pos
		rv.Pins = append(rv.Pins, pinView{
			ID: p.finding, Left: pct(p.at, scale), Rule: f.Rule, Severity: f.Severity.String(), Text: text,
			Title: f.Rule + " " + f.Severity.String() + ": " + f.Message, Lane: min(lane, 2), End: pos > 6500,
		})
	}
	if n := len(pins); n > 0 {
		alt = append(alt, plural(n, "finding", "findings"))
	}
	rv.Label = fmt.Sprintf("prompt of %s%s tokens in render order: %s; the minimum is %s tokens", approx, rules.Thousands(m.Total), strings.Join(alt, ", "), rules.Thousands(m.Min))
	return rv
}

func roleSuffix(role string) string {
	if role == "" {
		return ""
	}
	return " (" + role + ")"
}

var fateNames = map[string]string{
	rules.FateCached:   "cached",
	rules.FateLost:     "lost behind a volatile value",
	rules.FateVolatile: "volatile",
	rules.FateBelow:    "below the minimum",
	rules.FateUncached: "not cached",
}

// mapCSS lays out the bars and pins.
const mapCSS = `
.request{margin:18px 0 26px}
.request h3{margin-bottom:0}
.meta{margin:2px 0 28px;color:var(--muted)}
.bar{position:relative;height:30px;background:var(--panel);border:1px solid var(--line);border-radius:3px;overflow:visible}
.seg span{display:block;overflow:hidden;white-space:nowrap;font-size:11px;line-height:28px;padding:0 4px;color:#fff;text-shadow:0 0 2px #000}
.tick{position:absolute;top:-3px;bottom:-3px;width:3px;margin-left:-1px;background:var(--volatile)}
.bp{position:absolute;top:-8px;bottom:-8px;width:0;border-left:3px solid var(--fg)}
.bp::before{content:"";position:absolute;top:-2px;left:-7px;border:5px solid transparent;border-top:7px solid var(--fg)}
.min{position:absolute;top:-12px;bottom:-12px;width:0;border-left:2px dashed var(--fg)}
.min span{position:absolute;top:-16px;left:4px;font-size:11px;white-space:nowrap;color:var(--muted)}
.pins{position:relative;height:56px;margin-top:12px}
.pin{position:absolute;white-space:nowrap;font-size:12px;text-decoration:none;border-left:2px solid currentColor;padding:0 4px;line-height:16px}
.pin[data-lane="0"]{top:0}.pin[data-lane="1"]{top:18px}.pin[data-lane="2"]{top:36px}
.pin.error,b.error{color:var(--error)}.pin.warning,b.warning{color:var(--warning)}.pin.info,b.info{color:var(--info)}
.pin.end{transform:translateX(-100%);border-left:0;border-right:2px solid currentColor}
.pin:hover,.pin:focus{text-decoration:underline}
details.segments summary{cursor:pointer;color:var(--muted)}
ol.findings{padding-left:0;list-style:none}
li.finding{border:1px solid var(--line);border-radius:6px;padding:8px 12px;margin:8px 0}
li.finding:target{outline:2px solid var(--focus)}
li.finding p{margin:2px 0}
li.finding ul{margin:4px 0 0;padding-left:18px;color:var(--muted);font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:12.5px}
`

var bodyTemplate = template.Must(template.New("body").Parse(`<header>
<h1>cachevet cache map</h1>
<p>{{.Summary}}</p>
</header>
<section id="summary" aria-labelledby="summary-h">
<h2 id="summary-h">Summary</h2>
<dl class="totals">
<div><dt>findings</dt><dd>{{len .Result.Findings}}</dd></div>
<div><dt>fixing them saves</dt><dd>{{.TotalUSD}}</dd></div>
<div><dt>requests</dt><dd>{{.Thousands .RequestCount}}</dd></div>
<div><dt>prompt tokens</dt><dd>{{.Thousands .Tokens}}</dd></div>
<div><dt>read from the cache</dt><dd>{{.CachedShare}}</dd></div>
<div><dt>files</dt><dd>{{.Thousands .Result.Files}}</dd></div>
</dl>
{{if .Assumptions}}<p><strong>Assumptions:</strong> {{.Assumptions}}</p>{{end}}
<h3>Reading a bar</h3>
<p class="muted">Each request is one bar: the prompt in render order (tools, then system, then messages), each segment as wide as its tokens. The dashed line is the model's minimum cacheable prefix, a triangle-topped line a cache breakpoint, a thin purple line a volatile value of unknown size. Findings are pinned below the bar where they act, with what fixing them saves per day and in time to first token.</p>
<ul class="legend">
<li><span class="swatch cached"></span>cached: read from the cache on the next request</li>
<li><span class="swatch lost"></span>lost: stable, but a volatile value ahead of it changes the prefix</li>
<li><span class="swatch volatile"></span>volatile: a value that changes (per request, session, process or day: see its title)</li>
<li><span class="swatch below"></span>below the minimum: too short to be cached</li>
<li><span class="swatch uncached"></span>not cached: after the last breakpoint, or the new turn</li>
<li><span class="swatch uncached runtime"></span>hatched: runtime content drawn at its assumed size</li>
</ul>
</section>
<section id="findings" aria-labelledby="findings-h">
<h2 id="findings-h">Findings by dollars per day</h2>
{{if .Result.Findings}}<fieldset class="filters"><legend>Rules</legend>
{{range .Rules}}<label><input type="checkbox" data-filter="rule" value="{{.Value}}" checked> {{.Value}} ({{.Count}})</label>
{{end}}</fieldset>
<fieldset class="filters"><legend>Severities</legend>
{{range .Severities}}<label><input type="checkbox" data-filter="severity" value="{{.Value}}" checked> {{.Value}} ({{.Count}})</label>
{{end}}</fieldset>
<p class="muted" aria-live="polite"><span id="shown">{{len .Findings}}</span> of {{len .Findings}} findings shown</p>
<ol class="findings">
{{range .Findings}}<li class="finding" id="f{{.ID}}" data-rule="{{.Rule}}" data-severity="{{.Severity}}">
<p><a href="#explain-{{.Rule}}">{{.Rule}} {{.Name}}</a> <b class="{{.Severity}}">{{.Severity}}</b>{{if .USD}} <b>{{.USD}}</b>{{end}}{{if .MS}} {{.MS}}{{end}} <code>{{.Where}}</code>{{if ge .Request 0}} <a href="#r{{.Request}}">bar</a>{{end}}</p>
<p>{{.Message}}</p>
{{if .Related}}<ul>{{range .Related}}<li>{{.}}</li>{{end}}</ul>{{end}}
</li>
{{end}}</ol>
{{else}}<p>No findings.</p>{{end}}
{{with .Result.Errors}}<h3>Input errors</h3>
<ul>{{range .}}<li><code>{{.Error}}</code></li>{{end}}</ul>
{{end}}</section>
<section id="requests" aria-labelledby="requests-h">
<h2 id="requests-h">Requests</h2>
{{if .Omitted}}<p class="muted">{{.Omitted}} more requests without findings are not drawn.</p>{{end}}
{{range .Requests}}<article class="request" id="r{{.ID}}">
<h3 class="mono">{{.Title}}</h3>
<p class="meta">{{.Model}} · {{.Meta}}</p>
<div class="bar" role="list" data-scale="{{.Scale}}" aria-label="{{.Label}}">
{{range .Segments}}<div role="listitem" class="seg {{.Fate}}{{if .Assumed}} runtime{{end}}" style="left:{{.Left}};width:{{.Width}}" data-tokens="{{.Tokens}}" title="{{.Title}}">{{if .Assumed}}<span>{{.Runtime}}: {{.Size}} tokens assumed</span>{{end}}</div>
{{end}}{{range .Ticks}}<div role="listitem" class="tick" style="left:{{.Left}}" title="{{.Title}}"></div>
{{end}}{{range .Marks}}<div role="listitem" class="bp" style="left:{{.Left}}" title="{{.Title}}"></div>
{{end}}<div role="listitem" class="min" style="left:{{.Min}}" title="{{.MinLabel}}"><span>min</span></div>
</div>
<div class="pins">
{{range .Pins}}<a class="pin {{.Severity}}{{if .End}} end{{end}}" href="#f{{.ID}}" style="left:{{.Left}}" data-lane="{{.Lane}}">{{.Text}}</a>
{{end}}</div>
</article>
{{end}}</section>
<section id="explain" aria-labelledby="explain-h">
<h2 id="explain-h">Rules</h2>
{{range .Explain}}<details id="explain-{{.Code}}"><summary><code>{{.Code}}</code> {{.Name}}</summary>
<pre>{{.Text}}</pre>
</details>
{{end}}</section>
`))
