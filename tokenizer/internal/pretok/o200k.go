package pretok

// O200k splits like o200k_base's pattern, the alternation of
//
//	[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]*[\p{Ll}\p{Lm}\p{Lo}\p{M}]+(?i:'s|'t|'re|'ve|'m|'ll|'d)?
//	[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]+[\p{Ll}\p{Lm}\p{Lo}\p{M}]*(?i:'s|'t|'re|'ve|'m|'ll|'d)?
//	\p{N}{1,3}
//	 ?[^\s\p{L}\p{N}]+[\r\n/]*
//	\s*[\r\n]+
//	\s+(?!\S)
//	\s+
func O200k(s string, i int) int {
	c, w := at(s, i)
	if c.prefix() || c&(upper|lower) != 0 {
		if end := o200kWord(s, i, c, w); end >= 0 {
			return end
		}
	}
	if c&number != 0 {
		return numbers(s, i)
	}
	if end := punctuation(s, i, isNewlineOrSlash); end >= 0 {
		return end
	}
	if end := whitespace(s, i); end >= 0 {
		return end
	}
	return i + w // unreachable: every rune is a letter, number, space or punctuation
}

// o200kWord tries the two word alternatives in the order regexp2 does:
// first alternative with the prefix character, then without it, then the
// second alternative likewise. Marks are both prefix characters and word
// characters, which is why the order matters.
func o200kWord(s string, i int, c class, w int) int {
	hasPrefix := c.prefix() && i+w < len(s)
	if hasPrefix {
		if end := casedWord(s, i+w); end >= 0 {
			return end
		}
	}
	if c&(upper|lower) != 0 {
		if end := casedWord(s, i); end >= 0 {
			return end
		}
	}
	if hasPrefix {
		if end := upperWord(s, i+w); end >= 0 {
			return end
		}
	}
	if c&upper != 0 {
		return upperWord(s, i)
	}
	return -1
}

// casedWord matches [upper]*[lower]+ plus an optional contraction at j, or
// returns -1. When no lower rune follows the upper run, [upper]* gives back
// runes until one that is also lower (Lm, Lo, M) can start [lower]+.
func casedWord(s string, j int) int {
	k, lastBoth := j, -1
	for k < len(s) {
		c, w := byteClass[s[k]], 1
		if c == multibyte {
			c, w = atMultibyte(s, k)
		}
		if c&upper == 0 {
			break
		}
		if c&lower != 0 {
			lastBoth = k + w
		}
		k += w
	}
	if k < len(s) {
		if c, _ := at(s, k); c&lower != 0 {
			return contraction(s, lowerRun(s, k))
		}
	}
	if lastBoth < 0 {
		return -1
	}
	// [lower]+ starts at the last rune of the upper run that is also
	// lower, and the rune after it (if any) is upper-only or not a letter.
	return contraction(s, lastBoth)
}

// upperWord matches [upper]+[lower]* plus an optional contraction at j, or
// returns -1.
func upperWord(s string, j int) int {
	k := j
	for k < len(s) {
		c, w := byteClass[s[k]], 1
		if c == multibyte {
			c, w = atMultibyte(s, k)
		}
		if c&upper == 0 {
			break
		}
		k += w
	}
	if k == j {
		return -1
	}
	return contraction(s, lowerRun(s, k))
}

func lowerRun(s string, k int) int {
	for k < len(s) {
		c, w := byteClass[s[k]], 1
		if c == multibyte {
			c, w = atMultibyte(s, k)
		}
		if c&lower == 0 {
			break
		}
		k += w
	}
	return k
}
