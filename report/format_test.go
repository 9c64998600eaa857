package report

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/cachevet/cachevet/rules"
)

func TestLineHashes(t *testing.T) {
	// Expected values were checked with an independent BigInt computation of
	// the algorithm (window polynomial mod 2^64 over UTF-16 units); the first
	// two agree with codeql-action's published results for those inputs.
	for _, tc := range []struct {
		in   string
		want []string
	}{
		{"", []string{"c129715d7a2bc9a3:1"}},
		{" a\nb\n  \t\tc\n d", []string{"271789c17abda88f:1", "54703d4cd895b18:1", "180aee12dab6264:1", "a23a3dc5e078b07b:1"}},
		{"Today is {{ .Date }}.\r\n\tTools: 🙂 顧客\n\nTools: 🙂 顧客\n",
			[]string{"c2cd14a18ca91c:1", "5e5948b6e138de33:1", "c531c6fc92e73e16:1", "88119c7b3c4b66c4:1", "c129715d7a2bc9a3:1"}},
	} {
		if got := lineHashes([]byte(tc.in)); strings.Join(got, " ") != strings.Join(tc.want, " ") {
			t.Errorf("lineHashes(%q) = %v, want %v", tc.in, got, tc.want)
		}
	}
}

func TestLineHashesRepeatedLines(t *testing.T) {
	got := lineHashes([]byte(strings.Repeat("same line\n", 30)))
	if got[0] == got[1] || strings.Split(got[0], ":")[0] != strings.Split(got[1], ":")[0] {
		t.Errorf("identical windows must share the hash and differ in the occurrence: %v", got[:2])
	}
	if !strings.HasSuffix(got[1], ":2") {
		t.Errorf("second occurrence = %s, want suffix :2", got[1])
	}
}

func TestUTF16Column(t *testing.T) {
	src := &sources{files: map[string][]string{
		"a": {"ab", "é🙂x", "\xff\xfex", "\t顧客"},
	}, raw: map[string][]byte{}}
	for _, tc := range []struct {
		line, col, want int
	}{
		{1, 1, 1},
		{1, 3, 3}, // end of line
		{1, 9, 9}, // past the end: one unit per byte
		{2, 3, 2}, // after é (2 bytes, 1 unit)
		{2, 7, 4}, // after 🙂 (4 bytes, a surrogate pair)
		{2, 5, 3}, // inside 🙂: counts the rune once
		{3, 3, 3}, // invalid bytes: one U+FFFD each
		{4, 5, 3}, // tab, 顧
		{9, 4, 4}, // unknown line: bytes
	} {
		if got := utf16Column(src, "a", tc.line, tc.col); got != tc.want {
			t.Errorf("line %d col %d: got %d, want %d", tc.line, tc.col, got, tc.want)
		}
	}
}

func TestFingerprintStableWhenLinesMove(t *testing.T) {
	dir := t.TempDir()
	write := func(content string) {
		if err := os.WriteFile(filepath.Join(dir, "p.md"), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	run := func(lines ...int) []string {
		res := &Result{}
		for _, l := range lines {
			res.Findings = append(res.Findings, rules.Finding{Rule: "PC001", Key: "Date", Span: rules.Span{File: filepath.Join(dir, "p.md"), Line: l, Col: 10}})
		}
		Prepare(res, Options{Root: dir})
		var fps []string
		for _, f := range res.Findings {
			if f.Span.File != "p.md" {
				t.Fatalf("path not relative: %s", f.Span.File)
			}
			fps = append(fps, f.Fingerprint)
		}
		return fps
	}
	write("Today is {{ .Date }}.\nrest\n")
	before := run(1)
	write("# new header\n\nmore\nToday  is {{ .Date }}.\nrest\n")
	after := run(4)
	if before[0] != after[0] {
		t.Errorf("fingerprint changed when lines moved: %s -> %s", before[0], after[0])
	}
	write("# new header\n\nmore\nToday was {{ .Date }}.\nrest\n")
	if changed := run(4); changed[0] == before[0] {
		t.Error("fingerprint did not change when the finding's line changed")
	}
	write("Today is {{ .Date }}.\nToday is {{ .Date }}.\n")
	twins := run(1, 2)
	if twins[0] == twins[1] {
		t.Error("identical findings on identical lines share a fingerprint; the occurrence index must tell them apart")
	}
	again := run(2, 1)
	if strings.Join(again, " ") != strings.Join(twins, " ") {
		t.Errorf("fingerprints depend on input order: %v vs %v", again, twins)
	}
}

func TestPrepareIdempotent(t *testing.T) {
	res := fixture(t)
	Prepare(res, Options{Root: srcDir})
	first := fmt.Sprint(res.Findings, res.Errors)
	Prepare(res, Options{Root: srcDir})
	if second := fmt.Sprint(res.Findings, res.Errors); second != first {
		t.Errorf("Prepare is not idempotent:\n%s\n%s", first, second)
	}
}

func TestRelPath(t *testing.T) {
	for _, tc := range []struct{ root, in, want string }{
		{"/repo", "/repo/prompts/a.md", "prompts/a.md"},
		{"/repo", "prompts/./a.md", "prompts/a.md"},
		{"/repo", "/elsewhere/a.md", "../elsewhere/a.md"},
		{"", "/abs/a.md", "/abs/a.md"},
		{"/repo", "", ""},
	} {
		if got := relPath(tc.root, tc.in); got != tc.want {
			t.Errorf("relPath(%q, %q) = %q, want %q", tc.root, tc.in, got, tc.want)
		}
	}
}

func TestSnippet(t *testing.T) {
	for _, tc := range []struct {
		name, line string
		col, end   int
		text, car  string
	}{
		{"ascii", "abc def", 5, 8, "abc def", "    ^~~"},
		{"tab kept", "\tx = 1", 2, 3, "\tx = 1", "\t^"},
		{"wide runes", "顧客 {{x}}", 8, 13, "顧客 {{x}}", "     ^~~~~"},
		{"emoji", "🙂 v", 6, 7, "🙂 v", "   ^"},
		{"combining", "e\u0301 v", 5, 6, "e\u0301 v", "  ^"},
		{"invalid utf-8", "\xff\xfe v", 4, 5, "\ufffd\ufffd v", "   ^"},
		{"control chars", "a\x1b[31mb", 7, 8, "a\ufffd[31mb", "      ^"},
		{"column past end", "ab", 9, 0, "ab", "  ^"},
		{"no end", "abc", 2, 0, "abc", " ^"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := rules.Span{Line: 1, Col: tc.col}
			if tc.end > 0 {
				s.EndLine, s.EndCol = 1, tc.end
			}
			text, caret := snippet(tc.line, s)
			if text != tc.text || caret != tc.car {
				t.Errorf("snippet = %q / %q, want %q / %q", text, caret, tc.text, tc.car)
			}
		})
	}
}

func TestSnippetLongLine(t *testing.T) {
	line := strings.Repeat("x", 5000) + "{{ .Date }}" + strings.Repeat("y", 5000)
	text, caret := snippet(line, rules.Span{Line: 1, Col: 5001, EndLine: 1, EndCol: 5012})
	if len(text) > 4*maxSnippet || !strings.HasPrefix(text, "…") || !strings.HasSuffix(text, "…") {
		t.Fatalf("long line not windowed: %d bytes", len(text))
	}
	i := strings.Index(text, "{{")
	if width(text[:i]) != len(strings.TrimRight(caret, "^~")) {
		t.Errorf("caret does not line up: text %q caret %q", text[:i], caret)
	}
}

func TestSavingsText(t *testing.T) {
	base := rules.Assumptions{RequestsPerMinute: 1, TTL: "5m", InputUSDPerMTok: 3, WriteMultiplier: 1.25, ReadMultiplier: 0.1, PriceKnown: true}
	for _, tc := range []struct {
		name string
		sv   rules.Savings
		want string
	}{
		{"approx", rules.Savings{Tokens: 3412, Approx: true, HitRate: 0.9933, USDPerDay: 13.15, TTFTms: 310, Assumptions: base},
			"saves ≈3,412 tokens per request, 99% hit rate: $13.15/day, 310 ms faster first token"},
		{"negative", rules.Savings{Tokens: 1200, HitRate: 0.0166, USDPerDay: -0.42, TTFTms: -5, Assumptions: base},
			"saves 1,200 tokens per request, 2% hit rate: -$0.42/day, 5 ms slower first token"},
		{"unknown price", rules.Savings{Tokens: 5000, HitRate: 1, TTFTms: 1500, Assumptions: rules.Assumptions{TTL: "5m"}},
			"saves 5,000 tokens per request, 100% hit rate, 1.5 s faster first token"},
		{"large", rules.Savings{Tokens: 100000, HitRate: 0.004, USDPerDay: 2345.6, Assumptions: base},
			"saves 100,000 tokens per request, <1% hit rate: $2,346/day"},
		{"assumed", rules.Savings{Tokens: 10420, AssumedTokens: 10000, HitRate: 0.9933, USDPerDay: 66.81, Assumptions: base},
			"saves 10,420 tokens per request (10,000 of them assumed), 99% hit rate: $66.81/day"},
	} {
		if got := savingsText(&tc.sv); got != tc.want {
			t.Errorf("%s: got %q, want %q", tc.name, got, tc.want)
		}
	}
}

func TestSummaryLine(t *testing.T) {
	if got := summaryLine(&Result{Files: 1}); got != "no findings in 1 file" {
		t.Errorf("empty run: %q", got)
	}
	res := fixture(t)
	res.Findings = res.Findings[len(res.Findings)-1:] // PC009 alone
	res.Errors = nil
	res.Findings[0].Savings.USDPerDay = -1.5
	if got, want := summaryLine(res), "1 finding (1 info) in 6 files; fixing it costs about $1.50/day more"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestGithubEscaping(t *testing.T) {
	if got, want := escapeData("100% done\r\nnext: a,b"), "100%25 done%0D%0Anext: a,b"; got != want {
		t.Errorf("escapeData = %q, want %q", got, want)
	}
	if got, want := escapeProperty("dir:a,b/100%\nx.md"), "dir%3Aa%2Cb/100%25%0Ax.md"; got != want {
		t.Errorf("escapeProperty = %q, want %q", got, want)
	}
	res := &Result{Files: 1, Findings: []rules.Finding{{
		Rule: "PC001", Name: "volatile-prefix", Severity: rules.SeverityWarning,
		Span:    rules.Span{File: "odd:dir,x/p%.md", Line: 2, Col: 3},
		Message: "50% of it\nchanges",
	}}}
	var buf bytes.Buffer
	r, _ := New("github", Options{ReadFile: noFiles})
	if err := r.Report(&buf, res); err != nil {
		t.Fatal(err)
	}
	want := "::warning file=odd%3Adir%2Cx/p%25.md,line=2,endLine=2,col=3,endColumn=3,title=PC001 volatile-prefix::50%25 of it%0Achanges\n"
	if !strings.HasPrefix(buf.String(), want) {
		t.Errorf("got\n%s\nwant prefix\n%s", buf.String(), want)
	}
}

func noFiles(string) ([]byte, error) { return nil, os.ErrNotExist }

func TestGithubBudget(t *testing.T) {
	res := &Result{Files: 3}
	add := func(sev rules.Severity, n int) {
		for i := range n {
			f := rules.Finding{Rule: "PC001", Name: "volatile-prefix", Severity: sev,
				Span: rules.Span{File: "p.md", Line: i + 1, Col: int(sev)}, Message: fmt.Sprintf("m%d", i)} // one site per finding
			if i%3 != 0 { // every third finding has nothing to save
				f.Savings = &rules.Savings{Tokens: 100, USDPerDay: float64(i), Assumptions: rules.Assumptions{PriceKnown: true}}
			}
			res.Findings = append(res.Findings, f)
		}
	}
	add(rules.SeverityWarning, 14)
	add(rules.SeverityError, 3)
	add(rules.SeverityInfo, 10)
	var buf bytes.Buffer
	r, _ := New("github", Options{ReadFile: noFiles})
	if err := r.Report(&buf, res); err != nil {
		t.Fatal(err)
	}
	count := map[string]int{}
	var warnLines []int
	lineRE := regexp.MustCompile(`^::(\w+) .*line=(\d+),`)
	for _, l := range strings.Split(buf.String(), "\n") {
		m := lineRE.FindStringSubmatch(l)
		if m == nil {
			continue
		}
		count[m[1]]++
		if m[1] == "warning" {
			var n int
			fmt.Sscan(m[2], &n)
			warnLines = append(warnLines, n)
		}
	}
	if count["warning"] != 10 || count["error"] != 3 || count["notice"] != 9 {
		t.Errorf("annotations per level = %v, want 10 warnings, 3 errors, 9 notices (one slot left for the overflow notice)", count)
	}
	// Savings i per finding on line i+1: the largest first; those with none
	// (i = 0, 3, 6, 9, 12) come last, by position.
	want := []int{14, 12, 11, 9, 8, 6, 5, 3, 2, 1}
	if fmt.Sprint(warnLines) != fmt.Sprint(want) {
		t.Errorf("warning order by line = %v, want %v", warnLines, want)
	}
	if !strings.Contains(buf.String(), "::notice title=cachevet::4 warnings, 1 notice more not annotated") {
		t.Errorf("missing overflow notice:\n%s", buf.String())
	}
}

func TestGithubStepSummary(t *testing.T) {
	path := filepath.Join(t.TempDir(), "summary.md")
	if err := os.WriteFile(path, []byte("earlier step\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	env := func(k string) string {
		if k == "GITHUB_STEP_SUMMARY" {
			return path
		}
		return ""
	}
	render(t, "github", Options{Root: srcDir, Env: env})
	got, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(string(got), "earlier step\n## cachevet") {
		t.Errorf("summary must be appended, got:\n%s", got)
	}
	golden(t, "summary.md", got[len("earlier step\n"):])
	// Without the variable nothing is written anywhere.
	render(t, "github", Options{Root: srcDir, Env: func(string) string { return "" }})
}

func TestMarkdownEscape(t *testing.T) {
	if got, want := mdEscape("a|b\n<x> *y*"), `a\|b &lt;x&gt; \*y\*`; got != want {
		t.Errorf("mdEscape = %q, want %q", got, want)
	}
}

func TestSARIFRules(t *testing.T) {
	d := sarifDriverFor("v1.2.3")
	if d.SemanticVersion != "1.2.3" || len(d.Rules) != len(rules.Rules) {
		t.Fatalf("driver = %+v", d)
	}
	for _, r := range d.Rules {
		if r.ID == r.Name || r.ShortDescription.Text == "" || len(r.FullDescription.Text) > 1024 || r.FullDescription.Text == "" {
			t.Errorf("%s: bad descriptor %+v", r.ID, r)
		}
		if !strings.Contains(r.Help.Markdown, "```") || !strings.Contains(r.Help.Markdown, "("+rules.MustRule(r.ID).URL()+")") {
			t.Errorf("%s: help.markdown lacks examples or the docs link", r.ID)
		}
	}
	if sarifDriverFor("dev").SemanticVersion != "" {
		t.Error("a non-semver version must not be a semanticVersion")
	}
	if got := firstParagraph(strings.Repeat("Word word word. ", 100), 100); len(got) > 100 || !strings.HasSuffix(got, ".") {
		t.Errorf("firstParagraph = %q", got)
	}
}

func TestSARIFMessageLinks(t *testing.T) {
	f := &rules.Finding{Message: "x", Related: []rules.Related{{Message: "a [b]"}, {Message: ""}}}
	if got, want := sarifMessage(f), `x. Related: [a \[b\]](1), [related location](2).`; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestSARIFExecutionSuccessful(t *testing.T) {
	r := &sarifReporter{}
	src := newSources(Options{ReadFile: noFiles})
	err := []*rules.InputError{{Span: rules.Span{File: "a"}, Message: "bad"}}
	if !r.invocation(&Result{Files: 2, Errors: err}, src).ExecutionSuccessful {
		t.Error("one bad file of two: the run still did its job")
	}
	if r.invocation(&Result{Files: 1, Errors: err}, src).ExecutionSuccessful {
		t.Error("every input failed: executionSuccessful must be false")
	}
}
