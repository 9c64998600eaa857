package tokenizer

import "testing"

// FuzzCount requires the fast counter to agree with tiktoken-go on any
// input, for both encodings. The seed corpus in testdata/fuzz/FuzzCount
// holds chunks of the hand-written corpus. Run it for a bounded time with
//
//	go test ./tokenizer -run '^$' -fuzz '^FuzzCount$' -fuzztime 20s
func FuzzCount(f *testing.F) {
	for _, s := range []string{"", "hello world", "<|endoftext|>", "I'M\r\n  x", "\xff\xfe'S\u00a0\u0301"} {
		f.Add(s)
	}
	counters := fastCounters(f)
	f.Fuzz(func(t *testing.T, text string) {
		if len(text) > 16<<10 {
			// tiktoken-go's merge is quadratic in a piece's length, so a long
			// input measures the reference, not us; the corpus tests cover
			// long texts.
			t.Skip()
		}
		for _, enc := range Encodings() {
			got := counters[enc].Count(text)
			if want := referenceCount(t, enc, text); got != want {
				t.Errorf("%s: Count(%q) = %d, tiktoken-go %d", enc, text, got, want)
			}
		}
	})
}
