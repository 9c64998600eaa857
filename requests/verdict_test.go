package requests

import (
	"github.com/cachevet/cachevet/internal/textpos"
	"os"
	"strings"
	"testing"
)

// verdictString renders a verdict for comparison: provider status reason
// tokens, or "none".
func verdictString(v *CacheVerdict) string {
	if v == nil {
		return "none"
	}
	return strings.TrimSpace(v.Provider + " " + v.Status + " " + v.Reason + " " + intp(v.MissedTokens))
}

// TestVerdicts reads the providers' own cache diagnostics from a log's
// responses: Anthropic's diagnostics.cache_miss_reason
// (platform.claude.com cache-diagnostics) and OpenAI's
// prompt_cache_diagnostics (developers.openai.com prompt-caching
// diagnostics).
func TestVerdicts(t *testing.T) {
	data, err := os.ReadFile("testdata/logs/diagnostics.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	recs, _, c := readRecords(t, "diagnostics.jsonl", string(data))
	if len(c.errs) > 0 {
		t.Fatalf("errors: %v", c.errs)
	}
	want := []string{
		"none", // the first turn: previous_message_id null, a null reason compares nothing
		"anthropic miss system_changed 1200",
		"anthropic no-change  nil", // asked, answered, no diagnostics: no divergence
		"anthropic comparing  nil", // a null reason with the object present: still comparing, not a hit
		"anthropic not-found previous_message_not_found nil",
		"openai miss tools_changed 5629",
		"openai no-change  nil",
		"openai not-found  nil",
		"openai unavailable  nil",
		"none", // a type the docs do not name
		"none", // no comparison asked for
		"anthropic unavailable unavailable nil",
		"anthropic miss messages_changed nil",
	}
	if len(recs) != len(want) {
		t.Fatalf("%d records, want %d", len(recs), len(want))
	}
	for i, r := range recs {
		if got := verdictString(r.Verdict); got != want[i] {
			t.Errorf("record %d: verdict %q, want %q", i+1, got, want[i])
		}
	}
}

// FuzzVerdicts: whatever a log holds, a verdict is one of the statuses,
// names its provider, and a miss names a reason.
func FuzzVerdicts(f *testing.F) {
	seed(f, "logs/diagnostics.jsonl")
	f.Add([]byte(`{"request":{"model":"claude-sonnet-4-5","diagnostics":{"previous_message_id":"m"},"messages":[{"role":"user","content":"x"}]},"response":{"diagnostics":{"cache_miss_reason":{"type":7}}}}`))
	f.Add([]byte(`{"request":{"model":"gpt-5.6","input":"x"},"response":"{\"prompt_cache_diagnostics\":{\"type\":\"cache_miss\",\"cache_missed_tokens\":-3}}"}`))
	statuses := map[string]bool{VerdictMiss: true, VerdictNoChange: true, VerdictComparing: true, VerdictNotFound: true, VerdictUnavailable: true}
	f.Fuzz(func(t *testing.T, data []byte) {
		var got []*CacheVerdict
		opts := Options{Records: func(r *Record) { got = append(got, r.Verdict) }}
		_ = Read("f.jsonl", textpos.KindLog, strings.NewReader(string(data)), opts, &collect{})
		for _, v := range got {
			if v == nil {
				continue
			}
			if !statuses[v.Status] || v.Provider != "anthropic" && v.Provider != "openai" {
				t.Fatalf("verdict %+v", v)
			}
			if v.Status == VerdictMiss && v.Provider == "anthropic" && v.Reason == "" {
				t.Fatalf("a miss without a reason: %+v", v)
			}
			if v.MissedTokens != nil && *v.MissedTokens < 0 {
				t.Fatalf("negative tokens: %+v", v)
			}
		}
	})
}
