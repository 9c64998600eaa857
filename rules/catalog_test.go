package rules

import (
	"errors"
	"strings"
	"testing"
)

func TestBuiltinCatalog(t *testing.T) {
	c := Builtin()
	if len(c.Models) < 50 {
		t.Fatalf("catalog has %d models, want every model of providers.md", len(c.Models))
	}
	for _, p := range c.Models {
		for _, n := range p.numbers() {
			if n.URL == "" {
				t.Errorf("%s: a number cites %q, which has no URL", p.ID, n.Source)
			}
		}
		if p.Provider == "anthropic" && p.Mode != ModeExplicit {
			t.Errorf("%s: anthropic models cache at breakpoints", p.ID)
		}
	}
}

func TestLookup(t *testing.T) {
	c := Builtin()
	tests := []struct {
		in, want string
		min      int
		read     float64
	}{
		{"claude-sonnet-4-5", "claude-sonnet-4-5", 1024, 0.1},
		{"claude-sonnet-4-5-20250929", "claude-sonnet-4-5", 1024, 0.1},
		{"Claude-Opus-5-5", "claude-opus-5-5", 512, 0.05},
		{"claude-fable-5-1", "claude-fable-5-1", 512, 0.025},
		{"anthropic/claude-haiku-4-5", "claude-haiku-4-5", 4096, 0.1},
		{"gpt-5.6", "gpt-5.6-sol", 1024, 0.1},
		{"gpt-4o-2024-08-06", "gpt-4o", 1024, 0.5},
		{"gpt-6.2-sol", "gpt-6.2-sol", 1024, 0.05},
		{"gemini-2.5-flash", "gemini-2.5-flash", 2048, 0.1},
		{"deepseek-flash", "deepseek-flash", 1024, 0.02},
		{"grok-4.7", "grok-4.7", 1024, 0.25},
	}
	for _, tt := range tests {
		p, err := c.Lookup(tt.in)
		if err != nil {
			t.Errorf("Lookup(%q): %v", tt.in, err)
			continue
		}
		if p.ID != tt.want || p.Min() != tt.min || p.ReadMultiplier.Value != tt.read {
			t.Errorf("Lookup(%q) = %s min %d read %v, want %s min %d read %v", tt.in, p.ID, p.Min(), p.ReadMultiplier.Value, tt.want, tt.min, tt.read)
		}
	}
}

func TestLookupUnknown(t *testing.T) {
	_, err := Builtin().Lookup("claude-sonet-4-5")
	var u *UnknownModelError
	if !errors.As(err, &u) {
		t.Fatalf("got %v, want UnknownModelError", err)
	}
	if len(u.Closest) == 0 || u.Closest[0] != "claude-sonnet-4-5" {
		t.Errorf("closest = %v, want claude-sonnet-4-5 first", u.Closest)
	}
	if !strings.Contains(err.Error(), "claude-sonnet-4-5") {
		t.Errorf("message %q does not name the closest id", err)
	}
}

func TestTTL(t *testing.T) {
	p, _ := Builtin().Lookup("claude-sonnet-4-5")
	for _, tt := range []struct {
		in    string
		name  string
		write float64
	}{{"", "5m", 1.25}, {"5m", "5m", 1.25}, {"1h", "1h", 2}, {"60m", "1h", 2}} {
		got, err := p.TTL(tt.in)
		if err != nil || got.Name != tt.name || got.Write.Value != tt.write {
			t.Errorf("TTL(%q) = %+v, %v", tt.in, got, err)
		}
	}
	if _, err := p.TTL("30m"); err == nil {
		t.Error("TTL(30m) on a Claude model: want an error")
	}
}

func TestMergeOverrides(t *testing.T) {
	c := Builtin().Clone()
	extra := `
models:
  - id: claude-sonnet-4-5
    provider: anthropic
    mode: explicit
    tokenizer: {encoding: o200k_base, ratio: [1.2, T2, secondary]}
    min_tokens: [2048, A1, official]
    granularity: [1, A1, official]
    max_breakpoints: [4, A1, official]
    lookback: [20, A1, official]
    input_usd_per_mtok: [3, A3, official]
    read_multiplier: [0.1, A1, official]
    ttls: [{name: 5m, minutes: 5, write: [1.25, A1, official]}]
    default_ttl: 5m
    prefill_tps: [10000, A12, derived]
  - id: my-local-model
    provider: acme
    mode: automatic
    tokenizer: {encoding: cl100k_base, ratio: [1, T1, unverified]}
    min_tokens: [256, A1, unverified]
    granularity: [1, A1, unverified]
    max_breakpoints: [0, A1, unverified]
    lookback: [0, A1, unverified]
    input_usd_per_mtok: [null, A1, unverified]
    read_multiplier: [0.5, A1, unverified]
    ttls: [{name: 5m, minutes: 5, write: [1, A1, unverified]}]
    default_ttl: 5m
    prefill_tps: [5000, A1, unverified]
`
	if err := c.Merge([]byte(extra), "extra.yaml"); err != nil {
		t.Fatal(err)
	}
	p, err := c.Lookup("claude-sonnet-4.5")
	if err != nil || p.Min() != 2048 {
		t.Fatalf("override not applied: %+v %v", p, err)
	}
	if _, err := c.Lookup("my-local-model"); err != nil {
		t.Fatal(err)
	}
	if p, _ := Builtin().Lookup("claude-sonnet-4-5"); p.Min() != 1024 {
		t.Error("Merge on a clone changed the builtin catalog")
	}
	if err := c.Merge([]byte("models:\n  - id: x\n    mode: weird\n"), "bad.yaml"); err == nil || !strings.Contains(err.Error(), "bad.yaml") {
		t.Errorf("bad row: got %v", err)
	}
}

func TestDefaults(t *testing.T) {
	c := Builtin()
	for _, tt := range []struct{ provider, want string }{
		{"", "claude-sonnet-4-5"},
		{"anthropic", "claude-sonnet-4-5"},
		{"openai", "gpt-4o"},
		{"google", "gemini-2.5-flash"},
		{"xai", "claude-sonnet-4-5"}, // no provider default: the catalog-wide one
	} {
		if got := c.Default(tt.provider); got != tt.want {
			t.Errorf("Default(%q) = %q, want %q", tt.provider, got, tt.want)
		}
	}
	n := c.Clone()
	if err := n.Merge([]byte("defaults: {openai: gpt-5}\n"), "extra.yaml"); err != nil {
		t.Fatal(err)
	}
	if n.Default("openai") != "gpt-5" || c.Default("openai") != "gpt-4o" {
		t.Error("a merged defaults entry must override on the clone only")
	}
	if err := n.Merge([]byte("defaults: {openai: gpt-99}\n"), "bad.yaml"); err == nil || !strings.Contains(err.Error(), "gpt-99") {
		t.Errorf("an unknown default model: got %v", err)
	}
}
