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
		{"deepseek-flash", "deepseek-flash", 64, 0.02},
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

func TestResolve(t *testing.T) {
	c := Builtin()
	tests := []struct {
		in, want, how string
	}{
		{"gpt-4", "gpt-4", ResolvedExact},
		{"gpt-4-0613", "gpt-4", ResolvedSnapshot},
		{"gpt-4-32k", "gpt-4", ResolvedFamily},
		{"gpt-4-turbo-2024-04-09", "gpt-4-turbo", ResolvedSnapshot},
		{"gpt-3.5-turbo-16k", "gpt-3.5-turbo", ResolvedFamily},
		{"gpt-4o-2024-11-20", "gpt-4o", ResolvedSnapshot},
		{"gpt-4o-mini-search-preview-2025-03-11", "gpt-4o-mini", ResolvedFamily},
		{"chatgpt-4o-latest", "gpt-4o", ResolvedFamily},
		{"deepseek-v4-pro-0813", "deepseek-v4-pro", ResolvedSnapshot},
		{"claude-sonnet-4-5-20250929", "claude-sonnet-4-5", ResolvedExact},
		{"claude-opus-4-7-20260415", "claude-opus-4-7", ResolvedSnapshot},
		{"openrouter/anthropic/claude-sonnet-4.5", "claude-sonnet-4-5", ResolvedExact},
		{"openrouter/openai/gpt-4o:free", "gpt-4o", ResolvedExact},
		{"bedrock/us.anthropic.claude-sonnet-4-5-20250929-v1:0", "claude-sonnet-4-5", ResolvedExact},
		{"us.anthropic.claude-haiku-4-5-20251001-v1:0", "claude-haiku-4-5", ResolvedExact},
		{"anthropic.claude-opus-4-1-20250805-v1:0", "claude-opus-4-1", ResolvedExact},
		{"global.anthropic.claude-opus-4-6-v1", "claude-opus-4-6", ResolvedExact},
		{"vertex_ai/claude-sonnet-4-5@20250929", "claude-sonnet-4-5", ResolvedExact},
		{"vertex_ai/gemini-2.5-pro", "gemini-2.5-pro", ResolvedExact},
		{"azure/gpt-4.1-mini", "gpt-4.1", ResolvedFamily},
		{"gemini-3.1-pro-preview-customtools", "gemini-3.1-pro-preview", ResolvedFamily},
		{"gemini-3.7-flash", "gemini-3.7-flash", ResolvedExact},
		{"gpt-6.2-astra-law", "gpt-6.2-astra", ResolvedFamily},
		{"o4-mini-deep-research-2025-06-26", "o4-mini", ResolvedFamily},
	}
	for _, tt := range tests {
		r, err := c.Resolve(tt.in)
		if err != nil {
			t.Errorf("Resolve(%q): %v", tt.in, err)
			continue
		}
		if r.Profile.ID != tt.want || r.How != tt.how {
			t.Errorf("Resolve(%q) = %s (%s), want %s (%s)", tt.in, r.Profile.ID, r.How, tt.want, tt.how)
		}
	}
	for _, bad := range []string{"gpt-7", "claude-sonet-4-5", "llama-3-70b", "", "my-finetune"} {
		if r, err := c.Resolve(bad); err == nil {
			t.Errorf("Resolve(%q) = %s, want unknown", bad, r.Profile.ID)
		}
	}
}

func TestProviderOf(t *testing.T) {
	for in, want := range map[string]string{
		"claude-next":                        "anthropic",
		"bedrock/us.anthropic.claude-x-v1:0": "anthropic",
		"openrouter/anthropic/claude-x":      "anthropic",
		"gpt-7":                              "openai",
		"azure/o5-mini":                      "",
		"vertex_ai/gemini-9-flash":           "google",
		"deepseek-v9":                        "deepseek",
		"llama-3-70b":                        "",
		"openrouter/meta-llama/llama-3-70b":  "",
		"openrouter/openai/gpt-9":            "openai",
		"us.anthropic.claude-sonnet-9-v1:0":  "anthropic",
		"grok-9":                             "xai",
	} {
		if got := ProviderOf(in); got != want {
			t.Errorf("ProviderOf(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestNoCacheModels(t *testing.T) {
	c := Builtin()
	for _, id := range []string{"gpt-4", "gpt-4-turbo", "gpt-3.5-turbo", "gpt-4-32k-0613", "gpt-3.5-turbo-0125",
		"text-embedding-3-small", "text-embedding-ada-002", "dall-e-3", "azure/tts-1-hd"} {
		p, err := c.Lookup(id)
		if err != nil {
			t.Fatalf("%s: %v", id, err)
		}
		if p.Caches() || p.ModeSource == "" || c.Sources[p.ModeSource].URL == "" {
			t.Errorf("%s: mode %s source %q, want none with a cited source", id, p.Mode, p.ModeSource)
		}
	}
	if p, _ := c.Lookup("gpt-4o"); !p.Caches() {
		t.Error("gpt-4o caches")
	}
}

func TestProviderFacts(t *testing.T) {
	c := Builtin()
	p, _ := c.Lookup("gpt-5.6-sol")
	if p.ReadBreakpoints.Value != 80 || p.ReadBreakpoints.URL == "" || p.Lookback.Value != 0 {
		t.Errorf("gpt-5.6-sol: read_breakpoints %+v lookback %+v, want 80 with a source and no lookback limit", p.ReadBreakpoints, p.Lookback)
	}
	s, _ := c.Lookup("claude-sonnet-4-6")
	if s.Min() != 1024 || s.MinTokens.Confidence != Official || s.MinObserved() != 2048 || s.ObservedMin.Confidence != Secondary {
		t.Errorf("claude-sonnet-4-6: min %d (%s) observed %d (%s), want 1024 official and 2048 secondary",
			s.Min(), s.MinTokens.Confidence, s.MinObserved(), s.ObservedMin.Confidence)
	}
	if o, _ := c.Lookup("claude-sonnet-4-5"); o.MinObserved() != 0 {
		t.Errorf("claude-sonnet-4-5 has no observed minimum, got %d", o.MinObserved())
	}
	g, _ := c.Lookup("gemini-3.7-flash")
	if g.Min() != 4096 || g.MinTokens.URL == "" {
		t.Errorf("gemini-3.7-flash min %d source %q, want 4096 with a URL", g.Min(), g.MinTokens.URL)
	}
	for _, want := range []struct{ provider, key string }{{"bedrock", "simplified-mode"}, {"bedrock", "ttl-order"}, {"bedrock", "nova-limits"}, {"openrouter", "sticky-routing"}} {
		found := false
		for _, f := range c.Facts[want.provider] {
			if f.Key == want.key {
				found = f.URL != "" && f.Text != ""
			}
		}
		if !found {
			t.Errorf("facts: %s %s missing or without a URL", want.provider, want.key)
		}
	}
	for k, s := range c.Sources {
		if !strings.HasPrefix(s.URL, "https://") {
			t.Errorf("source %s has no https URL: %q", k, s.URL)
		}
	}
}

func TestMergeRejectsBadFamilyAndNone(t *testing.T) {
	for name, extra := range map[string]string{
		"family to nothing":   "families: {foo: {model: no-such-model, confidence: official}}",
		"family confidence":   "families: {foo: {model: gpt-4o, confidence: sure}}",
		"fact without source": "facts: {acme: [{key: k, text: t, source: NOPE, confidence: official}]}",
		"none without source": `models:
  - id: old
    provider: acme
    mode: none
    tokenizer: {encoding: cl100k_base, ratio: [1, T1, official]}
    min_tokens: [1024, O1, official]
    granularity: [1, O1, official]
    max_breakpoints: [0, O1, official]
    lookback: [0, O1, official]
    input_usd_per_mtok: [null, O1, unverified]
    read_multiplier: [1, O1, official]
    ttls: [{name: none, minutes: 0, write: [1, O1, official]}]
    default_ttl: none
    prefill_tps: [1000, A12, derived]`,
	} {
		if err := Builtin().Clone().Merge([]byte(extra), "x.yaml"); err == nil {
			t.Errorf("%s: Merge accepted it", name)
		}
	}
}
