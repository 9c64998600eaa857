package report

import (
	"bytes"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/cachevet/cachevet/rules"
)

// htmlMaps are request maps matching fixture(): the support template (a
// volatile date ahead of the policies, a runtime history of assumed size),
// the chat body with its breakpoints, and the Go call site of the PC009
// finding.
func htmlMaps(t testing.TB) []*rules.RequestMap {
	date := at(t, "prompts/support.md", 3, "{{ .Date }}")
	user := at(t, "prompts/support.md", 4, "{{ .UserName }}")
	reqID := at(t, "prompts/support.md", 4, "{{ .RequestID }}")
	seg := func(section, fate, label string, start, tokens int, span rules.Span) rules.Segment {
		return rules.Segment{Section: section, Kind: rules.BlockText, Start: start, Tokens: tokens, Fate: fate, Label: label, Span: span}
	}
	support := &rules.RequestMap{
		Source: "template", File: "prompts/support.md", Span: rules.Span{File: "prompts/support.md", Line: 1, Col: 1},
		Provider: "anthropic", Model: "claude-sonnet-4-5", Approx: true, Min: 1024, Total: 12 + 2048 + 10000 + 20,
		Segments: []rules.Segment{
			seg("system", rules.FateBelow, "# Support agent Réponds en français. Today is", 0, 12, rules.Span{File: "prompts/support.md", Line: 1, Col: 1}),
			{Section: "system", Kind: rules.BlockText, Start: 12, Fate: rules.FateVolatile, Label: "Date", Slot: `time "Date" changes every request`, Span: date},
			{Section: "system", Kind: rules.BlockText, Start: 12, Fate: rules.FateVolatile, Label: "UserName", Slot: `user "UserName" changes every session`, Span: user},
			{Section: "system", Kind: rules.BlockText, Start: 12, Fate: rules.FateVolatile, Label: "RequestID", Slot: `value "RequestID" has an unknown lifetime`, Span: reqID},
			seg("system", rules.FateLost, "Policies: refunds within 30 days; <escalate> outages.", 12, 2048, rules.Span{File: "prompts/support.md", Line: 6, Col: 1}),
			{Section: "messages", Role: "assistant", Kind: rules.BlockText, Start: 2060, Tokens: 10000, Fate: rules.FateLost, Label: "history", Slot: `history "history" is stable`, Runtime: rules.RuntimeHistory},
			{Section: "messages", Role: "user", Kind: rules.BlockText, Start: 12060, Tokens: 20, Fate: rules.FateUncached, Label: "question"},
		},
	}
	chatBP := func(line, at int) rules.MapBreakpt {
		return rules.MapBreakpt{At: at, Span: at0(t, "requests/chat.json", line, `"cache_control"`)}
	}
	chat := &rules.RequestMap{
		Source: "anthropic", File: "requests/chat.json", Span: rules.Span{File: "requests/chat.json", Line: 1, Col: 1},
		Provider: "anthropic", Model: "claude-sonnet-4-5", Approx: true, Min: 1024, Total: 1500, Cached: 1480, BreakpointsKnown: true,
		Segments: []rules.Segment{
			seg("tools", rules.FateCached, "a", 0, 500, rules.Span{File: "requests/chat.json", Line: 4, Col: 5}),
			seg("tools", rules.FateCached, "b", 500, 500, rules.Span{File: "requests/chat.json", Line: 5, Col: 5}),
			seg("tools", rules.FateCached, "c", 1000, 479, rules.Span{File: "requests/chat.json", Line: 6, Col: 5}),
			seg("system", rules.FateCached, "x", 1479, 1, rules.Span{File: "requests/chat.json", Line: 8, Col: 40}),
			seg("messages", rules.FateUncached, "hi", 1480, 20, rules.Span{File: "requests/chat.json", Line: 9, Col: 60}),
		},
		Breakpoints: []rules.MapBreakpt{chatBP(4, 500), chatBP(5, 1000), chatBP(6, 1479), chatBP(8, 1480), chatBP(9, 1500)},
	}
	agent := &rules.RequestMap{
		Source: "go", File: "agent/agent.go", Span: rules.Span{File: "agent/agent.go", Line: 4, Col: 2},
		Provider: "anthropic", Model: "claude-opus-4-5", Min: 4096, Total: 4120, Cached: 4096, BreakpointsKnown: true,
		Segments: []rules.Segment{
			seg("system", rules.FateCached, "longInstructions", 0, 4096, rules.Span{File: "agent/agent.go", Line: 4, Col: 28}),
			seg("messages", rules.FateUncached, "question", 4096, 24, rules.Span{}),
		},
		Breakpoints: []rules.MapBreakpt{{At: 4096, TTL: "1h", Span: at(t, "agent/agent.go", 4, "CacheControl: oneHour()")}},
	}
	return []*rules.RequestMap{support, chat, agent}
}

// at0 is at with the span's start only, as a breakpoint's position is.
func at0(t testing.TB, file string, line int, sub string) rules.Span {
	s := at(t, file, line, sub)
	s.EndLine, s.EndCol = 0, 0
	return s
}

func renderHTML(t testing.TB, res *Result) []byte {
	t.Helper()
	r, err := New("html", Options{Root: srcDir})
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := r.Report(&buf, res); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestHTMLGolden(t *testing.T) {
	build := func() *Result {
		res := fixture(t)
		res.Maps = htmlMaps(t)
		return res
	}
	got := renderHTML(t, build())
	if again := renderHTML(t, build()); !bytes.Equal(got, again) {
		t.Fatal("output differs between two runs")
	}
	golden(t, "html", got)
}

// TestHTMLContent checks what the page must hold, independently of the
// golden bytes: one bar per request, every finding pinned on its request,
// the runtime segment hatched with its assumed size, the minimum and the
// breakpoints drawn, filters for each rule and severity, the explanations,
// and nothing fetched from the network.
func TestHTMLContent(t *testing.T) {
	res := fixture(t)
	res.Maps = htmlMaps(t)
	page := string(renderHTML(t, res))
	count := func(sub string) int { return strings.Count(page, sub) }
	for _, tc := range []struct {
		what string
		n    int
		want int
	}{
		{"bars", count(`<div class="bar" role="list" data-scale="`), 3},
		{"pins (the gemini prompt has no map)", count(`<a class="pin `), 4},
		{"hatched runtime segments", count(`class="seg lost runtime"`), 1},
		{"minimum rules", count(`class="min"`), 3},
		{"breakpoints", count(`class="bp"`), 6},
		{"zero-size volatile values", count(`class="tick"`), 3},
		{"rule filters", count(`data-filter="rule"`), 3},
		{"severity filters", count(`data-filter="severity"`), 3},
		{"explanations", count(`<details id="explain-`), len(rules.Rules)},
		{"input errors", count(`<li><code>requests/broken.json:4:14: invalid character`) + count(`<li><code>data/blob.bin: binary file`), 2},
		{"network references", count(`src="http`) + count(`href="http`) + count(`url(http`) + count(`@import`), 0},
	} {
		if tc.n != tc.want {
			t.Errorf("%s: %d, want %d", tc.what, tc.n, tc.want)
		}
	}
	if !strings.Contains(page, "10,000 tokens assumed for runtime history") {
		t.Error("the runtime segment does not state its assumed size")
	}
	if !strings.Contains(page, "&lt;escalate&gt;") || strings.Contains(page, "<escalate>") {
		t.Error("segment text is not escaped")
	}
	// Ranked by dollars: $13.15 before $0.87 before the unpriced findings.
	if i, j := strings.Index(page, `<b>$13.15/day`), strings.Index(page, `<b>$0.87/day`); i < 0 || j < i {
		t.Errorf("findings not ranked by dollars (%d, %d)", i, j)
	}
}

// TestHTMLSize: 1,000 findings on 200 requests stay under 1 MB.
func TestHTMLSize(t *testing.T) {
	res := &Result{Files: 200, Traffic: rules.Traffic{RPM: 1}}
	for r := range 200 {
		file := fmt.Sprintf("prompts/p%03d.md", r)
		m := &rules.RequestMap{Source: "template", File: file, Span: rules.Span{File: file, Line: 1, Col: 1}, Model: "claude-sonnet-4-5", Min: 1024, Total: 3000}
		for s := range 6 {
			fate := rules.FateLost
			if s%2 == 0 {
				fate = rules.FateVolatile
			}
			m.Segments = append(m.Segments, rules.Segment{Section: "system", Start: s * 500, Tokens: 500, Fate: fate, Label: "Rule text of the policy section", Span: rules.Span{File: file, Line: s + 1, Col: 1}})
		}
		res.Maps = append(res.Maps, m)
		for f := range 5 {
			res.Findings = append(res.Findings, rules.Finding{
				Rule: rules.PC001, Name: "volatile-prefix", Severity: rules.SeverityWarning, Span: rules.Span{File: file, Line: f + 1, Col: 1},
				Message: fmt.Sprintf(`time "Date%d" changes every request and stands ahead of ≈2,500 stable tokens, so they are never cached (about $9.65/day at 1 rpm)`, f),
				Model:   "claude-sonnet-4-5",
				Savings: sonnet(2500, 9.65, 0.0067, 226),
				Related: []rules.Related{{Span: rules.Span{File: file, Line: 9, Col: 3}, Message: "this breakpoint writes a new cache entry on every request"}},
			})
		}
	}
	page := renderHTML(t, res)
	if n := strings.Count(string(page), `<a class="pin `); n != 1000 {
		t.Errorf("%d pins, want 1000", n)
	}
	if len(page) >= 1<<20 {
		t.Errorf("page of 1,000 findings is %d bytes, want under 1 MB", len(page))
	}
	t.Logf("1,000 findings on 200 requests: %d bytes", len(page))
	if p := os.Getenv("CACHEVET_HTML_DUMP"); p != "" {
		_ = os.WriteFile(p, page, 0o644)
	}
}
