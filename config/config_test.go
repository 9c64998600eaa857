package config

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cachevet/cachevet/rules"
)

func TestParse(t *testing.T) {
	c, err := Parse("c.yaml", []byte(`
model: gpt-5
rpm: 30
ttl: 24h
stable: [company_name]
volatile: ["*_at"]
rules:
  PC008: off
  volatile-prefix: error
ignore:
  - path: prompts/legacy/**
    rule: PC001
    reason: rewritten in Q1
`))
	if err != nil {
		t.Fatal(err)
	}
	if c.Model != "gpt-5" || c.RPM != 30 || c.TTL != "24h" {
		t.Errorf("got %+v", c)
	}
	sev, _ := c.Severities()
	if sev["PC008"] != rules.SeverityOff || sev["PC001"] != rules.SeverityError {
		t.Errorf("severities = %v", sev)
	}
	if c.Ignore[0].Line != 11 {
		t.Errorf("ignore line = %d, want 11", c.Ignore[0].Line)
	}
	env, err := c.Env("")
	if err != nil {
		t.Fatal(err)
	}
	if env.Profile.ID != "gpt-5" || env.Traffic.RPM != 30 || env.Approx {
		t.Errorf("env = %+v", env)
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct{ in, want string }{
		{"modle: x\n", `c.yaml: line 1:1: unknown key "modle"`},
		{"rules: {PC999: off}\n", "unknown rule"},
		{"rules: {PC001: loud}\n", "unknown severity"},
		{"ignore: [{path: a, rule: PC001}]\n", "a reason is required"},
		{"rpm: [\n", "c.yaml: yaml: line"},
		{"template_format: {'*.txt': weird}\n", "unknown format"},
		{"model: gpt-5\nignore:\n  - path: a\n    rule: PC001\n    reason: x\n    rul: y\n", `c.yaml: line 6:5: unknown key "rul"`},
		{"rules: {PC001: off}\nassume: {history: 5}\nwhat: 1\nnope: 2\n", `line 3:1: unknown key "what"; line 4:1: unknown key "nope"`},
		{"rpm: fast\n", "line 1: cannot unmarshal"},
		{"include:\n  - prompts/**\n  - 'prompts/[a'\n", `c.yaml: line 3:5: include: bad path glob "prompts/[a"`},
		{"exclude: ['']\n", "line 1:11: exclude: empty path glob"},
		{"conversation: ['agents/[x']\n", "line 1:16: conversation: bad path glob"},
		{"template_format: {'[*.txt': plain}\n", "line 1:19: template_format: bad path glob"},
		{"ignore:\n  - path: 'prompts/[a'\n    rule: PC001\n    reason: old\n", `line 2:11: ignore: bad path glob "prompts/[a"`},
		{"assume: {histroy: 100}\n", `assume: unknown kind "histroy"`},
		{"assume: {file: -1}\n", "assume: file must not be negative"},
		{"assume: {file: many}\n", "cannot unmarshal"},
	}
	for _, tt := range tests {
		_, err := Parse("c.yaml", []byte(tt.in))
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("Parse(%q) = %v, want error containing %q", tt.in, err, tt.want)
		}
	}
}

func TestFind(t *testing.T) {
	root := t.TempDir()
	os.Mkdir(filepath.Join(root, ".git"), 0o755)
	sub := filepath.Join(root, "a", "b")
	os.MkdirAll(sub, 0o755)
	os.WriteFile(filepath.Join(root, FileName), []byte("model: gpt-4o\n"), 0o644)
	c, p, err := Find(sub)
	if err != nil || c.Model != "gpt-4o" || p != filepath.Join(root, FileName) {
		t.Fatalf("Find = %+v %q %v", c, p, err)
	}
	// A closer file wins.
	os.WriteFile(filepath.Join(root, "a", FileName), []byte("model: gpt-5\n"), 0o644)
	if c, _, _ := Find(sub); c.Model != "gpt-5" {
		t.Errorf("closest config not used: %q", c.Model)
	}
	// The walk stops at the repository root.
	outer := t.TempDir()
	os.WriteFile(filepath.Join(outer, FileName), []byte("model: gpt-5\n"), 0o644)
	repo := filepath.Join(outer, "repo")
	os.MkdirAll(filepath.Join(repo, ".git"), 0o755)
	if c, p, _ := Find(repo); p != "" || c.Model != "" {
		t.Errorf("walk passed the repository root: %q", p)
	}
}

func TestModelsFile(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "models.yaml"), []byte(`
models:
  - id: acme-1
    provider: acme
    mode: automatic
    tokenizer: {encoding: cl100k_base, ratio: [1, T1, unverified]}
    min_tokens: [256, A1, unverified]
    granularity: [1, A1, unverified]
    max_breakpoints: [0, A1, unverified]
    lookback: [0, A1, unverified]
    input_usd_per_mtok: [1, A1, unverified]
    read_multiplier: [0.5, A1, unverified]
    ttls: [{name: 5m, minutes: 5, write: [1, A1, unverified]}]
    default_ttl: 5m
    prefill_tps: [5000, A1, unverified]
`), 0o644)
	os.WriteFile(filepath.Join(dir, FileName), []byte("models: models.yaml\nmodel: acme-1\n"), 0o644)
	c, err := Load(filepath.Join(dir, FileName))
	if err != nil {
		t.Fatal(err)
	}
	env, err := c.Env("")
	if err != nil || env.Profile.ID != "acme-1" {
		t.Fatalf("env = %+v, %v", env, err)
	}
	if _, err := c.Env("acme-2"); err == nil || !strings.Contains(err.Error(), "acme-1") {
		t.Errorf("unknown model error should name the closest id: %v", err)
	}
}

func TestAssumeAndConversation(t *testing.T) {
	tests := []struct {
		yaml string
		want rules.Assume
	}{
		{"", rules.DefaultAssume()},
		{"assume: {history: 4000}\n", rules.Assume{"history": 4000, "tools": 3000, "file": 2000}},
		{"assume: {history: 0, tools: 0, file: 0}\n", rules.Assume{"history": 0, "tools": 0, "file": 0}},
	}
	for _, tt := range tests {
		c, err := Parse("c.yaml", []byte(tt.yaml))
		if err != nil {
			t.Fatal(err)
		}
		env, err := c.Env("claude-sonnet-4-5")
		if err != nil {
			t.Fatal(err)
		}
		if fmt.Sprint(env.Assume) != fmt.Sprint(tt.want) {
			t.Errorf("%q: env.Assume = %v, want %v", tt.yaml, env.Assume, tt.want)
		}
	}
	// Flags win over the file, key by key.
	c, _ := Parse("c.yaml", []byte("assume: {history: 4000, file: 100}\n"))
	over, err := ParseAssume("history=10000, tools=0")
	if err != nil {
		t.Fatal(err)
	}
	if got := c.WithAssume(over).AssumeSizes(); fmt.Sprint(got) != fmt.Sprint(rules.Assume{"history": 10000, "tools": 0, "file": 100}) {
		t.Errorf("with flags: %v", got)
	}
	if c.Assume["history"] != 4000 {
		t.Error("WithAssume changed the shared config")
	}

	dir := t.TempDir()
	c, err = Parse(filepath.Join(dir, FileName), []byte("conversation: [agents/*.md, '**/system-prompt.j2']\n"))
	if err != nil {
		t.Fatal(err)
	}
	for path, want := range map[string]bool{
		filepath.Join(dir, "agents", "coder.md"):             true,
		filepath.Join(dir, "tools", "x", "system-prompt.j2"): true,
		filepath.Join(dir, "prompts", "summarize.md"):        false,
		filepath.Join(dir, "agents", "deep", "coder.md"):     false,
	} {
		if got := c.Conversation(path); got != want {
			t.Errorf("Conversation(%s) = %v, want %v", path, got, want)
		}
	}
	if Default().Conversation("agents/coder.md") {
		t.Error("no globs: no conversation")
	}
}

func TestParseAssume(t *testing.T) {
	tests := []struct {
		in, want, err string
	}{
		{"history=10000,tools=3000,file=2000", "map[file:2000 history:10000 tools:3000]", ""},
		{"history=0", "map[history:0]", ""},
		{"", "map[]", ""},
		{"history", "", "not kind=tokens"},
		{"docs=5", "", `unknown kind "docs"`},
		{"file=-3", "", "not a token count"},
		{"tools=lots", "", "not a token count"},
	}
	for _, tt := range tests {
		got, err := ParseAssume(tt.in)
		if tt.err != "" {
			if err == nil || !strings.Contains(err.Error(), tt.err) {
				t.Errorf("ParseAssume(%q) error = %v, want %q", tt.in, err, tt.err)
			}
			continue
		}
		if err != nil || fmt.Sprint(got) != tt.want {
			t.Errorf("ParseAssume(%q) = %v, %v; want %s", tt.in, got, err, tt.want)
		}
	}
}
