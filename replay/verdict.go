package replay

import (
	"github.com/cachevet/cachevet/requests"
)

// ProviderVerdict is the provider's own cache diagnostics for a request,
// beside cachevet's cause.
type ProviderVerdict struct {
	// Provider is "anthropic" (diagnostics.cache_miss_reason) or "openai"
	// (prompt_cache_diagnostics).
	Provider string `json:"provider"`
	// Status: "miss" (Reason names the change), "no-change" (nothing in
	// the request changed: OpenAI cache_hit, or no Anthropic diagnostics
	// where a comparison was asked for), "comparing" (Anthropic's object
	// with a null reason: still comparing, not a hit), "not-found" (the
	// earlier response is gone), "unavailable".
	Status       string `json:"status"`
	Reason       string `json:"reason,omitempty"`
	MissedTokens *int   `json:"missed_tokens,omitempty"`
	// Agrees is whether cachevet's cause names the same change; null
	// where the verdict cannot be compared (comparing, not-found,
	// unavailable).
	Agrees *bool `json:"agrees"`
}

// Agreement counts how often cachevet's cause and the provider's verdict
// name the same change, over the requests where both speak: every miss
// with a verdict that can be compared, and every request whose provider
// names a change that cachevet did not report although the response
// read less than half what cachevet simulated.
type Agreement struct {
	Compared int `json:"compared"`
	Agreed   int `json:"agreed"`
	// StillComparing counts verdicts with a null reason: neither a hit
	// nor a miss, left out of the comparison.
	StillComparing int `json:"still_comparing"`
	// Disagreements lists where the two differ (the first
	// maxDisagreements); the provider is right there.
	Disagreements []Disagreement `json:"disagreements"`
}

// Disagreement is one request where the provider's verdict and
// cachevet's cause differ.
type Disagreement struct {
	File     string `json:"file"`
	Line     int    `json:"line"`
	Record   int    `json:"record"`
	Cachevet string `json:"cachevet"` // the cause, or "hit" when cachevet reported no miss
	Provider string `json:"provider"` // the provider's reason (or status)
}

const maxDisagreements = 100

// verdictClass is what a provider's verdict says changed, in the classes
// changeClass gives cachevet's causes; ok is false for verdicts that say
// nothing about the request (still comparing, baseline gone,
// unavailable).
func verdictClass(v *requests.CacheVerdict) (class string, ok bool) {
	switch v.Status {
	case requests.VerdictNoChange:
		return classNone, true
	case requests.VerdictMiss:
	default:
		return "", false
	}
	switch v.Reason {
	case "model_changed":
		return classModel, true
	case "system_changed":
		return classSystem, true
	case "tools_changed":
		return classTools, true
	case "messages_changed", "input_changed", "context_compacted":
		return classInput, true
	case "prompt_cache_key_changed", "service_tier_changed", "text_format_changed",
		"reasoning_effort_changed", "verbosity_changed":
		return classSettings, true
	}
	return "", false
}

// missClass is a miss's class for comparing with provider: OpenAI has no
// system prompt of its own in its verdicts (instructions are input).
func missClass(m *Miss, provider string) string {
	c := m.class
	if c == "" {
		c = classNone
	}
	if c == classSystem && provider == "openai" {
		c = classInput
	}
	return c
}

// verdictWord is how a verdict reads in the report.
func verdictWord(v *ProviderVerdict) string {
	switch v.Status {
	case requests.VerdictMiss:
		return v.Reason
	case requests.VerdictNoChange:
		return "no change"
	case requests.VerdictComparing:
		return "still comparing (a null reason: not a hit)"
	case requests.VerdictNotFound:
		return "earlier response not found"
	}
	if v.Reason != "" {
		return v.Reason
	}
	return v.Status
}

// judge puts the provider's verdict beside cachevet's: m is cachevet's
// miss (nil for none), read what cachevet simulated reading.
func (a *Agreement) judge(rec *requests.Record, file string, m *Miss, read int) {
	v := rec.Verdict
	if v == nil {
		return
	}
	pv := &ProviderVerdict{Provider: v.Provider, Status: v.Status, Reason: v.Reason, MissedTokens: v.MissedTokens}
	if v.Status == requests.VerdictComparing {
		a.StillComparing++
	}
	class, ok := verdictClass(v)
	if m != nil {
		m.Provider = pv
		if !ok {
			return
		}
		agree := missClass(m, v.Provider) == class
		pv.Agrees = &agree
		a.count(agree, rec, file, m.Cause, verdictWord(pv))
		return
	}
	// cachevet saw no miss. A provider that names a change on a request
	// that read less than half what cachevet simulated (token counts are
	// estimates: half is a miss whatever the tokenizer) was right where
	// cachevet was not; one that names a change on a request that still
	// read (an older entry) compared structure only.
	if !ok || class == classNone || rec.Usage == nil || rec.Usage.Cached == nil || 2**rec.Usage.Cached >= read {
		return
	}
	a.count(false, rec, file, "hit", verdictWord(pv))
}

func (a *Agreement) count(agree bool, rec *requests.Record, file, cachevet, provider string) {
	a.Compared++
	if agree {
		a.Agreed++
		return
	}
	if len(a.Disagreements) < maxDisagreements {
		a.Disagreements = append(a.Disagreements, Disagreement{File: file, Line: rec.Line, Record: rec.Req.Record, Cachevet: cachevet, Provider: provider})
	}
}
