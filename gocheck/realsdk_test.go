package gocheck

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/cachevet/cachevet/internal/vetjson"
)

// The tests in this file drive the real go command over
// testdata/realsdk, a module that imports the real anthropic-sdk-go,
// openai-go/v3 and go-openai, so drift between the analyzers' SDK stubs and
// the SDKs' actual API shows up here. They need the module proxy (or a
// filled module cache) and skip only when GOPROXY is off.

// goEnv is the environment for go commands on a copied fixture module:
// no enclosing workspace, and GOFLAGS from the test environment cleared so
// -mod=vendor or the like cannot change what is built.
var goEnv = []string{"GOWORK=off", "GOFLAGS=-mod=readonly"}

func needProxy(t testing.TB) {
	t.Helper()
	out, err := exec.Command("go", "env", "GOPROXY").Output()
	if err != nil {
		t.Fatalf("go env GOPROXY: %v", err)
	}
	if strings.TrimSpace(string(out)) == "off" {
		t.Skip("GOPROXY=off: the real-SDK module cannot be downloaded")
	}
}

// copyDir copies a fixture tree into a fresh temporary directory, so tests
// can edit files and the go command never writes into testdata.
func copyDir(t testing.TB, src string) string {
	t.Helper()
	dst := t.TempDir()
	err := filepath.WalkDir(src, func(path string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, path)
		target := filepath.Join(dst, rel)
		if d.IsDir() {
			return os.MkdirAll(target, 0o755)
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		return os.WriteFile(target, data, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	return dst
}

// buildVetTool builds cmd/cachevet-vet into a temporary directory.
func buildVetTool(t testing.TB) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "cachevet-vet")
	if runtime.GOOS == "windows" {
		bin += ".exe"
	}
	cmd := exec.Command("go", "build", "-o", bin, "github.com/cachevet/cachevet/cmd/cachevet-vet")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build cachevet-vet: %v\n%s", err, out)
	}
	return bin
}

// vetDiag is one diagnostic of `go vet -json`.
type vetDiag struct {
	Category string `json:"category"`
	Posn     string `json:"posn"`
	Message  string `json:"message"`
}

// goVetJSON runs `go vet -vettool=bin -json patterns` in dir and returns the
// diagnostics as "file:line:col RULE" sites relative to dir. go vet -json
// prints one JSON object per package: {"pkg": {"analyzer": [diags] or
// {"error": ...}}}.
func goVetJSON(t testing.TB, bin, dir string, patterns ...string) []string {
	t.Helper()
	cmd := exec.Command("go", append([]string{"vet", "-vettool=" + bin, "-json"}, patterns...)...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), goEnv...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go vet: %v\n%s", err, stderr.Bytes())
	}
	// go vet -json writes the packages' JSON to stderr; stdout is
	// normally empty, but accept both.
	sites, err := parseVetJSON(io.MultiReader(bytes.NewReader(out), &stderr), dir)
	if err != nil {
		t.Fatal(err)
	}
	return sites
}

func parseVetJSON(r io.Reader, dir string) ([]string, error) {
	var sites []string
	values, err := vetjson.Values(r)
	if err != nil {
		return nil, fmt.Errorf("go vet -json output: %v", err)
	}
	for _, raw := range values {
		var tree map[string]map[string]json.RawMessage
		if err := json.Unmarshal(raw, &tree); err != nil {
			return nil, fmt.Errorf("go vet -json output: %v", err)
		}
		for pkg, byAnalyzer := range tree {
			for name, raw := range byAnalyzer {
				var diags []vetDiag
				if err := json.Unmarshal(raw, &diags); err != nil {
					return nil, fmt.Errorf("%s: analyzer %s failed: %s", pkg, name, raw)
				}
				for _, d := range diags {
					sites = append(sites, relSite(dir, d.Posn)+" "+d.Category)
				}
			}
		}
	}
	sort.Strings(sites)
	return sites, nil
}

// downloadModules resolves the fixture module's dependencies in a step of
// its own, so the commands a test then reads (go vet -json, go list) run on
// a warm module cache and print only what the test parses. Its own output
// is shown only when it fails.
func downloadModules(t testing.TB, dir string) {
	t.Helper()
	cmd := exec.Command("go", "mod", "download", "all")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), goEnv...)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go mod download in %s: %v\n%s", dir, err, out)
	}
}

// relSite turns "/abs/dir/f.go:3:4" into "f.go:3:4".
func relSite(dir, posn string) string {
	return strings.TrimSuffix(site(dir, parsePos(posn), ""), " ")
}

// checkSites runs gocheck.Run on the patterns in dir and returns its findings as sites.
func checkSites(t testing.TB, dir string, patterns ...string) []string {
	t.Helper()
	fs, errs, err := Run(Options{Dir: dir, Patterns: patterns, Env: goEnv})
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range errs {
		t.Errorf("input error: %v", e)
	}
	var sites []string
	for _, f := range fs {
		sites = append(sites, site(dir, f.Span, f.Rule))
	}
	sort.Strings(sites)
	return sites
}

// expectRx matches a fixture's markers: "// expect: PC001 ..." for what
// both drivers report, "// expect-go: PC006 ..." for what only cachevet go
// reports, as it resolves interface and callback calls over the whole
// program where go vet sees one package and its imports.
var expectRx = regexp.MustCompile(`// expect(-go)?: ((?:PC\d{3}\s*)+)$`)

// expectations reads the fixture's "// expect: PC001 ..." markers, and with
// program its "// expect-go:" ones, as "file:line RULE" entries.
func expectations(t testing.TB, dir string, program bool) []string {
	t.Helper()
	var want []string
	err := filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") {
			return err
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, path)
		for i, line := range strings.Split(string(data), "\n") {
			if m := expectRx.FindStringSubmatch(line); m != nil && (program || m[1] == "") {
				for _, code := range strings.Fields(m[2]) {
					want = append(want, fmt.Sprintf("%s:%d %s", filepath.ToSlash(rel), i+1, code))
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(want)
	return want
}

// lineSites drops the column: markers name lines.
func lineSites(sites []string) []string {
	out := make([]string, len(sites))
	for i, s := range sites {
		loc, rule, _ := strings.Cut(s, " ")
		out[i] = loc[:strings.LastIndexByte(loc, ':')] + " " + rule
	}
	return out
}

func TestRealSDK(t *testing.T) {
	needProxy(t)
	dir := copyDir(t, filepath.Join("testdata", "realsdk"))
	downloadModules(t, dir)
	bin := buildVetTool(t)
	want := expectations(t, dir, false)
	wantGo := expectations(t, dir, true)
	if len(want) == 0 || len(wantGo) == len(want) {
		t.Fatal("fixture has no expect or no expect-go markers")
	}

	start := time.Now()
	vet := goVetJSON(t, bin, dir, "./...")
	t.Logf("go vet: %v", time.Since(start))
	if got := lineSites(vet); !slices.Equal(got, want) {
		t.Errorf("go vet findings:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	start = time.Now()
	check := checkSites(t, dir, "./...")
	t.Logf("gocheck.Run: %v", time.Since(start))
	if got := lineSites(check); !slices.Equal(got, wantGo) {
		t.Errorf("gocheck.Run findings:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(wantGo, "\n"))
	}
	// What both drivers report, they report at the same column.
	var shared []string
	for _, s := range check {
		if slices.Contains(want, lineSites([]string{s})[0]) {
			shared = append(shared, s)
		}
	}
	if !slices.Equal(vet, shared) {
		t.Errorf("the drivers disagree on columns:\ngo vet:\n%s\ngocheck:\n%s", strings.Join(vet, "\n"), strings.Join(shared, "\n"))
	}
}

// TestModuleImports checks that cachevet go on one command follows what
// it imports from its own module: the agent package that builds the prompt
// is not named, and its findings are reported all the same.
func TestModuleImports(t *testing.T) {
	needProxy(t)
	dir := copyDir(t, filepath.Join("testdata", "realsdk"))
	downloadModules(t, dir)
	var want []string
	for _, w := range expectations(t, dir, false) {
		if strings.HasPrefix(w, "ifaceapp/agent/") {
			want = append(want, w)
		}
	}
	if len(want) == 0 {
		t.Fatal("fixture has no expect markers in ifaceapp/agent")
	}
	if got := lineSites(checkSites(t, dir, "./ifaceapp/cmd/claw")); !slices.Equal(got, want) {
		t.Errorf("gocheck.Run ./ifaceapp/cmd/claw:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// TestEmbedChange checks that editing a //go:embed-ed prompt changes what
// both drivers report. go vet caches results keyed by the package's build
// action, whose hash includes the embedded files' contents, so a cached
// result must not survive the edit.
func TestEmbedChange(t *testing.T) {
	needProxy(t)
	dir := copyDir(t, filepath.Join("testdata", "realsdk"))
	downloadModules(t, dir)
	bin := buildVetTool(t)
	prompt := filepath.Join(dir, "embedapp", "system.md")
	short, err := os.ReadFile(prompt)
	if err != nil {
		t.Fatal(err)
	}
	long, err := os.ReadFile(filepath.Join(dir, "anthropicapp", "instructions.go"))
	if err != nil {
		t.Fatal(err)
	}
	const below = "embedapp/embedapp.go:23 PC003"
	steps := []struct {
		name    string
		content []byte
		want    bool
		vetOnly bool // gocheck has no result cache to test
	}{
		{"short prompt: the breakpoint is below the minimum", short, true, false},
		{"long prompt: the breakpoint caches", long, false, false},
		{"short again: go vet may replay its first cached result", short, true, true},
	}
	for _, s := range steps {
		if err := os.WriteFile(prompt, s.content, 0o644); err != nil {
			t.Fatal(err)
		}
		vet := lineSites(goVetJSON(t, bin, dir, "./embedapp"))
		if got := slices.Contains(vet, below); got != s.want {
			t.Errorf("%s: go vet reports %q = %v, want %v\n%s", s.name, below, got, s.want, strings.Join(vet, "\n"))
		}
		if s.vetOnly {
			continue
		}
		check := lineSites(checkSites(t, dir, "./embedapp"))
		if got := slices.Contains(check, below); got != s.want {
			t.Errorf("%s: gocheck reports %q = %v, want %v\n%s", s.name, below, got, s.want, strings.Join(check, "\n"))
		}
	}
}

// TestParseVetJSON checks that what the go command adds around go vet's
// JSON on a cold cache (download lines, toolchain notes, package headers)
// is skipped and only the objects are read.
func TestParseVetJSON(t *testing.T) {
	const obj = `{
	"example.com/app": {
		"cachevet": [
			{"posn": "/m/app.go:3:4", "category": "PC001", "message": "m"}
		]
	}
}
`
	tests := []struct {
		name, out string
		want      []string
		wantErr   bool
	}{
		{"bare", obj, []string{"app.go:3:4 PC001"}, false},
		{"headers", "# example.com/app\n" + obj + "# example.com/other\n{}\n", []string{"app.go:3:4 PC001"}, false},
		{"cold cache", "go: downloading github.com/anthropics/anthropic-sdk-go v1.84.0\ngo: downloading github.com/tidwall/gjson v1.18.0\n# example.com/app\n" + obj, []string{"app.go:3:4 PC001"}, false},
		{"toolchain note", "go: go.mod requires go >= 1.26; switching to go1.26.0\n" + obj + "go: finding module for package x\n", []string{"app.go:3:4 PC001"}, false},
		{"nothing", "go: downloading x v1\n", nil, false},
		{"truncated object", "{\"example.com/app\": {", nil, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := parseVetJSON(strings.NewReader(tt.out), "/m")
			if (err != nil) != tt.wantErr {
				t.Fatalf("err = %v, want error %v", err, tt.wantErr)
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}
