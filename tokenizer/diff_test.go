package tokenizer

import (
	"testing"
	"unicode/utf8"
)

func referenceCount(t testing.TB, name, text string) int {
	t.Helper()
	enc, err := Reference(name)
	if err != nil {
		t.Fatal(err)
	}
	return len(enc.EncodeOrdinary(text))
}

func fastCounters(t testing.TB) map[string]*fastCounter {
	t.Helper()
	cs := map[string]*fastCounter{}
	for _, name := range Encodings() {
		c, err := newFastCounter(name)
		if err != nil {
			t.Fatal(err)
		}
		cs[name] = c
	}
	return cs
}

// TestCorpusMatchesReference compares whole corpus files, each line on its
// own, and derived mixtures with tiktoken-go.
func TestCorpusMatchesReference(t *testing.T) {
	files := corpusFiles(t)
	counters := fastCounters(t)
	texts := map[string][]string{}
	for _, name := range sortedNames(files) {
		texts["file/"+name] = []string{files[name]}
	}
	texts["lines"] = corpusLines(files)
	mixed := 400
	if testing.Short() {
		mixed = 50
	}
	texts["mixed"] = mixedTexts(files, mixed, 12, 7)
	if !testing.Short() {
		texts["shuffled"] = []string{shuffledCorpus(files, 256<<10, 5)}
	}
	for _, enc := range Encodings() {
		for group, list := range texts {
			t.Run(enc+"/"+group, func(t *testing.T) {
				for _, text := range list {
					want := referenceCount(t, enc, text)
					if got := counters[enc].Count(text); got != want {
						t.Errorf("Count(%s) = %d, tiktoken-go %d", quoteShort(text), got, want)
					}
				}
			})
		}
	}
}

func quoteShort(s string) string {
	const max = 200
	if len(s) > max {
		cut := max
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
		return "(" + itoa(len(s)) + " bytes) " + quote(s[:cut]) + "..."
	}
	return quote(s)
}
