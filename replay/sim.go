package replay

import (
	"hash/maphash"
	"math"
	"time"

	"github.com/cachevet/cachevet/rules"
)

// seed hashes block contents; hashes never leave the process, so a random
// seed keeps output deterministic.
var seed = maphash.MakeSeed()

// pblock is one block of a replayed request in render order.
type pblock struct {
	h, cum  uint64 // content hash; hash of the prefix through this block
	tokens  int
	cumTok  int // tokens through this block
	section rules.Section
	kind    string
	role    string
	text    string
	vol     [][2]int // byte ranges of volatile parts in text
	volTok  int      // tokens of the volatile parts
	bp      bool
	ttl     string // breakpoint TTL ("" = default)
}

// preq is a replayed request. Once processed it is a snapshot that later
// requests compare with; it holds no reference to the log record.
type preq struct {
	record, line int
	file         string
	model        string
	prof         *rules.Profile
	scope        uint64
	t            int64 // unix nanoseconds
	blocks       []pblock
	end          int // index one past the cacheable prefix (the trailing user turn excluded)
	total        int // input tokens
	auto         bool
	autoTTL      string
	cacheMode    string
	retention    string
	scopeWhy     string // what besides the model decides the cache
	// cachedTo is the token count of the prefix this request left in the
	// cache (read or written); cachePoint its block index, -1 for none.
	cachedTo   int
	cachePoint int
	cachePtTTL time.Duration
	cps        []int
	cpRaw      int           // tokens through the last cache point, minimum or not
	delay      time.Duration // how long its writes take to become readable
}

// cpTokens is what r's cache points could read at most.
func (r *preq) cpTokens() int { return r.cpRaw }

// entryKey names a cache entry: the cache scope (model, and OpenAI's
// prompt_cache_key) and the hash of the prefix it stores.
type entryKey struct{ scope, prefix uint64 }

type entry struct {
	expires int64
	visible int64 // when the write becomes readable (the write delay)
	life    int64 // the TTL it was written with; a hit restarts it
	snap    *preq // the request that last wrote or read it
	idx     int   // block index of the prefix end in snap
}

// touch writes or refreshes an entry. A write becomes readable r.delay
// after it; writing an entry again before then does not hasten it.
func (c *cache) touch(k entryKey, r *preq, idx int, life time.Duration) {
	if e := c.entries[k]; e != nil {
		if e.expires < r.t {
			e.visible = r.t + int64(r.delay) // gone: this is a new write
		}
		e.expires, e.life, e.snap, e.idx = r.t+int64(life), int64(life), r, idx
		return
	}
	c.entries[k] = &entry{expires: r.t + int64(life), visible: r.t + int64(r.delay), life: int64(life), snap: r, idx: idx}
}

// outcome is what the simulator says about one request.
type outcome struct {
	read      int // tokens read from the cache
	written   int // tokens written (at the write premium where there is one)
	written1h int // part of written at a 1h TTL (Anthropic)
	hit       int // block index of the highest hit, -1 for none
	top       int // block index of the highest prefix now in the cache, -1 for none
	cps       []int
	usd       float64
	usdIdeal  float64
	stable    int // tokens of the stable prefix (ideal cache)
	ttl       time.Duration
	ttlName   string
}

// cache is one provider cache simulation: entries live until their
// expiry, which a read refreshes.
type cache struct {
	entries   map[entryKey]*entry
	lastSweep int64
	ttlOver   string         // --ttl
	delayOver *time.Duration // --write-delay
	units     *unitIndex     // prefix-unit caches (DeepSeek V4)
}

func newCache(ttl string, delay *time.Duration) *cache {
	return &cache{entries: map[entryKey]*entry{}, ttlOver: ttl, delayOver: delay, units: newUnitIndex()}
}

// live is the entry for k if it is alive and its write is readable now.
func (c *cache) live(k entryKey, now int64) *entry {
	e := c.entries[k]
	if e == nil || e.expires < now || e.visible > now {
		return nil
	}
	return e
}

// writeDelay is how long a model's writes take to become readable:
// --write-delay, else the catalog's write_delay_seconds, else at once.
func (c *cache) writeDelay(p *rules.Profile) time.Duration {
	if c.delayOver != nil {
		return *c.delayOver
	}
	return writeDelay(p)
}

func writeDelay(p *rules.Profile) time.Duration {
	if !p.WriteDelay.Known {
		return 0
	}
	return time.Duration(p.WriteDelay.Value * float64(time.Second))
}

// sweep drops expired entries, at most once per minute of log time, so
// state is kept per live prefix only.
func (c *cache) sweep(now int64) {
	if now-c.lastSweep < int64(time.Minute) {
		return
	}
	c.lastSweep = now
	for k, e := range c.entries {
		if e.expires < now {
			delete(c.entries, k)
		}
	}
	c.sweepUnits(now)
}

// ttlFor resolves the lifetime of a cache point: --ttl, else the
// request's (breakpoint TTL, OpenAI retention), else the model's default.
func (c *cache) ttlFor(p *rules.Profile, name string) (rules.TTL, bool) {
	if c.ttlOver != "" {
		name = c.ttlOver
	}
	t, err := p.TTL(name)
	if err != nil {
		t, err = p.TTL("")
	}
	return t, err == nil
}

func minutes(t rules.TTL) time.Duration { return time.Duration(t.Minutes * float64(time.Minute)) }

// simulate runs one request through the cache of its model's mode and
// prices it.
func (c *cache) simulate(r *preq, s *session) outcome {
	c.sweep(r.t)
	r.delay = c.writeDelay(r.prof)
	var o outcome
	switch {
	case r.prof.Mode == rules.ModeExplicit:
		o = c.explicit(r)
	case r.prof.Mode == rules.ModeBreakpoint:
		o = c.breakpoint(r)
	case r.prof.Mode == rules.ModeNone:
		o = outcome{hit: -1, top: -1} // the model caches nothing
	case r.prof.UnitInterval.Known:
		o = c.prefixUnits(r, s)
	default:
		o = c.automatic(r, s)
	}
	r.cachePtTTL, r.cps, r.cachePoint = o.ttl, o.cps, o.top
	if o.top >= 0 {
		r.cachedTo = r.blocks[o.top].cumTok
	}
	if n := len(o.cps); n > 0 {
		r.cpRaw = r.blocks[o.cps[n-1]].cumTok
	}
	c.price(r, &o)
	return o
}

// explicit is Anthropic: writes only at breakpoints (block cache_control
// and request-level automatic caching on the last block), reads by looking
// back up to Lookback blocks from each breakpoint, the highest hit wins;
// a hit refreshes the entry; below the minimum nothing is written.
func (c *cache) explicit(r *preq) outcome {
	o := outcome{hit: -1, top: -1}
	type cp struct {
		idx int
		ttl rules.TTL
	}
	var cps []cp
	for i, b := range r.blocks {
		if b.bp {
			if t, ok := c.ttlFor(r.prof, b.ttl); ok {
				cps = append(cps, cp{i, t})
			}
		}
	}
	if r.auto && len(r.blocks) > 0 {
		last := len(r.blocks) - 1
		if len(cps) == 0 || cps[len(cps)-1].idx != last {
			if t, ok := c.ttlFor(r.prof, r.autoTTL); ok {
				cps = append(cps, cp{last, t})
			}
		}
	}
	if limit := int(r.prof.MaxBreakpoints.Value); limit > 0 && len(cps) > limit {
		cps = cps[:limit] // the API rejects the request; count the first ones
	}
	lookback := int(r.prof.Lookback.Value)
	if lookback <= 0 {
		lookback = math.MaxInt32
	}
	for _, p := range cps {
		o.cps = append(o.cps, p.idx)
		for j := p.idx; j >= 0 && j > p.idx-lookback; j-- {
			if j <= o.hit {
				break
			}
			if e := c.live(entryKey{r.scope, r.blocks[j].cum}, r.t); e != nil {
				o.hit = j
				break
			}
		}
	}
	if o.hit >= 0 {
		o.read, o.top = r.blocks[o.hit].cumTok, o.hit
		e := c.entries[entryKey{r.scope, r.blocks[o.hit].cum}]
		e.expires, e.snap, e.idx = r.t+e.life, r, o.hit
	}
	minTok := r.prof.Min()
	lastWrite, last1h := -1, -1
	for _, p := range cps {
		if p.idx <= o.hit || r.blocks[p.idx].cumTok < minTok {
			continue
		}
		k := entryKey{r.scope, r.blocks[p.idx].cum}
		o.top = max(o.top, p.idx)
		if c.live(k, r.t) != nil {
			c.touch(k, r, p.idx, minutes(p.ttl)) // a refresh, not a write
			continue
		}
		c.touch(k, r, p.idx, minutes(p.ttl))
		lastWrite = p.idx
		if p.ttl.Minutes >= 60 {
			last1h = p.idx
		}
		o.ttl, o.ttlName = minutes(p.ttl), p.ttl.Name
	}
	if lastWrite >= 0 {
		o.written = r.blocks[lastWrite].cumTok - o.read
		if last1h >= 0 {
			o.written1h = r.blocks[last1h].cumTok - o.read
		}
	}
	if o.ttl == 0 && len(cps) > 0 {
		o.ttl, o.ttlName = minutes(cps[len(cps)-1].ttl), cps[len(cps)-1].ttl.Name
	}
	return o
}

// breakpoint is OpenAI GPT-5.6 and later: exact matches only at
// breakpoints (explicit ones, plus the implicit one on the latest user or
// tool message unless the mode is explicit), the latest ReadBreakpoints of
// them considered for reads, at most MaxBreakpoints written (the last
// ones), strict minimum over the whole prefix through the breakpoint.
func (c *cache) breakpoint(r *preq) outcome {
	o := outcome{hit: -1, top: -1}
	t, ok := c.ttlFor(r.prof, "")
	if !ok {
		return o
	}
	o.ttl, o.ttlName = minutes(t), t.Name
	implicit := -1
	if r.cacheMode != "explicit" {
		for i := len(r.blocks) - 1; i >= 0; i-- {
			if r.blocks[i].role == "user" || r.blocks[i].role == "tool" {
				implicit = i
				break
			}
		}
	}
	for i, b := range r.blocks {
		if b.bp || i == implicit {
			o.cps = append(o.cps, i)
		}
	}
	reads := o.cps
	if n := readBreakpoints(r.prof); n > 0 && len(reads) > n {
		reads = reads[len(reads)-n:]
	}
	for _, i := range reads {
		if e := c.live(entryKey{r.scope, r.blocks[i].cum}, r.t); e != nil && i > o.hit {
			o.hit = i
		}
	}
	if o.hit >= 0 {
		o.read, o.top = r.blocks[o.hit].cumTok, o.hit
		c.touch(entryKey{r.scope, r.blocks[o.hit].cum}, r, o.hit, o.ttl)
	}
	writes := o.cps
	if n := int(r.prof.MaxBreakpoints.Value); n > 0 && len(writes) > n {
		writes = writes[len(writes)-n:]
	}
	lastWrite := -1
	for _, i := range writes {
		if i <= o.hit || r.blocks[i].cumTok < r.prof.Min() {
			continue
		}
		k := entryKey{r.scope, r.blocks[i].cum}
		o.top = max(o.top, i)
		if c.live(k, r.t) != nil {
			c.touch(k, r, i, o.ttl)
			continue
		}
		c.touch(k, r, i, o.ttl)
		lastWrite = i
	}
	if lastWrite >= 0 {
		o.written = r.blocks[lastWrite].cumTok - o.read
	}
	return o
}

// automatic is prefix caching without breakpoints (OpenAI before GPT-5.6,
// Gemini implicit, DeepSeek, xAI): the longest cached prefix is read, in
// steps of the model's granularity from its minimum; every prefix of the
// request is stored. Blocks are compared whole, then the divergent block
// by its common bytes.
func (c *cache) automatic(r *preq, s *session) outcome {
	o := outcome{hit: -1, top: -1}
	name := r.retention
	t, ok := c.ttlFor(r.prof, name)
	if !ok {
		return o
	}
	o.ttl, o.ttlName = minutes(t), t.Name
	var e *entry
	for i := range r.blocks {
		x := c.live(entryKey{r.scope, r.blocks[i].cum}, r.t)
		if x == nil {
			break
		}
		o.hit, e = i, x
	}
	matched := 0
	if o.hit >= 0 {
		matched = r.blocks[o.hit].cumTok
	}
	// The divergent block: its bytes in common with the same block of the
	// request that stored the prefix are cached too.
	next := o.hit + 1
	var snap *preq
	if e != nil {
		snap = e.snap
	} else if x := c.live(entryKey{r.scope, 0}, r.t); x != nil {
		snap = x.snap // no whole block matched: the scope's last request
	}
	if snap != nil && next < len(r.blocks) && next < len(snap.blocks) && r.blocks[next].section == snap.blocks[next].section {
		if k := commonPrefix(r.blocks[next].text, snap.blocks[next].text); k > 0 {
			matched += s.count(r.prof, r.blocks[next].text[:k])
		}
	}
	gran := int(r.prof.Granularity.Value)
	if gran < 1 {
		gran = 1
	}
	if matched >= r.prof.Min() {
		o.read = matched / gran * gran
	}
	for i := range r.blocks {
		c.touch(entryKey{r.scope, r.blocks[i].cum}, r, i, o.ttl)
	}
	// The scope's latest request, for partial matches of a first block.
	c.touch(entryKey{r.scope, 0}, r, -1, o.ttl)
	if n := len(r.blocks); n > 0 {
		o.cps = []int{n - 1}
		if r.blocks[n-1].cumTok >= r.prof.Min() {
			o.top = n - 1
		}
	}
	return o
}

// readBreakpoints is how many of a request's latest breakpoints OpenAI
// considers for reads (0: all).
func readBreakpoints(p *rules.Profile) int {
	return int(p.ReadBreakpoints.Value)
}

// price fills in the dollars of an outcome: uncached input at the base
// price, reads at the read multiplier, writes at the write multiplier of
// their TTL; the ideal is every stable-prefix token read.
func (c *cache) price(r *preq, o *outcome) {
	p := r.prof
	if !p.InputUSDPerMTok.Known {
		return
	}
	base := p.InputUSDPerMTok.Value / 1e6
	rd := p.ReadMultiplier.Value
	w5, w1 := 1.0, 1.0
	if t, ok := c.ttlFor(p, o.ttlName); ok {
		w5 = t.Write.Value
	}
	for _, t := range p.TTLs {
		if t.Minutes >= 60 {
			w1 = t.Write.Value
		}
	}
	written5 := o.written - o.written1h
	uncached := r.total - o.read - o.written
	o.usd = base * (float64(uncached) + float64(o.read)*rd + float64(written5)*w5 + float64(o.written1h)*w1)
	o.stable = stableTokens(r)
	if o.stable < p.Min() {
		o.stable = 0
	}
	o.usdIdeal = base * (float64(r.total-o.stable) + float64(o.stable)*rd)
}

// stableTokens counts the tokens of the cacheable prefix (everything ahead
// of the trailing user turn) that are not volatile literals.
func stableTokens(r *preq) int {
	n := 0
	for i := 0; i < r.end && i < len(r.blocks); i++ {
		n += r.blocks[i].tokens - r.blocks[i].volTok
	}
	return n
}

func commonPrefix(a, b string) int {
	n := min(len(a), len(b))
	i := 0
	for i < n && a[i] == b[i] {
		i++
	}
	// Back up to a rune boundary.
	for i > 0 && i < len(a) && a[i]&0xC0 == 0x80 {
		i--
	}
	return i
}
