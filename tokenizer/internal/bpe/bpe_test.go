package bpe

import (
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cachevet/cachevet/tokenizer/internal/vocab"
)

// testVocab builds a small vocabulary: every byte, and merges that make
// the usual patterns (runs, ties, overlapping candidates) likely.
func testVocab(t *testing.T) *Vocab {
	t.Helper()
	var tokens []string
	for b := range 256 {
		tokens = append(tokens, string([]byte{byte(b)}))
	}
	tokens = append(tokens, "aa", "ab", "ba", "bb", "aaaa", "abab", "aab", "baa", "aaab", "--", "----", "-- ", " a", " ab",
		"aaaaaaaa", "abba", "bbb", "ca", "cab", "abc", "cc", "ccc", "cccc", "acca")
	data, err := Build(tokens)
	if err != nil {
		t.Fatal(err)
	}
	v, err := Open(string(data))
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func TestRank(t *testing.T) {
	v := testVocab(t)
	for r := range v.Len() {
		if got := v.Rank(v.Token(uint32(r))); got != uint32(r) {
			t.Errorf("Rank(Token(%d)) = %d", r, got)
		}
	}
	for _, s := range []string{"", "abcd", "aaa", "-----", strings.Repeat("a", 100)} {
		if got := v.Rank(s); got != NoRank {
			t.Errorf("Rank(%q) = %d, want NoRank", s, got)
		}
	}
}

// TestMergeHeapMatchesScan checks the O(n log n) merge against the direct
// port of tiktoken's quadratic one.
func TestMergeHeapMatchesScan(t *testing.T) {
	v := testVocab(t)
	m := NewMerger(v)
	rng := rand.New(rand.NewPCG(5, 6))
	alphabets := []string{"ab", "abc", "a", "-", "- a", "abc- \xff"}
	for range 5000 {
		alpha := alphabets[rng.IntN(len(alphabets))]
		b := make([]byte, 2+rng.IntN(300))
		for i := range b {
			b[i] = alpha[rng.IntN(len(alpha))]
		}
		p := string(b)
		scan, heap := m.mergeScan(p), m.mergeHeap(p)
		if scan != heap {
			t.Fatalf("%q: scan %d, heap %d", p, scan, heap)
		}
		if c := m.Count(p); c != scan && v.Rank(p) == NoRank {
			t.Fatalf("%q: Count %d, scan %d", p, c, scan)
		}
	}
}

func TestCountSmall(t *testing.T) {
	v := testVocab(t)
	m := NewMerger(v)
	tests := []struct {
		piece string
		want  int
	}{
		{"", 0},
		{"x", 1},
		{"aa", 1},
		{"aaa", 2},   // aa + a: the leftmost of equal ranks merges first
		{"aaaaa", 2}, // aaaa + a
		{"abab", 1},
		{"ccccc", 2},
		{"xyz", 3},
	}
	for _, tt := range tests {
		for range 2 { // the second round is served by the cache
			if got := m.Count(tt.piece); got != tt.want {
				t.Errorf("Count(%q) = %d, want %d", tt.piece, got, tt.want)
			}
		}
	}
}

// TestCacheChurn fills the cache's arena many times over; counts must not
// change when entries are evicted or the arena is reset.
func TestCacheChurn(t *testing.T) {
	v := testVocab(t)
	m := NewMerger(v)
	uncached := NewMerger(v)
	rng := rand.New(rand.NewPCG(7, 8))
	for range 5000 {
		b := make([]byte, 2+rng.IntN(1+rng.IntN(maxCachedSize+50)))
		for i := range b {
			b[i] = "abc-"[rng.IntN(4)]
		}
		p := string(b)
		var want int
		switch {
		case v.Rank(p) != NoRank:
			want = 1
		case len(p) < largePiece:
			want = uncached.mergeScan(p)
		default:
			want = uncached.mergeHeap(p)
		}
		if got := m.Count(p); got != want {
			t.Fatalf("%q: Count %d, want %d", p, got, want)
		}
	}
}

func TestOpenRejectsBadData(t *testing.T) {
	data, _ := Build([]string{"a", "b", "ab"})
	good := string(data)
	bad := []string{
		"",
		"short",
		"XXXX" + good[4:],
		good[:len(good)-1],
		good + "x",
		good[:4] + "\x00\x00\x00\x00" + good[8:], // no tokens
		good[:8] + "\x1f\x00\x00\x00" + good[12:],         // absurd slot count
		good[:8] + "\x01\x00\x00\x00" + good[12:],         // no room for an empty slot
		good[:16] + "\x09\x00\x00\x00" + good[20:],        // wrong rank bits
		good[:12] + "\x02\x00\x00\x00" + good[16:] + "xx", // token length disagrees with offsets
	}
	for _, b := range bad {
		if _, err := Open(b); err == nil {
			t.Errorf("Open(%q): want error", b)
		}
	}
}

func TestBuildRejectsBadVocabularies(t *testing.T) {
	for _, tokens := range [][]string{nil, {"a", "a"}} {
		if _, err := Build(tokens); err == nil {
			t.Errorf("Build(%q): want error", tokens)
		}
	}
}

func TestParseTiktoken(t *testing.T) {
	tokens, err := ParseTiktoken([]byte("YQ== 0\nYg== 1\n\nYWI= 2\n"))
	if err != nil || strings.Join(tokens, ",") != "a,b,ab" {
		t.Fatalf("got %q, %v", tokens, err)
	}
	for _, bad := range []string{"YQ==\n", "!!! 0\n", "YQ== x\n", "YQ== 1\n", "YQ== 0\nYg== 0\n", "YQ== -1\n"} {
		if _, err := ParseTiktoken([]byte(bad)); err == nil {
			t.Errorf("ParseTiktoken(%q): want error", bad)
		}
	}
}

// TestMergeHeapMatchesScanOnRealVocabularies repeats the comparison with
// the embedded vocabularies on substrings of the corpus, where merges
// follow real rank orders.
func TestMergeHeapMatchesScanOnRealVocabularies(t *testing.T) {
	paths, _ := filepath.Glob(filepath.Join("..", "..", "testdata", "corpus", "*"))
	var text strings.Builder
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		text.Write(b)
	}
	corpus := text.String()
	if len(corpus) < 1000 {
		t.Fatal("no corpus")
	}
	rng := rand.New(rand.NewPCG(9, 10))
	for _, name := range []string{"o200k_base", "cl100k_base"} {
		v, err := Open(vocab.Data(name))
		if err != nil {
			t.Fatal(err)
		}
		m := NewMerger(v)
		for range 2000 {
			n := 2 + rng.IntN(250)
			from := rng.IntN(len(corpus) - n)
			p := corpus[from : from+n]
			if scan, heap := m.mergeScan(p), m.mergeHeap(p); scan != heap {
				t.Fatalf("%s %q: scan %d, heap %d", name, p, scan, heap)
			}
		}
	}
}
