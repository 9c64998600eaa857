package replay

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/cachevet/cachevet/tokenizer"
)

// prose is stable filler: n numbered sentences, about 12 tokens each.
func prose(n int) string {
	var b strings.Builder
	for i := range n {
		fmt.Fprintf(&b, "Rule %d: answer politely and cite the handbook section that applies. ", i+1)
	}
	return b.String()
}

var t0 = time.Date(2026, 11, 30, 9, 0, 0, 0, time.UTC)

// rec is one synthetic Anthropic record.
type rec struct {
	at     time.Duration // after t0
	system string
	tools  []string // tool names, in order
	user   string
	bp     bool // cache_control on the last system block
	model  string
}

func (r rec) line() string {
	body := map[string]any{"model": "claude-sonnet-4-5", "max_tokens": 512}
	if r.model != "" {
		body["model"] = r.model
	}
	if len(r.tools) > 0 {
		var tools []any
		for _, n := range r.tools {
			tools = append(tools, map[string]any{"name": n, "description": "Looks up " + n + " in the knowledge base.",
				"input_schema": map[string]any{"type": "object", "properties": map[string]any{"q": map[string]any{"type": "string"}}}})
		}
		body["tools"] = tools
	}
	sys := map[string]any{"type": "text", "text": r.system}
	if r.bp {
		sys["cache_control"] = map[string]any{"type": "ephemeral"}
	}
	body["system"] = []any{sys}
	body["messages"] = []any{map[string]any{"role": "user", "content": r.user}}
	line, _ := json.Marshal(map[string]any{"timestamp": t0.Add(r.at).Format(time.RFC3339), "request": body})
	return string(line)
}

func writeLog(t *testing.T, recs []rec) string {
	t.Helper()
	var b strings.Builder
	for _, r := range recs {
		b.WriteString(r.line() + "\n")
	}
	return tempLog(t, "log.jsonl", b.String())
}

// tempLog writes a log into the test's temporary directory.
func tempLog(t *testing.T, name, data string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func hits(rep *Report) int {
	n := 0
	for _, r := range rep.Replay.Records {
		if r.CachedTokens > 0 {
			n++
		}
	}
	return n
}

func causes(rep *Report) map[string]int {
	m := map[string]int{}
	for _, x := range rep.Replay.Misses {
		m[x.Cause]++
	}
	return m
}

func TestSyntheticHitPatterns(t *testing.T) {
	big := prose(300) // ≈ 3,600 tokens: above every Claude minimum
	small := prose(30)
	minute := time.Minute
	every := func(n int, gap time.Duration, f func(i int) rec) []rec {
		var out []rec
		for i := range n {
			r := f(i)
			r.at = time.Duration(i) * gap
			out = append(out, r)
		}
		return out
	}
	cases := []struct {
		name      string
		recs      []rec
		opts      Options
		hits      int
		misses    map[string]int
		whatIfHit int // hits in the first what-if, -1 when none
		path      string
	}{
		{
			name: "stable prefix at one request a minute",
			recs: every(10, minute, func(i int) rec {
				return rec{system: big, bp: true, user: fmt.Sprintf("question %d", i)}
			}),
			hits: 9, misses: map[string]int{}, whatIfHit: -1,
		},
		{
			name: "a timestamp at the top of the system prompt",
			recs: every(6, minute, func(i int) rec {
				return rec{system: fmt.Sprintf("Current time: 2026-11-30T09:%02d:07Z\n", i) + big, bp: true, user: "hi"}
			}),
			opts: Options{MoveVolatile: true},
			hits: 0, misses: map[string]int{CauseVolatile: 5}, whatIfHit: 5, path: "system[0].text",
		},
		{
			name: "one request with its tools in another order",
			recs: every(8, minute, func(i int) rec {
				tools := []string{"search_docs", "open_ticket"}
				if i == 4 {
					tools = []string{"open_ticket", "search_docs"}
				}
				return rec{system: big, tools: tools, bp: true, user: "hi"}
			}),
			opts: Options{AssumeOrder: "sorted"},
			hits: 6, misses: map[string]int{CauseToolOrder: 1}, whatIfHit: 7, path: "tools[0]",
		},
		{
			name: "a ten-minute gap past the 5m TTL",
			recs: []rec{
				{at: 0, system: big, bp: true, user: "a"},
				{at: minute, system: big, bp: true, user: "b"},
				{at: 2 * minute, system: big, bp: true, user: "c"},
				{at: 12 * minute, system: big, bp: true, user: "d"},
				{at: 13 * minute, system: big, bp: true, user: "e"},
			},
			opts: Options{TTL: "1h"},
			hits: 3, misses: map[string]int{CauseTTLExpired: 1}, whatIfHit: 4,
		},
		{
			name: "a breakpoint below the model's minimum",
			recs: every(5, minute, func(i int) rec {
				return rec{system: small, bp: true, user: fmt.Sprintf("q%d", i)}
			}),
			hits: 0, misses: map[string]int{CauseBelowMinimum: 4}, whatIfHit: -1,
		},
		{
			name: "one request without its breakpoint",
			recs: every(5, minute, func(i int) rec {
				return rec{system: big, bp: i != 2, user: fmt.Sprintf("q%d", i)}
			}),
			hits: 3, misses: map[string]int{CauseBreakpointMoved: 1}, whatIfHit: -1,
		},
		{
			name: "a model switch",
			recs: every(4, minute, func(i int) rec {
				r := rec{system: big, bp: true, user: "hi"}
				if i == 2 {
					r.model = "claude-sonnet-4-6"
				}
				return r
			}),
			hits: 2, misses: map[string]int{CauseModelChanged: 1}, whatIfHit: -1,
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			opts := tc.opts
			opts.Logs = []string{writeLog(t, tc.recs)}
			rep, err := Run(opts)
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
				t.Errorf("misses by cause = %v, want %v", got, tc.misses)
			}
			if tc.path != "" && len(rep.Replay.Misses) > 0 {
				if d := rep.Replay.Misses[0].DivergesAt; d == nil || d.Path != tc.path {
					t.Errorf("diverges_at = %+v, want path %s", d, tc.path)
				}
			}
			if tc.whatIfHit >= 0 {
				if len(rep.Replay.WhatIf) == 0 {
					t.Fatal("no what-if")
				}
				w := rep.Replay.WhatIf[0]
				wantRate := w.Totals.HitRate > rep.Replay.HitRate
				if !wantRate || w.USDSaved <= 0 {
					t.Errorf("what-if %s: hit rate %v (was %v), saved %v; want both better", w.Scenario, w.Totals.HitRate, rep.Replay.HitRate, w.USDSaved)
				}
				if got := whatIfHits(t, opts, 1); got != tc.whatIfHit {
					t.Errorf("what-if hits = %d, want %d", got, tc.whatIfHit)
				}
			}
			if rep.Replay.ObservedCachedTokens != nil {
				t.Errorf("observed = %d, want null: no record carries usage", *rep.Replay.ObservedCachedTokens)
			}
		})
	}
}

// whatIfHits replays a scenario alone (as if it were the log) and counts
// its hits: a what-if's rows are not kept per record.
func whatIfHits(t *testing.T, opts Options, scen int) int {
	t.Helper()
	opts, err := opts.withDefaults()
	if err != nil {
		t.Fatal(err)
	}
	s := newSession(opts, nil)
	sc := s.scens[scen]
	s.scens = []*scenario{sc}
	if err := s.log(opts.Logs[0]); err != nil {
		t.Fatal(err)
	}
	return hits(s.finish())
}

// TestRecordedUsageAgrees replays a log recorded from gpt-4o whose
// responses report cached_tokens as OpenAI computes them (the shared
// prefix rounded down to 128 tokens from 1,024) and checks that the
// simulation reads the same.
func TestRecordedUsageAgrees(t *testing.T) {
	enc, err := tokenizer.ForEncoding(tokenizer.O200kBase)
	if err != nil {
		t.Fatal(err)
	}
	system := prose(200)
	sysTok := enc.Count(system)
	var b strings.Builder
	for i := range 6 {
		user := fmt.Sprintf("%d) what does rule %d say?", i, i+3)
		total := sysTok + enc.Count(user)
		cached := 0
		if i > 0 {
			cached = sysTok / 128 * 128
		}
		body := map[string]any{"model": "gpt-4o", "messages": []any{
			map[string]any{"role": "system", "content": system},
			map[string]any{"role": "user", "content": user}}}
		resp := map[string]any{"created": t0.Add(time.Duration(i) * time.Minute).Unix(),
			"usage": map[string]any{"prompt_tokens": total, "prompt_tokens_details": map[string]any{"cached_tokens": cached}}}
		line, _ := json.Marshal(map[string]any{"request": body, "response": resp})
		b.Write(line)
		b.WriteByte('\n')
	}
	p := filepath.Join(t.TempDir(), "recorded.jsonl")
	if err := os.WriteFile(p, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	rep, err := Run(Options{Logs: []string{p}})
	if err != nil {
		t.Fatal(err)
	}
	r := rep.Replay
	if r.ObservedCachedTokens == nil || r.SimulatedCachedWhereObserved == nil {
		t.Fatal("observed figures missing")
	}
	if *r.ObservedCachedTokens != *r.SimulatedCachedWhereObserved || *r.ObservedCachedTokens != 5*(sysTok/128*128) {
		t.Errorf("observed %d, simulated %d, want both %d", *r.ObservedCachedTokens, *r.SimulatedCachedWhereObserved, 5*(sysTok/128*128))
	}
	if *r.ObservedInputTokens != r.InputTokens {
		t.Errorf("observed input %d, simulated %d", *r.ObservedInputTokens, r.InputTokens)
	}
	for _, row := range r.Records {
		if row.ObservedCached == nil || *row.ObservedCached != row.CachedTokens {
			t.Errorf("record %d: observed %v, simulated %d", row.Record, row.ObservedCached, row.CachedTokens)
		}
	}
}

var _ = io.EOF

// TestSeveralLogs replays two of the request reader's fixture logs: each
// from an empty cache, the causes summed over both, and JSON keys in
// another order in a tool schema count as tool order. The logs' requests
// are seconds apart, inside OpenAI's write delay: with it at zero, only
// the order remains.
func TestSeveralLogs(t *testing.T) {
	var zero time.Duration
	rep, err := Run(Options{Logs: []string{"../requests/testdata/logs/key-order.jsonl", "../requests/testdata/logs/tool-order.jsonl"}, WriteDelay: &zero})
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Replay.Logs) != 2 {
		t.Fatalf("%d logs, want 2", len(rep.Replay.Logs))
	}
	if len(rep.Replay.Causes) != 1 || rep.Replay.Causes[0].Cause != CauseToolOrder || rep.Replay.Causes[0].Misses != 2 {
		t.Errorf("causes = %+v, want 2 tool-order misses", rep.Replay.Causes)
	}
	sum := 0
	for _, l := range rep.Replay.Logs {
		sum += l.Requests
	}
	if sum != rep.Replay.Requests {
		t.Errorf("logs add up to %d requests, total %d", sum, rep.Replay.Requests)
	}
	for _, m := range rep.Replay.Misses {
		if strings.HasSuffix(m.File, "key-order.jsonl") && !strings.Contains(m.Detail, "JSON keys") {
			t.Errorf("key-order miss: %s", m.Detail)
		}
	}
}
