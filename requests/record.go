package requests

import (
	"github.com/cachevet/cachevet/internal/textpos"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/cachevet/cachevet/rules"
)

// Record is one request read from a log, a request array, a cassette or a
// single body, with what the record around the body says: when it was sent,
// what the response reported about the cache, and the OpenAI cache-routing
// fields of the body. Options.Records receives it.
type Record struct {
	Req *rules.Request
	// Line is the 1-based line the request body starts on.
	Line int
	// Time is when the request was sent: the record's timestamp field
	// (timestamp, time, ts, @timestamp, created_at, start_time, startTime,
	// request_time, recorded_at) or the response's created / created_at;
	// zero when the record names none.
	Time time.Time
	// Usage is what the response reported; nil when the record holds no
	// response usage.
	Usage *Usage
	// CacheKey is OpenAI's prompt_cache_key, Retention its
	// prompt_cache_retention ("in_memory", "24h"), both "" when absent.
	CacheKey, Retention string
	// Verdict is the provider's own cache diagnostics in the response;
	// nil when it carries none.
	Verdict *CacheVerdict
	paths   []jsonPath
}

// CacheVerdict is what a provider's cache diagnostics said about a
// request: Anthropic's diagnostics.cache_miss_reason (requested with
// diagnostics.previous_message_id) or OpenAI's prompt_cache_diagnostics
// (requested with prompt_cache_options.comparison_response_id).
type CacheVerdict struct {
	Provider string // "anthropic" or "openai"
	// Status is VerdictMiss (Reason names what changed), VerdictNoChange
	// (OpenAI cache_hit; Anthropic: a comparison was asked for and no
	// diagnostics object came back), VerdictComparing (Anthropic: the
	// object with a null reason), VerdictNotFound (the earlier response
	// is gone) or VerdictUnavailable.
	Status string
	// Reason is the provider's word: model_changed, system_changed,
	// tools_changed, messages_changed (Anthropic); model_changed,
	// prompt_cache_key_changed, tools_changed, input_changed, … (OpenAI).
	Reason string
	// MissedTokens is the provider's estimate of the tokens after the
	// divergence; nil when not given.
	MissedTokens *int
}

// Verdict statuses.
const (
	VerdictMiss        = "miss"
	VerdictNoChange    = "no-change"
	VerdictComparing   = "comparing"
	VerdictNotFound    = "not-found"
	VerdictUnavailable = "unavailable"
)

// verdictOf reads a response's cache diagnostics. body is the request,
// which tells whether Anthropic was asked to compare.
func verdictOf(resp, body *textpos.Node) *CacheVerdict {
	if p := resp.Get("prompt_cache_diagnostics"); p.IsObject() {
		v := &CacheVerdict{Provider: "openai", Reason: p.Get("reason").Text()}
		switch p.Get("type").Text() {
		case "cache_hit":
			v.Status = VerdictNoChange
		case "cache_miss":
			v.Status, v.MissedTokens = VerdictMiss, intPtr(p.Get("cache_missed_tokens"))
		case "comparison_response_not_found":
			v.Status = VerdictNotFound
		case "unavailable":
			v.Status = VerdictUnavailable
		default:
			return nil
		}
		return v
	}
	asked := body.Get("diagnostics").Get("previous_message_id")
	d := resp.Get("diagnostics")
	if !d.IsObject() {
		// Asked, answered, and no diagnostics: the comparison found no
		// divergence.
		if asked.IsString() && asked.Text() != "" && resp.IsObject() && (resp.Has("usage") || resp.Has("id")) {
			return &CacheVerdict{Provider: "anthropic", Status: VerdictNoChange}
		}
		return nil
	}
	reason := d.Get("cache_miss_reason")
	if !reason.IsObject() {
		if asked != nil && !asked.IsString() {
			return nil // the first turn (previous_message_id null): nothing to compare
		}
		return &CacheVerdict{Provider: "anthropic", Status: VerdictComparing}
	}
	v := &CacheVerdict{Provider: "anthropic", Reason: reason.Get("type").Text()}
	switch v.Reason {
	case "":
		return nil
	case "previous_message_not_found":
		v.Status = VerdictNotFound
	case "unavailable":
		v.Status = VerdictUnavailable
	default:
		v.Status, v.MissedTokens = VerdictMiss, intPtr(reason.Get("cache_missed_input_tokens"))
	}
	return v
}

// Usage is a response's input-token accounting, normalized: Input counts
// every input token, cached and written ones included (Anthropic reports
// input_tokens after the last breakpoint only; it is added up here).
// Cached and Written are nil when the response does not report them.
type Usage struct {
	Input   int
	Cached  *int
	Written *int
}

// Path is the JSON path of block i in the request body
// ("system[0].text", "messages[3].content", "tools[2]").
func (r *Record) Path(i int) string {
	if i < 0 || i >= len(r.paths) {
		return ""
	}
	return r.paths[i].String()
}

// jsonPath is where a block sits in its body, kept unformatted until asked
// for: a[i-1].b[j-1].leaf, with i or j 0 when absent.
type jsonPath struct {
	a    string
	i    int
	b    string
	j    int
	leaf string
}

func (p jsonPath) String() string {
	var w pathWriter
	for _, seg := range []struct {
		name string
		idx  int
	}{{p.a, p.i}, {p.b, p.j}, {p.leaf, 0}} {
		if seg.name != "" {
			w.fragment(seg.name)
		}
		if seg.idx > 0 {
			w.index(seg.idx - 1)
		}
	}
	return w.String()
}

// timeKeys are the record members that give when a request was sent, in
// the order they are tried.
var timeKeys = []string{"timestamp", "time", "ts", "@timestamp", "start_time", "startTime", "request_time",
	"requested_at", "recorded_at", "created_at", "createdAt", "startTimeUnixNano", "date"}

// record gathers the Record of a built request.
func (b *builder) record() *Record {
	r := &Record{Req: b.req, Line: b.req.Span.Line, paths: b.paths}
	root := b.rec
	if root == nil {
		root = b.body
	}
	resp := responseOf(root)
	for _, k := range timeKeys {
		if t, ok := parseTime(root.Get(k)); ok {
			r.Time = t
			break
		}
	}
	if r.Time.IsZero() {
		for _, k := range []string{"created", "created_at"} {
			if t, ok := parseTime(resp.Get(k)); ok {
				r.Time = t
				break
			}
		}
	}
	r.Usage = usageOf(resp)
	if r.Usage == nil {
		r.Usage = usageOf(root)
	}
	if body := b.body; body != nil {
		r.CacheKey = body.Get("prompt_cache_key").Text()
		r.Retention = body.Get("prompt_cache_retention").Text()
	}
	r.Verdict = verdictOf(resp, b.body)
	return r
}

// responseOf finds the response in a log record: {"response": …} (an
// object, or JSON in a string), a cassette interaction's response body,
// a batch output's response.body.
func responseOf(rec *textpos.Node) *textpos.Node {
	resp := rec.Get("response")
	for range 3 {
		switch {
		case resp.IsString():
			resp = parseLoose(resp.Str)
		case resp.Get("body") != nil && !resp.Has("usage") && !resp.Has("usageMetadata"):
			body := resp.Get("body")
			if s := body.Get("string"); s.IsString() {
				body = s
			}
			resp = body
		default:
			return resp
		}
	}
	return resp
}

// parseLoose parses JSON held in a string, or returns nil.
func parseLoose(s string) *textpos.Node {
	t := strings.TrimSpace(s)
	if t == "" || t[0] != '{' {
		return nil
	}
	n, err := textpos.ParseJSON([]byte(t))
	if err != nil {
		return nil
	}
	return n
}

// usageOf reads the usage of a response: Anthropic (input_tokens,
// cache_read_input_tokens, cache_creation_input_tokens), OpenAI Chat
// (prompt_tokens, prompt_tokens_details.cached_tokens and
// cache_write_tokens; DeepSeek's prompt_cache_hit_tokens), Responses (input_tokens, input_tokens_details),
// Gemini (usageMetadata.promptTokenCount, cachedContentTokenCount).
func usageOf(resp *textpos.Node) *Usage {
	if u := bedrockUsage(resp); u != nil {
		return u
	}
	if m := resp.Get("usageMetadata"); m.IsObject() {
		in, ok := intOf(m.Get("promptTokenCount"))
		if !ok {
			return nil
		}
		u := &Usage{Input: in}
		u.Cached = intPtr(m.Get("cachedContentTokenCount"))
		return u
	}
	us := resp.Get("usage")
	if !us.IsObject() {
		return nil
	}
	if pt, ok := intOf(us.Get("prompt_tokens")); ok {
		u := &Usage{Input: pt}
		d := us.Get("prompt_tokens_details")
		u.Cached, u.Written = intPtr(d.Get("cached_tokens")), intPtr(d.Get("cache_write_tokens"))
		if u.Cached == nil { // gateways that copy Anthropic's fields into Chat usage
			u.Cached = intPtr(us.Get("cache_read_input_tokens"))
		}
		if u.Cached == nil { // DeepSeek
			u.Cached = intPtr(us.Get("prompt_cache_hit_tokens"))
		}
		if u.Written == nil {
			u.Written = intPtr(us.Get("cache_creation_input_tokens"))
		}
		return u
	}
	in, ok := intOf(us.Get("input_tokens"))
	if !ok {
		return nil
	}
	u := &Usage{Input: in}
	if d := us.Get("input_tokens_details"); d.IsObject() {
		// Responses: input_tokens includes the cached ones.
		u.Cached, u.Written = intPtr(d.Get("cached_tokens")), intPtr(d.Get("cache_write_tokens"))
		return u
	}
	// Anthropic: input_tokens counts only what follows the last breakpoint.
	u.Cached, u.Written = intPtr(us.Get("cache_read_input_tokens")), intPtr(us.Get("cache_creation_input_tokens"))
	if u.Cached != nil {
		u.Input += *u.Cached
	}
	if u.Written != nil {
		u.Input += *u.Written
	}
	return u
}

func intOf(n *textpos.Node) (int, bool) {
	if n == nil || n.Type != textpos.TNumber && n.Type != textpos.TString {
		return 0, false
	}
	f, err := strconv.ParseFloat(n.Str, 64)
	if err != nil || f < 0 || f > math.MaxInt32 || f != math.Trunc(f) {
		return 0, false
	}
	return int(f), true
}

func intPtr(n *textpos.Node) *int {
	v, ok := intOf(n)
	if !ok {
		return nil
	}
	return &v
}

// timeLayouts are the string forms a log's time takes; a time without a
// zone is UTC.
var timeLayouts = []string{time.RFC3339Nano, "2006-01-02T15:04:05.999999999", "2006-01-02 15:04:05.999999999Z07:00",
	"2006-01-02 15:04:05.999999999", time.RFC1123, time.RFC1123Z, "Mon, 2 Jan 2006 15:04:05 MST"}

// parseTime reads a time: a string in one of timeLayouts, or a Unix time
// in seconds, milliseconds, microseconds or nanoseconds (told apart by
// magnitude), as a number or a string of digits. Times outside 2001–2100
// are not times.
func parseTime(n *textpos.Node) (time.Time, bool) {
	if n == nil {
		return time.Time{}, false
	}
	var t time.Time
	switch n.Type {
	case textpos.TNumber:
		f, err := strconv.ParseFloat(n.Str, 64)
		if err != nil {
			return t, false
		}
		t = epoch(f)
	case textpos.TString:
		s := strings.TrimSpace(n.Str)
		if s != "" && strings.Trim(s, "0123456789.") == "" {
			f, err := strconv.ParseFloat(s, 64)
			if err != nil {
				return t, false
			}
			t = epoch(f)
			break
		}
		for _, l := range timeLayouts {
			if v, err := time.Parse(l, s); err == nil {
				t = v.UTC()
				break
			}
		}
	default:
		return t, false
	}
	if t.Year() < 2001 || t.Year() > 2100 {
		return time.Time{}, false
	}
	return t, true
}

func epoch(f float64) time.Time {
	switch {
	case f < 1e11:
		sec, frac := math.Modf(f)
		return time.Unix(int64(sec), int64(math.Round(frac*1e9))).UTC()
	case f < 1e14:
		return time.UnixMilli(int64(f)).UTC()
	case f < 1e17:
		return time.UnixMicro(int64(f)).UTC()
	}
	return time.Unix(0, int64(f)).UTC()
}
