package pretok

import (
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/dlclark/regexp2"
)

// The split patterns of tiktoken-go v0.1.8 (encoding.go).
const (
	o200kPattern = `[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]*[\p{Ll}\p{Lm}\p{Lo}\p{M}]+(?i:'s|'t|'re|'ve|'m|'ll|'d)?` +
		`|[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]+[\p{Ll}\p{Lm}\p{Lo}\p{M}]*(?i:'s|'t|'re|'ve|'m|'ll|'d)?` +
		`|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n/]*|\s*[\r\n]+|\s+(?!\S)|\s+`
	cl100kPattern = `(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+`
)

var splitters = []struct {
	name    string
	split   Splitter
	pattern *regexp2.Regexp
}{
	{"o200k_base", O200k, regexp2.MustCompile(o200kPattern, regexp2.None)},
	{"cl100k_base", Cl100k, regexp2.MustCompile(cl100kPattern, regexp2.None)},
}

// regexpSplit splits valid UTF-8 as tiktoken-go does, with regexp2 over
// runes. Unlike tiktoken-go it also returns unmatched text, so a gap would
// show up as a difference instead of being dropped.
func regexpSplit(t *testing.T, re *regexp2.Regexp, s string) []string {
	t.Helper()
	runes := []rune(s)
	var pieces []string
	pos := 0
	m, err := re.FindRunesMatch(runes)
	for ; m != nil && err == nil; m, err = re.FindNextMatch(m) {
		if m.Index > pos {
			pieces = append(pieces, "GAP:"+string(runes[pos:m.Index]))
		}
		pieces = append(pieces, string(runes[m.Index:m.Index+m.Length]))
		pos = m.Index + m.Length
	}
	if err != nil {
		t.Fatal(err)
	}
	if pos < len(runes) {
		pieces = append(pieces, "GAP:"+string(runes[pos:]))
	}
	return pieces
}

func checkSplit(t *testing.T, s string) {
	t.Helper()
	s = strings.ToValidUTF8(s, "\uFFFD") // the splitters' contract: valid input
	for _, sp := range splitters {
		want := regexpSplit(t, sp.pattern, s)
		got := Split(sp.split, s)
		if !slices.Equal(got, want) {
			i := 0
			for i < len(got) && i < len(want) && got[i] == want[i] {
				i++
			}
			t.Errorf("%s: first difference at piece %d:\n got %q\nwant %q\nin %q", sp.name, i,
				got[i:min(i+3, len(got))], want[i:min(i+3, len(want))], short(s))
		}
	}
}

func short(s string) string {
	if len(s) > 300 {
		return s[:300] + "..."
	}
	return s
}

func TestSplitMatchesRegexpOnCorpus(t *testing.T) {
	paths, _ := filepath.Glob(filepath.Join("..", "..", "testdata", "corpus", "*"))
	if len(paths) == 0 {
		t.Fatal("no corpus")
	}
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		t.Run(filepath.Base(p), func(t *testing.T) {
			checkSplit(t, string(b))
			for _, line := range strings.SplitAfter(string(b), "\n") {
				checkSplit(t, line)
			}
		})
	}
}

func TestSplitMatchesRegexpOnCases(t *testing.T) {
	cases := []string{
		"", "a", " ", "  ", "   x", "x   ", "\n", "\r\n", " \r\n ", "\t\tx", "\u00a0x", "\u00a0\u00a0x",
		"hello world", "Hello World", "HELLO WORLD", "HELLO'S", "hello's", "I'M", "you'Re", "we'LL", "'s", "''s", "'",
		"x'", "x'l", "x'r", "x'ree", "ab'dd", "'S'T'D", "don't'll",
		"\u0301", "\u0301ABC", "\u0301abc", "a\u0301", "A\u0301B", "AB\u0301", "\u0301\u0302", "x\u0301\u0302Y", " \u0301A",
		"ǅemal", "ǅ", "Aǅb", "ʰʰA", "Aʰ", "AʰB", "中文", "A中", "中A", "中a", "A中B", "ABC中DEF'S",
		"123", "1234567", "١٢٣", "½²", "x1", "1x", "a/b", "a;\n/b", "};\r\n/x", " ;", " ; ", "!x", "!!x", "@@  x",
		"x \n y", "a  \n  b", "a\r\rb", "a \u3000b", "end  ", "\u2028x", "\u0085x", "\v\fx", "\ufeffx",
		"<|endoftext|>", "$$$ABC", "\uFFFD\uFFFDx", "😀x", "x😀", "👍🏽", "👨‍👩‍👧",
	}
	for _, c := range cases {
		checkSplit(t, c)
	}
}

// TestSplitMatchesRegexpOnRandom builds strings from runes chosen to sit
// on class boundaries, where a hand-written matcher is most likely wrong.
func TestSplitMatchesRegexpOnRandom(t *testing.T) {
	alphabet := []rune("aZ'sStTrReEvVmMlLdD 1٣½\t\n\r/\u00a0\u3000\u2028\u0085!;.\u0301\u0903\u20ddǅʰ中ⅧÉé😀\uFFFD-_\ufeff")
	rng := rand.New(rand.NewPCG(1, 2))
	n := 3000
	if testing.Short() {
		n = 300
	}
	for range n {
		var b strings.Builder
		for range rng.IntN(24) {
			b.WriteRune(alphabet[rng.IntN(len(alphabet))])
		}
		checkSplit(t, b.String())
	}
}

// TestClassesMatchRegexp checks each class bit against regexp2's own
// character classes for every rune in the BMP and a sample above it.
func TestClassesMatchRegexp(t *testing.T) {
	classes := []struct {
		bit     class
		pattern string
	}{
		{letter, `^\p{L}$`},
		{number, `^\p{N}$`},
		{space, `^\s$`},
		{newline, `^[\r\n]$`},
		{upper, `^[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]$`},
		{lower, `^[\p{Ll}\p{Lm}\p{Lo}\p{M}]$`},
	}
	step := rune(1)
	if testing.Short() {
		step = 7
	}
	for _, c := range classes {
		re := regexp2.MustCompile(c.pattern, regexp2.None)
		for r := rune(0); r <= unicode.MaxRune; r += step {
			if r >= 0x10000 {
				r += 97 // sample the supplementary planes
			}
			if !utf8.ValidRune(r) {
				continue
			}
			ok, err := re.MatchRunes([]rune{r})
			if err != nil {
				t.Fatal(err)
			}
			if cls, _ := at(string(r), 0); (cls&c.bit != 0) != ok {
				t.Fatalf("%U: %s = %v, class bit %v", r, c.pattern, ok, !ok)
			}
		}
	}
}

// TestContractionCaseFolding guards contraction's ASCII fast path: regexp2
// compares unicode.ToLower of the input, so a non-ASCII rune that lowered
// to one of the contraction letters would have to match too.
func TestContractionCaseFolding(t *testing.T) {
	for r := rune(utf8.RuneSelf); r <= unicode.MaxRune; r++ {
		if l := unicode.ToLower(r); l < utf8.RuneSelf && strings.ContainsRune("'strevmld", l) {
			s := "'" + string(r)
			if contraction(s, 0) == 0 {
				t.Errorf("%U lowers to %q but is not matched", r, l)
			}
		}
	}
}
