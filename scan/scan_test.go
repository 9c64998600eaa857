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

// TestTemplateEnginesAgree reads the same template as a Jinja file and as
// the system message of a chat prompt in JSON: one engine, one finding.
func TestTemplateEnginesAgree(t *testing.T) {
	tmpl := "{% set t = now() %}Time: {{ t }}\n" + strings.ReplaceAll(longText(700), "\n", " ")
	chat := `[{"role": "system", "content": "` + tmpl + `"}, {"role": "user", "content": "{{ question }}"}]`
	dir := write(t, map[string]string{
		"prompts/system.j2":   tmpl,
		"prompts/system.json": strings.ReplaceAll(chat, "\n", `\n`),
	})
	res, err := Run(Options{Paths: []string{dir}, Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Errors) != 0 {
		t.Fatalf("errors: %v", res.Errors)
	}
	// Columns differ by the JSON's `[{"role": "system", "content": "`.
	shift := map[string]int{".j2": len(`[{"role": "system", "content": "`), ".json": 0}
	byFile := map[string]string{}
	for _, f := range res.Findings {
		ext := filepath.Ext(f.Span.File)
		byFile[ext] += fmt.Sprintf("%s %s %d:%d-%d %s|", f.Rule, f.Severity, f.Span.Line, f.Span.Col+shift[ext], f.Span.EndCol+shift[ext], f.Message)
	}
	j2, js := byFile[".j2"], byFile[".json"]
	if !strings.Contains(j2, "PC001 warning") || !strings.Contains(j2, "changes every request") {
		t.Fatalf(".j2 findings %q, want a PC001 warning on t", j2)
	}
	if js != j2 {
		t.Errorf("the engines disagree:\n.j2   %s\n.json %s", j2, js)
	}
}

// TestTemplatedJSONFiles: a template over JSON is read (a chat prompt) or
// skipped (anything else), never an error entry; JSON that is broken even
// as a template's output is one, at its position.
func TestTemplatedJSONFiles(t *testing.T) {
	dir := write(t, map[string]string{
		"prompts/chat.json":   `[{"role": "system", "content": "Be brief."}, {% for m in messages %}{"role": "{{ m.role }}", "content": "{{ m.content }}"},{% endfor %} {"role": "user", "content": "{{ q }}"}]`,
		"prompts/list.json":   `{"examples": [{% for e in examples %}"{{ e }}",{% endfor %}]}`,
		"prompts/broken.json": `[{% for m in messages %}{"role": "user"}{% endfor %} {"role" "user"}]`,
	})
	res, err := Run(Options{Paths: []string{dir}, Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	var errs []string
	for _, e := range res.Errors {
		errs = append(errs, fmt.Sprintf("%s:%d:%d %s", filepath.Base(e.Span.File), e.Span.Line, e.Span.Col, e.Message))
	}
	if want := "broken.json:1:62 invalid character '\"' after object key"; strings.Join(errs, "; ") != want {
		t.Errorf("errors %q, want %q", errs, want)
	}
	if res.Files != 2 {
		t.Errorf("files = %d, want 2 (list.json is neither a request nor a prompt)", res.Files)
	}
}
