package tokenizer

import (
	"sync"
	"testing"
)

// TestForEncodingIsFast guards against a silent fallback to tiktoken-go,
// which would keep counts right but make them a hundred times slower.
func TestForEncodingIsFast(t *testing.T) {
	for _, enc := range Encodings() {
		c, err := ForEncoding(enc)
		if err != nil {
			t.Fatal(err)
		}
		if exact := c.(*encodingCounter).exact(); !isFast(exact) {
			t.Errorf("%s: counting with %T, want *fastCounter", enc, exact)
		}
	}
}

func TestReplaceInvalid(t *testing.T) {
	for _, s := range []string{"", "abc", "\xff", "a\xc3", "\xe2\x82", "\xed\xa0\x80", "é\x80é", "\xf0\x9f\x98\x80\xf0\x9f"} {
		if got, want := replaceInvalid(s), string([]rune(s)); got != want {
			t.Errorf("replaceInvalid(%q) = %q, want %q", s, got, want)
		}
	}
}

// TestConcurrentCount counts from many goroutines at once through the
// shared counters, as parallel analyzers do; run with -race.
func TestConcurrentCount(t *testing.T) {
	texts := mixedTexts(corpusFiles(t), 64, 20, 11)
	want := map[string][]int{}
	for _, enc := range Encodings() {
		c, _ := newFastCounter(enc)
		for _, text := range texts {
			want[enc] = append(want[enc], c.Count(text))
		}
	}
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Go(func() {
			for round := range 20 {
				enc := Encodings()[(g+round)%2]
				c, _ := ForEncoding(enc)
				for i, text := range texts {
					if got := c.Count(text); got != want[enc][i] {
						t.Errorf("%s: concurrent Count = %d, want %d", enc, got, want[enc][i])
						return
					}
				}
			}
		})
	}
	wg.Wait()
}

func isFast(c Counter) bool {
	_, ok := c.(*fastCounter)
	return ok
}
