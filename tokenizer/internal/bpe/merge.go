package bpe

// Merger counts the tokens of pieces. It owns scratch buffers and a cache
// of recent pieces, so a Merger is not safe for concurrent use; give each
// goroutine its own (a sync.Pool works well).
type Merger struct {
	v     *Vocab
	parts []part
	nodes []node
	heap  []uint64
	cache pieceCache
}

// NewMerger returns a Merger over v.
func NewMerger(v *Vocab) *Merger { return &Merger{v: v} }

// largePiece is the length from which the heap merge beats rescanning all
// parts for the lowest rank after every merge.
const largePiece = 128

// maxPiece is the longest piece merged as one: parts are indexed with
// int32 to halve the scratch memory. A longer piece (2 GiB of one
// character class) is counted in chunks, which may differ from tiktoken-go
// by a few tokens at the seams but cannot fail.
const maxPiece = 1<<31 - 2

// retainedScratch is the most scratch space, in parts, a Merger keeps
// between pieces; an occasional huge piece should not pin its buffers in
// a pool for the rest of the process.
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

// node is a part in mergeHeap's linked list. A node's index is the byte
// offset where it starts, which never changes as it absorbs its right
// neighbours; index len(p) is a sentinel marking the end.
type node struct {
	prev, next int32
	rank       uint32 // rank of this part joined with the next; NoRank when dead
}

// A heap item proposes merging the node at its low 32 bits with its right
// neighbour; the rank is in the high bits, so items order by (rank, start)
// as plain integers. An item is stale once the node's rank differs.
func heapItem(rank uint32, at int32) uint64 { return uint64(rank)<<32 | uint64(uint32(at)) }

// mergeHeap computes the same merges as mergeScan in O(n log n): a min-heap
// ordered by (rank, start) pops the merge mergeScan's scan would pick, and
// stale proposals are skipped when popped.
func (m *Merger) mergeHeap(p string) int {
	n := len(p)
	nodes := m.nodes[:0]
	for i := 0; i <= n; i++ {
		nodes = append(nodes, node{prev: int32(i - 1), next: int32(i + 1), rank: NoRank})
	}
	h := m.heap[:0]
	for i := 0; i+1 < n; i++ {
		if r := m.v.Rank(p[i : i+2]); r != NoRank {
			nodes[i].rank = r
			h = append(h, heapItem(r, int32(i)))
		}
	}
	m.heap = h
	m.heapify()
	count := n
	for len(m.heap) > 0 {
		it := m.pop()
		i, rank := int32(uint32(it)), uint32(it>>32)
		if nodes[i].rank != rank {
			continue
		}
		// Node i absorbs its right neighbour j.
		j := nodes[i].next
		k := nodes[j].next
		nodes[i].next = k
		nodes[k].prev = i
		nodes[j].rank = NoRank
		count--
		m.relink(p, nodes, i)
		if prev := nodes[i].prev; prev >= 0 {
			m.relink(p, nodes, prev)
		}
	}
	m.nodes, m.heap = nodes[:0], m.heap[:0]
	if cap(nodes) > retainedScratch {
		m.nodes, m.heap = nil, nil
	}
	return count
}

// relink recomputes the rank of node i joined with its right neighbour and
// proposes the merge if it is a token.
func (m *Merger) relink(p string, nodes []node, i int32) {
	r := NoRank
	if j := nodes[i].next; int(j) < len(p) {
		r = m.v.Rank(p[i:nodes[j].next])
	}
	nodes[i].rank = r
	if r != NoRank {
		m.push(heapItem(r, i))
	}
}

func (m *Merger) heapify() {
	for i := len(m.heap)/2 - 1; i >= 0; i-- {
		m.down(i)
	}
}

func (m *Merger) push(it uint64) {
	h := append(m.heap, it)
	i := len(h) - 1
	for i > 0 {
		parent := (i - 1) / 2
		if h[parent] <= it {
			break
		}
		h[i] = h[parent]
		i = parent
	}
	h[i] = it
	m.heap = h
}

func (m *Merger) pop() uint64 {
	h := m.heap
	top := h[0]
	last := len(h) - 1
	h[0] = h[last]
	m.heap = h[:last]
	if last > 0 {
		m.down(0)
	}
	return top
}

func (m *Merger) down(i int) {
	h := m.heap
	it := h[i]
	for {
		c := 2*i + 1
		if c >= len(h) {
			break
		}
		if r := c + 1; r < len(h) && h[r] < h[c] {
			c = r
		}
		if h[c] >= it {
			break
		}
		h[i] = h[c]
		i = c
	}
	h[i] = it
}
