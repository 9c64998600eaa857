package bpe

import "math/bits"

// Merger counts the tokens of pieces. It owns scratch buffers and a cache
// of recent pieces, so a Merger is not safe for concurrent use; give each
// goroutine its own (a sync.Pool works well).
type Merger struct {
	v     *Vocab
	parts []part
	large mergeHeapState
	cache pieceCache
}

// NewMerger returns a Merger over v.
func NewMerger(v *Vocab) *Merger { return &Merger{v: v} }

// largePiece is the length from which the heap merge beats rescanning all
// parts for the lowest rank after every merge (measured on CJK text, where
// long pieces are common: the two cross between 32 and 64 bytes).
const largePiece = 48

// maxPiece is the longest piece merged as one: parts are indexed with
// int32 to halve the scratch memory. A longer piece (2 GiB of one
// character class) is counted in chunks, which may differ from tiktoken-go
// by a few tokens at the seams but cannot fail.
const maxPiece = 1<<31 - 2

// retainedScratch is the length of the longest piece whose scratch space
// a Merger keeps for the next piece; an occasional huge piece should not
// pin its buffers in a pool for the rest of the process.
const retainedScratch = 1 << 16

// Count returns how many tokens tiktoken's byte-pair encoding splits piece
// into. It mirrors tiktoken-go's encodeOrdinaryNative for one piece: a
// piece that is a whole token costs one lookup; otherwise parts are merged
// lowest rank first, leftmost on ties.
func (m *Merger) Count(piece string) int {
	if len(piece) <= 1 {
		// tiktoken-go returns one token for any one-byte piece.
		return len(piece)
	}
	if len(piece) > maxPiece {
		return m.Count(piece[:maxPiece]) + m.Count(piece[maxPiece:])
	}
	h := Hash(piece)
	if m.v.rank(piece, h) != NoRank {
		return 1
	}
	if n, ok := m.cache.get(piece, h); ok {
		return n
	}
	var n int
	if len(piece) < largePiece {
		n = m.mergeScan(piece)
	} else {
		n = m.mergeHeap(piece)
	}
	m.cache.put(piece, h, n)
	return n
}

// part is a run of bytes starting at start; rank is the rank of the run
// joined with the next part, NoRank if that is not a token.
type part struct {
	start int32
	rank  uint32
}

// mergeScan is tiktoken's bytePairMerge: after each merge it rescans every
// part for the lowest rank. Quadratic, but fastest for short pieces.
func (m *Merger) mergeScan(p string) int {
	parts := m.parts[:0]
	for i := 0; i <= len(p); i++ {
		parts = append(parts, part{start: int32(i), rank: NoRank})
	}
	for i := 0; i+2 < len(parts); i++ {
		parts[i].rank = m.v.Rank(p[i : i+2])
	}
	for {
		best, at := NoRank, -1
		for i := 0; i < len(parts)-1; i++ {
			if parts[i].rank < best {
				best, at = parts[i].rank, i
			}
		}
		if at < 0 {
			break
		}
		// parts[at] absorbs parts[at+1]; the ranks that change are those
		// of the merged part and of its left neighbour.
		parts[at].rank = m.spanRank(p, parts, at, at+3)
		if at > 0 {
			parts[at-1].rank = m.spanRank(p, parts, at-1, at+2)
		}
		parts = append(parts[:at+1], parts[at+2:]...)
	}
	m.parts = parts[:0]
	return len(parts) - 1
}

// spanRank is the rank of the bytes from parts[from] up to parts[to], or
// NoRank if to is past the end.
func (m *Merger) spanRank(p string, parts []part, from, to int) uint32 {
	if to >= len(parts) {
		return NoRank
	}
	return m.v.Rank(p[parts[from].start:parts[to].start])
}

// mergeHeap computes the same merges as mergeScan in O(n log n) time and
// about 12 bytes of scratch per byte of the piece:
//
//   - a bitset marks where parts start, so a part's neighbours are found
//     by scanning a few words (a part is a token, at most ~128 bytes);
//   - ranks[i] is the rank of the part starting at i joined with the next;
//   - an indexed min-heap holds the starts of parts whose pair is a token,
//     ordered by (rank, start), which is the order in which mergeScan's
//     rescan finds them. Ranks change in place, so the heap never holds
//     stale entries and never outgrows the piece.
func (m *Merger) mergeHeap(p string) int {
	n := len(p)
	mh := &m.large
	mh.reset(n)
	for i := 0; i+1 < n; i++ {
		mh.ranks[i] = m.v.Rank(p[i : i+2])
		if mh.ranks[i] != NoRank {
			mh.where[i] = int32(len(mh.heap))
			mh.heap = append(mh.heap, int32(i))
		}
	}
	for i := len(mh.heap)/2 - 1; i >= 0; i-- {
		mh.down(i)
	}
	count := n
	for len(mh.heap) > 0 {
		// The part at i absorbs the next one.
		i := int(mh.heap[0])
		j := mh.nextStart(i)
		mh.starts[j>>6] &^= 1 << (j & 63)
		mh.setRank(j, NoRank)
		count--
		mh.setRank(i, m.pairRank(p, i))
		if prev := mh.prevStart(i); prev >= 0 {
			mh.setRank(prev, m.pairRank(p, prev))
		}
	}
	if cap(mh.ranks) > retainedScratch {
		*mh = mergeHeapState{}
	}
	return count
}

// pairRank is the rank of the part starting at i joined with the next
// part, or NoRank if there is no next part or the join is not a token.
func (m *Merger) pairRank(p string, i int) uint32 {
	j := m.large.nextStart(i)
	if j >= len(p) {
		return NoRank
	}
	return m.v.Rank(p[i:m.large.nextStart(j)])
}

// mergeHeapState is mergeHeap's scratch space, kept between pieces.
type mergeHeapState struct {
	n      int
	starts []uint64 // bit i is set if a part starts at byte i
	ranks  []uint32 // by part start
	where  []int32  // by part start: index in heap, or -1
	heap   []int32  // part starts
}

func (h *mergeHeapState) reset(n int) {
	h.n = n
	h.starts = resize(h.starts, (n+63)/64)
	for i := range h.starts {
		h.starts[i] = ^uint64(0)
	}
	if n%64 != 0 {
		h.starts[len(h.starts)-1] = 1<<(n%64) - 1
	}
	h.ranks = resize(h.ranks, n)
	h.ranks[n-1] = NoRank
	h.where = resize(h.where, n)
	for i := range h.where {
		h.where[i] = -1
	}
	h.heap = resize(h.heap, n)[:0]
}

func resize[T any](s []T, n int) []T {
	if cap(s) < n {
		return make([]T, n)
	}
	return s[:n]
}

// nextStart returns the start of the part after the one starting at i, or
// n if it is the last.
func (h *mergeHeapState) nextStart(i int) int {
	i++
	w := i >> 6
	if w >= len(h.starts) {
		return h.n
	}
	word := h.starts[w] &^ (1<<(i&63) - 1)
	for word == 0 {
		w++
		if w == len(h.starts) {
			return h.n
		}
		word = h.starts[w]
	}
	return w<<6 + bits.TrailingZeros64(word)
}

// prevStart returns the start of the part before the one starting at i,
// or -1 if it is the first.
func (h *mergeHeapState) prevStart(i int) int {
	if i == 0 {
		return -1
	}
	i--
	w := i >> 6
	word := h.starts[w] & (2<<(i&63) - 1)
	for word == 0 {
		w--
		if w < 0 {
			return -1
		}
		word = h.starts[w]
	}
	return w<<6 + 63 - bits.LeadingZeros64(word)
}

// setRank changes the pair rank of the part starting at i and moves it in,
// within or out of the heap.
func (h *mergeHeapState) setRank(i int, r uint32) {
	h.ranks[i] = r
	at := int(h.where[i])
	switch {
	case at < 0 && r == NoRank:
	case at < 0:
		h.where[i] = int32(len(h.heap))
		h.heap = append(h.heap, int32(i))
		h.up(len(h.heap) - 1)
	case r == NoRank:
		h.where[i] = -1
		last := len(h.heap) - 1
		if at != last {
			h.heap[at] = h.heap[last]
			h.where[h.heap[at]] = int32(at)
		}
		h.heap = h.heap[:last]
		if at != last {
			h.down(at)
			h.up(at)
		}
	default:
		h.down(at)
		h.up(at)
	}
}

// key orders heap entries by rank, then by position.
func (h *mergeHeapState) key(start int32) uint64 {
	return uint64(h.ranks[start])<<32 | uint64(start)
}

func (h *mergeHeapState) up(at int) {
	x := h.heap[at]
	k := h.key(x)
	for at > 0 {
		parent := (at - 1) / 2
		if h.key(h.heap[parent]) <= k {
			break
		}
		h.heap[at] = h.heap[parent]
		h.where[h.heap[at]] = int32(at)
		at = parent
	}
	h.heap[at] = x
	h.where[x] = int32(at)
}

func (h *mergeHeapState) down(at int) {
	x := h.heap[at]
	k := h.key(x)
	for {
		c := 2*at + 1
		if c >= len(h.heap) {
			break
		}
		if r := c + 1; r < len(h.heap) && h.key(h.heap[r]) < h.key(h.heap[c]) {
			c = r
		}
		if h.key(h.heap[c]) >= k {
			break
		}
		h.heap[at] = h.heap[c]
		h.where[h.heap[at]] = int32(at)
		at = c
	}
	h.heap[at] = x
	h.where[x] = int32(at)
}
