package replay

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// chatRec is one synthetic OpenAI Chat Completions (or compatible) record.
type chatRec struct {
	at        time.Duration
	model     string
	system    string
	sysBP     bool // prompt_cache_breakpoint on the system part
	user      string
	userParts int // extra user parts, each with a breakpoint
	key       string
	gatewayBP bool // Anthropic cache_control on the system part, as gateways take it
}

func (r chatRec) line() string {
	sys := map[string]any{"type": "text", "text": r.system}
	if r.sysBP {
		sys["prompt_cache_breakpoint"] = map[string]any{"mode": "explicit"}
	}
	user := []any{map[string]any{"type": "text", "text": r.user}}
	for i := range r.userParts {
		user = append(user, map[string]any{"type": "text", "text": fmt.Sprintf("note %d", i), "prompt_cache_breakpoint": map[string]any{"mode": "explicit"}})
	}
	body := map[string]any{"model": r.model, "messages": []any{
		map[string]any{"role": "system", "content": []any{sys}},
		map[string]any{"role": "user", "content": user}}}
	if r.key != "" {
		body["prompt_cache_key"] = r.key
	}
	if r.gatewayBP {
		sys["cache_control"] = map[string]any{"type": "ephemeral"}
	}
	b, _ := json.Marshal(map[string]any{"timestamp": t0.Add(r.at).Format(time.RFC3339), "request": body})
	return string(b)
}

func TestProviders(t *testing.T) {
	big := prose(250) // ≈ 3,000 tokens
	min := time.Minute
	series := func(n int, gap time.Duration, f func(i int) chatRec) []chatRec {
		var out []chatRec
		for i := range n {
			r := f(i)
			r.at = time.Duration(i) * gap
			out = append(out, r)
		}
		return out
	}
	cases := []struct {
		name   string
		recs   []chatRec
		hits   int
		misses map[string]int
	}{
		{"gpt-4o automatic prefix caching", series(5, min, func(i int) chatRec {
			return chatRec{model: "gpt-4o", system: big, user: fmt.Sprintf("%c: question", 'a'+i)}
		}), 4, map[string]int{}},
		{"gpt-4o prompt_cache_key routes to separate caches", series(4, min, func(i int) chatRec {
			return chatRec{model: "gpt-4o", system: big, user: fmt.Sprintf("%c?", 'a'+i), key: []string{"a", "b"}[i%2]}
		}), 2, map[string]int{CauseOther: 1}},
		{"gpt-4o in_memory retention: a 7-minute gap expires", []chatRec{
			{at: 0, model: "gpt-4o", system: big, user: "a"},
			{at: 7 * min, model: "gpt-4o", system: big, user: "b"},
		}, 0, map[string]int{CauseTTLExpired: 1}},
		{"gpt-5 24h retention: a 7-minute gap still hits", []chatRec{
			{at: 0, model: "gpt-5", system: big, user: "a"},
			{at: 7 * min, model: "gpt-5", system: big, user: "b"},
		}, 1, map[string]int{}},
		{"gpt-5.6 implicit breakpoint only: no fallback to the shared system prompt", series(4, min, func(i int) chatRec {
			return chatRec{model: "gpt-5.6", system: big, user: fmt.Sprintf("%c?", 'a'+i)}
		}), 0, map[string]int{CauseBreakpointMoved: 3}},
		{"gpt-5.6 explicit breakpoint on the system prompt", series(4, min, func(i int) chatRec {
			return chatRec{model: "gpt-5.6", system: big, sysBP: true, user: fmt.Sprintf("%c?", 'a'+i)}
		}), 3, map[string]int{}},
		{"gpt-5.6 reads the latest 80 breakpoints: 80 in all still reach the system one", []chatRec{
			{at: 0, model: "gpt-5.6", system: big, sysBP: true, user: "a"},
			{at: min, model: "gpt-5.6", system: big, sysBP: true, user: "b", userParts: 79},
		}, 1, map[string]int{}},
		{"gpt-5.6 reads the latest 80 breakpoints: 81 leave the system one out", []chatRec{
			{at: 0, model: "gpt-5.6", system: big, sysBP: true, user: "a"},
			{at: min, model: "gpt-5.6", system: big, sysBP: true, user: "b", userParts: 80},
		}, 0, map[string]int{CauseBreakpointMoved: 1}},
		{"claude through OpenRouter: each sticky route is its own cache", []chatRec{
			{at: 0, model: "openrouter/anthropic/claude-sonnet-4-5", system: big, gatewayBP: true, user: "conversation A"},
			{at: min, model: "openrouter/anthropic/claude-sonnet-4-5", system: big, gatewayBP: true, user: "conversation B"},
			{at: 2 * min, model: "openrouter/anthropic/claude-sonnet-4-5", system: big, gatewayBP: true, user: "conversation A"},
			{at: 15 * min, model: "openrouter/anthropic/claude-sonnet-4-5", system: big, gatewayBP: true, user: "conversation A"},
		}, 1, map[string]int{CauseOther: 1, CauseTTLExpired: 1}},
		{"the same traffic straight to Anthropic shares one cache", []chatRec{
			{at: 0, model: "claude-sonnet-4-5", system: big, gatewayBP: true, user: "conversation A"},
			{at: min, model: "claude-sonnet-4-5", system: big, gatewayBP: true, user: "conversation B"},
			{at: 2 * min, model: "claude-sonnet-4-5", system: big, gatewayBP: true, user: "conversation A"},
		}, 2, map[string]int{}},
		{"gemini-2.5-flash implicit caching", series(3, min, func(i int) chatRec {
			return chatRec{model: "gemini-2.5-flash", system: big, user: fmt.Sprintf("%c?", 'a'+i)}
		}), 2, map[string]int{}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var b strings.Builder
			for _, r := range tc.recs {
				b.WriteString(r.line() + "\n")
			}
			p := filepath.Join(t.TempDir(), "log.jsonl")
			if err := os.WriteFile(p, []byte(b.String()), 0o644); err != nil {
				t.Fatal(err)
			}
			rep, err := Run(Options{Logs: []string{p}})
			if err != nil {
				t.Fatal(err)
			}
			if len(rep.Errors) > 0 {
				t.Fatalf("errors: %+v", rep.Errors)
			}
			if got := hits(rep); got != tc.hits {
				t.Errorf("hits = %d, want %d", got, tc.hits)
			}
			if got := causes(rep); fmt.Sprint(got) != fmt.Sprint(tc.misses) {
				t.Errorf("misses = %v, want %v", got, tc.misses)
			}
			for _, r := range rep.Replay.Records {
				if strings.HasPrefix(r.Model, "gpt-4o") && r.CachedTokens%128 != 0 {
					t.Errorf("record %d: %d cached tokens, not a multiple of 128", r.Record, r.CachedTokens)
				}
			}
		})
	}
}
