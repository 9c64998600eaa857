package bpe

import (
	"encoding/binary"
	"fmt"
	"math/bits"
)

// Build lays out the binary form of a vocabulary. tokens[r] holds the bytes
// of the token with rank r; ranks must be dense (0..n-1), as they are in
// every tiktoken encoding, so that rank order needs no separate index.
//
// Build is deterministic: the same tokens give the same bytes, which lets a
// test compare the embedded form with one rebuilt from the source files.
func Build(tokens []string) ([]byte, error) {
	n := len(tokens)
	if n == 0 || n >= 1<<30 {
		return nil, fmt.Errorf("bpe: cannot build a vocabulary of %d tokens", n)
	}
	// At least 2.5 slots per token keeps the load under 0.4: a miss, the
	// common case while merging, then ends after about two probes.
	slotBits := uint(bits.Len(uint(n*5/2 - 1)))
	rankBits := uint(bits.Len(uint(n)))
	tokenLen := 0
	for _, t := range tokens {
		tokenLen += len(t)
	}
	if rankBits > 31 || tokenLen >= 1<<32 {
		return nil, fmt.Errorf("bpe: vocabulary too large (%d tokens, %d bytes)", n, tokenLen)
	}

	out := make([]byte, 0, headerSize+(n+1)*4+(1<<slotBits)*4+tokenLen)
	for _, x := range []uint32{magic, uint32(n), uint32(slotBits), uint32(tokenLen), uint32(rankBits), 0} {
		out = binary.LittleEndian.AppendUint32(out, x)
	}
	off := uint32(0)
	for _, t := range tokens {
		out = binary.LittleEndian.AppendUint32(out, off)
		off += uint32(len(t))
	}
	out = binary.LittleEndian.AppendUint32(out, off)

	slots, err := buildSlots(tokens, slotBits, rankBits)
	if err != nil {
		return nil, err
	}
	for _, s := range slots {
		out = binary.LittleEndian.AppendUint32(out, s)
	}
	for _, t := range tokens {
		out = append(out, t...)
	}
	return out, nil
}

// buildSlots inserts tokens in rank order with linear probing.
func buildSlots(tokens []string, slotBits, rankBits uint) ([]uint32, error) {
	slots := make([]uint32, 1<<slotBits)
	mask := uint64(len(slots) - 1)
	rankMask := uint32(1)<<rankBits - 1
	seen := make(map[string]bool, len(tokens))
	for r, t := range tokens {
		if seen[t] {
			return nil, fmt.Errorf("bpe: token %q appears twice", t)
		}
		seen[t] = true
		h := Hash(t)
		i := h >> (64 - slotBits)
		for slots[i] != 0 {
			i = (i + 1) & mask
		}
		slots[i] = uint32(h)&^rankMask | uint32(r+1)
	}
	return slots, nil
}
