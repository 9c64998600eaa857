package cachevetconfig

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cachevet/cachevet/rules"
)

func writeConfig(t *testing.T, dir, content string) string {
	t.Helper()
	p := filepath.Join(dir, ".cachevet.yaml")
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

const sample = `model: gpt-4o
rpm: 4
ttl: 24h
stable: [tenant*]
volatile: [build*]
rules:
  PC008: "off"
  PC001: error
assume: {history: 4000}
`

func TestForDir(t *testing.T) {
	root := t.TempDir()
	if err := os.Mkdir(filepath.Join(root, ".git"), 0o755); err != nil {
		t.Fatal(err)
	}
	writeConfig(t, root, sample)
	pkg := filepath.Join(root, "internal", "agent")
	if err := os.MkdirAll(pkg, 0o755); err != nil {
		t.Fatal(err)
	}
	other := t.TempDir() // no config above it (a temp dir outside the repository)
	explicit := writeConfig(t, t.TempDir(), "model: claude-sonnet-4-5\nrpm: 2\n")

	tests := []struct {
		name      string
		flags     map[string]string
		dir       string
		model     string
		rpm       float64
		ttl       string
		sev       map[string]rules.Severity
		stableLen int
		assume    string
	}{
		{"config found walking up", nil, pkg, "gpt-4o", 4, "24h", map[string]rules.Severity{"PC008": rules.SeverityOff, "PC001": rules.SeverityError}, 1,
			"map[file:2000 history:4000 tools:3000]"},
		{"flags override the config", map[string]string{"model": "gpt-5", "rpm": "9", "ttl": "in_memory", "rules": "PC001=info,PC004=warning", "assume": "tools=0,file=500"}, pkg, "gpt-5", 9, "in_memory",
			map[string]rules.Severity{"PC008": rules.SeverityOff, "PC001": rules.SeverityInfo, "PC004": rules.SeverityWarning}, 1,
			"map[file:500 history:4000 tools:0]"},
		{"no config: defaults", nil, other, "", 1, "", map[string]rules.Severity{}, 0, "map[file:2000 history:10000 tools:3000]"},
		{"-config wins over the walk", map[string]string{"config": explicit}, pkg, "claude-sonnet-4-5", 2, "", map[string]rules.Severity{}, 0,
			"map[file:2000 history:10000 tools:3000]"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, s := newAnalyzer()
			for k, v := range tt.flags {
				if err := a.Flags.Set(k, v); err != nil {
					t.Fatal(err)
				}
			}
			got, err := s.ForDir(tt.dir)
			if err != nil {
				t.Fatal(err)
			}
			if got.Model != tt.model || got.RPM != tt.rpm || got.TTL != tt.ttl {
				t.Errorf("got model %q rpm %v ttl %q, want %q %v %q", got.Model, got.RPM, got.TTL, tt.model, tt.rpm, tt.ttl)
			}
			if len(got.Severity) != len(tt.sev) {
				t.Errorf("got severities %v, want %v", got.Severity, tt.sev)
			}
			for k, v := range tt.sev {
				if got.Severity[k] != v {
					t.Errorf("severity of %s: got %v, want %v", k, got.Severity[k], v)
				}
			}
			if fmt.Sprint(got.Assume) != tt.assume {
				t.Errorf("got assume %v, want %s", got.Assume, tt.assume)
			}
			env, err := got.Env("claude-sonnet-4-5")
			if err != nil {
				t.Fatal(err)
			}
			if fmt.Sprint(env.Assume) != tt.assume {
				t.Errorf("env assume %v, want %s", env.Assume, tt.assume)
			}
			if len(got.Names.Stable) != tt.stableLen {
				t.Errorf("got stable names %v", got.Names.Stable)
			}
			again, _ := s.ForDir(tt.dir)
			if again != got {
				t.Error("settings are not cached per config file")
			}
		})
	}
}

// TestForDirFlagsChange: one process may run the analyzers twice with
// different flags (gocheck.Run); the second run must not get the first
// run's settings from the cache.
func TestForDirFlagsChange(t *testing.T) {
	dir := t.TempDir()
	a, s := newAnalyzer()
	first, err := s.ForDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range map[string]string{"model": "gpt-5", "rpm": "30", "ttl": "24h", "rules": "PC001=error", "assume": "history=0"} {
		if err := a.Flags.Set(k, v); err != nil {
			t.Fatal(err)
		}
	}
	second, err := s.ForDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if second == first || second.Model != "gpt-5" || second.RPM != 30 || second.TTL != "24h" || second.Severity["PC001"] != rules.SeverityError || second.Assume["history"] != 0 {
		t.Errorf("after changing flags: got %+v", second)
	}
}

func TestForDirErrors(t *testing.T) {
	dir := t.TempDir()
	bad := writeConfig(t, dir, "model: x\nrpm: [1\n")
	_, s := newAnalyzer()
	s.Config = bad
	_, err := s.ForDir(dir)
	if err == nil || !strings.Contains(err.Error(), bad) || !strings.Contains(err.Error(), "line") {
		t.Fatalf("got %v, want an error naming %s and a line", err, bad)
	}
	s.Config = filepath.Join(dir, "missing.yaml")
	if _, err := s.ForDir(dir); err == nil {
		t.Fatal("a missing -config file is not an error")
	}
	_, s = newAnalyzer()
	if err := (severityFlag{s}).Set("PC001"); err == nil {
		t.Fatal("-rules=PC001 accepted")
	}
	if err := (severityFlag{s}).Set("PC999=off"); err == nil {
		t.Fatal("an unknown rule accepted")
	}
	if err := (assumeFlag{s}).Set("docs=100"); err == nil || !strings.Contains(err.Error(), "docs") {
		t.Fatalf("-assume=docs=100: %v", err)
	}
	if err := (assumeFlag{s}).Set("history=12000,file=0"); err != nil || (assumeFlag{s}).String() != "file=0,history=12000" {
		t.Fatalf("-assume round trip: %v, %q", err, assumeFlag{s}.String())
	}
}

func TestModelFor(t *testing.T) {
	tests := []struct {
		configured, provider, inCode, want string
	}{
		{"", "anthropic", "claude-sonnet-4-5", "claude-sonnet-4-5"},
		{"", "anthropic", "", "claude-sonnet-4-5"},
		{"", "google", "", "gemini-2.5-flash"},
		{"", "", "", "claude-sonnet-4-5"},
		{"gpt-5", "openai", "", "gpt-5"},
		{"gpt-5", "anthropic", "", "claude-sonnet-4-5"}, // another provider's model does not apply
		{"gpt-5", "", "", "gpt-5"},
		{"gpt-5", "openai", "gpt-4o", "gpt-4o"},
		{"", "openai", "gpt-nonexistent", "gpt-nonexistent"},
	}
	for _, tt := range tests {
		s := &Settings{Model: tt.configured}
		if got := s.ModelFor(tt.provider, tt.inCode); got != tt.want {
			t.Errorf("ModelFor(%q, %q) with model %q = %q, want %q", tt.provider, tt.inCode, tt.configured, got, tt.want)
		}
	}
}

func TestEnv(t *testing.T) {
	s := &Settings{RPM: 3, TTL: "1h", Severity: map[string]rules.Severity{"PC009": rules.SeverityOff}}
	env, err := s.Env("claude-sonnet-4-5")
	if err != nil {
		t.Fatal(err)
	}
	if env.Traffic.RPM != 3 || env.Traffic.TTL != "1h" || env.Severity["PC009"] != rules.SeverityOff || env.Counter == nil {
		t.Fatalf("env %+v", env)
	}
	// A TTL the model does not offer prices at the model's default.
	env, err = s.Env("gpt-4o")
	if err != nil || env.Traffic.TTL != "" {
		t.Fatalf("gpt-4o with -ttl 1h: %+v, %v", env, err)
	}
	if again, _ := s.Env("claude-sonnet-4-5"); again == env {
		t.Fatal("envs of different models are shared")
	}
	if _, err := s.Env("no-such-model"); err == nil {
		t.Fatal("an unknown model builds an env")
	}
}
