package report

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cachevet/cachevet/rules"
)

// deltaFixture is a change against main: one finding added in a new file,
// one removed, one moved by a rename with a higher cost, one whose cost
// changed in place, one the base could not check, and an input error on
// each side.
func deltaFixture(t testing.TB) *Delta {
	res := fixture(t)
	Prepare(res, Options{Root: srcDir})
	byKey := map[string]rules.Finding{}
	for _, f := range res.Findings {
		byKey[f.Key] = f
	}
	movedBase := byKey["Now"]
	movedBase.Span.File, movedBase.Span.Line = "prompts/old-agent.md", 3
	sv := *movedBase.Savings
	sv.USDPerDay = 60.81
	movedBase.Savings = &sv
	repricedBase := byKey["write-without-reuse:0"]
	sv2 := *repricedBase.Savings
	sv2.USDPerDay = 0.02
	repricedBase.Savings = &sv2
	return &Delta{
		Base: "main", Commit: "1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d", Version: "0.1.0", Files: 6,
		Added:     []rules.Finding{byKey["Date"]},
		Removed:   []rules.Finding{byKey["RequestID"]},
		Matched:   []Match{{Base: movedBase, Head: byKey["Now"]}, {Base: repricedBase, Head: byKey["write-without-reuse:0"]}, {Base: byKey["too-many-breakpoints"], Head: byKey["too-many-breakpoints"]}},
		Unchecked: []rules.Finding{byKey["Region"]},
		NewFiles:  map[string]bool{"prompts/support.md": true},
		BaseErrors: []*rules.InputError{
			rules.Errorf(rules.Span{File: "prompts/gemini.prompt", Line: 2, Col: 1}, "unterminated front matter"),
		},
		Errors: res.Errors[:1],
		Notes: []string{
			"prompts/gemini.prompt could not be read at main: the head's findings there are not compared",
			"prompts/old-agent.md was renamed to prompts/agent.md since main: its findings keep their fingerprints",
		},
	}
}

func renderDelta(t *testing.T, format string, d *Delta, opts Options) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := WriteDelta(&buf, format, d, opts); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestDeltaGolden(t *testing.T) {
	for _, format := range DeltaFormats() {
		t.Run(format, func(t *testing.T) {
			got := renderDelta(t, format, deltaFixture(t), Options{})
			if again := renderDelta(t, format, deltaFixture(t), Options{}); !bytes.Equal(got, again) {
				t.Fatal("output differs between two runs")
			}
			golden(t, "delta-"+format, got)
		})
	}
}

func TestDeltaNet(t *testing.T) {
	d := deltaFixture(t)
	// +13.15 added, -0.87 removed, +6.00 moved and re-priced, +0.03 re-priced;
	// the unchecked finding is left out.
	if got := d.Net(); got != 18.31 {
		t.Errorf("Net = %v, want 18.31", got)
	}
	if d.Complete() || !d.Changed() {
		t.Errorf("Complete = %v, Changed = %v; want false, true", d.Complete(), d.Changed())
	}
	same := &Delta{Base: "main", Matched: d.Matched[2:]}
	if same.Changed() || !same.Complete() || same.Net() != 0 {
		t.Errorf("an unchanged delta: Changed %v Complete %v Net %v", same.Changed(), same.Complete(), same.Net())
	}
	md := string(renderDelta(t, "markdown", same, Options{}))
	if want := "### cachevet: no change against main: 1 finding on both sides; net $0.00/day\n\n"; md != want {
		t.Errorf("markdown of no change = %q, want %q", md, want)
	}
}

// TestDeltaGitHubSummary: the github format annotates added findings only
// and appends the markdown to the step summary.
func TestDeltaGitHubSummary(t *testing.T) {
	summary := filepath.Join(t.TempDir(), "summary.md")
	env := func(k string) string {
		if k == "GITHUB_STEP_SUMMARY" {
			return summary
		}
		return ""
	}
	out := string(renderDelta(t, "github", deltaFixture(t), Options{Env: env}))
	if n := strings.Count(out, "::warning "); n != 1 || !strings.Contains(out, "::warning file=prompts/support.md,line=3,") {
		t.Errorf("want one warning, for the added finding:\n%s", out)
	}
	if !strings.Contains(out, "::error file=data/blob.bin,") {
		t.Errorf("the head's input error is not annotated:\n%s", out)
	}
	got, err := os.ReadFile(summary)
	if err != nil {
		t.Fatal(err)
	}
	if want := renderDelta(t, "markdown", deltaFixture(t), Options{}); !bytes.Equal(got, want) {
		t.Errorf("step summary differs from the markdown:\n%s", got)
	}
	if err := WriteDelta(&bytes.Buffer{}, "sarif", deltaFixture(t), Options{}); err == nil || !strings.Contains(err.Error(), "unknown format") {
		t.Error("sarif is not a delta format")
	}
}
