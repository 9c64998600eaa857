package bpe

// pieceCache remembers the counts of recently merged pieces. Text repeats
// its words, and a merge costs dozens of lookups where a hit costs one
// comparison. It is direct-mapped and its keys live in one fixed arena, so
// it never allocates after creation and never grows: when the arena fills
// up, everything is forgotten at once.
type pieceCache struct {
	entries []cacheEntry
	arena   []byte
}

type cacheEntry struct {
	hash  uint64
	off   uint32
	len   uint32 // 0 marks an empty entry; cached pieces are never empty
	count uint32
}

const (
	cacheEntries  = 1 << 12
	cacheArena    = 1 << 16
	maxCachedSize = 1 << 12 // a piece may take at most 1/16 of the arena
)

func (c *pieceCache) get(p string, h uint64) (int, bool) {
	if c.entries == nil {
		return 0, false
	}
	e := &c.entries[h&(cacheEntries-1)]
	if e.hash != h || int(e.len) != len(p) || string(c.arena[e.off:e.off+e.len]) != p {
		return 0, false
	}
	return int(e.count), true
}

func (c *pieceCache) put(p string, h uint64, count int) {
	if len(p) > maxCachedSize {
		return
	}
	if c.entries == nil {
		c.entries = make([]cacheEntry, cacheEntries)
		c.arena = make([]byte, 0, cacheArena)
	}
	if len(c.arena)+len(p) > cap(c.arena) {
		clear(c.entries)
		c.arena = c.arena[:0]
	}
	c.entries[h&(cacheEntries-1)] = cacheEntry{hash: h, off: uint32(len(c.arena)), len: uint32(len(p)), count: uint32(count)}
	c.arena = append(c.arena, p...)
}
