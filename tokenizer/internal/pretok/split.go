package pretok

import (
	"unicode"
	"unicode/utf8"
)

// A Splitter returns the end of the piece that starts at s[i], i < len(s).
// Pieces tile the text: the next piece starts where this one ends.
type Splitter func(s string, i int) int

// Split returns the pieces of s in order. It allocates; counting code calls
// a Splitter directly instead.
func Split(next Splitter, s string) []string {
	var pieces []string
	for i := 0; i < len(s); {
		end := next(s, i)
		pieces = append(pieces, s[i:end])
		i = end
	}
	return pieces
}

// numbers matches \p{N}{1,3} at i, or returns -1.
func numbers(s string, i int) int {
	k := i
	for range 3 {
		if k >= len(s) {
			break
		}
		c, w := byteClass[s[k]], 1
		if c == multibyte {
			c, w = atMultibyte(s, k)
		}
		if c&number == 0 {
			break
		}
		k += w
	}
	if k == i {
		return -1
	}
	return k
}

// punctuation matches ` ?[^\s\p{L}\p{N}]+` followed by a run of the bytes
// in trail (`[\r\n]*` or `[\r\n/]*`), or returns -1.
func punctuation(s string, i int, trail func(byte) bool) int {
	j := i
	if s[i] == ' ' && i+1 < len(s) {
		if c, _ := at(s, i+1); c.punct() {
			j = i + 1
		}
	}
	k := j
	for k < len(s) {
		c, w := byteClass[s[k]], 1
		if c == multibyte {
			c, w = atMultibyte(s, k)
		}
		if !c.punct() {
			break
		}
		k += w
	}
	if k == j {
		return -1
	}
	for k < len(s) && trail(s[k]) {
		k++
	}
	return k
}

func isNewline(b byte) bool { return b == '\r' || b == '\n' }

func isNewlineOrSlash(b byte) bool { return b == '\r' || b == '\n' || b == '/' }

// whitespace matches the last three alternatives shared by both patterns,
// tried in order at i:
//
//	\s*[\r\n]+   the run up to and including its last newline
//	\s+(?!\S)    the run, but if a non-space follows, \s+ backtracks one
//	             character so the last one can prefix the next word
//	\s+          a single space before a non-space
//
// It returns -1 if s[i] is not whitespace.
func whitespace(s string, i int) int {
	k, afterNewline, last := i, -1, i
	for k < len(s) {
		c, w := byteClass[s[k]], 1
		if c == multibyte {
			c, w = atMultibyte(s, k)
		}
		if c&space == 0 {
			break
		}
		if c&newline != 0 {
			afterNewline = k + w
		}
		last = k
		k += w
	}
	switch {
	case k == i:
		return -1
	case afterNewline >= 0:
		return afterNewline
	case k == len(s) || last == i:
		return k
	default:
		return last
	}
}

// contraction matches (?i:'s|'t|'re|'ve|'m|'ll|'d) at i and returns its
// end, or i if there is none. regexp2 ignores case by comparing
// unicode.ToLower of each input rune, which is what this does; no
// non-ASCII rune lowers to these letters, but the check costs nothing.
func contraction(s string, i int) int {
	if i >= len(s) || s[i] != '\'' {
		return i
	}
	r1, w1 := lowerAt(s, i+1)
	switch r1 {
	case 's', 't', 'm', 'd':
		return i + 1 + w1
	case 'r', 'v', 'l':
		want := 'e'
		if r1 == 'l' {
			want = 'l'
		}
		if r2, w2 := lowerAt(s, i+1+w1); r2 == want {
			return i + 1 + w1 + w2
		}
	}
	return i
}

// lowerAt returns unicode.ToLower of the rune at s[i], or -1 past the end.
func lowerAt(s string, i int) (rune, int) {
	if i >= len(s) {
		return -1, 0
	}
	if b := s[i]; b < utf8.RuneSelf {
		if 'A' <= b && b <= 'Z' {
			b += 'a' - 'A'
		}
		return rune(b), 1
	}
	r, w := utf8.DecodeRuneInString(s[i:])
	return unicode.ToLower(r), w
}
