// Package pretok splits text into the pieces tiktoken's split patterns
// match, without a regular expression engine.
//
// The splitters reproduce what github.com/dlclark/regexp2 (the engine
// tiktoken-go uses) matches, including its backtracking: each alternative is
// tried in order at the current position, and quantifiers give back
// characters the way a backtracking matcher would. Character classes follow
// regexp2: \p{..} are Go's unicode tables and \s is unicode.IsSpace.
//
// Input must be valid UTF-8. tiktoken-go converts text to runes before
// matching, which turns each invalid byte into U+FFFD; callers do the same
// replacement first.
package pretok

import (
	"sync/atomic"
	"unicode"
	"unicode/utf8"
)

// class is a set of properties of one rune.
type class uint8

const (
	letter  class = 1 << iota // \p{L}
	number                    // \p{N}
	space                     // \s
	newline                   // [\r\n]
	upper                     // o200k's [\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]
	lower                     // o200k's [\p{Ll}\p{Lm}\p{Lo}\p{M}]

	// multibyte marks bytes that start (or are not part of) a multi-byte
	// rune in byteClass; no rune's class has it.
	multibyte class = 1 << 7
)

// prefix reports whether c is in [^\r\n\p{L}\p{N}], the optional character
// before a word.
func (c class) prefix() bool { return c&(newline|letter|number) == 0 }

// punct reports whether c is in [^\s\p{L}\p{N}].
func (c class) punct() bool { return c&(space|letter|number) == 0 }

// classify computes a rune's class from the same tables regexp2 consults.
func classify(r rune) class {
	var c class
	if unicode.IsSpace(r) {
		c |= space
	}
	if r == '\r' || r == '\n' {
		c |= newline
	}
	if unicode.Is(unicode.N, r) {
		c |= number
	}
	if unicode.Is(unicode.L, r) {
		c |= letter
	}
	switch {
	case unicode.Is(unicode.Lu, r), unicode.Is(unicode.Lt, r):
		c |= upper
	case unicode.Is(unicode.Ll, r):
		c |= lower
	case unicode.Is(unicode.Lm, r), unicode.Is(unicode.Lo, r), unicode.Is(unicode.M, r):
		c |= upper | lower
	}
	return c
}

// byteClass is the class of every ASCII byte, the common case, and
// multibyte for the other bytes.
var byteClass = func() (t [256]class) {
	for b := range t {
		t[b] = multibyte
		if b < utf8.RuneSelf {
			t[b] = classify(rune(b))
		}
	}
	return t
}()

// Classes of other runes are computed a block at a time, on first use:
// a text uses few scripts, and the unicode tables' binary searches are too
// slow to repeat for every character. Blocks are published atomically, so
// concurrent splitters may build the same block twice but never see a
// partial one.
const (
	blockBits = 7
	blockSize = 1 << blockBits
)

var blocks [(unicode.MaxRune + 1) >> blockBits]atomic.Pointer[[blockSize]class]

func runeClass(r rune) class {
	if uint32(r) > unicode.MaxRune {
		r = utf8.RuneError
	}
	b := blocks[r>>blockBits].Load()
	if b == nil {
		b = buildBlock(r >> blockBits)
	}
	return b[r&(blockSize-1)]
}

func buildBlock(n rune) *[blockSize]class {
	b := new([blockSize]class)
	base := n << blockBits
	for i := range b {
		b[i] = classify(base + rune(i))
	}
	blocks[n].Store(b)
	return b
}

// at returns the class and width of the rune starting at s[i]. The
// compiler does not inline it (the call to atMultibyte puts it just over
// the budget), so the loops that scan runs of characters repeat its body:
// an ASCII byte then costs one table load.
func at(s string, i int) (class, int) {
	if c := byteClass[s[i]]; c != multibyte {
		return c, 1
	}
	return atMultibyte(s, i)
}

func atMultibyte(s string, i int) (class, int) {
	r, w := utf8.DecodeRuneInString(s[i:])
	return runeClass(r), w
}

// DropClassCache forgets the classes computed so far, so that benchmarks
// can measure a first use. Counting stays correct: blocks are rebuilt on
// demand.
func DropClassCache() {
	for i := range blocks {
		blocks[i].Store(nil)
	}
}
