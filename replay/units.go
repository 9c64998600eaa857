package replay

import (
	"hash/maphash"
	"time"
)

// A prefix-unit cache (DeepSeek V4, catalog unit_interval_tokens) keeps
// whole units: a read needs a full match of a persisted unit, and the
// longest one matched is read. Units are persisted at the end of each
// request's input, at the end of its output, at the prefix it has in
// common with the closest earlier request, and at fixed token intervals.
//
// Units that end at a block boundary are cache entries keyed by the prefix
// hash, like automatic caching's; the output unit by the input's hash and
// outputTag; a common prefix that ends inside a block by the hash of the
// blocks before it and of the bytes it shares, indexed in partials so a
// read can try them.

// Tags that keep unit keys apart from block-boundary prefix hashes.
const (
	outputTag  = 0x6f75747075742d75 // "output-u"
	partialTag = 0x7061727469616c75 // "partialu"
)

// unitIndex is what a prefix-unit cache keeps beside its entries.
type unitIndex struct {
	// partials are the units that end inside a block, by the scope and
	// the prefix hash of the blocks before that block (0 at the start).
	partials map[entryKey][]partialUnit
	// seen is every block-boundary prefix a request had, for detecting
	// common prefixes; {scope, 0} is the scope's latest request.
	seen map[entryKey]*entry
}

type partialUnit struct {
	n      int      // bytes of the block's text in the unit
	h      uint64   // hash of those bytes
	tokens int      // tokens of the whole unit
	key    entryKey // its cache entry
}

func newUnitIndex() *unitIndex {
	return &unitIndex{partials: map[entryKey][]partialUnit{}, seen: map[entryKey]*entry{}}
}

// sweepUnits drops the partial units whose entries expired and the
// prefixes past their lifetime.
func (c *cache) sweepUnits(now int64) {
	u := c.units
	for k, ps := range u.partials {
		kept := ps[:0]
		for _, p := range ps {
			if c.entries[p.key] != nil {
				kept = append(kept, p)
			}
		}
		if len(kept) == 0 {
			delete(u.partials, k)
		} else {
			u.partials[k] = kept
		}
	}
	for k, e := range u.seen {
		if e.expires < now {
			delete(u.seen, k)
		}
	}
}

// prefixUnits simulates a prefix-unit cache: the longest persisted unit
// r matches in full is read (from the model's minimum, in its steps);
// then r's units are persisted, readable by later requests only.
func (c *cache) prefixUnits(r *preq, s *session) outcome {
	o := outcome{hit: -1, top: -1}
	t, ok := c.ttlFor(r.prof, r.retention)
	if !ok {
		return o
	}
	o.ttl, o.ttlName = minutes(t), t.Name
	u := c.units
	best, hit := 0, -1
	var bestKey entryKey
	consider := func(k entryKey, tokens, idx int) {
		if tokens > best && c.live(k, r.t) != nil {
			best, bestKey, hit = tokens, k, idx
		}
	}
	var before uint64 // prefix hash ahead of block i
	for i := range r.blocks {
		if i > 0 && u.seen[entryKey{r.scope, before}] == nil {
			break // no earlier request had this prefix: no unit goes further
		}
		b := &r.blocks[i]
		for _, p := range u.partials[entryKey{r.scope, before}] {
			if p.n < len(b.text) && maphash.String(seed, b.text[:p.n]) == p.h {
				consider(p.key, p.tokens, i-1)
			}
		}
		consider(entryKey{r.scope, b.cum}, b.cumTok, i)
		if b.role == "assistant" && i > 0 {
			// The output unit of the request whose input ends at block
			// i-1: the assistant turn that follows it.
			j := i
			for j+1 < len(r.blocks) && r.blocks[j+1].role == "assistant" {
				j++
			}
			consider(entryKey{r.scope, mix(before, outputTag)}, r.blocks[j].cumTok, j)
		}
		before = b.cum
	}
	if best >= r.prof.Min() && best > 0 {
		gran := max(1, int(r.prof.Granularity.Value))
		o.read, o.hit = best/gran*gran, hit
		e := c.entries[bestKey]
		e.expires = r.t + e.life // a hit keeps the unit
	}
	n := len(r.blocks)
	if n == 0 {
		return o
	}
	life := o.ttl
	c.commonUnit(r, s, life) // compared with what came before r's units
	end := r.blocks[n-1].cum
	c.touch(entryKey{r.scope, end}, r, n-1, life)                 // the end of the input
	c.touch(entryKey{r.scope, mix(end, outputTag)}, r, n-1, life) // the end of the output
	if iv := int(r.prof.UnitInterval.Value); iv > 0 {
		// Fixed intervals, each at the last block boundary at or before it.
		i, last := -1, -1
		for m := iv; m <= r.total; m += iv {
			for i+1 < n && r.blocks[i+1].cumTok <= m {
				i++
			}
			if i >= 0 && i != last && i < n-1 {
				c.touch(entryKey{r.scope, r.blocks[i].cum}, r, i, life)
				last = i
			}
		}
	}
	for i := range r.blocks {
		u.remember(entryKey{r.scope, r.blocks[i].cum}, r, i, life)
	}
	u.remember(entryKey{r.scope, 0}, r, -1, life)
	o.cps = []int{n - 1}
	if r.blocks[n-1].cumTok >= r.prof.Min() {
		o.top = n - 1
	}
	return o
}

func (u *unitIndex) remember(k entryKey, r *preq, idx int, life time.Duration) {
	if e := u.seen[k]; e != nil {
		e.expires, e.snap, e.idx = r.t+int64(life), r, idx
		return
	}
	u.seen[k] = &entry{expires: r.t + int64(life), snap: r, idx: idx}
}

// commonUnit persists the prefix r has in common with the closest earlier
// request (the one that had r's longest prefix, else the scope's latest)
// as a unit: whole blocks, then the bytes the first differing block
// shares when both are in the same section.
func (c *cache) commonUnit(r *preq, s *session, life time.Duration) {
	u := c.units
	d := 0
	var snap *preq
	for i := range r.blocks {
		e := u.seen[entryKey{r.scope, r.blocks[i].cum}]
		if e == nil || e.expires < r.t {
			break
		}
		d, snap = i+1, e.snap
	}
	if snap == nil {
		if e := u.seen[entryKey{r.scope, 0}]; e != nil && e.expires >= r.t {
			snap = e.snap
		}
	}
	if snap == nil || d >= len(r.blocks) {
		return // nothing earlier, or r is all shared: its own end unit covers it
	}
	if d < len(snap.blocks) && r.blocks[d].section == snap.blocks[d].section {
		a := r.blocks[d].text
		k := commonPrefix(a, snap.blocks[d].text)
		switch {
		case k == len(a):
			if d < len(r.blocks)-1 {
				c.touch(entryKey{r.scope, r.blocks[d].cum}, r, d, life)
			}
			return
		case k > 0:
			var before uint64
			tok := 0
			if d > 0 {
				before, tok = r.blocks[d-1].cum, r.blocks[d-1].cumTok
			}
			h := maphash.String(seed, a[:k])
			key := entryKey{r.scope, mix(mix(before, h), partialTag)}
			if c.entries[key] == nil {
				pk := entryKey{r.scope, before}
				u.partials[pk] = append(u.partials[pk], partialUnit{n: k, h: h, tokens: tok + s.count(r.prof, a[:k]), key: key})
			}
			c.touch(key, r, d-1, life)
			return
		}
	}
	if d > 0 {
		c.touch(entryKey{r.scope, r.blocks[d-1].cum}, r, d-1, life)
	}
}
