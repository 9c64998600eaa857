package tokenizer

import (
	"math/rand/v2"
	"runtime"
	"runtime/debug"
	"strings"
	"sync"
	"testing"
	"unicode/utf8"

	"github.com/cachevet/cachevet/tokenizer/internal/pretok"
)

// Benchmarks compare the fast counter with tiktoken-go on the same inputs.
// Run them with
//
//	go test ./tokenizer -run '^$' -bench . -benchtime 2x
//
// (tiktoken-go needs seconds per iteration on the large inputs). Besides
// MB/s and allocations they report peak-heap-B: the heap grown by one
// count with the collector off, an upper bound on the memory a count holds
// at once; and peak/input, the same relative to the input size.

type benchInput struct {
	large   string   // about 1 MB
	prompts []string // 2-8 KB each
	total   int      // bytes in prompts
}

var benchInputs = sync.OnceValues(func() (in benchInput, err error) {
	files, err := loadCorpus()
	if err != nil {
		return in, err
	}
	in.large = shuffledCorpus(files, 1<<20, 1)
	// Prompts of 2-8 KB, like the system prompts and histories cachevet
	// counts: windows on another shuffle of the corpus.
	pool := shuffledCorpus(files, 4<<20, 2)
	rng := rand.New(rand.NewPCG(3, 3))
	for len(in.prompts) < 1000 {
		p := window(pool, rng.IntN(len(pool)-(8<<10)), 2<<10+rng.IntN(6<<10))
		in.prompts = append(in.prompts, p)
		in.total += len(p)
	}
	return in, nil
})

func inputs(b *testing.B) benchInput {
	in, err := benchInputs()
	if err != nil {
		b.Fatal(err)
	}
	return in
}

type countFunc func(string) int

func benchCounters(b *testing.B, enc string) map[string]countFunc {
	fast, err := newFastCounter(enc)
	if err != nil {
		b.Fatal(err)
	}
	ref, err := Reference(enc)
	if err != nil {
		b.Fatal(err)
	}
	return map[string]countFunc{
		"fast":     fast.Count,
		"tiktoken": func(s string) int { return len(ref.EncodeOrdinary(s)) },
	}
}

// BenchmarkLargeText counts one ~1 MB text of mixed prose, code, JSON and
// other scripts.
func BenchmarkLargeText(b *testing.B) {
	text := inputs(b).large
	for _, enc := range Encodings() {
		counters := benchCounters(b, enc)
		for _, impl := range []string{"fast", "tiktoken"} {
			count := counters[impl]
			b.Run(enc+"/"+impl, func(b *testing.B) {
				b.SetBytes(int64(len(text)))
				b.ReportAllocs()
				for b.Loop() {
					count(text)
				}
				reportPeak(b, len(text), func() { count(text) })
			})
		}
	}
}

// BenchmarkPrompts counts a thousand prompts of 2-8 KB each per iteration.
func BenchmarkPrompts(b *testing.B) {
	in := inputs(b)
	for _, enc := range Encodings() {
		counters := benchCounters(b, enc)
		for _, impl := range []string{"fast", "tiktoken"} {
			count := counters[impl]
			b.Run(enc+"/"+impl, func(b *testing.B) {
				b.SetBytes(int64(in.total))
				b.ReportAllocs()
				for b.Loop() {
					for _, p := range in.prompts {
						count(p)
					}
				}
				reportPeak(b, len(in.prompts[0]), func() { count(in.prompts[0]) })
			})
		}
	}
}

// BenchmarkFirstUse builds a fast counter from nothing, as a new go vet
// process does, and counts one prompt. The rune-class cache is dropped
// each time; the embedded vocabulary's pages stay mapped after the first
// iteration, which TestFirstUseInFreshProcess covers instead.
func BenchmarkFirstUse(b *testing.B) {
	prompt := inputs(b).prompts[0]
	for _, enc := range Encodings() {
		b.Run(enc, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				pretok.DropClassCache()
				c, err := newFastCounter(enc)
				if err != nil {
					b.Fatal(err)
				}
				c.Count(prompt)
			}
		})
	}
}

// reportPeak runs f once with the collector off and reports how much the
// heap grew, an upper bound on what f holds at its peak. It must run after
// the b.Loop loop, which discards metrics reported before it.
func reportPeak(b *testing.B, inputSize int, f func()) {
	f() // warm up lazily built state shared across calls
	runtime.GC()
	defer debug.SetGCPercent(debug.SetGCPercent(-1))
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	f()
	runtime.ReadMemStats(&after)
	grown := float64(after.HeapAlloc - before.HeapAlloc)
	b.ReportMetric(grown, "peak-heap-B")
	b.ReportMetric(grown/float64(inputSize), "peak/input")
}

// shuffledCorpus joins whole corpus files in a random order until there
// are at least size bytes. Files with invalid UTF-8 are left out: prompts
// are Go strings from source code, and an invalid one would make each
// count copy the text to replace the bad bytes.
func shuffledCorpus(files map[string]string, size int, seed uint64) string {
	var valid []string
	for _, name := range sortedNames(files) {
		if utf8.ValidString(files[name]) {
			valid = append(valid, files[name])
		}
	}
	rng := rand.New(rand.NewPCG(seed, seed))
	var b strings.Builder
	for b.Len() < size {
		for _, i := range rng.Perm(len(valid)) {
			b.WriteString(valid[i])
		}
	}
	return b.String()
}

// window returns about size bytes of s starting at a line at or after
// from.
func window(s string, from, size int) string {
	if i := strings.IndexByte(s[from:], '\n'); i >= 0 {
		from += i + 1
	}
	end := min(from+size, len(s))
	for end < len(s) && !utf8.RuneStart(s[end]) {
		end++
	}
	return s[from:end]
}

// BenchmarkLongPiece counts texts that are one 1 MB piece, the worst case
// for the byte-pair merge's time and scratch memory. tiktoken-go's merge
// is quadratic in the piece length and is left out: it would take hours.
func BenchmarkLongPiece(b *testing.B) {
	texts := []struct{ name, text string }{
		{"letters", strings.Repeat("a", 1<<20)},
		{"cjk", strings.Repeat("没有标点的长句子", (1<<20)/24)},
		{"dashes", strings.Repeat("-", 1<<20)},
	}
	c, err := newFastCounter(O200kBase)
	if err != nil {
		b.Fatal(err)
	}
	for _, t := range texts {
		b.Run(t.name, func(b *testing.B) {
			b.SetBytes(int64(len(t.text)))
			b.ReportAllocs()
			for b.Loop() {
				c.Count(t.text)
			}
			reportPeak(b, len(t.text), func() { c.Count(t.text) })
		})
	}
}
