package replay

import (
	"container/heap"
	"fmt"
	"math"
	"sort"

	"github.com/cachevet/cachevet/requests"
	"github.com/cachevet/cachevet/rules"
)

// Report is what a replay prints as JSON: {"tool": "cachevet", "replay": …}.
type Report struct {
	Tool   string       `json:"tool"`
	Replay Replay       `json:"replay"`
	Errors []ErrorEntry `json:"errors"`
}

// Replay is the replay's result. The totals are inlined at the top level
// (requests, input_tokens, …) as the contract's JSON shows.
type Replay struct {
	Totals
	Logs             []Totals     `json:"logs"`
	Models           []Totals     `json:"models"`
	Records          []Row        `json:"records"`
	RecordsTruncated bool         `json:"records_truncated,omitempty"`
	Misses           []Miss       `json:"misses"`
	Causes           []CauseTotal `json:"causes"`
	WhatIf           []WhatIf     `json:"what_if"`
	Facts            []ModelFacts `json:"facts"`
	Assumptions      []string     `json:"assumptions"`
	// ProviderAgreement compares cachevet's causes with the providers'
	// own cache diagnostics where the log carries them.
	ProviderAgreement Agreement `json:"provider_agreement"`
}

// Totals are the figures of a log, a model or a whole replay.
type Totals struct {
	Name                  string  `json:"name,omitempty"`
	Requests              int     `json:"requests"`
	InputTokens           int     `json:"input_tokens"`
	SimulatedCachedTokens int     `json:"simulated_cached_tokens"`
	SimulatedWritten      int     `json:"simulated_written_tokens"`
	HitRate               float64 `json:"simulated_hit_rate"`
	// Observed figures sum the records whose responses carry usage; null
	// when none does ("not reported", never 0%).
	ObservedRequests     int      `json:"observed_requests"`
	ObservedInputTokens  *int     `json:"observed_input_tokens"`
	ObservedCachedTokens *int     `json:"observed_cached_tokens"`
	ObservedHitRate      *float64 `json:"observed_hit_rate"`
	// Simulated figures over the same records as the observed ones, to
	// compare like with like.
	SimulatedCachedWhereObserved *int    `json:"simulated_cached_where_observed"`
	USDSpent                     float64 `json:"usd_spent"`
	USDIfAllStableCached         float64 `json:"usd_if_all_stable_cached"`
	MissCount                    int     `json:"miss_count"`
	TokensLost                   int     `json:"tokens_lost"`
	USDLost                      float64 `json:"usd_lost"`
}

func (t *Totals) add(r *preq, o outcome, u *requests.Usage, m *Miss) {
	t.Requests++
	t.InputTokens += r.total
	t.SimulatedCachedTokens += o.read
	t.SimulatedWritten += o.written
	t.USDSpent += o.usd
	t.USDIfAllStableCached += o.usdIdeal
	if m != nil {
		t.MissCount++
		t.TokensLost += m.TokensLost
		t.USDLost += m.USDLost
	}
	if u == nil || u.Cached == nil {
		return
	}
	t.ObservedRequests++
	if t.ObservedInputTokens == nil {
		t.ObservedInputTokens, t.ObservedCachedTokens, t.SimulatedCachedWhereObserved = new(int), new(int), new(int)
	}
	*t.ObservedInputTokens += u.Input
	*t.ObservedCachedTokens += *u.Cached
	*t.SimulatedCachedWhereObserved += o.read
}

func (t *Totals) finish() {
	if t.InputTokens > 0 {
		t.HitRate = round4(float64(t.SimulatedCachedTokens) / float64(t.InputTokens))
	}
	if t.ObservedInputTokens != nil && *t.ObservedInputTokens > 0 {
		h := round4(float64(*t.ObservedCachedTokens) / float64(*t.ObservedInputTokens))
		t.ObservedHitRate = &h
	}
	t.USDSpent = round6(t.USDSpent)
	t.USDIfAllStableCached = round6(t.USDIfAllStableCached)
	t.USDLost = round6(t.USDLost)
}

// Row is one record as simulated.
type Row struct {
	Record          int     `json:"record"`
	Line            int     `json:"line"`
	File            string  `json:"file"`
	Time            string  `json:"time,omitempty"`
	Model           string  `json:"model"`
	InputTokens     int     `json:"input_tokens"`
	CachedTokens    int     `json:"cached_tokens"`
	WrittenTokens   int     `json:"written_tokens"`
	USD             float64 `json:"usd"`
	ObservedInput   *int    `json:"observed_input_tokens"`
	ObservedCached  *int    `json:"observed_cached_tokens"`
	ObservedWritten *int    `json:"observed_written_tokens"`
}

// Miss is a request that read fewer tokens than an earlier request left
// in the cache.
type Miss struct {
	Record     int        `json:"record"`
	Line       int        `json:"line"`
	File       string     `json:"file"`
	Model      string     `json:"model"`
	Cause      string     `json:"cause"`
	Detail     string     `json:"detail"`
	Against    int        `json:"against_record"`
	TokensLost int        `json:"tokens_lost"`
	USDLost    float64    `json:"usd_lost"`
	GapSeconds float64    `json:"gap_seconds,omitempty"`
	DivergesAt *Position  `json:"diverges_at"`
	Source     *SourceRef `json:"source"`
	// Provider is what the provider's own cache diagnostics said about
	// the request; null when the logged response carries none.
	Provider *ProviderVerdict `json:"provider"`
	diverge  *divergence
	class    string // what changed, in the diagnostics' terms
}

// Position is where a request first differs from the one it missed
// against: the block (0-based, render order), its JSON path in the body,
// the byte offset in the value at the path (in its compact JSON for an
// object), the log line and column, and what each request has there.
type Position struct {
	Block  int    `json:"block"`
	Path   string `json:"path"`
	Offset int    `json:"offset"`
	Line   int    `json:"line"`
	Column int    `json:"column"`
	Before string `json:"before"`
	After  string `json:"after"`
}

// SourceRef is the template slot whose output holds a divergence.
type SourceRef struct {
	File   string `json:"file"`
	Line   int    `json:"line"`
	Column int    `json:"column"`
	Slot   string `json:"slot"`
}

// CauseTotal sums the misses of one cause.
type CauseTotal struct {
	Cause      string  `json:"cause"`
	Misses     int     `json:"misses"`
	TokensLost int     `json:"tokens_lost"`
	USDLost    float64 `json:"usd_lost"`
}

// WhatIf is a scenario replayed beside the log as it was.
type WhatIf struct {
	Scenario      string  `json:"scenario"`
	Totals        Totals  `json:"totals"`
	USDSaved      float64 `json:"usd_saved"`
	HitRateChange float64 `json:"hit_rate_change"`
}

// ErrorEntry is an input problem (a broken record, an unknown model).
type ErrorEntry struct {
	File    string `json:"file"`
	Line    int    `json:"line"`
	Column  int    `json:"column"`
	Message string `json:"message"`
}

// ModelFacts are the catalog facts a model's simulated numbers rest on.
type ModelFacts struct {
	Model string `json:"model"`
	Mode  string `json:"mode"`
	Facts []Fact `json:"facts"`
	// Via names the gateways its requests went through; Behaviours are
	// their catalog facts (OpenRouter's sticky routing) and the model's.
	Via        []string     `json:"via,omitempty"`
	Behaviours []rules.Fact `json:"behaviours,omitempty"`
}

// Fact is one catalog number with its source.
type Fact struct {
	Name       string  `json:"name"`
	Value      float64 `json:"value"`
	Known      bool    `json:"known"`
	Source     string  `json:"source"`
	URL        string  `json:"url,omitempty"`
	Confidence string  `json:"confidence"`
}

func factsOf(p *rules.Profile, opts Options) *ModelFacts {
	mf := &ModelFacts{Model: p.ID, Mode: p.Mode}
	add := func(name string, n rules.Number) {
		mf.Facts = append(mf.Facts, Fact{Name: name, Value: n.Value, Known: n.Known, Source: n.Source, URL: n.URL, Confidence: n.Confidence})
	}
	add("input_usd_per_mtok", p.InputUSDPerMTok)
	add("read_multiplier", p.ReadMultiplier)
	add("min_tokens", p.MinTokens)
	if p.ObservedMin.Known {
		add("observed_min_tokens", p.ObservedMin) // simulated with min_tokens; see the assumptions
	}
	if p.Mode == rules.ModeAutomatic {
		add("granularity", p.Granularity)
		if p.UnitInterval.Known {
			add("unit_interval_tokens", p.UnitInterval)
		}
	} else {
		add("max_breakpoints", p.MaxBreakpoints)
	}
	switch p.Mode {
	case rules.ModeExplicit:
		add("lookback", p.Lookback)
	case rules.ModeBreakpoint:
		add("read_breakpoints", p.ReadBreakpoints)
	}
	if p.WriteDelay.Known {
		add("write_delay_seconds", p.WriteDelay)
	}
	for _, t := range p.TTLs {
		add("ttl "+t.Name+" minutes", rules.Number{Value: t.Minutes, Known: true, Source: t.Write.Source, URL: t.Write.URL, Confidence: t.Write.Confidence})
		add("ttl "+t.Name+" write_multiplier", t.Write)
	}
	add("tokenizer ratio to "+p.Tokenizer.Encoding, p.Tokenizer.Ratio)
	mf.Behaviours = append(mf.Behaviours, p.Facts...)
	return mf
}

// assumptions are what the simulator assumes where the providers document
// nothing, plus the settings of this run.
func assumptions(s *session) []string {
	out := []string{
		"an entry lives exactly its TTL after its last write or hit and is then gone; Anthropic documents only a minimum lifetime, OpenAI in_memory retention 5-10 minutes of inactivity, Gemini implicit caching nothing (the catalog's minutes are used)",
		"where no write delay is stated, an entry is readable by the next request at once: Anthropic makes it available only once the first response begins, so concurrent requests would miss more",
		"OpenAI routes every request with the same prefix and prompt_cache_key to one cache: overflow past ~15 requests per minute per prefix is not modelled",
		"prefixes are compared per content block; automatic caching also reads the bytes a divergent block shares with the cached one, rounded to the model's granularity",
		"caches are per log and per model (and per prompt_cache_key on OpenAI); organizations, workspaces and regions are not told apart",
		"Anthropic's 20-block lookback counts every block (runs of tool_use or tool_result blocks are not merged into one position)",
		"a prefix not seen for twice the longest TTL in use (at least 30 minutes) is forgotten: its return is a cold start, not a miss; cache entries themselves are dropped when their TTL expires",
		"usd_if_all_stable_cached prices every token ahead of the last user turn except volatile literals as a cache read (no first write): a lower bound",
		"records are replayed in file order: a log written out of time order should be sorted by time first",
	}
	for _, id := range sortedKeys(s.facts) {
		if p, err := s.opts.Catalog.Lookup(id); err == nil && p.ObservedMin.Known && p.ObservedMin.Value > p.MinTokens.Value {
			out = append(out, fmt.Sprintf("%s caches from %s tokens (%s); caching was observed only from %s (%s, %s): prefixes between the two are simulated as cached",
				id, rules.Thousands(p.Min()), p.MinTokens.Source, rules.Thousands(int(p.ObservedMin.Value)), p.ObservedMin.Source, p.ObservedMin.Confidence))
		}
	}
	for _, id := range sortedKeys(s.facts) {
		p, err := s.opts.Catalog.Lookup(id)
		if err != nil {
			continue
		}
		if p.UnitInterval.Known && p.Mode == rules.ModeAutomatic {
			src := rules.Fact{Source: p.UnitInterval.Source, Confidence: p.UnitInterval.Confidence}
			for _, f := range p.Facts {
				if f.Key == "prefix-units" {
					src = f
				}
			}
			out = append(out, fmt.Sprintf("%s caches whole prefix units (%s, %s): a read needs a full match of a persisted unit, the longest matched is read; "+
				"units are persisted at the end of each request's input; at the end of its output, matched by any assistant turn that directly follows that input (the log's responses are not compared); "+
				"at the prefix it shares with the closest earlier request (whole blocks, then the bytes of the first differing block), readable by later requests only; "+
				"and every %s tokens of input (%s, %s: the interval is not published), at the last block boundary at or before each multiple",
				id, src.Source, src.Confidence, rules.Thousands(int(p.UnitInterval.Value)), p.UnitInterval.Source, p.UnitInterval.Confidence))
		}
		if s.opts.WriteDelay == nil && p.WriteDelay.Known && p.WriteDelay.Value > 0 && p.Caches() {
			out = append(out, fmt.Sprintf("%s: a write becomes readable %s after the request that made it (write_delay_seconds %g, %s, %s); requests inside that window miss it (--write-delay changes it)",
				id, fmtDur(writeDelay(p)), p.WriteDelay.Value, p.WriteDelay.Source, p.WriteDelay.Confidence))
		}
	}
	if d := s.opts.WriteDelay; d != nil {
		out = append(out, fmt.Sprintf("--write-delay %s: every write becomes readable %s after the request that made it, for every model", d, d))
	}
	if s.untimed > 0 {
		out = append(out, fmt.Sprintf("%d records carry no time: each is placed 60/%g seconds after the record before it (--rpm %g)", s.untimed, s.opts.RPM, s.opts.RPM))
	}
	if s.opts.TTL != "" {
		out = append(out, "--ttl "+s.opts.TTL+": every cache point of the what-if uses this TTL where the model offers it")
	}
	if s.opts.AssumeOrder == "sorted" {
		out = append(out, "--assume-order sorted: tools in name order and JSON keys in sorted order in every request")
	}
	if s.opts.MoveVolatile {
		out = append(out, "--move-volatile: every volatile literal ahead of the last user turn moved into a block after it")
	}
	return out
}

// missHeap keeps the costliest misses, bounded.
type missHeap []Miss

func (h missHeap) Len() int           { return len(h) }
func (h missHeap) Less(i, j int) bool { return missLess(h[j], h[i]) } // min-heap on cost
func (h missHeap) Swap(i, j int)      { h[i], h[j] = h[j], h[i] }
func (h *missHeap) Push(x any)        { *h = append(*h, x.(Miss)) }
func (h *missHeap) Pop() any {
	old := *h
	x := old[len(old)-1]
	*h = old[:len(old)-1]
	return x
}

// missLess orders misses costliest first, then by file and record.
func missLess(a, b Miss) bool {
	if a.USDLost != b.USDLost {
		return a.USDLost > b.USDLost
	}
	if a.TokensLost != b.TokensLost {
		return a.TokensLost > b.TokensLost
	}
	if a.File != b.File {
		return a.File < b.File
	}
	return a.Record < b.Record
}

func (h *missHeap) push(m Miss, keep int) {
	m.diverge = nil
	if h.Len() < keep {
		heap.Push(h, m)
		return
	}
	if missLess(m, (*h)[0]) {
		(*h)[0] = m
		heap.Fix(h, 0)
	}
}

func (h missHeap) sorted() []Miss {
	out := append([]Miss{}, h...)
	sort.Slice(out, func(i, j int) bool { return missLess(out[i], out[j]) })
	return out
}

func causeTotals(causes map[string]*CauseTotal) []CauseTotal {
	out := []CauseTotal{}
	for _, c := range causes {
		c.USDLost = round6(c.USDLost)
		out = append(out, *c)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].USDLost != out[j].USDLost {
			return out[i].USDLost > out[j].USDLost
		}
		return out[i].Cause < out[j].Cause
	})
	return out
}

func round6(v float64) float64 { return math.Round(v*1e6) / 1e6 }
func round4(v float64) float64 { return math.Round(v*1e4) / 1e4 }
