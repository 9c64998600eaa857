package replay

import (
	"bytes"
	"io"
	"testing"
)

// FuzzReplay replays arbitrary logs: nothing panics, and every figure is
// consistent (cached plus written never exceeds the input, a miss always
// lost something, the totals are the sums of the rows).
func FuzzReplay(f *testing.F) {
	small := prose(100)
	for _, r := range []rec{
		{system: small, bp: true, user: "a"},
		{system: "Current time: 2026-11-30T09:41:07Z\n" + small, bp: true, tools: []string{"b", "a"}, user: "b"},
		{system: small, model: "gpt-4o", user: "c"},
	} {
		f.Add([]byte(r.line() + "\n" + r.line()))
	}
	f.Add([]byte(chatRec{model: "gpt-5.6", system: small, sysBP: true, user: "q", userParts: 3}.line()))
	f.Add([]byte(`{"attributes":{"gen_ai.request.model":"gpt-4o","gen_ai.prompt.0.role":"user","gen_ai.prompt.0.content":"hi"}}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		rep, err := Run(Options{Logs: []string{"fuzz.jsonl"}, Open: func(string) (io.ReadCloser, error) {
			return io.NopCloser(bytes.NewReader(data)), nil
		}})
		if err != nil {
			return // an I/O-level failure of the reader, reported to the caller
		}
		r := rep.Replay
		sum := 0
		for _, row := range r.Records {
			if row.CachedTokens < 0 || row.WrittenTokens < 0 || row.CachedTokens+row.WrittenTokens > row.InputTokens {
				t.Fatalf("record %d: cached %d + written %d > input %d", row.Record, row.CachedTokens, row.WrittenTokens, row.InputTokens)
			}
			sum += row.CachedTokens
		}
		if !r.RecordsTruncated && sum != r.SimulatedCachedTokens {
			t.Fatalf("rows sum to %d cached tokens, total %d", sum, r.SimulatedCachedTokens)
		}
		for _, m := range r.Misses {
			if m.TokensLost <= 0 {
				t.Fatalf("miss of record %d lost %d tokens", m.Record, m.TokensLost)
			}
		}
	})
}
