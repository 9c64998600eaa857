package replay

import (
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/cachevet/cachevet/requests"
	"github.com/cachevet/cachevet/rules"
)

// Causes of a miss.
const (
	CauseVolatile        = "volatile"
	CauseToolOrder       = "tool-order"
	CauseToolsChanged    = "tools-changed"
	CauseSystemChanged   = "system-changed"
	CauseModelChanged    = "model-changed"
	CauseTTLExpired      = "ttl-expired"
	CauseBelowMinimum    = "below-minimum"
	CauseBreakpointMoved = "breakpoint-moved"
	CauseWriteDelay      = "write-delay"
	CausePrefixUnit      = "prefix-unit"
	CauseOther           = "other"
)

// minHorizon is how long the explainer remembers a prefix at least: long
// enough to name a TTL expiry after a lunch break.
const minHorizon = 30 * time.Minute

// explainer remembers, per prefix hash, the latest request that had the
// prefix, so a request that reads less than an earlier one left in the
// cache is compared with it. Entries older than twice the longest TTL in
// use are forgotten: a prefix that comes back after that is a cold start,
// not a miss.
type explainer struct {
	seen      map[uint64]seenEntry
	last      map[uint64]*preq // per cache scope
	lastAny   *preq
	lastSweep int64
	horizon   int64
	causes    map[string]*CauseTotal
}

type seenEntry struct {
	snap *preq
	t    int64
}

// newExplainer starts an explainer for one log; causes sums the misses of
// every log of a scenario.
func newExplainer(causes map[string]*CauseTotal) *explainer {
	return &explainer{seen: map[uint64]seenEntry{}, last: map[uint64]*preq{}, causes: causes,
		horizon: int64(minHorizon)}
}

// divergence is where a request first differs from the one it is
// compared with; at() turns it into the report's position.
type divergence struct {
	block  int
	offset int
	before string // the earlier request's text from the divergence
	after  string // this request's text from the divergence
	head   string // this request's block text up to the divergence
}

// explain decides whether r missed tokens an earlier request left in the
// cache, and why. It returns nil for a request that read all it could.
func (x *explainer) explain(r *preq, o outcome) *Miss {
	defer x.remember(r, o)
	x.horizon = max(x.horizon, 2*int64(o.ttl))
	ref := x.reference(r)
	if ref == nil {
		return nil
	}
	d := 0
	for d < len(r.blocks) && d < len(ref.blocks) && r.blocks[d].cum == ref.blocks[d].cum {
		d++
	}
	shared := 0 // tokens of the identical prefix
	if d > 0 {
		shared = r.blocks[d-1].cumTok
	}
	reach := r.cpTokens() // what r's cache points could read
	if len(r.cps) == 0 {
		reach = r.total // no cache point at all: a breakpoint would have read the shared prefix
	}
	m := &Miss{}
	gran := max(1, int(r.prof.Granularity.Value))
	round := func(n int) int {
		if n < r.prof.Min() {
			return 0
		}
		return n / gran * gran
	}
	switch {
	case ref.model != r.model:
		m.class = classModel
		m.Cause = CauseModelChanged
		m.TokensLost = round(min(shared, ref.cachedTo, reach)) - o.read
		m.Detail = fmt.Sprintf("%s after %s: caches are per model", r.model, ref.model)
	default:
		if div := divergent(r, ref, d); div != nil {
			aligned, cause, detail := x.classify(r, ref, d, div)
			lost := round(min(aligned, ref.cachedTo, reach)) - o.read
			if lost > 0 {
				m.Cause, m.Detail, m.TokensLost, m.diverge = cause, detail, lost, div
				m.class = changeClass(r, ref, d, cause)
				break
			}
		}
		if ref.cachedTo == 0 && ref.cpRaw > 0 && min(shared, ref.cpRaw) > 0 && ref.cpRaw < r.prof.Min() {
			m.Cause = CauseBelowMinimum
			m.TokensLost = min(shared, ref.cpRaw)
			m.Detail = fmt.Sprintf("the cached prefix is %s tokens; %s caches from %s", rules.Thousands(ref.cpRaw), r.model, rules.Thousands(r.prof.Min()))
			break
		}
		lost := round(min(shared, ref.cachedTo, reach)) - o.read
		if lost <= 0 {
			return nil
		}
		m.TokensLost = lost
		gap := time.Duration(r.t - ref.t)
		m.class = classNone
		switch {
		case gap > ref.cachePtTTL && ref.cachePtTTL > 0:
			m.Cause = CauseTTLExpired
			m.GapSeconds = gap.Seconds()
			m.Detail = fmt.Sprintf("%s since record %d, TTL %s", fmtDur(gap), ref.record, fmtDur(ref.cachePtTTL))
		case ref.scope != r.scope:
			m.Cause = CauseOther
			m.class = classSettings
			m.Detail = "another cache: " + firstNonEmpty(r.scopeWhy, ref.scopeWhy, "another cache scope") + " differs from record " + fmt.Sprint(ref.record)
		case gap < ref.delay && r.prof.Mode == rules.ModeAutomatic:
			x.writeDelay(m, ref, gap)
		case r.prof.UnitInterval.Known:
			m.Cause = CausePrefixUnit
			m.Detail = fmt.Sprintf("no persisted prefix unit ends inside the prefix shared with record %d: %s caches whole units; this request persists the common prefix, so later ones read it", ref.record, r.model)
		case ref.cachePoint >= d:
			m.Cause = CauseBreakpointMoved
			m.Detail = fmt.Sprintf("record %d cached through block %d, past where this request differs (block %d); no breakpoint ends the shared prefix", ref.record, ref.cachePoint, d)
		case !x.reachable(r, ref, o):
			m.Cause = CauseBreakpointMoved
			m.Detail = fmt.Sprintf("record %d wrote at block %d; no breakpoint here reads it", ref.record, ref.cachePoint)
		case gap < ref.delay:
			x.writeDelay(m, ref, gap) // the breakpoints line up: the write was not readable yet
		default:
			m.Cause = CauseOther
			m.Detail = "the prefix was cached and should have been read"
		}
	}
	if m.TokensLost <= 0 {
		return nil
	}
	m.Model = r.model
	m.Against = ref.record
	m.USDLost = round6(usdLost(r, o, m.TokensLost))
	ct := x.causes[m.Cause]
	if ct == nil {
		ct = &CauseTotal{Cause: m.Cause}
		x.causes[m.Cause] = ct
	}
	ct.Misses++
	ct.TokensLost += m.TokensLost
	ct.USDLost += m.USDLost
	return m
}

// writeDelay explains a miss by the write delay: ref's write was not
// readable yet, gap after it.
func (x *explainer) writeDelay(m *Miss, ref *preq, gap time.Duration) {
	m.Cause = CauseWriteDelay
	m.GapSeconds = gap.Seconds()
	m.Detail = fmt.Sprintf("%s after record %d, whose write becomes readable only after %s (assumed write delay; --write-delay)", fmtDur(gap), ref.record, fmtDur(ref.delay))
}

// reference is the earlier request r is compared with: the latest one
// sharing r's longest known prefix, else the latest one in r's cache
// scope, else the latest one of any model.
func (x *explainer) reference(r *preq) *preq {
	var ref *preq
	for i := range r.blocks {
		e, ok := x.seen[r.blocks[i].cum]
		if !ok || r.t-e.t > x.horizon {
			break
		}
		ref = e.snap
	}
	if ref == nil {
		ref = x.last[r.scope]
	}
	if ref == nil {
		ref = x.lastAny
	}
	if ref != nil && r.t-ref.t > x.horizon {
		return nil
	}
	return ref
}

// remember indexes r's prefixes and forgets what is past the horizon.
func (x *explainer) remember(r *preq, o outcome) {
	for i := range r.blocks {
		x.seen[r.blocks[i].cum] = seenEntry{snap: r, t: r.t}
	}
	x.last[r.scope] = r
	x.lastAny = r
	if r.t-x.lastSweep < int64(time.Minute) {
		return
	}
	x.lastSweep = r.t
	for k, e := range x.seen {
		if r.t-e.t > x.horizon {
			delete(x.seen, k)
		}
	}
	for k, p := range x.last {
		if r.t-p.t > x.horizon {
			delete(x.last, k)
		}
	}
}

// divergent finds where block d of r first differs from ref's; nil when
// r is a prefix of ref or the other way round.
func divergent(r, ref *preq, d int) *divergence {
	if d >= len(r.blocks) || d >= len(ref.blocks) {
		return nil
	}
	a, b := ref.blocks[d].text, r.blocks[d].text
	k := commonPrefix(a, b)
	return &divergence{block: d, offset: k, before: excerpt(a, k), after: excerpt(b, k), head: b[:k]}
}

// classify names the cause of a divergence at block d and the tokens r
// would share with ref if it were fixed.
func (x *explainer) classify(r, ref *preq, d int, div *divergence) (aligned int, cause, detail string) {
	rb, fb := r.blocks[d], ref.blocks[d]
	if rb.section == rules.SectionTools || fb.section == rules.SectionTools {
		rt, ft := toolsOf(r), toolsOf(ref)
		if sameSet(rt, ft) {
			return x.alignFrom(r, ref, len(rt), len(ft)), CauseToolOrder,
				fmt.Sprintf("the same %d tools in another order", len(rt))
		}
		if sameCanonical(r, ref, len(rt), len(ft)) {
			return x.alignFrom(r, ref, len(rt), len(ft)), CauseToolOrder,
				fmt.Sprintf("the same %d tools with JSON keys in another order", len(rt))
		}
		return x.alignFrom(r, ref, len(rt), len(ft)), CauseToolsChanged,
			fmt.Sprintf("%d tools here, %d in record %d", len(rt), len(ft), ref.record)
	}
	if inRanges(rb.vol, div.offset) || inRanges(fb.vol, div.offset) {
		return x.alignFrom(r, ref, d+1, d+1), CauseVolatile, "a value that changes between requests"
	}
	if rb.section == rules.SectionSystem || fb.section == rules.SectionSystem {
		return x.alignFrom(r, ref, d+1, d+1), CauseSystemChanged, "the system prompt differs from record " + fmt.Sprint(ref.record)
	}
	if rb.role == "user" && d >= r.end {
		return 0, "", "" // the new turn: expected to differ
	}
	return x.alignFrom(r, ref, d+1, d+1), CauseOther, "the conversation differs from record " + fmt.Sprint(ref.record)
}

// alignFrom compares r from block i with ref from block j, pairwise, and
// returns r's tokens through the last block of the run that agrees, as if
// everything before i (and j) were shared.
func (x *explainer) alignFrom(r, ref *preq, i, j int) int {
	if i == 0 {
		return 0
	}
	end := i - 1
	for i < len(r.blocks) && j < len(ref.blocks) && r.blocks[i].h == ref.blocks[j].h {
		end = i
		i++
		j++
	}
	if end >= len(r.blocks) {
		end = len(r.blocks) - 1
	}
	if end < 0 {
		return 0
	}
	return r.blocks[end].cumTok
}

// reachable reports whether one of r's cache points can read the entry
// ref left: Anthropic looks back Lookback blocks from each breakpoint;
// OpenAI's breakpoints match exactly; automatic caching reads any prefix.
func (x *explainer) reachable(r, ref *preq, o outcome) bool {
	p := ref.cachePoint
	if p < 0 {
		return false
	}
	switch r.prof.Mode {
	case rules.ModeExplicit:
		lb := int(r.prof.Lookback.Value)
		for _, cp := range o.cps {
			if cp >= p && (lb <= 0 || cp-p < lb) {
				return true
			}
		}
		return false
	case rules.ModeBreakpoint:
		for _, cp := range o.cps {
			if cp == p {
				return true
			}
		}
		return false
	}
	return true
}

// What a miss's change is, in the terms providers' diagnostics use.
const (
	classModel    = "model"
	classSystem   = "system"
	classTools    = "tools"
	classInput    = "input"    // the messages or Responses input
	classSettings = "settings" // cache key, service tier, reasoning, formats
	classNone     = "none"     // nothing in the request changed
)

// changeClass is where a divergence at block d lies: the tools, the
// system prompt or the conversation.
func changeClass(r, ref *preq, d int, cause string) string {
	switch cause {
	case CauseToolOrder, CauseToolsChanged:
		return classTools
	case CauseSystemChanged:
		return classSystem
	}
	sec := r.blocks[d].section
	if ref.blocks[d].section < sec {
		sec = ref.blocks[d].section
	}
	switch sec {
	case rules.SectionTools:
		return classTools
	case rules.SectionSystem:
		return classSystem
	}
	return classInput
}

func toolsOf(r *preq) []uint64 {
	var hs []uint64
	for _, b := range r.blocks {
		if b.section != rules.SectionTools {
			break
		}
		hs = append(hs, b.h)
	}
	return hs
}

func sameSet(a, b []uint64) bool {
	if len(a) != len(b) {
		return false
	}
	x := append([]uint64(nil), a...)
	y := append([]uint64(nil), b...)
	sort.Slice(x, func(i, j int) bool { return x[i] < x[j] })
	sort.Slice(y, func(i, j int) bool { return y[i] < y[j] })
	for i := range x {
		if x[i] != y[i] {
			return false
		}
	}
	return true
}

// sameCanonical reports whether the first n tool blocks of r and m of ref
// are the same tools once their JSON keys are sorted, in any order.
func sameCanonical(r, ref *preq, n, m int) bool {
	if n != m {
		return false
	}
	canon := func(p *preq) []string {
		out := make([]string, n)
		for i := range n {
			c, ok := canonicalJSON(p.blocks[i].text)
			if !ok {
				c = p.blocks[i].text
			}
			out[i] = c
		}
		sort.Strings(out)
		return out
	}
	a, b := canon(r), canon(ref)
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func inRanges(rs [][2]int, off int) bool {
	for _, r := range rs {
		if off >= r[0] && off <= r[1] {
			return true
		}
	}
	return false
}

// usdLost prices the lost tokens: what they cost in this request (written
// at the write premium, or read uncached) minus what a read costs.
func usdLost(r *preq, o outcome, tokens int) float64 {
	p := r.prof
	if !p.InputUSDPerMTok.Known {
		return 0
	}
	paid := 1.0
	if o.written >= tokens {
		if t, err := p.TTL(o.ttlName); err == nil {
			paid = t.Write.Value
		}
	}
	return float64(tokens) * p.InputUSDPerMTok.Value / 1e6 * (paid - p.ReadMultiplier.Value)
}

// at turns a divergence into the report's position, while the record's
// body is still at hand.
func (d *divergence) at(rec *requests.Record) *Position {
	pos := &Position{Block: d.block, Path: rec.Path(d.block), Offset: d.offset, Before: d.before, After: d.after}
	if d.block < len(rec.Req.Blocks) {
		b := rec.Req.Blocks[d.block]
		pos.Line, pos.Column = b.Span.Line, b.Span.Col
		off := 0
		for _, p := range b.Parts {
			if d.offset >= off && d.offset <= off+len(p.Text) {
				pos.Line, pos.Column = p.Span.Line, p.Span.Col
				if p.Span.EndLine == p.Span.Line && p.Span.EndCol-p.Span.Col == len(p.Text)+2 || p.Span.EndCol-p.Span.Col == len(p.Text) {
					// An unescaped string: columns follow bytes.
					pos.Column += d.offset - off
					if p.Span.EndCol-p.Span.Col == len(p.Text)+2 {
						pos.Column++
					}
				}
				break
			}
			off += len(p.Text)
		}
	}
	return pos
}

const excerptBytes = 40

// excerpt is up to excerptBytes of s from off, cut at rune boundaries.
func excerpt(s string, off int) string {
	end := min(len(s), off+excerptBytes)
	for end < len(s) && end > off && s[end]&0xC0 == 0x80 {
		end--
	}
	return strings.Clone(s[off:end]) // kept in the report: not the whole text
}

func fmtDur(d time.Duration) string {
	if d >= time.Minute {
		return d.Round(time.Second).String()
	}
	return d.Round(time.Millisecond).String()
}

func firstNonEmpty(ss ...string) string {
	for _, s := range ss {
		if s != "" {
			return s
		}
	}
	return ""
}
