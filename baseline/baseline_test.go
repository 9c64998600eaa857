package baseline

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cachevet/cachevet/report"
	"github.com/cachevet/cachevet/rules"
)

// prepared returns findings at the given lines of dir/p.md with fingerprints.
func prepared(t *testing.T, dir string, lines ...int) []rules.Finding {
	t.Helper()
	res := &report.Result{}
	for _, l := range lines {
		res.Findings = append(res.Findings, rules.Finding{
			Rule: "PC001", Key: "Date", Severity: rules.SeverityWarning,
			Span: rules.Span{File: filepath.Join(dir, "p.md"), Line: l, Col: 10},
		})
	}
	report.Prepare(res, report.Options{Root: dir})
	return res.Findings
}

func writeFile(t *testing.T, dir, content string) {
	t.Helper()
	if err := os.WriteFile(filepath.Join(dir, "p.md"), []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestRoundTrip(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "Today is {{ .Date }}.\nToday is {{ .Date }}.\nstable\n")
	var buf bytes.Buffer
	if err := Write(&buf, prepared(t, dir, 1, 2)); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "baseline.json")
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	b, err := Load(path)
	if err != nil {
		t.Fatal(err)
	}
	// Insert unrelated lines above and add one new identical problem.
	writeFile(t, dir, "# header\n\nintro\nToday is {{ .Date }}.\nToday is {{ .Date }}.\nstable\nToday is {{ .Date }}.\n")
	got := b.Filter(prepared(t, dir, 4, 5, 7))
	if len(got) != 1 || got[0].Span.Line != 7 {
		t.Fatalf("Filter kept %v, want only the new finding on line 7", got)
	}
	// Without the new problem nothing is reported.
	if got := b.Filter(prepared(t, dir, 4, 5)); len(got) != 0 {
		t.Errorf("moved findings reported as new: %v", got)
	}
}

func TestWriteDeterministicAndCounted(t *testing.T) {
	fs := []rules.Finding{
		{Rule: "PC004", Fingerprint: "bb", Span: rules.Span{File: "b.json"}},
		{Rule: "PC001", Fingerprint: "aa", Span: rules.Span{File: "a.md"}},
		{Rule: "PC001", Fingerprint: "aa", Span: rules.Span{File: "a.md"}},
	}
	var one, two bytes.Buffer
	if err := Write(&one, fs); err != nil {
		t.Fatal(err)
	}
	if err := Write(&two, []rules.Finding{fs[2], fs[0], fs[1]}); err != nil {
		t.Fatal(err)
	}
	if one.String() != two.String() {
		t.Error("output depends on input order")
	}
	want := `{
  "version": 1,
  "tool": "cachevet",
  "entries": [
    {
      "fingerprint": "aa",
      "rule": "PC001",
      "file": "a.md",
      "count": 2
    },
    {
      "fingerprint": "bb",
      "rule": "PC004",
      "file": "b.json",
      "count": 1
    }
  ]
}
`
	if one.String() != want {
		t.Errorf("got\n%s", one.String())
	}
	if err := Write(&one, []rules.Finding{{Rule: "PC001"}}); err == nil {
		t.Error("a finding without fingerprint must be an error")
	}
}

func TestFilterMultiset(t *testing.T) {
	b := &Baseline{Version: 1, Entries: []Entry{{Fingerprint: "x", Count: 2}, {Fingerprint: "y", Count: 1}}}
	fs := []rules.Finding{{Fingerprint: "x"}, {Fingerprint: "z"}, {Fingerprint: "x"}, {Fingerprint: "x"}, {Fingerprint: "y"}}
	got := b.Filter(fs)
	if len(got) != 2 || got[0].Fingerprint != "z" || got[1].Fingerprint != "x" {
		t.Errorf("Filter = %v, want z and the third x", got)
	}
}

func TestParseErrors(t *testing.T) {
	for _, tc := range []struct{ name, in, want string }{
		{"syntax", "{\n  \"version\": 1,\n  \"entries\": [}\n", "b.json:3:15: invalid character '}'"},
		{"type", "{\"version\": \"one\"}", "b.json:1:18: json: cannot unmarshal"},
		{"empty", "", "b.json: empty baseline file"},
		{"version", `{"version": 9, "entries": []}`, "baseline version 9 is not supported"},
		{"unknown field", `{"version": 1, "entries": [], "extra": 1}`, `unknown field "extra"`},
		{"count", `{"version": 1, "entries": [{"fingerprint": "a", "count": 0}]}`, "entry 1 needs a fingerprint"},
		{"trailing", `{"version": 1, "entries": []} {}`, "unexpected data"},
		{"binary", "\x00\xff\xfe", "b.json:1:1: invalid character"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Parse([]byte(tc.in), "b.json")
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("err = %v, want containing %q", err, tc.want)
			}
		})
	}
	if _, err := Load(filepath.Join(t.TempDir(), "missing.json")); err == nil {
		t.Error("missing file must be an error")
	}
}

func FuzzParse(f *testing.F) {
	f.Add([]byte(`{"version": 1, "tool": "cachevet", "entries": [{"fingerprint": "aa", "rule": "PC001", "file": "a.md", "count": 2}]}`))
	f.Add([]byte(`{"version": 1, "entries": [}`))
	f.Add([]byte("\x00"))
	f.Fuzz(func(t *testing.T, data []byte) {
		b, err := Parse(data, "f.json")
		if err != nil {
			return
		}
		var buf bytes.Buffer
		var fs []rules.Finding
		for _, e := range b.Entries {
			for range min(e.Count, 3) {
				fs = append(fs, rules.Finding{Rule: e.Rule, Fingerprint: e.Fingerprint, Span: rules.Span{File: e.File}})
			}
		}
		if err := Write(&buf, fs); err != nil {
			t.Fatal(err)
		}
		if len(b.Filter(fs)) != 0 {
			t.Error("a baseline must cover the findings it was written from")
		}
	})
}
