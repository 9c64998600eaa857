package rules

// RequestMap is one request laid out in render order for pictures of the
// cache (the html report): every part of the prompt as a segment with its
// token count and what happens to it, the breakpoints and the model's
// minimum. It is computed by CheckMap from the same token counts the rules
// use, and only when a report asks for it.
type RequestMap struct {
	// Source, File, Record and Span name the request as Request does.
	Source   string `json:"source"`
	File     string `json:"file"`
	Record   int    `json:"record,omitempty"`
	Span     Span   `json:"span"`
	Provider string `json:"provider,omitempty"`
	Model    string `json:"model"`
	// Approx marks token counts that are estimates.
	Approx bool `json:"approx,omitempty"`
	// Min is the model's minimum cacheable prefix, in tokens.
	Min int `json:"min"`
	// Total is the sum of the segments' tokens.
	Total int `json:"total"`
	// Cached is how many tokens from the start are read from the cache on a
	// repeated request; 0 when nothing is.
	Cached      int          `json:"cached"`
	Segments    []Segment    `json:"segments"`
	Breakpoints []MapBreakpt `json:"breakpoints,omitempty"`
	// BreakpointsKnown is Request.BreakpointsKnown: templates do not say
	// where breakpoints are.
	BreakpointsKnown bool `json:"breakpoints_known"`
}

// Segment fates: what happens to a segment's tokens on a repeated request.
const (
	// FateCached: read from the cache.
	FateCached = "cached"
	// FateLost: stable, but a volatile value ahead of it changes the prefix.
	FateLost = "lost"
	// FateVolatile: the value itself changes between requests.
	FateVolatile = "volatile"
	// FateBelow: stable, but the cacheable prefix is below the model's
	// minimum, so nothing is cached.
	FateBelow = "below"
	// FateUncached: stable but not cached: after the last breakpoint, or
	// the new turn at the end of the request.
	FateUncached = "uncached"
)

// Segment is one part of the prompt.
type Segment struct {
	Section string `json:"section"`
	Role    string `json:"role,omitempty"`
	Kind    string `json:"kind"`
	// Block is the index of the block in Request.Blocks.
	Block int `json:"block"`
	// Start is the token offset of the segment from the start of the
	// request; Tokens its size.
	Start  int    `json:"start"`
	Tokens int    `json:"tokens"`
	Fate   string `json:"fate"`
	// Label is the slot's name, or the text's first words.
	Label string `json:"label"`
	// Slot is the slot's kind and lifetime phrase ("time changes every
	// request"); empty for stable text.
	Slot string `json:"slot,omitempty"`
	// Runtime is the runtime kind (history, tools, file) when the size is
	// assumed (Slot.Runtime with Slot.Tokens 0); Tokens is then the assumed
	// size.
	Runtime string `json:"runtime,omitempty"`
	Span    Span   `json:"span"`
}

// MapBreakpt is a cache point at a token offset.
type MapBreakpt struct {
	At   int    `json:"at"` // token offset just past the block it ends
	TTL  string `json:"ttl,omitempty"`
	Auto bool   `json:"auto,omitempty"` // request-level automatic caching
	Span Span   `json:"span"`
}

// CheckMap is Check that also returns the request's map, built from the
// token counts Check computed. Drivers call it only when a report draws
// maps; Check alone counts nothing more.
func CheckMap(req *Request, env *Env) ([]Finding, *RequestMap) {
	c := newChecker(req, env)
	out := c.run()
	return out, c.requestMap()
}

func (c *checker) requestMap() *RequestMap {
	req := c.req
	m := &RequestMap{
		Source: req.Source, File: req.File, Record: req.Record, Span: req.Span,
		Provider: c.p.Provider, Model: c.p.ID, Approx: c.env.Approx, Min: c.p.Min(),
		BreakpointsKnown: req.BreakpointsKnown,
	}
	blockEnd := make([]int, len(req.Blocks))
	firstVolatile := -1 // token offset of the first volatile part in the cacheable region
	at := 0
	for i, b := range req.Blocks {
		for j, p := range b.Parts {
			s := Segment{
				Section: b.Section.String(), Role: b.Role, Kind: b.Kind, Block: i,
				Start: at, Tokens: c.toks[i][j].total(), Label: label(p), Span: p.Span,
			}
			if p.Slot != nil {
				s.Slot = describe(p.Slot)
				if c.toks[i][j].assumedTotal() > 0 {
					s.Runtime = p.Slot.Runtime // drawn at the size Check assumed
				}
			}
			if !p.Stable() {
				s.Fate = FateVolatile
				if firstVolatile < 0 && i < c.region && breaksCache(p.Slot) {
					firstVolatile = at
				}
			}
			at += s.Tokens
			m.Segments = append(m.Segments, s)
		}
		blockEnd[i] = at
	}
	m.Total = at
	regionEnd := m.Total
	if c.region < len(req.Blocks) {
		regionEnd = 0
		if c.region > 0 {
			regionEnd = blockEnd[c.region-1]
		}
	}
	for _, bi := range req.Breakpoints() {
		bp := req.Blocks[bi].Breakpoint
		m.Breakpoints = append(m.Breakpoints, MapBreakpt{At: blockEnd[bi], TTL: bp.TTL, Span: bp.Span})
	}
	if req.Auto != nil {
		m.Breakpoints = append(m.Breakpoints, MapBreakpt{At: regionEnd, TTL: req.Auto.TTL, Auto: true, Span: req.Auto.Span})
	}
	// The cached prefix: stable content from the start up to the first
	// volatile part, and, where only breakpoints cache, up to the last
	// breakpoint inside it.
	stableEnd := regionEnd
	if firstVolatile >= 0 {
		stableEnd = firstVolatile
	}
	cacheEnd := stableEnd
	if req.BreakpointsKnown && c.cachesAtBreakpointsOnly() {
		cacheEnd = 0
		for _, bp := range m.Breakpoints {
			if bp.At <= stableEnd {
				cacheEnd = max(cacheEnd, bp.At)
			}
		}
	}
	below := cacheEnd < m.Min
	if !below {
		m.Cached = cacheEnd
	}
	for k := range m.Segments {
		s := &m.Segments[k]
		if s.Fate != "" {
			continue
		}
		switch end := s.Start + s.Tokens; {
		case s.Start >= regionEnd:
			s.Fate = FateUncached
		case firstVolatile >= 0 && s.Start >= firstVolatile:
			s.Fate = FateLost
		case end <= cacheEnd && below:
			s.Fate = FateBelow
		case end <= cacheEnd:
			s.Fate = FateCached
		default:
			s.Fate = FateUncached
		}
	}
	return m
}

// breaksCache reports whether a volatile slot makes what follows it miss
// on the next request. A value fixed per process or per day changes rarely:
// what follows it is read from the cache between changes (the rules report
// it at info, one write per process start or per day).
func breaksCache(s *Slot) bool {
	return s.Order || s.Lifetime != LifeProcess && s.Lifetime != LifeDay
}

// label names a part in a few words: the slot's name or the text's start.
func label(p Part) string {
	if p.Slot != nil && p.Slot.Name != "" {
		return p.Slot.Name
	}
	const max = 48
	t := []rune(collapseSpace(p.Text))
	if len(t) > max {
		return string(t[:max-1]) + "…"
	}
	return string(t)
}

func collapseSpace(s string) string {
	out := make([]rune, 0, min(len(s), 256))
	space := false
	for _, r := range s {
		if len(out) >= 256 {
			break
		}
		if r == ' ' || r == '\n' || r == '\t' || r == '\r' {
			space = len(out) > 0
			continue
		}
		if space {
			out = append(out, ' ')
			space = false
		}
		out = append(out, r)
	}
	return string(out)
}
