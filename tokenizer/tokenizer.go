// Package tokenizer counts tokens offline.
//
// OpenAI encodings (o200k_base, cl100k_base) are exact. Models whose
// tokenizer is not public (Claude, Gemini) are estimated with o200k_base
// times a catalog ratio; such counts are marked approximate.
//
// Encoders are built once per process and only when a count is first
// needed: under go vet every package is analyzed in a new process, and most
// never count a token.
//
// Counting does not use tiktoken-go, whose first use parses megabytes of
// base64 and which runs a backtracking regexp over runes. A hand-written
// pretokenizer (internal/pretok) splits text exactly as the encodings'
// patterns do, and a byte-pair merge (internal/bpe) looks ranks up in a hash
// table embedded in the binary (internal/vocab), ready without parsing.
// Counts equal tiktoken-go's EncodeOrdinary on any input, which the tests
// and FuzzCount check. tiktoken-go is the reference in tests and benchmarks
// only (reference_test.go): it is not linked into the shipped binaries, which
// would embed the vocabularies a second time.
package tokenizer

import (
	"fmt"
	"math"
)

// Counter counts the tokens of a text.
type Counter interface {
	Count(text string) int
}

// Encodings this package counts exactly.
const (
	O200kBase  = "o200k_base"
	Cl100kBase = "cl100k_base"
)

// Encodings lists the encodings ForEncoding accepts.
func Encodings() []string { return []string{O200kBase, Cl100kBase} }

// encodingCounter counts with one encoding; the counter is built on the
// first Count.
type encodingCounter struct{ exact func() Counter }

func (c *encodingCounter) Count(text string) int {
	if text == "" {
		return 0
	}
	return c.exact().Count(text)
}

var counters = map[string]*encodingCounter{
	O200kBase:  {exactCounter(O200kBase)},
	Cl100kBase: {exactCounter(Cl100kBase)},
}

// ForEncoding returns an exact counter for o200k_base or cl100k_base. It is
// cheap: the counter is built on the first Count, from embedded data in
// well under a millisecond, and counts are identical to tiktoken-go's
// EncodeOrdinary.
func ForEncoding(name string) (Counter, error) {
	c, ok := counters[name]
	if !ok {
		return nil, fmt.Errorf("unknown encoding %q (want o200k_base or cl100k_base)", name)
	}
	return c, nil
}

// Scaled estimates another tokenizer's count as Base's count times Ratio,
// rounded to the nearest token.
type Scaled struct {
	Base  Counter
	Ratio float64
}

func (s Scaled) Count(text string) int {
	n := s.Base.Count(text)
	if s.Ratio == 1 || n == 0 {
		return n
	}
	return int(math.Round(float64(n) * s.Ratio))
}

// ForModel returns the counter for a model's tokenizer: encoding and ratio
// come from the catalog. approx reports whether counts are estimates.
func ForModel(encoding string, ratio float64, exact bool) (c Counter, approx bool, err error) {
	base, err := ForEncoding(encoding)
	if err != nil {
		return nil, false, err
	}
	if ratio == 1 {
		return base, !exact, nil
	}
	return Scaled{Base: base, Ratio: ratio}, true, nil
}
