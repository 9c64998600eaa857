package rules

import "testing"

// TestInvalidOption covers PC011: what each provider rejects (error) or
// ignores (warning), and what it accepts (silent).
func TestInvalidOption(t *testing.T) {
	at := func(v string, line int) *Setting {
		return &Setting{Value: v, Span: Span{File: "r.json", Line: line, Col: 3}}
	}
	sys := func(b *Breakpoint) Block {
		blk := system(text(words(3000), 2))
		blk.Breakpoint = b
		return blk
	}
	rejected := func(b *Breakpoint, why string) *Breakpoint { b.Rejected = why; return b }
	tests := []struct {
		name, model string
		req         Request
		want        string
	}{
		{"gpt-5.6 ttl 30m", "gpt-5.6", Request{Options: CacheOptions{TTL: at("30m", 1)}, Blocks: []Block{sys(bp("30m", 2))}}, ""},
		{"gpt-5.6 ttl 1h", "gpt-5.6", Request{Options: CacheOptions{TTL: at("1h", 1)}, Blocks: []Block{sys(bp("1h", 2))}}, "PC011:error"},
		{"ttl and retention", "gpt-5.6", Request{Options: CacheOptions{TTL: at("30m", 1), Retention: at("24h", 1)}, Blocks: []Block{sys(nil)}}, "PC011:error"},
		{"retention alone", "gpt-5.6", Request{Options: CacheOptions{Retention: at("24h", 1)}, Blocks: []Block{sys(nil)}}, ""},
		{"retention before gpt-5.6", "gpt-5.4", Request{Options: CacheOptions{TTL: at("30m", 1), Retention: at("24h", 1)}, Blocks: []Block{sys(nil)}}, ""},
		{"chat vocabulary on responses", "gpt-5.6", Request{Blocks: []Block{sys(rejected(bp("", 2), `a "text" part`))}}, "PC011:error"},
		{"claude ttl 2h", "claude-sonnet-4-5", Request{Blocks: []Block{sys(bp("2h", 2))}}, "PC011:error"},
		{"claude automatic caching ttl 2h", "claude-sonnet-4-5", Request{Auto: bp("2h", 1), Blocks: []Block{sys(nil)}}, "PC011:error"},
		{"claude ttl as a duration", "claude-sonnet-4-5", Request{Blocks: []Block{sys(bp("1h0m0s", 2))}}, ""},
		{"gemini explicit cache of any lifetime", "gemini-2.5-flash", Request{Blocks: []Block{sys(bp("2h", 2))}}, ""},
		{"diagnostics with an id", "claude-sonnet-4-5", Request{Options: CacheOptions{Diagnostics: at("msg_01", 1)}, Blocks: []Block{sys(nil)}}, "PC002:warning"},
		{"diagnostics first turn", "claude-sonnet-4-5", Request{Options: CacheOptions{Diagnostics: at("null", 1), DiagnosticsHeader: at("cache-diagnosis-2026-04-07", 1)}, Blocks: []Block{sys(bp("", 2))}}, ""},
		{"diagnostics without an id", "claude-sonnet-4-5", Request{Options: CacheOptions{Diagnostics: at("", 1)}, Blocks: []Block{sys(bp("", 2))}}, "PC011:warning"},
		{"header alone", "claude-sonnet-4-5", Request{Options: CacheOptions{DiagnosticsHeader: at("cache-diagnosis-2026-04-07", 1)}, Blocks: []Block{sys(bp("", 2))}}, "PC011:warning"},
		{"diagnostics to vertex", "claude-sonnet-4-5", Request{Options: CacheOptions{Diagnostics: at("msg_01", 1), Platform: "vertex"}, Blocks: []Block{sys(bp("", 2))}}, "PC011:error"},
		{"diagnostics to bedrock", "claude-sonnet-4-5", Request{Options: CacheOptions{Diagnostics: at("msg_01", 1), Platform: "bedrock"}, Blocks: []Block{sys(bp("", 2))}}, "PC011:error"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.req.File, tt.req.BreakpointsKnown = "r.json", true
			if got := codes(Check(&tt.req, env(t, tt.model))); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}
