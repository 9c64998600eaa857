package cli

import (
	"bytes"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/cachevet/cachevet/internal/browsertest"
	"github.com/cachevet/cachevet/scan"
)

// TestHTMLInBrowser scans the bundled examples with --format html, loads the
// page in headless Chromium and checks the DOM: one bar per request, each
// segment as wide as its tokens within 1 px, every finding pinned on a bar
// at a segment or breakpoint edge and linked to its entry, the filters
// reachable and working from the keyboard, both themes drawn. Screenshots
// go to the test's artifact directory (go test -artifacts -outputdir DIR
// keeps them). Any console error fails it.
func TestHTMLInBrowser(t *testing.T) {
	browsertest.Browser(t) // skip (or, in CI, fail) before any work without Chromium
	root, err := filepath.Abs("..")
	if err != nil {
		t.Fatal(err)
	}
	page := filepath.Join(t.TempDir(), "cachevet.html")
	var out, errOut bytes.Buffer
	code := run([]string{"scan", "--fail-on", "none", "--format", "html", "-o", page, "testdata/examples"},
		&streams{Out: &out, Err: &errOut, Getenv: func(string) string { return "" }, Dir: root})
	if code != 0 {
		t.Fatalf("scan exit %d: %s%s", code, out.String(), errOut.String())
	}
	res, err := scan.Run(scan.Options{Paths: []string{"testdata/examples"}, Dir: root, Maps: true})
	if err != nil {
		t.Fatal(err)
	}

	p := browsertest.Load(t, page, 1200, 900)
	if got := browsertest.Eval[int](p, `document.querySelectorAll('article.request .bar').length`); got != len(res.Maps) {
		t.Errorf("%d bars, want one per request: %d", got, len(res.Maps))
	}

	// Every segment's width is its share of the bar's scale, within 1 px.
	type seg struct {
		Bar    int
		Tokens int
		Scale  int
		Width  float64
		Inner  float64
	}
	segs := browsertest.Eval[[]seg](p, `Array.from(document.querySelectorAll('.bar')).flatMap((bar, i) =>
		Array.from(bar.querySelectorAll('.seg')).map(s => ({
			Bar: i, Tokens: +s.dataset.tokens, Scale: +bar.dataset.scale,
			Width: s.getBoundingClientRect().width, Inner: bar.clientWidth})))`)
	if len(segs) == 0 {
		t.Fatal("no segments drawn")
	}
	for _, s := range segs {
		want := float64(s.Tokens) / float64(s.Scale) * s.Inner
		if d := s.Width - want; d > 1 || d < -1 {
			t.Errorf("bar %d: segment of %d tokens is %.2f px wide, want %.2f (scale %d, bar %.0f px)", s.Bar, s.Tokens, s.Width, want, s.Scale, s.Inner)
		}
	}

	// Every finding is pinned on a bar, at the edge of a segment, tick or
	// breakpoint of that bar, and the pin links to its entry in the list.
	type pinned struct {
		Href   string
		Target bool
		Edge   bool
	}
	pins := browsertest.Eval[[]pinned](p, `Array.from(document.querySelectorAll('a.pin')).map(a => {
		const art = a.closest('article'), bar = art.querySelector('.bar').getBoundingClientRect();
		const x = a.classList.contains('end') ? a.getBoundingClientRect().right : a.getBoundingClientRect().left;
		const edges = Array.from(art.querySelectorAll('.seg,.tick,.bp')).map(e => e.getBoundingClientRect().left + (e.classList.contains('seg') ? 0 : e.getBoundingClientRect().width / 2));
		edges.push(bar.left + 1);
		return {Href: a.getAttribute('href'), Target: !!document.querySelector(a.getAttribute('href') + '.finding'),
			Edge: edges.some(e => Math.abs(e - x) <= 3)};
	})`)
	if len(pins) != len(res.Findings) {
		t.Errorf("%d pins, want one per finding: %d", len(pins), len(res.Findings))
	}
	for _, pin := range pins {
		if !pin.Target || !pin.Edge {
			t.Errorf("pin %s: links to a finding %v, sits at a segment edge %v", pin.Href, pin.Target, pin.Edge)
		}
	}
	p.Screenshot("examples-light.png")

	// The filters are the first thing Tab reaches; Space unticks the first
	// rule and hides its findings and pins.
	p.Key("\t")
	if got := browsertest.Eval[string](p, `document.activeElement.dataset.filter + ':' + document.activeElement.value`); got != "rule:PC001" {
		t.Fatalf("first Tab stop is %q, want the PC001 rule filter", got)
	}
	p.Key(" ")
	type shown struct{ Findings, Pins, Hidden int }
	got := browsertest.Eval[shown](p, `({Findings: document.querySelectorAll('li.finding:not([hidden])').length,
		Pins: document.querySelectorAll('a.pin:not([hidden])').length,
		Hidden: document.querySelectorAll('[data-rule="PC001"]:not([hidden])').length})`)
	others := 0
	for _, f := range res.Findings {
		if f.Rule != "PC001" {
			others++
		}
	}
	if got.Findings != others || got.Pins != others || got.Hidden != 0 {
		t.Errorf("after unticking PC001: %+v, want %d findings and pins shown and no PC001", got, others)
	}
	if n := browsertest.Eval[string](p, `document.getElementById('shown').textContent`); n != strconv.Itoa(others) {
		t.Errorf("the count of shown findings says %s, want %d", n, others)
	}
	p.Key(" ")

	p.ColorScheme("dark")
	if bg := browsertest.Eval[string](p, `getComputedStyle(document.body).backgroundColor`); bg != "rgb(13, 17, 23)" {
		t.Errorf("dark theme background %s", bg)
	}
	p.Screenshot("examples-dark.png")
}
