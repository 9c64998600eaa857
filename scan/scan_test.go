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
		// Valid JSON records no reader understands: an error at their line.
		"logs/broken.jsonl": `{"request": {"model": "claude-sonnet-4-5", "messages": "not-a-list"}}` + "\n" +
			`{"request": {"model": 12, "system": {"x": 1}}}` + "\n",
		"logs/random.jsonl": "{\"model\": \x00\x01\x02\n\x03\x04\n\x05\n",
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
		"logs/broken.jsonl":       "broken.jsonl:1:56: record 1 is not a request cachevet reads: messages must be an array of messages, not string/",
		"logs/random.jsonl":       "binary file",
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
	if msg := got["logs/broken.jsonl"]; !strings.HasSuffix(msg, "broken.jsonl:2:23: record 2 is not a request cachevet reads: model must be a string, not number") {
		t.Errorf("logs/broken.jsonl: record 2 not reported at its line: %q", msg)
	}
	if n := strings.Count(got["logs/random.jsonl"], "binary file"); n != 1 {
		t.Errorf("logs/random.jsonl: %d binary file errors, want 1", n)
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
	// An unknown model is a note, not an input error.
	if _, ok := got["prompts/unknown.json"]; ok {
		t.Errorf("unknown.json is an input error: %v", got["prompts/unknown.json"])
	}
}

func TestUnknownModelNote(t *testing.T) {
	flat := strings.ReplaceAll(longText(1500), "\n", " ")
	volatile := `{"model": "%s", "system": "Request 7d3f9a2e-61b4-4c1e-9f0a-2b8e5d4c3a10 ` + flat + `", "messages": [{"role": "user", "content": "hi"}]}`
	dotprompt := "---\nmodel: %s\n---\n{{role \"system\"}}\nRequest {{ request_id }}. " + flat + "\n{{role \"user\"}}\n{{ question }}\n"
	tests := []struct {
		name, model string
		wantNote    string // fragment of the PC010 message; "" = no note
		wantModel   string // model of the other findings; "" = none expected
		wantDollars bool
		prompt      bool // a dotprompt file instead of a Messages request body
	}{
		{"known provider takes its default", "claude-sonnet-9-9", "checked as claude-sonnet-4-5, the anthropic default", "claude-sonnet-4-5", true, false},
		{"openai family default", "gpt-7-ultra", "checked as gpt-4o, the openai default", "gpt-4o", true, false},
		{"the request's shape tells the provider", "acme-llm-9", "checked as claude-sonnet-4-5, the anthropic default", "claude-sonnet-4-5", true, false},
		{"unknown provider: no estimate", "acme-llm-9", "no dollar estimate", "claude-sonnet-4-5", false, true},
		{"gateway spelling resolves", "openrouter/anthropic/claude-sonnet-4.5", "", "claude-sonnet-4-5", true, false},
		{"bedrock spelling resolves", "us.anthropic.claude-sonnet-4-5-20250929-v1:0", "", "claude-sonnet-4-5", true, false},
		{"model that does not cache stays silent", "gpt-4", "", "", false, false},
		{"dated snapshot of a model that does not cache", "gpt-4-0613", "", "", false, false},
		{"a prompt file naming a model that does not cache", "gpt-3.5-turbo", "", "", false, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			files := map[string]string{"req.json": strings.ReplaceAll(volatile, "%s", tt.model)}
			if tt.prompt {
				files = map[string]string{"agent.prompt": strings.ReplaceAll(dotprompt, "%s", tt.model)}
			}
			dir := write(t, files)
			res, err := Run(Options{Paths: []string{dir}, Dir: dir})
			if err != nil {
				t.Fatal(err)
			}
			if len(res.Errors) > 0 {
				t.Fatalf("errors: %v", res.Errors)
			}
			var notes, others int
			for _, f := range res.Findings {
				if f.Rule == "PC010" {
					notes++
					if tt.wantNote == "" || !strings.Contains(f.Message, tt.wantNote) || f.Severity.String() != "info" || f.Span.Line == 0 {
						t.Errorf("note = %+v, want one at the model saying %q", f, tt.wantNote)
					}
					continue
				}
				others++
				if f.Model != tt.wantModel {
					t.Errorf("finding checked as %s, want %s", f.Model, tt.wantModel)
				}
				if f.Savings != nil && (f.Savings.USDPerDay != 0) != tt.wantDollars {
					t.Errorf("savings %+v, want dollars %v", f.Savings, tt.wantDollars)
				}
			}
			if (notes == 1) != (tt.wantNote != "") || notes > 1 {
				t.Errorf("%d notes, want note %q", notes, tt.wantNote)
			}
			if (others > 0) != (tt.wantModel != "") {
				t.Errorf("%d other findings, want model %q: %+v", others, tt.wantModel, res.Findings)
			}
		})
	}
}

func TestUnknownModelNoteOncePerFile(t *testing.T) {
	line := `{"model": "acme-llm-9", "system": "be brief", "messages": [{"role": "user", "content": "hi"}]}` + "\n"
	dir := write(t, map[string]string{"logs/requests.jsonl": strings.Repeat(line, 5)})
	c, _ := config.Parse("x.yaml", []byte("logs: [\"logs/*.jsonl\"]\n"))
	res, err := Run(Options{Paths: []string{filepath.Join(dir, "logs/requests.jsonl")}, Dir: dir, Config: c})
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, f := range res.Findings {
		if f.Rule == "PC010" {
			n++
		}
	}
	if n != 1 || len(res.Errors) != 0 {
		t.Errorf("%d notes and errors %v, want one note and no error", n, res.Errors)
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

func TestConversationGlobs(t *testing.T) {
	prompt := "You are Orchard's assistant. Today is {{ now }}.\nAnswer briefly and cite the policy you used.\n"
	tests := []struct {
		name, config, want string
	}{
		{"no conversation declared: a short prompt is silent", "", ""},
		{"conversation: names the file: the history after it counts", "conversation: [\"prompts/system.md\"]\n", "PC001"},
		{"conversation: names another file", "conversation: [\"prompts/other.md\"]\n", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			files := map[string]string{"prompts/system.md": prompt}
			if tt.config != "" {
				files[".cachevet.yaml"] = tt.config
			}
			dir := write(t, files)
			res, err := Run(Options{Paths: []string{dir}, Dir: dir})
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, f := range res.Findings {
				got = append(got, f.Rule)
			}
			if strings.Join(got, ",") != tt.want || len(res.Errors) > 0 {
				t.Errorf("findings %v errors %v, want %q", got, res.Errors, tt.want)
			}
		})
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
