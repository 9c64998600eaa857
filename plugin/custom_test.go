package plugin

import (
	"bufio"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"
)

// TestCustomGolangciLint runs a golangci-lint binary built with this plugin
// (.ci/golangci.sh builds it the way `golangci-lint custom` does and passes
// its path in CACHEVET_CUSTOM_GCL) over testdata/gclmod, a module on the
// real anthropic-sdk-go: one issue per finding, rule code and severity in
// the text, the positions of the "expect:" comments, //nolint:cachevet
// honoured and the .golangci.yml settings (rpm: 20, severity rules) applied.
func TestCustomGolangciLint(t *testing.T) {
	bin := os.Getenv("CACHEVET_CUSTOM_GCL")
	if bin == "" {
		t.Skip("CACHEVET_CUSTOM_GCL is not set: .ci/golangci.sh builds the binary and runs this test")
	}
	dir := t.TempDir()
	if err := os.CopyFS(dir, os.DirFS("testdata/gclmod")); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(bin, "run", "--output.json.path=stdout", "--show-stats=false", "./...")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOWORK=off", "GOFLAGS=-mod=readonly")
	out, err := cmd.Output()
	if err != nil {
		if ee, ok := err.(*exec.ExitError); !ok || ee.ExitCode() != 1 {
			t.Fatalf("%s run: %v\n%s\n%s", bin, err, out, stderrOf(err))
		}
	}
	var report struct {
		Issues []struct {
			FromLinter string
			Text       string
			Severity   string
			Pos        struct {
				Filename     string
				Line, Column int
			}
		}
	}
	if err := json.Unmarshal(out, &report); err != nil {
		t.Fatalf("golangci-lint JSON: %v\n%s", err, out)
	}
	var got []string
	for _, is := range report.Issues {
		if is.FromLinter != Name {
			t.Errorf("issue from %q: %s", is.FromLinter, is.Text)
			continue
		}
		t.Logf("%s:%d:%d: %s (%s, %s)", is.Pos.Filename, is.Pos.Line, is.Pos.Column, is.Text, is.FromLinter, is.Severity)
		code, _, _ := strings.Cut(is.Text, " ")
		got = append(got, filepath.ToSlash(is.Pos.Filename)+":"+itoa(is.Pos.Line)+": "+code)
		if !regexp.MustCompile(`^PC\d{3} warning: `).MatchString(is.Text) {
			t.Errorf("text does not start with the rule code and severity: %q", is.Text)
		}
		if is.Severity != "warning" {
			t.Errorf("severity %q, want warning from the severity rules: %q", is.Severity, is.Text)
		}
		if !strings.Contains(is.Text, "at 20 rpm") {
			t.Errorf("not priced at the configured 20 rpm: %q", is.Text)
		}
		if strings.Contains(is.Text, "related information") {
			t.Errorf("a related location became an issue: %q", is.Text)
		}
	}
	want := expectations(t, filepath.Join(dir, "app/app.go"), "app/app.go")
	sort.Strings(got)
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("issues:\n%s\nwant:\n%s\nraw output:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"), out)
	}
	for _, is := range report.Issues {
		if strings.HasPrefix(is.Text, "PC001") && !strings.Contains(is.Text, "request sent here at app.go:") {
			t.Errorf("PC001 does not fold its related locations into the text: %q", is.Text)
		}
	}
}

// expectations lists file:line: CODE for every "// expect: CODE" comment.
func expectations(t *testing.T, path, name string) []string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var want []string
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		if _, code, ok := strings.Cut(sc.Text(), "// expect: "); ok {
			want = append(want, name+":"+itoa(n)+": "+strings.TrimSpace(code))
		}
	}
	sort.Strings(want)
	return want
}

func itoa(n int) string { return strconv.Itoa(n) }

func stderrOf(err error) string {
	if ee, ok := err.(*exec.ExitError); ok {
		return string(ee.Stderr)
	}
	return ""
}
