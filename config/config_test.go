package config

import (
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
