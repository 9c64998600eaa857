package rules

import (
	"fmt"
	"math"
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
	return newChecker(req, env).run()
}

// run runs every rule and returns the findings, sorted.
func (c *checker) run() []Finding {
	req := c.req
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
	SortFindings(c.out)
	return c.out
}

// checker holds one request's token counts so each part is counted once.
type checker struct {
	req  *Request
	env  *Env
	p    *Profile
	out  []Finding
	toks [][]int // tokens per block per part
	// region is the index one past the last block of the cacheable prefix.
	region int
	// reported marks volatile parts already covered by a PC001/PC006 finding.
	reported map[partRef]bool
}

type partRef struct{ block, part int }

func newChecker(req *Request, env *Env) *checker {
	c := &checker{req: req, env: env, p: env.Profile, region: req.CacheableEnd(), reported: map[partRef]bool{}}
	c.toks = make([][]int, len(req.Blocks))
	for i, b := range req.Blocks {
		c.toks[i] = make([]int, len(b.Parts))
		for j, part := range b.Parts {
			if part.Slot != nil {
				c.toks[i][j] = part.Slot.Tokens
				continue
			}
			c.toks[i][j] = env.Counter.Count(part.Text)
		}
	}
	return c
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

// estimate prices T tokens at the given breakpoint TTL ("" = --ttl or the
// model default).
func (c *checker) estimate(tokens int, ttl string) *Savings {
	if tokens <= 0 {
		return nil
	}
	t, ok := c.ttl(ttl)
	if !ok {
		return nil
	}
	return Estimate(c.p, t, c.env.Traffic, tokens, c.env.Approx)
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
	tokens int
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

// volatilePrefix reports PC001 and PC006: the first volatile part of each
// kind that stands ahead of at least the minimum of stable tokens.
func (c *checker) volatilePrefix() {
	fs := c.flatten(c.region)
	stableAfter := make([]int, len(fs)+1)
	for i := len(fs) - 1; i >= 0; i-- {
		stableAfter[i] = stableAfter[i+1]
		if fs[i].part.Stable() {
			stableAfter[i] += fs[i].tokens
		}
	}
	minTok := c.p.Min()
	before := 0
	primary := map[string]int{} // rule → index of its finding in c.out
	var cachePoints []Related
	for _, bi := range c.req.Breakpoints() {
		if bi < c.region {
			cachePoints = append(cachePoints, Related{c.req.Blocks[bi].Breakpoint.Span, "this breakpoint writes a new cache entry on every request"})
		}
	}
	for i, f := range fs {
		if f.part.Stable() {
			before += f.tokens
			continue
		}
		after := stableAfter[i+1]
		if after < minTok {
			break // no later part has enough stable content after it either
		}
		slot := f.part.Slot
		code := PC001
		if slot.Order {
			code = PC006
		}
		sev := SeverityWarning
		if slot.Lifetime == LifeProcess || slot.Lifetime == LifeUnknown {
			sev = SeverityInfo
		}
		if pi, ok := primary[code]; ok && c.out[pi].Severity >= sev {
			// One finding per root cause: later values go to its related locations.
			c.out[pi].Related = append(c.out[pi].Related, Related{f.part.Span, "also " + describe(slot)})
			c.reported[f.ref] = true
			continue
		}
		tokens := after
		if before < minTok {
			tokens += before
		}
		sv := c.estimate(tokens, "")
		msg := c.volatileMessage(slot, after, sv)
		var rel []Related
		if sev == SeverityWarning {
			rel = cachePoints
		}
		if fi := c.report(code, sev, f.part.Span, slot.Name, msg, sv, rel...); fi >= 0 {
			primary[code] = fi
		}
		c.reported[f.ref] = true
	}
}

func (c *checker) volatileMessage(slot *Slot, after int, sv *Savings) string {
	var b strings.Builder
	b.WriteString(describe(slot))
	fmt.Fprintf(&b, " and stands ahead of %s stable tokens, so they are never cached", c.count(after))
	if slot.Order {
		b.Reset()
		fmt.Fprintf(&b, "%s and stands ahead of %s tokens: identical content in a different order misses the cache", describe(slot), c.count(after))
	}
	b.WriteString(costSuffix(sv))
	return b.String()
}

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
		if s.Why != "" {
			return fmt.Sprintf("%q is emitted in nondeterministic order (%s)", name, s.Why)
		}
		return fmt.Sprintf("%q is emitted in nondeterministic order", name)
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
func (c *checker) stablePrefix() (tokens, lastBlock int, unknownSize bool) {
	lastBlock = -1
	for i := 0; i < c.region; i++ {
		b := &c.req.Blocks[i]
		for j, p := range b.Parts {
			if !p.Stable() {
				return tokens, lastBlock, unknownSize
			}
			if p.Slot != nil && p.Slot.Tokens == 0 {
				unknownSize = true
			}
			tokens += c.toks[i][j]
		}
		lastBlock = i
	}
	return tokens, lastBlock, unknownSize
}

// prefixTokens counts every part of blocks [0, end), and whether a slot of
// unknown size is among them.
func (c *checker) prefixTokens(end int) (n int, unknown bool) {
	for i := 0; i < end && i < len(c.req.Blocks); i++ {
		for j, p := range c.req.Blocks[i].Parts {
			n += c.toks[i][j]
			if p.Slot != nil && p.Slot.Tokens == 0 {
				unknown = true
			}
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
	tokens, last, _ := c.stablePrefix()
	if last < 0 || tokens < c.p.Min() {
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
	msg := fmt.Sprintf("%s stable tokens of %s are sent with no %s, so they are never cached%s",
		c.count(upTo), c.sectionName(b), what, costSuffix(sv))
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

// belowMinimum reports PC003.
func (c *checker) belowMinimum() {
	minTok := c.p.Min()
	check := func(span Span, end int, what string) {
		n, unknown := c.prefixTokens(end)
		if unknown || n >= minTok {
			return
		}
		var sv *Savings
		stable, last, _ := c.stablePrefix()
		hint := "add stable content before it or remove it"
		if stable >= minTok && last >= end {
			sv = c.estimate(stable, "")
			hint = "move it to the end of the stable prefix"
		}
		msg := fmt.Sprintf("%s covers %s tokens, below the %s-token minimum of %s, so it is silently never cached; %s",
			what, c.count(n), Thousands(minTok), c.p.ID, hint)
		c.report(PC003, SeverityWarning, span, fmt.Sprintf("below-minimum:%d", end), msg, sv)
	}
	for _, bi := range c.req.Breakpoints() {
		check(c.req.Blocks[bi].Breakpoint.Span, bi+1, "cache breakpoint")
	}
	if c.req.Auto != nil && c.p.Mode == ModeExplicit && len(c.req.Blocks) > 0 {
		check(c.req.Auto.Span, len(c.req.Blocks), "automatic caching")
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
	for _, bi := range c.req.Breakpoints() {
		end := min(bi+1, c.region)
		var culprit *flat
		for _, f := range c.flatten(end) {
			if f.part.Slot == nil || f.part.Stable() {
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
		total, _ := c.prefixTokens(bi + 1)
		stable, _, _ := c.stablePrefix()
		var sv *Savings
		if stable >= c.p.Min() {
			sv = c.estimate(stable, bp.TTL)
		} else {
			sv = c.writeWaste(total, bp.TTL)
		}
		msg := fmt.Sprintf("cache breakpoint covers %s, so every request writes a new entry at the write premium and none reads it%s",
			describe(culprit.part.Slot), costSuffix(sv))
		c.report(PC005, SeverityWarning, bp.Span, "volatile-breakpoint:"+culprit.part.Slot.Name, msg, sv,
			Related{culprit.part.Span, "the value that changes"})
	}
}

// writeWaste is the premium paid per request by a breakpoint that is never
// read: T·price·(write − 1).
func (c *checker) writeWaste(tokens int, ttl string) *Savings {
	t, ok := c.ttl(ttl)
	if !ok || t.Write.Value <= 1 || tokens <= 0 {
		return nil
	}
	s := Estimate(c.p, t, c.env.Traffic, tokens, c.env.Approx)
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
	prev := 0
	for _, bi := range c.req.Breakpoints() {
		bp := c.req.Blocks[bi].Breakpoint
		total, unknown := c.prefixTokens(bi + 1)
		inc := total - prev
		prev = total
		if unknown || total < c.p.Min() || c.volatileBefore(bi+1) {
			continue // PC003 or PC005 speak for it
		}
		s := c.estimate(inc, bp.TTL)
		if s == nil || !s.Assumptions.PriceKnown || s.USDPerRequest >= 0 {
			continue
		}
		cost := *s
		fix := *s
		fix.USDPerRequest, fix.USDPerDay, fix.TTFTms = -s.USDPerRequest, -s.USDPerDay, -s.TTFTms
		msg := fmt.Sprintf("at %g rpm with a %s TTL only %.0f%% of requests read this breakpoint's %s tokens, so its write premium costs %s/day more than it saves",
			cost.Assumptions.RequestsPerMinute, cost.Assumptions.TTL, cost.HitRate*100, c.count(inc), Dollars(-cost.USDPerDay))
		c.report(PC009, SeverityInfo, bp.Span, fmt.Sprintf("write-without-reuse:%d", bi), msg, &fix)
	}
}

func (c *checker) volatileBefore(end int) bool {
	for _, f := range c.flatten(min(end, c.region)) {
		if !f.part.Stable() {
			return true
		}
	}
	return false
}
