// Package bpe holds an encoding's mergeable ranks in a compact, read-only
// binary form and counts the tokens of a pretokenized piece with tiktoken's
// byte-pair merge.
//
// The binary form is generated once (see ../../gen) and embedded, so that
// a process can count tokens without parsing the base64 vocabulary or
// building a 200k-entry map: opening it reads a 24-byte header, and a
// lookup touches a few words of the embedded bytes.
package bpe

import (
	"errors"
	"fmt"
	"math/bits"
)

// Layout of the binary form; all integers are little-endian uint32:
//
//	header  magic, token count n, log2 of the slot count, token bytes length,
//	        rank bits, reserved
//	offsets n+1 offsets into the token bytes, indexed by rank
//	slots   open-addressing hash table (linear probing); a slot is 0 when
//	        empty, else rank+1 in the low rank bits and the hash's bits
//	        above them as a tag, so most mismatches are rejected without
//	        reading the token bytes
//	tokens  every token's bytes, concatenated in rank order
const (
	magic      = 0x31455056 // "VPE1"
	headerSize = 24
)

// NoRank is the rank of byte strings that are not tokens.
const NoRank = ^uint32(0)

// Vocab is a read-only view of the binary form. It is safe for concurrent
// use.
type Vocab struct {
	offsets  string
	slots    string
	tokens   string
	n        int
	shift    uint   // 64 - log2(slot count): the index is the hash's top bits
	slotMask uint64 // slot count - 1
	rankMask uint32
}

// Open checks the header and section sizes of a binary form and returns a
// view of it. It does not copy data.
func Open(data string) (*Vocab, error) {
	if len(data) < headerSize || le32(data, 0) != magic {
		return nil, errors.New("bpe: not a vocabulary (bad magic)")
	}
	n := int(le32(data, 4))
	slotBits := uint(le32(data, 8))
	tokenLen := int(le32(data, 12))
	rankBits := uint(le32(data, 16))
	if n == 0 || slotBits > 30 || 1<<slotBits <= n || rankBits != uint(bits.Len(uint(n))) || rankBits > 31 {
		return nil, fmt.Errorf("bpe: bad header (n=%d, slot bits=%d, rank bits=%d)", n, slotBits, rankBits)
	}
	offLen := (n + 1) * 4
	slotLen := (1 << slotBits) * 4
	if len(data) != headerSize+offLen+slotLen+tokenLen {
		return nil, fmt.Errorf("bpe: size %d does not match header", len(data))
	}
	v := &Vocab{
		offsets:  data[headerSize : headerSize+offLen],
		slots:    data[headerSize+offLen : headerSize+offLen+slotLen],
		tokens:   data[headerSize+offLen+slotLen:],
		n:        n,
		shift:    64 - slotBits,
		slotMask: 1<<slotBits - 1,
		rankMask: 1<<rankBits - 1,
	}
	if last := int(le32(v.offsets, n*4)); last != tokenLen {
		return nil, fmt.Errorf("bpe: last offset %d, want %d", last, tokenLen)
	}
	return v, nil
}

// Len returns the number of tokens.
func (v *Vocab) Len() int { return v.n }

// Token returns the bytes of the token with the given rank.
func (v *Vocab) Token(rank uint32) string {
	i := int(rank) * 4
	return v.tokens[le32(v.offsets, i):le32(v.offsets, i+4)]
}

// Rank returns the rank of s, or NoRank if s is not a token.
func (v *Vocab) Rank(s string) uint32 { return v.rank(s, Hash(s)) }

// rank looks s up given its hash h, so that a caller who needs the hash for
// something else hashes once.
func (v *Vocab) rank(s string, h uint64) uint32 {
	i := h >> v.shift
	tag := uint32(h) &^ v.rankMask
	for {
		slot := le32(v.slots, int(i)*4)
		if slot == 0 {
			return NoRank
		}
		if slot&^v.rankMask == tag {
			r := slot&v.rankMask - 1
			if v.Token(r) == s {
				return r
			}
		}
		i = (i + 1) & v.slotMask
	}
}
