// Package replay simulates a provider's prompt cache over a request log:
// what was read, written and missed, why each miss happened, and where in
// the source the divergence comes from.
//
// A log is streamed record by record (requests.Read with a Records hook).
// Each request is cut into its blocks in render order; every block gets a
// content hash, a cumulative prefix hash and a token count (counted once
// per distinct block). A cache per scenario (as logged, and each what-if)
// keeps entries keyed by model, OpenAI prompt_cache_key and prefix hash,
// each with an expiry that a hit refreshes; expired entries are swept
// once per minute of log time, so memory is bounded by the prefixes alive
// within a TTL, not by the log's size.
package replay

import (
	"errors"
	"fmt"
	"hash/maphash"
	"io"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/cachevet/cachevet/config"
	"github.com/cachevet/cachevet/internal/textpos"
	"github.com/cachevet/cachevet/requests"
	"github.com/cachevet/cachevet/rules"
	"github.com/cachevet/cachevet/scan"
	"github.com/cachevet/cachevet/tokenizer"
)

// Options configure a replay.
type Options struct {
	// Logs are the request logs, replayed one after another, each from an
	// empty cache.
	Logs []string
	// Catalog is the model catalog; nil is rules.Builtin().
	Catalog *rules.Catalog
	// Model is the model of records that name none; "" is the catalog's
	// default for the record's provider.
	Model string
	// RPM spaces records that carry no time: each comes 60/RPM seconds
	// after the one before. 0 is 1 request per minute.
	RPM float64
	// TTL, AssumeOrder ("sorted") and MoveVolatile are the what-ifs: each
	// set one is a scenario replayed beside the log as it was.
	TTL          string
	AssumeOrder  string
	MoveVolatile bool
	// WriteDelay is how long a cache write takes to become readable, for
	// every model; nil is each model's catalog write_delay_seconds.
	WriteDelay *time.Duration
	// Sources are directories of prompt templates; a divergence is matched
	// to the template slot whose output it lies in.
	Sources []string
	// Names are the config's stable and volatile name lists.
	Names rules.NameOverrides
	// Config, when set (--config), applies to every file under Sources,
	// as scan's --config does; nil: each file uses the .cachevet.yaml
	// closest to it. Either way the files are those scan reads.
	Config *config.Config
	// KeepRecords bounds the per-record rows of the report (0: 10,000;
	// negative: none); KeepMisses the misses kept, the costliest first (0:
	// 1,000). Totals always count everything.
	KeepRecords, KeepMisses int
	// Dir is the directory relative paths (logs, sources) are resolved
	// against and reported relative to; "" is the process's.
	Dir string
	// Open opens a log; nil is os.Open of the path joined to Dir.
	Open func(path string) (io.ReadCloser, error)
}

// abs resolves a path against Dir.
func (opts Options) abs(p string) string {
	if opts.Dir == "" || filepath.IsAbs(p) {
		return p
	}
	return filepath.Join(opts.Dir, p)
}

// ErrNoInput is returned when no log was given.
var ErrNoInput = errors.New("no request log given")

// Run replays the logs.
func Run(opts Options) (*Report, error) {
	if len(opts.Logs) == 0 {
		return nil, ErrNoInput
	}
	opts, err := opts.withDefaults()
	if err != nil {
		return nil, err
	}
	var tmpl *templates
	if len(opts.Sources) > 0 {
		if tmpl, err = loadTemplates(opts, opts.Sources); err != nil {
			return nil, err
		}
	}
	s := newSession(opts, tmpl)
	if tmpl != nil {
		s.errs = append(s.errs, tmpl.errs...)
	}
	for _, path := range opts.Logs {
		if err := s.log(path); err != nil {
			return nil, err
		}
	}
	return s.finish(), nil
}

// withDefaults fills in the zero settings.
func (opts Options) withDefaults() (Options, error) {
	if opts.Catalog == nil {
		opts.Catalog = rules.Builtin()
	}
	if opts.RPM <= 0 {
		opts.RPM = 1
	}
	if opts.KeepRecords == 0 {
		opts.KeepRecords = 10000
	}
	if opts.KeepMisses <= 0 {
		opts.KeepMisses = 1000
	}
	if opts.Open == nil {
		opts.Open = func(p string) (io.ReadCloser, error) { return os.Open(opts.abs(p)) }
	}
	if opts.AssumeOrder != "" && opts.AssumeOrder != "sorted" {
		return opts, fmt.Errorf("--assume-order %q: the only order is sorted", opts.AssumeOrder)
	}
	return opts, nil
}

// scenario is one way of replaying the log: as logged, or with a what-if.
type scenario struct {
	name    string
	ttl     string
	sorted  bool
	move    bool
	cache   *cache
	explain *explainer
	causes  map[string]*CauseTotal
	total   Totals
}

// session is one run over all logs.
type session struct {
	opts   Options
	tmpl   *templates
	scens  []*scenario
	rep    *Report
	logTot *Totals
	file   string
	// time of the last record, for records without one
	lastT   int64
	haveT   bool
	untimed int
	// token counts per distinct block, per tokenizer
	counts       map[countKey]int
	texts        map[uint64]string
	textBytes    int
	counters     map[*rules.Profile]rules.Counter
	profiles     map[string]*rules.Profile
	models       map[string]*Totals
	misses       missHeap
	facts        map[string]*ModelFacts
	errs         []*rules.InputError
	record       int
	unknown      map[string]*unknownModel
	routes       map[uint64]*route
	unknownOrder []string
}

// unknownModel counts the records of a model the catalog lacks.
type unknownModel struct {
	span    rules.Span
	err     error
	records int
}

type countKey struct {
	enc  string
	hash uint64
}

func newSession(opts Options, tmpl *templates) *session {
	s := &session{opts: opts, tmpl: tmpl, rep: &Report{Tool: "cachevet"},
		counts: map[countKey]int{}, texts: map[uint64]string{}, counters: map[*rules.Profile]rules.Counter{}, profiles: map[string]*rules.Profile{},
		models: map[string]*Totals{}, facts: map[string]*ModelFacts{}, unknown: map[string]*unknownModel{}, routes: map[uint64]*route{}}
	s.scens = append(s.scens, &scenario{name: "as logged"})
	if opts.TTL != "" {
		s.scens = append(s.scens, &scenario{name: "--ttl " + opts.TTL, ttl: opts.TTL})
	}
	if opts.AssumeOrder == "sorted" {
		s.scens = append(s.scens, &scenario{name: "--assume-order sorted", sorted: true})
	}
	if opts.MoveVolatile {
		s.scens = append(s.scens, &scenario{name: "--move-volatile", move: true})
	}
	if len(s.scens) > 2 {
		all := &scenario{name: "all of them"}
		for _, sc := range s.scens[1:] {
			all.ttl = max(all.ttl, sc.ttl)
			all.sorted = all.sorted || sc.sorted
			all.move = all.move || sc.move
		}
		s.scens = append(s.scens, all)
	}
	return s
}

// log replays one file from an empty cache.
func (s *session) log(path string) error {
	f, err := s.opts.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	s.file = filepath.ToSlash(path)
	s.haveT, s.lastT = false, 0
	for _, sc := range s.scens {
		sc.cache = newCache(sc.ttl, s.opts.WriteDelay)
		if sc.causes == nil {
			sc.causes = map[string]*CauseTotal{}
		}
		sc.explain = newExplainer(sc.causes)
	}
	lt := &Totals{Name: s.file}
	s.logTot = lt
	sink := &sink{s: s}
	ropts := requests.Options{Names: s.opts.Names, Records: s.record1}
	// The input check and the reader are scan's: a binary file is one
	// error, not one per line.
	kind := textpos.KindOf(path)
	body, ierr := scan.Input(s.file, kind, f, 0)
	if ierr != nil {
		s.errs = append(s.errs, ierr)
		return nil
	}
	err = requests.Read(s.file, kind, body, ropts, sink)
	if errors.Is(err, requests.ErrNotRequest) {
		s.errs = append(s.errs, rules.Errorf(rules.Span{File: s.file}, "no request in this file: not a request log this replay reads"))
		err = nil
	}
	if err != nil {
		return fmt.Errorf("%s: %w", s.file, err)
	}
	lt.finish()
	s.rep.Replay.Logs = append(s.rep.Replay.Logs, *lt)
	return nil
}

// sink takes the input errors of the reader; requests arrive through the
// Records hook.
type sink struct{ s *session }

func (k *sink) Request(*rules.Request) {}
func (k *sink) Finding(rules.Finding)  {}
func (k *sink) Error(e *rules.InputError) {
	k.s.errs = append(k.s.errs, e)
}

// record1 replays one record in every scenario.
func (s *session) record1(rec *requests.Record) {
	s.record++
	model := rec.Req.Model
	if model == "" {
		model = s.opts.Model
	}
	if model == "" {
		model = s.opts.Catalog.Default(rec.Req.Provider)
	}
	prof, err := s.profile(model)
	if err != nil {
		// Reported once per model, at its first record, with a count.
		u := s.unknown[model]
		if u == nil {
			u = &unknownModel{span: rules.Span{File: s.file, Line: rec.Line, Col: 1}, err: err}
			s.unknown[model] = u
			s.unknownOrder = append(s.unknownOrder, model)
		}
		u.records++
		return
	}
	t := s.timeOf(rec)
	base := make([]pblock, 0, len(rec.Req.Blocks))
	for i := range rec.Req.Blocks {
		base = append(base, s.block(&rec.Req.Blocks[i], prof))
	}
	for i, sc := range s.scens {
		r := s.prepare(rec, prof, t, sc, base)
		o := sc.cache.simulate(r, s)
		m := sc.explain.explain(r, o)
		sc.total.add(r, o, rec.Usage, m)
		if i > 0 {
			continue
		}
		s.logTot.add(r, o, rec.Usage, m)
		mt := s.models[prof.ID]
		if mt == nil {
			mt = &Totals{Name: prof.ID}
			s.models[prof.ID] = mt
			if s.facts[prof.ID] == nil {
				s.facts[prof.ID] = factsOf(prof, s.opts)
			}
		}
		mt.add(r, o, rec.Usage, m)
		s.row(rec, r, o)
		s.rep.Replay.ProviderAgreement.judge(rec, s.file, m, o.read)
		if m != nil {
			m.Record, m.Line, m.File = rec.Req.Record, rec.Line, s.file
			if m.diverge != nil {
				m.DivergesAt = m.diverge.at(rec)
				if s.tmpl != nil {
					m.Source = s.tmpl.match(m.diverge)
				}
			}
			s.misses.push(*m, s.opts.KeepMisses)
		}
	}
}

func (s *session) profile(model string) (*rules.Profile, error) {
	if p, ok := s.profiles[model]; ok {
		return p, nil
	}
	p, err := s.opts.Catalog.Lookup(model)
	if err != nil {
		return nil, err
	}
	s.profiles[model] = p
	return p, nil
}

// timeOf is the record's time, or the last time plus 60/RPM seconds.
func (s *session) timeOf(rec *requests.Record) int64 {
	if !rec.Time.IsZero() {
		s.lastT, s.haveT = rec.Time.UnixNano(), true
		return s.lastT
	}
	s.untimed++
	if s.haveT {
		s.lastT += int64(float64(time.Minute) / s.opts.RPM)
	}
	s.haveT = true
	return s.lastT
}

// counter returns the token counter of a model's tokenizer.
func (s *session) counter(p *rules.Profile) rules.Counter {
	if c, ok := s.counters[p]; ok {
		return c
	}
	c, _, err := tokenizer.ForModel(p.Tokenizer.Encoding, p.Tokenizer.Ratio.Value, p.Tokenizer.Exact())
	if err != nil {
		c = tokenizer.Scaled{Base: mustO200k(), Ratio: p.Tokenizer.Ratio.Value}
	}
	s.counters[p] = c
	return c
}

func mustO200k() rules.Counter {
	c, err := tokenizer.ForEncoding(tokenizer.O200kBase)
	if err != nil {
		panic(err) // the encoding is embedded
	}
	return c
}

// count counts text with a model's tokenizer.
func (s *session) count(p *rules.Profile, text string) int {
	return s.counter(p).Count(text)
}

// maxCounts bounds the token count cache; maxIntern the shared texts.
const (
	maxCounts      = 1 << 20
	maxIntern      = 1 << 16
	maxInternBytes = 16 << 20
)

// textTokens counts a text, once per distinct long text and tokenizer:
// a log repeats the same system prompt, tools and history in every
// record.
func (s *session) textTokens(p *rules.Profile, text string) int {
	if len(text) < 8 {
		return s.count(p, text)
	}
	k := countKey{p.Tokenizer.Encoding, maphash.String(seed, text) ^ math.Float64bits(p.Tokenizer.Ratio.Value)}
	if n, ok := s.counts[k]; ok {
		return n
	}
	n := s.count(p, text)
	if len(s.counts) >= maxCounts {
		clear(s.counts)
	}
	s.counts[k] = n
	return n
}

// intern returns the kept copy of a block text seen before, so snapshots
// of many requests share one copy of their common blocks.
func (s *session) intern(h uint64, text string) string {
	if t, ok := s.texts[h]; ok && t == text {
		return t
	}
	if len(s.texts) >= maxIntern || s.textBytes+len(text) > maxInternBytes {
		clear(s.texts) // the snapshots keep what they use; the table only shares
		s.textBytes = 0
	}
	s.texts[h] = text
	s.textBytes += len(text)
	return text
}

// prepare turns a record into a replayed request for one scenario.
func (s *session) prepare(rec *requests.Record, prof *rules.Profile, t int64, sc *scenario, base []pblock) *preq {
	req := rec.Req
	r := &preq{record: req.Record, line: rec.Line, file: s.file, model: prof.ID, prof: prof, t: t,
		end: req.CacheableEnd(), cacheMode: req.CacheMode, retention: rec.Retention, cachePoint: -1}
	if req.Auto != nil {
		r.auto, r.autoTTL = true, req.Auto.TTL
	}
	scope := prof.ID
	if prof.Provider == "openai" && rec.CacheKey != "" {
		scope += "\x00" + rec.CacheKey
		r.scopeWhy = "prompt_cache_key " + strconv.Quote(rec.CacheKey)
	}
	if route, ok := s.openRouterRoute(req, base, t); ok {
		scope += "\x00" + route
		r.scopeWhy = "OpenRouter's sticky route (first system and first non-system message)"
		s.facts[prof.ID] = s.modelFacts(prof, "openrouter")
	}
	r.scope = maphash.String(seed, scope)
	r.blocks = base
	if sc.sorted || sc.move {
		r.blocks = append([]pblock(nil), base...) // the what-ifs change blocks
	}
	if sc.sorted {
		sortTools(r, s, prof)
	}
	if sc.move {
		moveVolatile(r, s, prof)
	}
	var cum uint64
	tok := 0
	for i := range r.blocks {
		b := &r.blocks[i]
		cum = mix(cum, b.h)
		b.cum = cum
		tok += b.tokens
		b.cumTok = tok
	}
	r.total = tok
	return r
}

// block cuts one block: its text, volatile ranges, hash and tokens. Tokens
// are counted per part, so a block whose only change is a volatile literal
// costs the literal's count, not the block's.
func (s *session) block(b *rules.Block, prof *rules.Profile) pblock {
	pb := pblock{section: b.Section, kind: b.Kind, role: b.Role}
	if b.Breakpoint != nil {
		pb.bp, pb.ttl = true, b.Breakpoint.TTL
	}
	if len(b.Parts) == 1 && b.Parts[0].Slot == nil {
		pb.text = b.Parts[0].Text
		pb.tokens = s.textTokens(prof, pb.text)
	} else {
		var sb strings.Builder
		for _, p := range b.Parts {
			if p.Slot != nil && p.Text == "" {
				pb.tokens += p.Slot.Tokens // an image or a document of estimated size
				sb.WriteString("\x00" + p.Slot.Name)
				continue
			}
			n := s.textTokens(prof, p.Text)
			if p.Slot != nil && p.Slot.Lifetime.Volatile() {
				pb.vol = append(pb.vol, [2]int{sb.Len(), sb.Len() + len(p.Text)})
				pb.volTok += n
			}
			pb.tokens += n
			sb.WriteString(p.Text)
		}
		pb.text = sb.String()
	}
	pb.h = blockHash(&pb)
	pb.text = s.intern(pb.h, pb.text)
	return pb
}

// openRouterRoute is the cache a request reaches through OpenRouter:
// requests go to one provider by a hash of the first system or developer
// message and the first non-system message, and the route is drawn again
// after 10 minutes idle (catalog fact openrouter/sticky-routing). Each
// route is its own cache. ok is false for other models.
func (s *session) openRouterRoute(req *rules.Request, blocks []pblock, t int64) (string, bool) {
	if !strings.HasPrefix(strings.ToLower(req.Model), "openrouter/") {
		return "", false
	}
	var sys, first uint64
	for _, b := range blocks {
		if sys == 0 && b.section == rules.SectionSystem {
			sys = b.h
		}
		if first == 0 && b.section == rules.SectionMessages {
			first = b.h
		}
	}
	key := mix(mix(maphash.String(seed, strings.ToLower(req.Model)), sys), first)
	rt := s.routes[key]
	if rt == nil || t-rt.last > int64(openRouterIdle) {
		if rt == nil {
			rt = &route{}
			s.routes[key] = rt
		}
		rt.epoch++ // a new draw: possibly another provider, a cold cache
	}
	rt.last = t
	if len(s.routes) > maxCounts {
		clear(s.routes)
	}
	return strconv.FormatUint(key, 16) + "/" + strconv.Itoa(rt.epoch), true
}

// openRouterIdle is how long OpenRouter keeps a sticky route unused.
const openRouterIdle = 10 * time.Minute

type route struct {
	last  int64
	epoch int
}

// modelFacts is a model's facts with the behaviours of a gateway or cloud
// its requests went through.
func (s *session) modelFacts(p *rules.Profile, via string) *ModelFacts {
	mf := s.facts[p.ID]
	if mf == nil {
		mf = factsOf(p, s.opts)
	}
	for _, v := range mf.Via {
		if v == via {
			return mf
		}
	}
	mf.Via = append(mf.Via, via)
	for _, f := range s.opts.Catalog.Facts[via] {
		mf.Behaviours = append(mf.Behaviours, f)
	}
	return mf
}

// mix chains a prefix hash with the next block's hash.
func mix(prefix, block uint64) uint64 {
	x := prefix*0x9E3779B97F4A7C15 ^ block
	x ^= x >> 31
	x *= 0xBF58476D1CE4E5B9
	x ^= x >> 29
	if x == 0 {
		x = 1 // 0 names a scope's latest request
	}
	return x
}

// row keeps one per-record row of the report.
func (s *session) row(rec *requests.Record, r *preq, o outcome) {
	if s.opts.KeepRecords < 0 || len(s.rep.Replay.Records) >= s.opts.KeepRecords {
		if s.opts.KeepRecords >= 0 {
			s.rep.Replay.RecordsTruncated = true
		}
		return
	}
	row := Row{Record: rec.Req.Record, Line: rec.Line, File: s.file, Model: r.model, InputTokens: r.total,
		CachedTokens: o.read, WrittenTokens: o.written, USD: round6(o.usd)}
	if !rec.Time.IsZero() {
		row.Time = rec.Time.UTC().Format(time.RFC3339Nano)
	}
	if u := rec.Usage; u != nil {
		row.ObservedInput = &u.Input
		row.ObservedCached = u.Cached
		row.ObservedWritten = u.Written
	}
	s.rep.Replay.Records = append(s.rep.Replay.Records, row)
}

// finish assembles the report.
func (s *session) finish() *Report {
	rp := &s.rep.Replay
	base := s.scens[0].total
	base.finish()
	rp.Totals = base
	for _, id := range sortedKeys(s.models) {
		m := s.models[id]
		m.finish()
		rp.Models = append(rp.Models, *m)
		rp.Facts = append(rp.Facts, *s.facts[id])
	}
	rp.Misses = s.misses.sorted()
	rp.Causes = causeTotals(s.scens[0].causes)
	for _, sc := range s.scens[1:] {
		sc.total.finish()
		rp.WhatIf = append(rp.WhatIf, WhatIf{Scenario: sc.name, Totals: sc.total,
			USDSaved: round6(base.USDSpent - sc.total.USDSpent), HitRateChange: round4(sc.total.HitRate - base.HitRate)})
	}
	rp.Assumptions = assumptions(s)
	for _, m := range s.unknownOrder {
		u := s.unknown[m]
		s.errs = append(s.errs, rules.Errorf(u.span, "%v: %d records not replayed (add the model with the config's models: file)", u.err, u.records))
	}
	rules.SortErrors(s.errs)
	for _, e := range s.errs {
		s.rep.Errors = append(s.rep.Errors, ErrorEntry{File: e.Span.File, Line: e.Span.Line, Column: e.Span.Col, Message: e.Message})
	}
	if s.rep.Errors == nil {
		s.rep.Errors = []ErrorEntry{}
	}
	if rp.ProviderAgreement.Disagreements == nil {
		rp.ProviderAgreement.Disagreements = []Disagreement{}
	}
	return s.rep
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
