package replay

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"
)

// turn is one message of a synthetic Chat Completions record.
type turn struct{ role, text string }

// chatLog writes records of Chat Completions messages, one a minute
// unless at says otherwise, and replays them.
func chatLog(t *testing.T, model string, at []time.Duration, recs [][]turn, opts Options) *Report {
	t.Helper()
	var b strings.Builder
	for i, msgs := range recs {
		var ms []any
		for _, m := range msgs {
			ms = append(ms, map[string]any{"role": m.role, "content": m.text})
		}
		when := time.Duration(i) * time.Minute
		if at != nil {
			when = at[i]
		}
		line, _ := json.Marshal(map[string]any{"timestamp": t0.Add(when).Format(time.RFC3339Nano),
			"request": map[string]any{"model": model, "messages": ms}})
		b.Write(line)
		b.WriteByte('\n')
	}
	opts.Logs = []string{tempLog(t, "log.jsonl", b.String())}
	rep, err := Run(opts)
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Errors) > 0 {
		t.Fatalf("errors: %+v", rep.Errors)
	}
	return rep
}

// reads is the tokens each record read from the cache.
func reads(rep *Report) []int {
	var out []int
	for _, r := range rep.Replay.Records {
		out = append(out, r.CachedTokens)
	}
	return out
}

func missCauses(rep *Report) map[int]string {
	out := map[int]string{}
	for _, m := range rep.Replay.Misses {
		out[m.Record] = m.Cause
	}
	return out
}

// TestPrefixUnits checks DeepSeek's prefix units (api-docs.deepseek.com
// guides/kv_cache): a read needs a full match of a persisted unit.
func TestPrefixUnits(t *testing.T) {
	sys := turn{"system", prose(250)} // ≈ 3,000 tokens: past the minimum
	doc := func(n int) string { return fmt.Sprintf("Document %d. ", n) + prose(250) }
	cases := []struct {
		name  string
		model string
		recs  [][]turn
		// want is, per record, "0" for no read, "=k" for the tokens record
		// k read in full (its input), "<k" for fewer than record k's input
		// but more than 0.
		want   []string
		causes map[int]string
	}{
		{
			name:  "A+B then A+C misses; A+D reads A",
			model: "deepseek-flash",
			recs: [][]turn{
				{sys, {"user", "What is the warranty on the Lumen 4?"}},
				{sys, {"user", "How do I replace a fan?"}},
				{sys, {"user", "Which drives are supported?"}},
			},
			want:   []string{"0", "0", "<3"},
			causes: map[int]string{2: CausePrefixUnit},
		},
		{
			name:  "the same traffic on a longest-prefix cache reads A at once",
			model: "gpt-4o",
			recs: [][]turn{
				{sys, {"user", "What is the warranty on the Lumen 4?"}},
				{sys, {"user", "How do I replace a fan?"}},
				{sys, {"user", "Which drives are supported?"}},
			},
			want:   []string{"0", "<2", "<3"},
			causes: map[int]string{},
		},
		{
			name:  "A+B then A+B+C reads the unit at the end of A+B's input and output",
			model: "deepseek-flash",
			recs: [][]turn{
				{sys, {"user", "What is the warranty on the Lumen 4?"}},
				{sys, {"user", "What is the warranty on the Lumen 4?"}, {"assistant", "Three years."}, {"user", "And on the drives?"}},
				{sys, {"user", "What is the warranty on the Lumen 4?"}, {"assistant", "Three years."}, {"user", "And on the drives?"}, {"assistant", "One year."}, {"user", "Thanks."}},
			},
			want:   []string{"0", "<2", "<3"},
			causes: map[int]string{},
		},
		{
			name:  "a common prefix inside a block is persisted: the report, then two questions on it",
			model: "deepseek-flash",
			recs: [][]turn{
				{{"system", "You are an analyst."}, {"user", doc(1) + "\n\nSummarize the report."}},
				{{"system", "You are an analyst."}, {"user", doc(1) + "\n\nAnalyze the profitability."}},
				{{"system", "You are an analyst."}, {"user", doc(1) + "\n\nList the risks."}},
			},
			want:   []string{"0", "0", "<3"},
			causes: map[int]string{},
		},
		{
			name:  "long inputs persist units at fixed intervals: a later request that shares the first documents reads them",
			model: "deepseek-flash",
			recs: [][]turn{
				{sys, {"user", doc(1)}, {"user", doc(2)}, {"user", doc(3)}, {"user", "Compare them."}},
				{sys, {"user", doc(1)}, {"user", doc(2)}, {"user", doc(4)}, {"user", "Compare them."}},
			},
			want:   []string{"0", "<2"},
			causes: map[int]string{2: CauseOther}, // the third document differs: an edited history
		},
		{
			name:  "interval units sit at block boundaries: one long block is read only once a common prefix inside it is persisted",
			model: "deepseek-flash",
			recs: [][]turn{
				{{"system", "You are an analyst."}, {"user", doc(1) + doc(2) + doc(3)}, {"user", "Compare them."}},
				{{"system", "You are an analyst."}, {"user", doc(1) + doc(2) + doc(4)}, {"user", "Compare them."}},
				{{"system", "You are an analyst."}, {"user", doc(1) + doc(2) + doc(5)}, {"user", "Compare them."}},
			},
			want:   []string{"0", "0", "<3"},
			causes: map[int]string{2: CauseOther, 3: CauseOther},
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			rep := chatLog(t, tc.model, nil, tc.recs, Options{})
			got := reads(rep)
			for i, w := range tc.want {
				in := rep.Replay.Records[i].InputTokens
				switch {
				case w == "0" && got[i] != 0:
					t.Errorf("record %d read %d tokens, want none", i+1, got[i])
				case w != "0" && (got[i] == 0 || got[i] >= in):
					t.Errorf("record %d read %d of %d tokens, want some and fewer than all", i+1, got[i], in)
				}
			}
			if c := missCauses(rep); fmt.Sprint(c) != fmt.Sprint(tc.causes) {
				t.Errorf("misses %v, want %v", c, tc.causes)
			}
		})
	}
}

// TestPrefixUnitReadsA pins the numbers of the example: the third
// request reads exactly the system prompt A, which the second persisted.
func TestPrefixUnitReadsA(t *testing.T) {
	sys := turn{"system", prose(250)}
	rep := chatLog(t, "deepseek-flash", nil, [][]turn{
		{sys, {"user", "B"}}, {sys, {"user", "C"}}, {sys, {"user", "D"}}, {sys, {"user", "D"}},
	}, Options{})
	solo := chatLog(t, "deepseek-flash", nil, [][]turn{{sys}}, Options{})
	a := solo.Replay.Records[0].InputTokens
	if got := reads(rep); fmt.Sprint(got) != fmt.Sprint([]int{0, 0, a, rep.Replay.Records[3].InputTokens}) {
		t.Errorf("reads %v, want [0 0 %d %d] (A is %d tokens; the repeat of A+D reads it whole)", got, a, rep.Replay.Records[3].InputTokens, a)
	}
	if len(rep.Replay.Misses) != 1 || rep.Replay.Misses[0].Record != 2 || !strings.Contains(rep.Replay.Misses[0].Detail, "caches whole units") {
		t.Errorf("misses %+v, want record 2 only, explained by prefix units", rep.Replay.Misses)
	}
	found := false
	for _, s := range rep.Replay.Assumptions {
		found = found || strings.Contains(s, "deepseek-flash caches whole prefix units") && strings.Contains(s, "4,096 tokens")
	}
	if !found {
		t.Errorf("the prefix-unit assumption is not printed: %q", rep.Replay.Assumptions)
	}
}

// TestWriteDelay checks that a write becomes readable only after the
// model's write delay (OpenAI: 24 s, askalf/dario issue 1259), and that
// --write-delay overrides the catalog.
func TestWriteDelay(t *testing.T) {
	sys := turn{"system", prose(250)}
	burst := [][]turn{{sys, {"user", "hi"}}, {sys, {"user", "hi"}}, {sys, {"user", "hi"}}, {sys, {"user", "hi"}}}
	questions := [][]turn{{sys, {"user", "a?"}}, {sys, {"user", "b?"}}, {sys, {"user", "c?"}}, {sys, {"user", "d?"}}}
	at := []time.Duration{0, 5 * time.Second, 10 * time.Second, 40 * time.Second}
	zero, long := time.Duration(0), time.Minute
	cases := []struct {
		name   string
		model  string
		recs   [][]turn
		delay  *time.Duration
		hits   []bool
		causes map[int]string
		assume string
	}{
		{"openai: a burst inside 24 s misses, the request after it reads", "gpt-4o", burst, nil,
			[]bool{false, false, false, true}, map[int]string{2: CauseWriteDelay, 3: CauseWriteDelay}, "gpt-4o: a write becomes readable 24s after"},
		{"--write-delay 0 reads at once", "gpt-4o", burst, &zero,
			[]bool{false, true, true, true}, map[int]string{}, "--write-delay 0s"},
		{"--write-delay 1m: even the fourth request misses", "gpt-4o", burst, &long,
			[]bool{false, false, false, false}, map[int]string{2: CauseWriteDelay, 3: CauseWriteDelay, 4: CauseWriteDelay}, "--write-delay 1m0s"},
		{"gpt-5.6: a burst at the same implicit breakpoint waits for the write", "gpt-5.6", burst, nil,
			[]bool{false, false, false, true}, map[int]string{2: CauseWriteDelay, 3: CauseWriteDelay}, "gpt-5.6-sol: a write becomes readable 24s after"},
		{"gpt-5.6: where no breakpoint ends the shared prefix the delay is not the cause", "gpt-5.6", questions, nil,
			[]bool{false, false, false, false}, map[int]string{2: CauseBreakpointMoved, 3: CauseBreakpointMoved, 4: CauseBreakpointMoved}, "gpt-5.6-sol: a write becomes readable 24s after"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			rep := chatLog(t, tc.model, at, tc.recs, Options{WriteDelay: tc.delay})
			for i, r := range rep.Replay.Records {
				if (r.CachedTokens > 0) != tc.hits[i] {
					t.Errorf("record %d read %d tokens, want hit=%v", i+1, r.CachedTokens, tc.hits[i])
				}
			}
			if c := missCauses(rep); fmt.Sprint(c) != fmt.Sprint(tc.causes) {
				t.Errorf("misses %v, want %v", c, tc.causes)
			}
			if !strings.Contains(strings.Join(rep.Replay.Assumptions, "\n"), tc.assume) {
				t.Errorf("assumptions do not say %q: %q", tc.assume, rep.Replay.Assumptions)
			}
		})
	}
}

// TestNoWriteDelayAnthropic: the catalog states no delay for Anthropic, so
// a burst at a breakpoint reads from the second request on.
func TestNoWriteDelayAnthropic(t *testing.T) {
	big := prose(300)
	var recs []rec
	for i := range 4 {
		recs = append(recs, rec{at: time.Duration(i) * 5 * time.Second, system: big, bp: true, user: "hi"})
	}
	rep, err := Run(Options{Logs: []string{writeLog(t, recs)}})
	if err != nil {
		t.Fatal(err)
	}
	if got := hits(rep); got != 3 {
		t.Errorf("%d hits, want 3", got)
	}
	if !strings.Contains(strings.Join(rep.Replay.Assumptions, "\n"), "where no write delay is stated") {
		t.Errorf("assumptions: %q", rep.Replay.Assumptions)
	}
}
