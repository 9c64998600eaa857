package report

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cachevet/cachevet/rules"
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden")

const srcDir = "testdata/src"

// at returns the span of the first occurrence of sub on a line of a
// fixture file, with byte columns.
func at(t testing.TB, file string, line int, sub string) rules.Span {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(srcDir, file))
	if err != nil {
		t.Fatal(err)
	}
	text := strings.Split(string(data), "\n")[line-1]
	i := strings.Index(text, sub)
	if i < 0 {
		t.Fatalf("%s:%d: %q not found", file, line, sub)
	}
	return rules.Span{File: file, Line: line, Col: i + 1, EndLine: line, EndCol: i + 1 + len(sub)}
}

func sonnet(tokens int, usd, perReq, ttft float64) *rules.Savings {
	return &rules.Savings{
		Tokens: tokens, Approx: true, HitRate: 0.9933, USDPerRequest: perReq, USDPerDay: usd, TTFTms: ttft,
		Assumptions: rules.Assumptions{RequestsPerMinute: 1, TTL: "5m", InputUSDPerMTok: 3, WriteMultiplier: 1.25, ReadMultiplier: 0.1, PriceKnown: true},
	}
}

// fixture is one fixed run covering every reporter feature: non-ASCII text
// and tabs before a finding, a surrogate pair before another, a finding
// without savings (PC004), approximate counts, an unknown price, related
// locations, and input errors with and without a position.
func fixture(t testing.TB) *Result {
	date := at(t, "prompts/support.md", 3, "{{ .Date }}")
	user := at(t, "prompts/support.md", 4, "{{ .UserName }}")
	reqID := at(t, "prompts/support.md", 4, "{{ .RequestID }}")
	return &Result{
		Version: "0.1.0",
		Files:   6,
		Traffic: rules.Traffic{RPM: 1},
		Findings: []rules.Finding{
			{
				Rule: "PC004", Name: "too-many-breakpoints", Severity: rules.SeverityError,
				Span:     at(t, "requests/chat.json", 9, `"cache_control"`),
				Message:  "request has 5 cache breakpoints (5 explicit); anthropic accepts 4 and rejects the request",
				Provider: "anthropic", Model: "claude-sonnet-4-5", Key: "too-many-breakpoints",
				Related: []rules.Related{
					{Span: at(t, "requests/chat.json", 4, `"cache_control"`), Message: "breakpoint"},
					{Span: at(t, "requests/chat.json", 5, `"cache_control"`), Message: "breakpoint"},
				},
			},
			{
				Rule: "PC001", Name: "volatile-prefix", Severity: rules.SeverityWarning, Span: date,
				Message:  `time "Date" changes every request and stands ahead of ≈2,048 stable tokens, so they are never cached (about $13.15/day at 1 rpm)`,
				Provider: "anthropic", Model: "claude-sonnet-4-5", Key: "Date",
				Savings: sonnet(2048, 13.15, 0.009132, 186),
				Related: []rules.Related{{Span: user, Message: `user "UserName" changes every session`}},
			},
			{
				Rule: "PC001", Name: "volatile-prefix", Severity: rules.SeverityInfo, Span: reqID,
				Message:  `value "RequestID" has an unknown lifetime and stands ahead of ≈1,500 stable tokens, so they are never cached (about $0.87/day at 1 rpm)`,
				Provider: "anthropic", Model: "claude-sonnet-4-5", Key: "RequestID",
				Savings: sonnet(1500, 0.87, 0.000604, 136),
			},
			{
				Rule: "PC001", Name: "volatile-prefix", Severity: rules.SeverityWarning,
				Span:     at(t, "prompts/gemini.prompt", 1, "{{ .Region }}"),
				Message:  `value "Region" has an unknown lifetime and stands ahead of ≈5,120 stable tokens, so they are never cached`,
				Provider: "google", Model: "gemini-4-argon", Key: "Region",
				Savings: &rules.Savings{
					Tokens: 5120, Approx: true, HitRate: 0.9933, TTFTms: 465,
					Assumptions: rules.Assumptions{RequestsPerMinute: 1, TTL: "5m", WriteMultiplier: 1},
				},
			},
			agentNow(t), agentNow(t), // a finding two records repeat is reported once
			{
				Rule: "PC009", Name: "write-without-reuse", Severity: rules.SeverityInfo,
				Span:     at(t, "agent/agent.go", 4, "CacheControl: oneHour()"),
				Message:  "at 0.01 rpm with a 1h TTL only 45% of requests read this breakpoint's 4,096 tokens, so its write premium costs $0.05/day more than it saves",
				Provider: "anthropic", Model: "claude-opus-4-5", Key: "write-without-reuse:0",
				Savings: &rules.Savings{
					Tokens: 4096, HitRate: 0.4512, USDPerRequest: 0.003427, USDPerDay: 0.05, TTFTms: -171,
					Assumptions: rules.Assumptions{RequestsPerMinute: 0.01, TTL: "1h", InputUSDPerMTok: 5, WriteMultiplier: 2, ReadMultiplier: 0.1, PriceKnown: true},
				},
			},
		},
		Errors: []*rules.InputError{
			rules.Errorf(rules.Span{File: "requests/broken.json", Line: 4, Col: 14}, "invalid character '}' looking for beginning of value"),
			rules.Errorf(rules.Span{File: "data/blob.bin"}, "binary file, not scanned"),
		},
	}
}

// agentNow is a finding whose savings rest on an assumed history size and
// whose value is produced elsewhere.
func agentNow(t testing.TB) rules.Finding {
	sv := sonnet(10420, 66.81, 0.046395, 947)
	sv.AssumedTokens = 10000
	sv.Assumptions.Assumed = []string{rules.RuntimeHistory}
	sv.Assumptions.AssumedSizes = map[string]int{rules.RuntimeHistory: 10000}
	return rules.Finding{
		Rule: "PC001", Name: "volatile-prefix", Severity: rules.SeverityWarning,
		Span:     at(t, "prompts/agent.md", 1, "{{ .Now }}"),
		Message:  `time "Now" changes every request and stands ahead of ≈420 stable tokens plus the conversation history (assumed 10,000), so they are never cached (about $66.81/day at 1 rpm)`,
		Provider: "anthropic", Model: "claude-sonnet-4-5", Key: "Now",
		Savings: sv,
		Related: []rules.Related{{Span: at(t, "agent/agent.go", 4, "oneHour()"), Message: "the value is produced here"}},
	}
}

func render(t *testing.T, format string, opts Options) []byte {
	t.Helper()
	r, err := New(format, opts)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := r.Report(&buf, fixture(t)); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name+".golden")
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./report -update)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from %s (run go test ./report -update and review the diff)\n--- got ---\n%s", name, path, got)
	}
}

func TestGolden(t *testing.T) {
	for _, tc := range []struct {
		name, format string
		color        bool
	}{
		{"text", "text", false},
		{"text-color", "text", true},
		{"json", "json", false},
		{"sarif", "sarif", false},
		{"github", "github", false},
		{"checkstyle", "checkstyle", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			opts := Options{Root: srcDir, Color: tc.color}
			got := render(t, tc.format, opts)
			if again := render(t, tc.format, opts); !bytes.Equal(got, again) {
				t.Fatal("output differs between two runs")
			}
			if tc.format == "sarif" {
				// The absolute root would make the golden machine-specific.
				got = bytes.ReplaceAll(got, []byte(rootURI(srcDir)), []byte("file:///SRCROOT/"))
			}
			golden(t, tc.name, got)
		})
	}
}

func TestNew(t *testing.T) {
	for _, f := range Formats() {
		if _, err := New(f, Options{}); err != nil {
			t.Errorf("New(%q): %v", f, err)
		}
	}
	if _, err := New("TEXT", Options{}); err != nil {
		t.Errorf("format names are case-insensitive: %v", err)
	}
	if _, err := New("xml", Options{}); err == nil || !strings.Contains(err.Error(), "unknown format") {
		t.Errorf("New(xml) = %v, want unknown format", err)
	}
}

// TestTextLongLine: a finding spanning a whole tools array on one JSONL line
// shows a windowed snippet and a caret cut at maxCaret columns.
func TestTextLongLine(t *testing.T) {
	data, err := os.ReadFile(filepath.Join(srcDir, "requests/log.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	line := strings.Split(string(data), "\n")[1]
	from := strings.Index(line, `"tools": [`) + len(`"tools": `)
	to := strings.Index(line, `], "messages"`) + 1
	res := &Result{
		Files: 1, Traffic: rules.Traffic{RPM: 1},
		Findings: []rules.Finding{{
			Rule: "PC006", Name: "unstable-order", Severity: rules.SeverityWarning,
			Span:    rules.Span{File: "requests/log.jsonl", Line: 2, Col: from + 1, EndLine: 2, EndCol: to + 1},
			Message: `tools are listed in a different order than in record 1`,
			Related: []rules.Related{{Span: rules.Span{File: "requests/log.jsonl", Line: 1, Col: from + 1}, Message: "the order in record 1"}},
		}},
	}
	var buf bytes.Buffer
	if err := (&textReporter{opts: Options{Root: srcDir}}).Report(&buf, res); err != nil {
		t.Fatal(err)
	}
	caret := strings.Split(buf.String(), "\n")[2]
	if w := width(strings.TrimLeft(caret, " ")); w != maxCaret+1 {
		t.Errorf("caret is %d columns wide, want %d (%d underlined and …)", w, maxCaret+1, maxCaret)
	}
	golden(t, "text-longline", buf.Bytes())
}
