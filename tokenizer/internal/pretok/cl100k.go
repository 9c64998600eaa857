package pretok

// Cl100k splits like cl100k_base's pattern, the alternation of
//
//	(?i:'s|'t|'re|'ve|'m|'ll|'d)
//	[^\r\n\p{L}\p{N}]?\p{L}+
//	\p{N}{1,3}
//	 ?[^\s\p{L}\p{N}]+[\r\n]*
//	\s*[\r\n]+
//	\s+(?!\S)
//	\s+
func Cl100k(s string, i int) int {
	if end := contraction(s, i); end > i {
		return end
	}
	c, w := at(s, i)
	if c&letter != 0 {
		return letterRun(s, i+w)
	}
	if c.prefix() && i+w < len(s) {
		if c1, w1 := at(s, i+w); c1&letter != 0 {
			return letterRun(s, i+w+w1)
		}
	}
	if c&number != 0 {
		return numbers(s, i)
	}
	if end := punctuation(s, i, isNewline); end >= 0 {
		return end
	}
	if end := whitespace(s, i); end >= 0 {
		return end
	}
	return i + w // unreachable: every rune is a letter, number, space or punctuation
}

func letterRun(s string, k int) int {
	for k < len(s) {
		c, w := byteClass[s[k]], 1
		if c == multibyte {
			c, w = atMultibyte(s, k)
		}
		if c&letter == 0 {
			break
		}
		k += w
	}
	return k
}
