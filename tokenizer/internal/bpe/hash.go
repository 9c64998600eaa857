package bpe

import "math/bits"

// The hash is part of the table format: the generator and the runtime must
// agree on it bit for bit, so it is fixed here rather than taken from
// hash/maphash, whose seed changes per process.
const (
	hashK0 = 0xa0761d6478bd642f
	hashK1 = 0xe7037ed1a0b428db
	hashK2 = 0x8ebc6af09c88c6e3
)

// mix folds the 128-bit product of a and b into 64 bits. One multiply
// spreads every input bit over the high half, which is where the table
// index is taken from.
func mix(a, b uint64) uint64 {
	hi, lo := bits.Mul64(a, b)
	return hi ^ lo
}

func le64(s string, i int) uint64 {
	_ = s[i+7]
	return uint64(s[i]) | uint64(s[i+1])<<8 | uint64(s[i+2])<<16 | uint64(s[i+3])<<24 |
		uint64(s[i+4])<<32 | uint64(s[i+5])<<40 | uint64(s[i+6])<<48 | uint64(s[i+7])<<56
}

func le32(s string, i int) uint32 {
	_ = s[i+3]
	return uint32(s[i]) | uint32(s[i+1])<<8 | uint32(s[i+2])<<16 | uint32(s[i+3])<<24
}

// Hash hashes a token's bytes. Tokens are short (median about 6 bytes), so
// the short cases read the string with at most two overlapping loads; for
// up to 16 bytes the loads cover every byte, and with the length mixed in
// distinct strings feed distinct inputs to the final mix.
func Hash(s string) uint64 {
	n := len(s)
	var a, b uint64
	seed := uint64(n) * hashK2
	switch {
	case n > 16:
		i := 0
		for ; n-i > 16; i += 16 {
			seed = mix(le64(s, i)^hashK0, le64(s, i+8)^seed)
		}
		a, b = le64(s, n-16), le64(s, n-8)
	case n >= 8:
		a, b = le64(s, 0), le64(s, n-8)
	case n >= 4:
		a, b = uint64(le32(s, 0)), uint64(le32(s, n-4))
	case n > 0:
		a = uint64(s[0])<<16 | uint64(s[n>>1])<<8 | uint64(s[n-1])
	}
	return mix(mix(a^hashK0, b^seed^hashK1), seed^hashK0)
}
