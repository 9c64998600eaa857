package scan

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cachevet/cachevet/config"
)

func TestDefaultSelected(t *testing.T) {
	tests := []struct {
		path string
		want bool
	}{
		{"a/support.prompt", true},
		{"a/agent.prompty", true},
		{"prompts/support.md", true},
		{"x/prompts/deep/onboarding.txt", true},
		{"prompts/loader.go", false},
		{"system_prompt.j2", true},
		{"SystemMessage.tmpl", true},
		{"prompt-pack.yaml", true},
		{"docs/readme.md", false},
		{"config/app.yaml", false},
		{"logs/requests.jsonl", false},
		{"prompts/requests.jsonl", true},
	}
	for _, tt := range tests {
		if got := DefaultSelected(tt.path); got != tt.want {
			t.Errorf("DefaultSelected(%q) = %v, want %v", tt.path, got, tt.want)
		}
	}
}

// write lays out files under a temporary directory.
func write(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	os.Mkdir(filepath.Join(dir, ".git"), 0o755) // stop config discovery here
	for name, body := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func longText(words int) string {
	var b strings.Builder
	for i := 0; i < words; i++ {
		if i%12 == 11 {
			b.WriteString("policy.\n")
			continue
		}
		b.WriteString("follow the support ")
	}
	return b.String()
}

func TestRunTemplates(t *testing.T) {
	dir := write(t, map[string]string{
		"prompts/hostile.md":  "You are Acme's agent. Today is {{ .Date }}.\n\n" + longText(700),
		"prompts/friendly.md": "You are Acme's agent.\n\n" + longText(700) + "\nToday is {{ .Date }}.\n",
		"prompts/short.md":    "Today is {{ .Date }}. Be brief.\n",
		"notes/readme.md":     "Today is {{ .Date }}.\n" + longText(700),
	})
	res, err := Run(Options{Paths: []string{dir}, Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Errors) != 0 {
		t.Fatalf("errors: %v", res.Errors)
	}
	if res.Files != 3 {
		t.Errorf("files = %d, want 3 (notes/readme.md is not a prompt file)", res.Files)
	}
	if len(res.Findings) != 1 {
		t.Fatalf("findings = %+v, want one", res.Findings)
	}
	f := res.Findings[0]
	if f.Rule != "PC001" || !strings.HasSuffix(f.Span.File, "prompts/hostile.md") || f.Span.Line != 1 || f.Savings == nil {
		t.Errorf("finding = %+v", f)
	}
}

func TestRunBadInput(t *testing.T) {
	dir := write(t, map[string]string{
		"prompts/binary.txt":      "abc\x00def",
		"prompts/badutf8.md":      "Hello \xff\xfe world {{ .Date }}\n",
		"prompts/unterminated.md": "Hello {{ .Date\n" + longText(10),
		"prompts/broken.json":     `{"model": "claude-sonnet-4-5", "system": [`,
		"prompts/unknown.json":    `{"model": "claude-sonet-4-5", "system": "hi", "messages": [{"role": "user", "content": "x"}]}`,
		"prompts/good.md":         "You are Acme's agent. Today is {{ .Date }}.\n\n" + longText(700),
	})
	res, err := Run(Options{Paths: []string{dir, filepath.Join(dir, "missing.md")}, Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{
		"missing.md":              "no such file",
		"prompts/binary.txt":      "binary file",
		"prompts/badutf8.md":      "UTF-8",
		"prompts/unterminated.md": "unterminated",
		"prompts/broken.json":     "",
		"prompts/unknown.json":    "claude-sonnet-4-5",
	}
	got := map[string]string{}
	for _, e := range res.Errors {
		rel := e.Span.File
		if filepath.IsAbs(rel) {
			rel, _ = filepath.Rel(dir, rel)
		}
		got[filepath.ToSlash(rel)] += e.Error()
	}
	for file, frag := range want {
		msg, ok := got[file]
		if !ok {
			t.Errorf("no error for %s; errors: %v", file, got)
			continue
		}
		if !strings.Contains(msg, frag) {
			t.Errorf("%s: error %q does not mention %q", file, msg, frag)
		}
	}
	// The good file is still checked.
	found := false
	for _, f := range res.Findings {
		if strings.HasSuffix(f.Span.File, "good.md") && f.Rule == "PC001" {
			found = true
		}
	}
	if !found {
		t.Errorf("good.md was not checked: %+v", res.Findings)
	}
}

func TestConfigOverrides(t *testing.T) {
	dir := write(t, map[string]string{
		".cachevet.yaml":     "stable: [Date]\n",
		"prompts/a.md":       "Today is {{ .Date }}.\n\n" + longText(700),
		"sub/.cachevet.yaml": "model: gpt-5\n",
		"sub/prompts/b.md":   "Today is {{ .Date }}.\n\n" + longText(700),
	})
	res, err := Run(Options{Paths: []string{dir}, Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Findings) != 1 || !strings.Contains(res.Findings[0].Span.File, "sub/prompts/b.md") || res.Findings[0].Model != "gpt-5" {
		t.Fatalf("findings = %+v", res.Findings)
	}
	// --config applies one config everywhere.
	c, _ := config.Parse("x.yaml", []byte("stable: [Date]\n"))
	res, _ = Run(Options{Paths: []string{dir}, Dir: dir, Config: c})
	if len(res.Findings) != 0 {
		t.Errorf("with --config: %+v", res.Findings)
	}
	// --model is the fallback for files that name none.
	res, _ = Run(Options{Paths: []string{filepath.Join(dir, "prompts")}, Dir: dir, Overrides: Overrides{Model: "claude-haiku-4-5"}, Config: config.Default()})
	if len(res.Findings) != 0 {
		t.Errorf("haiku 4.5 needs 4,096 tokens; got %+v", res.Findings)
	}
}

// TestOneFindingPerSite: the interactions of a cassette that share one
// request body through a YAML alias are checked once each, and their
// findings land on the same place: the report names it once.
func TestOneFindingPerSite(t *testing.T) {
	body := `{"model": "claude-sonnet-4-5", "max_tokens": 512, "system": [{"type": "text", "text": "Request id: req_8f3a9c2e7b1d4f60a9e3\n\n` +
		strings.ReplaceAll(longText(1500), "\n", " ") + `", "cache_control": {"type": "ephemeral"}}], "messages": [{"role": "user", "content": "hi"}]}`
	cassette := "interactions:\n- request:\n    body: &req '" + body + "'\n    method: POST\n    uri: https://api.anthropic.com/v1/messages\n"
	for i := 0; i < 2; i++ {
		cassette += "- request:\n    body: *req\n    method: POST\n    uri: https://api.anthropic.com/v1/messages\n"
	}
	dir := write(t, map[string]string{"cassettes/support.yaml": cassette})
	res, err := Run(Options{Paths: []string{filepath.Join(dir, "cassettes/support.yaml")}, Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Errors) != 0 {
		t.Fatalf("errors: %v", res.Errors)
	}
	seen := map[string]int{}
	for _, f := range res.Findings {
		seen[fmt.Sprintf("%s:%d:%d %s", f.Span.File, f.Span.Line, f.Span.Col, f.Rule)]++
	}
	if len(res.Findings) == 0 {
		t.Fatal("no findings")
	}
	for site, n := range seen {
		if n > 1 {
			t.Errorf("%s reported %d times", site, n)
		}
	}
}
