package rules

import "fmt"

// CacheOptions are request-level cache settings as a request sends them,
// each with where it is written. Readers fill what their source shows;
// rule PC011 judges them against the model.
type CacheOptions struct {
	// TTL is a lifetime set for the whole request: OpenAI's
	// prompt_cache_options.ttl.
	TTL *Setting `json:"ttl,omitempty"`
	// Retention is OpenAI's prompt_cache_retention (in_memory, 24h), the
	// setting of models before GPT-5.6.
	Retention *Setting `json:"retention,omitempty"`
	// Diagnostics is Anthropic's diagnostics object in the body; its Value
	// is diagnostics.previous_message_id ("" when missing, "null" for the
	// first turn's opt-in).
	Diagnostics *Setting `json:"diagnostics,omitempty"`
	// DiagnosticsHeader is the cache-diagnosis beta header, where the
	// source shows headers (a logged record, a Go request option).
	DiagnosticsHeader *Setting `json:"diagnostics_header,omitempty"`
	// Platform is the cloud a Claude request goes to instead of the Claude
	// API: "bedrock" or "vertex"; "" for the provider's own API.
	Platform string `json:"platform,omitempty"`
}

// Setting is one option's value and where it is written.
type Setting struct {
	Value string `json:"value"`
	Span  Span   `json:"span"`
}

// PC011 is the code of the invalid-cache-option rule.
const PC011 = "PC011"

// invalidOption reports PC011: cache options the provider rejects (an
// error) or silently ignores (a warning), as written in the request.
func (c *checker) invalidOption() {
	o := &c.req.Options
	if o.TTL != nil && c.p.Mode == ModeBreakpoint {
		if _, err := c.p.TTL(o.TTL.Value); err != nil {
			c.report(PC011, SeverityError, o.TTL.Span, "ttl:"+o.TTL.Value,
				fmt.Sprintf("prompt_cache_options.ttl %q is not a lifetime %s offers (%s), so the request is rejected", o.TTL.Value, c.p.ID, c.ttlNames()), nil)
		}
		if o.Retention != nil && c.p.Mode == ModeBreakpoint {
			c.report(PC011, SeverityError, o.Retention.Span, "ttl-and-retention",
				fmt.Sprintf("prompt_cache_retention %q is sent with prompt_cache_options.ttl: %s takes only the ttl, and a request with both is rejected", o.Retention.Value, c.p.ID),
				nil, Related{o.TTL.Span, "prompt_cache_options.ttl"})
		}
	}
	if a := c.req.Auto; a != nil && a.TTL != "" && c.p.Breakpoints() && !c.offers(a.TTL) {
		c.report(PC011, SeverityError, a.Span, "ttl:"+a.TTL,
			fmt.Sprintf("automatic caching ttl %q is not a lifetime %s offers (%s), so the request is rejected", a.TTL, c.p.ID, c.ttlNames()), nil)
	}
	for _, bi := range c.req.Breakpoints() {
		bp := c.req.Blocks[bi].Breakpoint
		switch {
		case bp.Rejected != "":
			c.report(PC011, SeverityError, bp.Span, "rejected-breakpoint", bp.Rejected+", so the request is rejected with a 400", nil)
		case bp.TTL != "" && c.p.Breakpoints() && !c.offers(bp.TTL) && (o.TTL == nil || bp.TTL != o.TTL.Value):
			// A TTL the breakpoint inherits from the request is reported there.
			c.report(PC011, SeverityError, bp.Span, "ttl:"+bp.TTL,
				fmt.Sprintf("cache breakpoint ttl %q is not a lifetime %s offers (%s), so the request is rejected", bp.TTL, c.p.ID, c.ttlNames()), nil)
		}
	}
	c.diagnostics()
}

// offers reports whether the model offers a TTL by that name or duration
// (a framework that turns a time.Duration into the marker writes "1h0m0s").
// Only providers whose TTLs are a fixed list are judged: a Gemini explicit
// cache takes any lifetime.
func (c *checker) offers(name string) bool {
	_, err := c.p.TTL(name)
	return err == nil
}

func (c *checker) ttlNames() string {
	s := ""
	for i, t := range c.p.TTLs {
		if i > 0 {
			s += ", "
		}
		s += t.Name
	}
	return s
}

// diagnostics reports Anthropic cache diagnostics that cannot work: sent
// to a cloud that does not offer them, or asked for with no previous
// message to compare with.
func (c *checker) diagnostics() {
	o := &c.req.Options
	d, h := o.Diagnostics, o.DiagnosticsHeader
	switch {
	case d != nil && o.Platform != "":
		c.report(PC011, SeverityError, d.Span, "diagnostics-platform",
			fmt.Sprintf("cache diagnostics are a Claude API feature: %s does not take the diagnostics field, so the request is rejected; send it only to the Claude API", platformName(o.Platform)), nil)
	case d != nil && d.Value == "":
		c.report(PC011, SeverityWarning, d.Span, "diagnostics-no-id",
			"diagnostics has no previous_message_id, so it is ignored: set it to the id of a message Anthropic returned for the previous request", nil)
	case d == nil && h != nil:
		c.report(PC011, SeverityWarning, h.Span, "diagnostics-header-only",
			"the cache-diagnosis header alone does nothing: the body must carry diagnostics.previous_message_id, the id of a message Anthropic returned", nil)
	}
}

func platformName(p string) string {
	switch p {
	case "bedrock":
		return "Amazon Bedrock"
	case "vertex":
		return "Vertex AI"
	}
	return p
}
