package rules

import (
	"fmt"
	"math"
	"slices"
	"strings"
)

// Counter counts tokens for one model. tokenizer.Counter satisfies it.
type Counter interface {
	Count(text string) int
}

// Env is everything a rule needs besides the request.
type Env struct {
	Profile *Profile
	Counter Counter
	// Approx marks token counts that are estimates (Claude, Gemini).
	Approx  bool
	Traffic Traffic
	// Severity overrides rule defaults; SeverityOff turns a rule off. A
	// missing code keeps the default.
	Severity map[string]Severity
	// Assume gives the assumed token size of runtime segments by kind; nil
	// means DefaultAssume(). A kind mapped to 0 counts nothing.
	Assume Assume
}

// Check runs every rule over one request and returns its findings, sorted.
func Check(req *Request, env *Env) []Finding {
	if !env.Profile.Caches() {
		return nil // before counting: no layout of a non-caching model saves anything
	}
	return newChecker(req, env).run()
}

// run runs every rule and returns the findings, sorted.
func (c *checker) run() []Finding {
	req := c.req
	if !c.env.Profile.Caches() {
		return nil // the model caches nothing: no layout can save anything
	}
	// A stored cache is written once and read by the requests that name
	// it: what differs between two stores costs no request anything.
	if !req.Stored {
		c.volatilePrefix()
	}
	if req.BreakpointsKnown {
		c.missingBreakpoint()
		c.belowMinimum()
		c.tooManyBreakpoints()
		if !req.Stored {
			c.volatileBreakpoint()
		}
		c.ttlOrder()
		c.lookback()
		c.writeWithoutReuse()
	}
	c.invalidOption()
	return Dedupe(c.out)
}

// checker holds one request's token counts so each part is counted once.
type checker struct {
	req  *Request
	env  *Env
	p    *Profile
	out  []Finding
	toks [][]amount // tokens per block per part
	// region is the index one past the last block of the cacheable prefix.
	region int
	// reported marks volatile parts already covered by a PC001/PC006 finding.
	reported map[partRef]bool
}

type partRef struct{ block, part int }

func newChecker(req *Request, env *Env) *checker {
	c := &checker{req: req, env: env, p: env.Profile, region: req.CacheableEnd(), reported: map[partRef]bool{}}
	c.toks = make([][]amount, len(req.Blocks))
	for i, b := range req.Blocks {
		c.toks[i] = make([]amount, len(b.Parts))
		for j := range b.Parts {
			c.toks[i][j] = c.size(&b.Parts[j])
		}
	}
	return c
}

// size counts a part: its text, the size its producer gives a slot, or the
// assumed size of a runtime segment of unknown size. Other content of
// unknown size counts 0.
func (c *checker) size(p *Part) amount {
	if p.Slot == nil {
		return amount{known: c.env.Counter.Count(p.Text)}
	}
	if p.Slot.Tokens > 0 {
		return amount{known: p.Slot.Tokens}
	}
	var a amount
	if k := runtimeIndex(p.Slot.Runtime); k >= 0 {
		a.assumed[k] = c.env.AssumeFor(p.Slot.Runtime)
		if a.assumed[k] > 0 {
			a.why[k] = p.Slot.Why
		}
	}
	return a
}

// unknownSize reports whether a part's size is not known: a slot with no
// size and no assumed size (assume: 0 keeps a runtime segment unknown).
func (c *checker) unknownSize(p *Part, a amount) bool {
	return p.Slot != nil && a.total() == 0 && p.Slot.Tokens == 0
}

func (c *checker) severity(code string, computed Severity) Severity {
	if s, ok := c.env.Severity[code]; ok {
		if s == SeverityOff {
			return SeverityOff
		}
		if computed < MustRule(code).Default {
			return min(computed, s) // a downgraded lifetime stays downgraded
		}
		return s
	}
	return computed
}

// report records a finding and returns its index in c.out, or -1 when the
// rule is off.
func (c *checker) report(code string, sev Severity, span Span, key, msg string, sv *Savings, related ...Related) int {
	sev = c.severity(code, sev)
	if sev == SeverityOff {
		return -1
	}
	r := MustRule(code)
	if span.File == "" {
		span.File = c.req.File
	}
	c.out = append(c.out, Finding{
		Rule: code, Name: r.Name, Severity: sev, Span: span, Message: msg,
		Provider: c.p.Provider, Model: c.p.ID, Key: key, Savings: sv, Related: related,
	})
	return len(c.out) - 1
}

// estimate prices an amount of tokens at the given breakpoint TTL ("" =
// --ttl or the model default), stating the assumed part.
func (c *checker) estimate(a amount, ttl string) *Savings {
	tokens := a.total()
	if tokens <= 0 {
		return nil
	}
	t, ok := c.ttl(ttl)
	if !ok {
		return nil
	}
	return c.assumed(Estimate(c.p, t, c.env.Traffic, tokens, c.env.Approx), a)
}

// assumed records in a savings estimate how much of it rests on assumed
// sizes of runtime segments, and which.
func (c *checker) assumed(s *Savings, a amount) *Savings {
	if s == nil || a.assumedTotal() == 0 {
		return s
	}
	s.AssumedTokens = min(a.assumedTotal(), s.Tokens)
	s.Assumptions.Assumed = a.kinds()
	s.Assumptions.AssumedSizes = map[string]int{}
	for _, k := range s.Assumptions.Assumed {
		s.Assumptions.AssumedSizes[k] = c.env.AssumeFor(k)
	}
	return s
}

func (c *checker) ttl(name string) (TTL, bool) {
	if c.env.Traffic.TTL != "" {
		name = c.env.Traffic.TTL
	}
	t, err := c.p.TTL(name)
	if err != nil {
		t, err = c.p.TTL("")
	}
	return t, err == nil
}

// flat is one part of the cacheable region with its token count.
type flat struct {
	ref    partRef
	part   *Part
	tokens amount
}

func (c *checker) flatten(end int) []flat {
	var fs []flat
	for i := 0; i < end; i++ {
		for j := range c.req.Blocks[i].Parts {
			fs = append(fs, flat{partRef{i, j}, &c.req.Blocks[i].Parts[j], c.toks[i][j]})
		}
	}
	return fs
}

// Levels of what a volatile value separates, for counting what stands
// after it: content counts toward a value's cost when it stays the same
// longer than the value does.
const (
	levelRequest = iota // changes every request (and order hazards)
	levelSession
	levelDay // once a day, once per process: one write per change
	levelOnlyStable
	levels
)

// level is the lifetime class of a volatile slot.
func level(s *Slot) int {
	if s.Order {
		// An order drawn once and kept (a tool list built ranging a map at
		// start-up) changes as often as that; otherwise on every range.
		switch s.Lifetime {
		case LifeSession:
			return levelSession
		case LifeDay, LifeProcess:
			return levelDay
		}
		return levelRequest
	}
	switch s.Lifetime {
	case LifeRequest:
		return levelRequest
	case LifeSession:
		return levelSession
	case LifeDay, LifeProcess:
		return levelDay
	}
	return levelOnlyStable // unknown: only what is certainly stable counts
}

// history reports whether a part is the conversation history: it grows at
// the end and its start stays the same turn to turn, so it is never a
// volatile value itself.
func history(p *Part) bool { return p.Slot != nil && p.Slot.Runtime == RuntimeHistory && !p.Slot.Order }

// outlives reports whether part p stays the same across the requests a
// volatile value of level lv separates, so that it would be cached if the
// value did not stand ahead of it. The history counts only behind a value
// that changes every request: within a session or a day the conversation
// still caches.
func outlives(p *Part, lv int) bool {
	switch {
	case history(p):
		return lv == levelRequest
	case p.Stable():
		return true
	case p.Slot.Order && level(p.Slot) == levelRequest:
		return false
	}
	switch p.Slot.Lifetime {
	case LifeSession:
		return lv < levelSession
	case LifeDay, LifeProcess:
		return lv < levelDay
	}
	return false
}

// volatile reports whether a part is a value that ends the shared prefix.
// Text drawn from the conversation (a split-off system message, an earlier
// turn) is never one, whatever its lifetime says.
func volatile(p *Part) bool {
	return !p.Stable() && !history(p) && !(p.Slot.Kind == KindHistory && !p.Slot.Order)
}

// volatilePrefix reports PC001 and PC006: the first volatile part of each
// kind that stands ahead of at least the minimum of content that outlives
// it, or, for a value that changes every request, ahead of the history.
func (c *checker) volatilePrefix() {
	fs := c.flatten(c.region)
	// after[lv][i] is what parts i… hold that outlives a value of level lv.
	var after [levels][]amount
	histAfter := make([]bool, len(fs)+1) // a history of some size follows
	for lv := range after {
		after[lv] = make([]amount, len(fs)+1)
		for i := len(fs) - 1; i >= 0; i-- {
			after[lv][i] = after[lv][i+1]
			if outlives(fs[i].part, lv) {
				after[lv][i] = after[lv][i].plus(fs[i].tokens)
			}
		}
	}
	for i := len(fs) - 1; i >= 0; i-- {
		histAfter[i] = histAfter[i+1] || history(fs[i].part) && fs[i].tokens.total() > 0
	}
	minTok := c.p.Min()
	var before amount
	primary := map[string]int{}      // rule → index of its finding in c.out
	primaryLevel := map[string]int{} // rule → the level of its finding's value
	var cachePoints []Related
	for _, bi := range c.req.Breakpoints() {
		if bi < c.region {
			cachePoints = append(cachePoints, Related{c.req.Blocks[bi].Breakpoint.Span, "this breakpoint writes a new cache entry on every request"})
		}
	}
	for i, f := range fs {
		if !volatile(f.part) {
			if f.part.Stable() {
				before = before.plus(f.tokens)
			}
			continue
		}
		slot := f.part.Slot
		lv := level(slot)
		behind := after[lv][i+1]
		aheadOfHistory := lv == levelRequest && histAfter[i+1]
		// A value drawn once a day or once per process ahead of the
		// history is an info note even when little shared content follows
		// it: within the process the history still caches, so only what
		// follows it is claimed, but every new process (a CLI session)
		// writes that prefix again.
		dailyHistory := lv == levelDay && histAfter[i+1] && behind.total() < minTok && differsPerProcess(slot)
		if behind.total() < minTok && !aheadOfHistory && !dailyHistory {
			continue
		}
		code := PC001
		if slot.Order {
			code = PC006
		}
		sev := SeverityWarning
		if lv >= levelDay {
			sev = SeverityInfo
		}
		origin := originOf(f.part)
		// Each order hazard is its own root cause (each map needs its own
		// sort); volatile values of one kind are fixed together.
		// A value that changes more often than the reported one (a time
		// of day after a session value) costs more and is reported itself.
		if pi, ok := primary[code]; ok && c.out[pi].Severity >= sev && !slot.Order && lv >= primaryLevel[code] {
			// One finding per root cause: later values go to its related locations.
			// The same value reached through several paths is named once.
			c.out[pi].Related = appendNew(c.out[pi].Related, Related{f.part.Span, "also " + describe(slot)})
			c.out[pi].Related = appendNew(c.out[pi].Related, origin...)
			c.reported[f.ref] = true
			continue
		}
		tokens := behind
		if before.total() < minTok {
			tokens = tokens.plus(before)
		}
		sv := c.estimate(tokens, "")
		msg := c.volatileMessage(slot, behind, sv)
		if dailyHistory {
			msg = c.historyMessage(slot, after[levelRequest][i+1], sv)
		}
		var rel []Related
		if sev == SeverityWarning {
			rel = append(rel, cachePoints...)
		}
		rel = append(rel, origin...)
		if fi := c.report(code, sev, f.part.Span, slot.Name, msg, sv, rel...); fi >= 0 {
			primary[code], primaryLevel[code] = fi, lv
		}
		c.reported[f.ref] = true
	}
}

// originOf names where a slot's value is produced when that is not where
// the part stands.
func originOf(p *Part) []Related {
	if p.Slot == nil || p.Slot.Origin.IsZero() || sameStart(p.Slot.Origin, p.Span) {
		return nil
	}
	out := []Related{{p.Slot.Origin, "the value is produced here"}}
	for _, s := range p.Slot.Also {
		out = append(out, Related{s, "or here"})
	}
	return out
}

func sameStart(a, b Span) bool { return a.File == b.File && a.Line == b.Line && a.Col == b.Col }

func (c *checker) volatileMessage(slot *Slot, behind amount, sv *Savings) string {
	var b strings.Builder
	if slot.Order {
		fmt.Fprintf(&b, "%s and stands ahead of %s: identical content in a different order misses the cache", describe(slot), c.phrase(behind, "tokens"))
	} else {
		fmt.Fprintf(&b, "%s and stands ahead of %s, %s", describe(slot), c.phrase(behind, "stable tokens"), consequence(slot.Lifetime))
	}
	b.WriteString(costSuffix(sv))
	return b.String()
}

// differsPerProcess reports whether a day or process value really differs
// from one process (one CLI session) to the next: a date, the working
// directory, a time, id or order drawn at start-up. Environment variables
// and configuration read at start-up are the same text every time (a whole
// system prompt from $SYSTEM_PROMPT is no hazard).
func differsPerProcess(s *Slot) bool {
	if s.Order || s.Lifetime == LifeDay {
		return true
	}
	switch s.Kind {
	case KindCwd, KindTime, KindID, KindRandom:
		return true
	}
	return false
}

// historyMessage describes a day or process value whose only large
// follower is the conversation history.
func (c *checker) historyMessage(slot *Slot, behind amount, sv *Savings) string {
	var b strings.Builder
	when := "every process start"
	if slot.Lifetime == LifeDay {
		when = "every day"
	}
	if slot.Order {
		when = "every process start"
	}
	fmt.Fprintf(&b, "%s and stands ahead of %s: %s writes the prefix after it to the cache again; move it after the stable part or into the latest turn", describe(slot), c.phrase(behind, "tokens"), when)
	b.WriteString(costSuffix(sv))
	return b.String()
}

// consequence says what a value of a lifetime does to the content after it.
func consequence(l Lifetime) string {
	switch l {
	case LifeSession:
		return "so every new session writes them to the cache again"
	case LifeDay:
		return "so they are written to the cache again once a day (one write per day)"
	case LifeProcess:
		return "so every process start writes them to the cache again"
	}
	return "so they are never cached"
}

// Describe says what a slot is and how long it lives, as the diagnostics
// say it: time "current_time" changes every request.
func (s *Slot) Describe() string { return describe(s) }

// describe says what a slot is and how long it lives.
func describe(s *Slot) string {
	what := s.Kind
	if what == "" || what == KindOther {
		what = "value"
	}
	name := s.Name
	if name == "" {
		name = what
	}
	desc := fmt.Sprintf("%s %q", what, name)
	if s.Order {
		once := ""
		switch level(s) {
		case levelSession:
			once = ", drawn once per session"
		case levelDay:
			once = ", drawn once per process"
		}
		if s.Why != "" {
			return fmt.Sprintf("%q is emitted in nondeterministic order%s (%s)", name, once, s.Why)
		}
		return fmt.Sprintf("%q is emitted in nondeterministic order%s", name, once)
	}
	if s.Why != "" {
		desc += " (" + s.Why + ")"
	}
	return desc + " " + s.Lifetime.Phrase()
}

func (c *checker) count(n int) string {
	if c.env.Approx {
		return "≈" + Thousands(n)
	}
	return Thousands(n)
}

// Thousands writes n with comma thousands separators: 12,345. Messages and
// every report format use it, so counts read the same everywhere.
func Thousands(n int) string {
	if n < 0 {
		return "-" + Thousands(-n)
	}
	s := fmt.Sprint(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

// Dollars writes an amount of US dollars: $0.42, $13.15, $1,234.
func Dollars(v float64) string {
	sign := ""
	if v < 0 {
		sign, v = "-", -v
	}
	if v < 0.005 {
		sign = "" // no "$-0.00" for an amount that rounds to nothing
	}
	if v >= 1000 {
		return sign + "$" + Thousands(int(math.Round(v)))
	}
	return fmt.Sprintf("%s$%.2f", sign, v)
}

// costSuffix states what the finding costs, for the message.
func costSuffix(sv *Savings) string {
	if sv == nil || !sv.Assumptions.PriceKnown || sv.USDPerDay == 0 {
		return ""
	}
	return fmt.Sprintf(" (about %s/day at %g rpm)", Dollars(math.Abs(sv.USDPerDay)), sv.Assumptions.RequestsPerMinute)
}

// stablePrefix returns the stable tokens from the start of the request up to
// the first volatile part of the region, and the last block wholly inside it.
// The history counts: its start is the same turn to turn.
func (c *checker) stablePrefix() (tokens amount, lastBlock int) {
	return c.stablePrefixIf(volatile)
}

// stablePrefixIf is stablePrefix with what ends the prefix given.
func (c *checker) stablePrefixIf(ends func(*Part) bool) (tokens amount, lastBlock int) {
	lastBlock = -1
	for i := 0; i < c.region; i++ {
		b := &c.req.Blocks[i]
		for j := range b.Parts {
			if ends(&b.Parts[j]) {
				return tokens, lastBlock
			}
			tokens = tokens.plus(c.toks[i][j])
		}
		lastBlock = i
	}
	return tokens, lastBlock
}

// prefixTokens counts every part of blocks [0, end), and whether a part of
// unknown size is among them.
func (c *checker) prefixTokens(end int) (n amount, unknown bool) {
	for i := 0; i < end && i < len(c.req.Blocks); i++ {
		for j := range c.req.Blocks[i].Parts {
			n = n.plus(c.toks[i][j])
			unknown = unknown || c.unknownSize(&c.req.Blocks[i].Parts[j], c.toks[i][j])
		}
	}
	return n, unknown
}

// cachesAtBreakpointsOnly reports whether a request with no breakpoint is
// not cached at all.
func (c *checker) cachesAtBreakpointsOnly() bool {
	switch c.p.Mode {
	case ModeExplicit:
		return c.req.Auto == nil
	case ModeBreakpoint:
		return c.req.CacheMode == "explicit"
	}
	return false
}

// missingBreakpoint reports PC002.
func (c *checker) missingBreakpoint() {
	if !c.cachesAtBreakpointsOnly() || len(c.req.Breakpoints()) > 0 {
		return
	}
	// Content in nondeterministic order (PC006) is stable once its order
	// is fixed: the request still needs its breakpoint then, and both
	// fixes are reported.
	tokens, last := c.stablePrefixIf(func(p *Part) bool { return volatile(p) && !p.Slot.Order })
	if last < 0 || tokens.total() < c.p.Min() {
		return
	}
	// The breakpoint goes on the last block wholly inside the stable prefix.
	upTo, _ := c.prefixTokens(last + 1)
	b := &c.req.Blocks[last]
	sv := c.estimate(upTo, "")
	what := "cache_control breakpoint"
	if c.p.Mode == ModeBreakpoint {
		what = "prompt_cache_breakpoint"
	}
	msg := fmt.Sprintf("%s of %s are sent with no %s, so they are never cached%s",
		c.phrase(upTo, "stable tokens"), c.sectionName(b), what, costSuffix(sv))
	c.report(PC002, SeverityWarning, b.Span, "missing-breakpoint:"+b.Section.String(), msg, sv)
}

func (c *checker) sectionName(b *Block) string {
	switch b.Section {
	case SectionTools:
		return "tool definitions"
	case SectionSystem:
		return "system prompt"
	}
	return "prompt prefix"
}

// belowMinimum reports PC003: a cache point whose prefix is below the
// minimum never caches. Explicit intent is always reported, unless a later
// cache point of the same request reaches the minimum and so caches the
// same prefix with more: the small one then costs and saves nothing (info,
// no savings).
func (c *checker) belowMinimum() {
	minTok := c.p.Min()
	type point struct {
		span Span
		end  int
		what string
	}
	var pts []point
	for _, bi := range c.req.Breakpoints() {
		pts = append(pts, point{c.req.Blocks[bi].Breakpoint.Span, bi + 1, "cache breakpoint"})
	}
	autoEnd := 0 // a cache point the provider places on the last block
	switch {
	case len(c.req.Blocks) == 0:
	case c.req.Auto != nil && c.p.Mode == ModeExplicit:
		pts = append(pts, point{c.req.Auto.Span, len(c.req.Blocks), "automatic caching"})
	case c.p.Mode == ModeBreakpoint && c.req.CacheMode != "explicit":
		autoEnd = len(c.req.Blocks)
	}
	for i, pt := range pts {
		n, unknown := c.prefixTokens(pt.end)
		if unknown {
			continue // a size nothing tells cannot be judged
		}
		if obs := c.p.MinObserved(); n.total() >= minTok && n.total() < obs {
			// Between the official minimum and a larger one seen in practice.
			msg := fmt.Sprintf("%s covers %s: above the official %s-token minimum of %s, but caching is observed only from %s tokens (%s source), so it may be silently never cached",
				pt.what, c.phrase(n, "tokens"), Thousands(minTok), c.p.ID, Thousands(obs), c.p.ObservedMin.Confidence)
			c.report(PC003, SeverityInfo, pt.span, fmt.Sprintf("below-minimum:%d", pt.end), msg, nil)
			continue
		}
		if n.total() >= minTok {
			continue
		}
		var cover *point
		for j := i + 1; j < len(pts) && cover == nil; j++ {
			if m, _ := c.prefixTokens(pts[j].end); m.total() >= minTok {
				cover = &pts[j]
			}
		}
		key := fmt.Sprintf("below-minimum:%d", pt.end)
		below := fmt.Sprintf("it covers %s, below the %s-token minimum of %s", c.phrase(n, "tokens"), Thousands(minTok), c.p.ID)
		if cover != nil {
			msg := fmt.Sprintf("this breakpoint never caches on its own: %s; the later cache point caches this prefix with the rest, so it costs and saves nothing", below)
			c.report(PC003, SeverityInfo, pt.span, key, msg, nil, Related{cover.span, "this later cache point reaches the minimum"})
			continue
		}
		if m, _ := c.prefixTokens(autoEnd); autoEnd > 0 && m.total() >= minTok {
			msg := fmt.Sprintf("this breakpoint never caches on its own: %s; the implicit breakpoint on the latest message caches this prefix with the rest, so it costs and saves nothing", below)
			c.report(PC003, SeverityInfo, pt.span, key, msg, nil)
			continue
		}
		var sv *Savings
		stable, last := c.stablePrefix()
		hint := "add stable content before it or remove it"
		if stable.total() >= minTok && last >= pt.end {
			sv = c.estimate(stable, "")
			hint = "move it to the end of the stable prefix"
		}
		msg := fmt.Sprintf("%s covers %s, below the %s-token minimum of %s, so it is silently never cached; %s",
			pt.what, c.phrase(n, "tokens"), Thousands(minTok), c.p.ID, hint)
		c.report(PC003, SeverityWarning, pt.span, key, msg, sv)
	}
}

// tooManyBreakpoints reports PC004.
func (c *checker) tooManyBreakpoints() {
	max := int(c.p.MaxBreakpoints.Value)
	if max == 0 {
		return
	}
	bps := c.req.Breakpoints()
	reserved, extra := 0, ""
	if c.p.Mode == ModeExplicit && c.req.Auto != nil {
		reserved, extra = 1, " plus automatic caching"
	}
	if c.p.Mode == ModeBreakpoint && c.req.CacheMode != "explicit" {
		reserved, extra = 1, " plus the implicit breakpoint on the latest message"
	}
	total := len(bps) + reserved
	if total <= max {
		return
	}
	first := bps[max-reserved]
	if max-reserved < 0 {
		first = bps[0]
	}
	consequence := fmt.Sprintf("%s accepts %d and rejects the request", c.p.Provider, max)
	if c.p.Mode == ModeBreakpoint {
		consequence = fmt.Sprintf("only the last %d are written, the earlier ones are ignored", max)
	}
	msg := fmt.Sprintf("request has %d cache breakpoints (%d explicit%s); %s", total, len(bps), extra, consequence)
	var rel []Related
	for _, bi := range bps {
		if bi != first {
			rel = append(rel, Related{c.req.Blocks[bi].Breakpoint.Span, "breakpoint"})
		}
	}
	c.report(PC004, SeverityError, c.req.Blocks[first].Breakpoint.Span, "too-many-breakpoints", msg, nil, rel...)
}

// volatileBreakpoint reports PC005: a breakpoint whose prefix holds a value
// that changes every request or session, not already reported by PC001.
func (c *checker) volatileBreakpoint() {
	// One finding per value: every later breakpoint covers the same value
	// (a recorded body sits on one line, so a breakpoint on the system
	// prompt and two on messages were three PC005 on that line); those
	// breakpoints are related locations of the first one's finding.
	first := map[partRef]int{} // culprit → index of its finding in c.out
	for _, bi := range c.req.Breakpoints() {
		end := min(bi+1, c.region)
		var culprit *flat
		for _, f := range c.flatten(end) {
			if !volatile(f.part) {
				continue
			}
			if l := f.part.Slot.Lifetime; l != LifeRequest && l != LifeSession && !f.part.Slot.Order {
				continue
			}
			if c.reported[f.ref] {
				culprit = nil
				break // PC001/PC006 already name the root cause
			}
			if culprit == nil {
				ff := f
				culprit = &ff
			}
		}
		if culprit == nil {
			continue
		}
		bp := c.req.Blocks[bi].Breakpoint
		if fi, ok := first[culprit.ref]; ok {
			c.out[fi].Related = append(c.out[fi].Related, Related{bp.Span, "this later breakpoint covers the same value"})
			continue
		}
		total, _ := c.prefixTokens(bi + 1)
		stable, _ := c.stablePrefix()
		var sv *Savings
		if stable.total() >= c.p.Min() {
			sv = c.estimate(stable, bp.TTL)
		} else {
			sv = c.writeWaste(total, bp.TTL)
		}
		msg := fmt.Sprintf("cache breakpoint covers %s, so every request writes a new entry at the write premium and none reads it%s",
			describe(culprit.part.Slot), costSuffix(sv))
		rel := append([]Related{{culprit.part.Span, "the value that changes"}}, originOf(culprit.part)...)
		if fi := c.report(PC005, SeverityWarning, bp.Span, "volatile-breakpoint:"+culprit.part.Slot.Name, msg, sv, rel...); fi >= 0 {
			first[culprit.ref] = fi
		}
	}
}

// writeWaste is the premium paid per request by a breakpoint that is never
// read: T·price·(write − 1).
func (c *checker) writeWaste(a amount, ttl string) *Savings {
	tokens := a.total()
	t, ok := c.ttl(ttl)
	if !ok || t.Write.Value <= 1 || tokens <= 0 {
		return nil
	}
	s := c.assumed(Estimate(c.p, t, c.env.Traffic, tokens, c.env.Approx), a)
	s.HitRate, s.TTFTms = 0, 0
	if s.Assumptions.PriceKnown {
		per := float64(s.Tokens) * c.p.InputUSDPerMTok.Value / 1e6 * (t.Write.Value - 1)
		s.USDPerRequest = round(per, 6)
		s.USDPerDay = round(per*s.Assumptions.RequestsPerMinute*1440, 2)
	}
	return s
}

// ttlOrder reports PC007.
func (c *checker) ttlOrder() {
	if len(c.p.TTLs) < 2 {
		return
	}
	type point struct {
		span    Span
		minutes float64
		name    string
	}
	var pts []point
	add := func(bp *Breakpoint) {
		t, err := c.p.TTL(bp.TTL)
		if err != nil {
			return
		}
		pts = append(pts, point{bp.Span, t.Minutes, t.Name})
	}
	for _, bi := range c.req.Breakpoints() {
		add(c.req.Blocks[bi].Breakpoint)
	}
	if c.req.Auto != nil {
		add(c.req.Auto)
	}
	shortest := -1
	for i, pt := range pts {
		if shortest >= 0 && pt.minutes > pts[shortest].minutes {
			msg := fmt.Sprintf("%s cache breakpoint follows a %s one; longer-TTL entries must come first, so the request is rejected", pt.name, pts[shortest].name)
			c.report(PC007, SeverityError, pt.span, "ttl-order", msg, nil, Related{pts[shortest].span, "shorter-TTL breakpoint"})
			continue
		}
		if shortest < 0 || pt.minutes < pts[shortest].minutes {
			shortest = i
		}
	}
}

// lookback reports PC008.
func (c *checker) lookback() {
	limit := int(c.p.Lookback.Value)
	if limit == 0 {
		return
	}
	pos := c.positions()
	bps := c.req.Breakpoints()
	type point struct {
		span Span
		pos  int
	}
	var pts []point
	for _, bi := range bps {
		pts = append(pts, point{c.req.Blocks[bi].Breakpoint.Span, pos[bi]})
	}
	if c.req.Auto != nil && len(pos) > 0 {
		pts = append(pts, point{c.req.Auto.Span, pos[len(pos)-1]})
	}
	for i := 1; i < len(pts); i++ {
		if d := pts[i].pos - pts[i-1].pos; d > limit {
			msg := fmt.Sprintf("%d block positions lie between this cache point and the previous one, more than the %d the provider looks back; an entry written at the previous point is not found from here", d, limit)
			c.report(PC008, SeverityInfo, pts[i].span, fmt.Sprintf("lookback:%d", i), msg, nil, Related{pts[i-1].span, "previous cache point"})
		}
	}
}

// positions numbers blocks as the lookback counts them: a run of tool_use
// blocks, or of tool_result blocks, is one position.
func (c *checker) positions() []int {
	pos := make([]int, len(c.req.Blocks))
	n := -1
	for i, b := range c.req.Blocks {
		if i > 0 && (b.Kind == BlockToolUse || b.Kind == BlockToolResult) && c.req.Blocks[i-1].Kind == b.Kind {
			pos[i] = n
			continue
		}
		n++
		pos[i] = n
	}
	return pos
}

// writeWithoutReuse reports PC009.
func (c *checker) writeWithoutReuse() {
	var prev amount
	for _, bi := range c.req.Breakpoints() {
		bp := c.req.Blocks[bi].Breakpoint
		total, unknown := c.prefixTokens(bi + 1)
		inc := total.minus(prev)
		prev = total
		if unknown || total.total() < c.p.Min() || c.volatileBefore(bi+1) {
			continue // PC003 or PC005 speak for it
		}
		s := c.estimate(inc, bp.TTL)
		if s == nil || !s.Assumptions.PriceKnown || s.USDPerRequest >= 0 {
			continue
		}
		cost := *s
		fix := *s
		fix.USDPerRequest, fix.USDPerDay, fix.TTFTms = -s.USDPerRequest, -s.USDPerDay, -s.TTFTms
		msg := fmt.Sprintf("at %g rpm with a %s TTL only %.0f%% of requests read this breakpoint's %s, so its write premium costs %s/day more than it saves",
			cost.Assumptions.RequestsPerMinute, cost.Assumptions.TTL, cost.HitRate*100, c.phrase(inc, "tokens"), Dollars(-cost.USDPerDay))
		c.report(PC009, SeverityInfo, bp.Span, fmt.Sprintf("write-without-reuse:%d", bi), msg, &fix)
	}
}

func (c *checker) volatileBefore(end int) bool {
	for _, f := range c.flatten(min(end, c.region)) {
		if volatile(f.part) {
			return true
		}
	}
	return false
}

// DroppedMarker is the PC003 finding for a cache marker that a library
// drops on its way to the provider (langchaingo on system messages, a
// provider adapter that ignores it). The contract makes explicit cache
// intent that cannot work never silent, whatever the sizes: the marker
// never caches, so there is no saving to claim, only the surprise to name.
// ok is false when the config turns PC003 off.
func DroppedMarker(env *Env, span Span, why string) (f Finding, ok bool) {
	sev := SeverityWarning
	if s, set := env.Severity[PC003]; set {
		if s == SeverityOff {
			return Finding{}, false
		}
		sev = s
	}
	r := MustRule(PC003)
	return Finding{
		Rule: PC003, Name: r.Name, Severity: sev, Span: span,
		Message:  why + ", so the request is sent without it and nothing is cached at this point",
		Provider: env.Profile.Provider, Model: env.Profile.ID, Key: "dropped-marker",
	}, true
}

// appendNew appends the related locations not already listed.
func appendNew(list []Related, rs ...Related) []Related {
	for _, r := range rs {
		if !slices.Contains(list, r) {
			list = append(list, r)
		}
	}
	return list
}
