package requests

import (
	"strings"

	"github.com/cachevet/cachevet/rules"
)

// anthropicOptions reads the cache settings of a Messages body that rule
// PC011 judges: the diagnostics object, and the cloud the body goes to
// when it is not the Claude API (Vertex AI and Bedrock's InvokeModel take
// the Messages body with an anthropic_version of their own and the model
// in the URL).
func (b *builder) anthropicOptions(root *node, hint string) {
	if d := root.get("diagnostics"); d.isObject() {
		// previous_message_id null opts in on a conversation's first turn,
		// with nothing to compare yet (the SDKs' documentation).
		id := d.get("previous_message_id")
		v := id.text()
		if id != nil && id.kind == kindNull {
			v = "null"
		}
		b.req.Options.Diagnostics = &rules.Setting{Value: v, Span: b.src.nodeSpan(d)}
	}
	version := strings.ToLower(root.get("anthropic_version").text())
	h := strings.ToLower(hint)
	switch {
	case strings.HasPrefix(version, "vertex-"), strings.Contains(h, "aiplatform.googleapis.com"), strings.Contains(h, ":rawpredict"), strings.Contains(h, ":streamrawpredict"):
		b.req.Options.Platform = "vertex"
	case strings.HasPrefix(version, "bedrock-"), strings.Contains(h, "bedrock-runtime"), strings.Contains(h, "/invoke"):
		b.req.Options.Platform = "bedrock"
	}
}

// diagnosisBeta is the prefix of Anthropic's cache-diagnostics beta header
// value (cache-diagnosis-2026-04-07).
const diagnosisBeta = "cache-diagnosis-"

// recordHeaders reads, from a logged record that keeps the request's
// headers ({"headers": …} beside or inside the request), an anthropic-beta
// header asking for cache diagnostics.
func (b *builder) recordHeaders() {
	if b.req.Provider != "anthropic" || b.rec == nil || !inline(b.rec, b.body) {
		return // a body held in a string has its own positions
	}
	for _, holder := range []*node{b.rec, b.rec.get("request")} {
		for _, m := range holder.get("headers").membersOrNil() {
			if strings.EqualFold(m.key, "anthropic-beta") && strings.Contains(m.val.text(), diagnosisBeta) {
				b.req.Options.DiagnosticsHeader = &rules.Setting{Value: m.val.text(), Span: b.src.nodeSpan(m.val)}
				return
			}
		}
	}
}

// inline reports whether body is rec or a value written inside it (not a
// JSON string it holds), so that both share one source.
func inline(rec, body *node) bool {
	for n := rec; n != nil; {
		if n == body {
			return true
		}
		next := (*node)(nil)
		for _, m := range n.membersOrNil() {
			if m.val != nil && m.val.kind == kindObject && m.val.start <= body.start && body.end <= m.val.end {
				next = m.val
			}
		}
		n = next
	}
	return false
}
