package tokenizer

import (
	"fmt"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/cachevet/cachevet/tokenizer/internal/bpe"
	"github.com/cachevet/cachevet/tokenizer/internal/pretok"
	"github.com/cachevet/cachevet/tokenizer/internal/vocab"
)

// fastCounter counts exactly what tiktoken-go's EncodeOrdinary returns, at
// memory speed: a hand-written pretokenizer instead of regexp2, and a
// byte-pair merge over an embedded hash table instead of a map built from
// base64 text at start-up.
type fastCounter struct {
	split pretok.Splitter
	// mergers holds per-goroutine scratch state; Count is called from
	// concurrent analyzers.
	mergers sync.Pool
}

var splitters = map[string]pretok.Splitter{
	O200kBase:  pretok.O200k,
	Cl100kBase: pretok.Cl100k,
}

// newFastCounter builds a counter from the embedded vocabulary. It costs a
// header check: nothing is parsed or copied. Tests and benchmarks call it
// to measure first use; everything else goes through exactCounter.
func newFastCounter(name string) (*fastCounter, error) {
	split, ok := splitters[name]
	if !ok {
		return nil, fmt.Errorf("no fast counter for encoding %q", name)
	}
	v, err := bpe.Open(vocab.Data(name))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	c := &fastCounter{split: split}
	c.mergers.New = func() any { return bpe.NewMerger(v) }
	return c, nil
}

func (c *fastCounter) Count(text string) int {
	if !utf8.ValidString(text) {
		text = replaceInvalid(text)
	}
	m := c.mergers.Get().(*bpe.Merger)
	n := 0
	for i := 0; i < len(text); {
		end := c.split(text, i)
		n += m.Count(text[i:end])
		i = end
	}
	c.mergers.Put(m)
	return n
}

// replaceInvalid replaces each byte that is not part of a valid UTF-8
// sequence with U+FFFD, as tiktoken-go's conversion to []rune does (one
// replacement per byte, unlike strings.ToValidUTF8, which replaces a run
// once).
func replaceInvalid(s string) string {
	var b strings.Builder
	b.Grow(len(s) + len(s)/2)
	for i := 0; i < len(s); {
		r, w := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && w == 1 {
			b.WriteString(string(utf8.RuneError))
		} else {
			b.WriteString(s[i : i+w])
		}
		i += w
	}
	return b.String()
}

// exactCounter returns the process-wide exact counter of an encoding,
// building it on first use.
func exactCounter(name string) func() Counter {
	return sync.OnceValue(func() Counter {
		c, err := newFastCounter(name)
		if err != nil {
			// The vocabularies are embedded and checked by the tests: a
			// vocabulary that does not open is a build defect.
			panic("cachevet: cannot open the embedded encoding " + name + ": " + err.Error())
		}
		return c
	})
}
