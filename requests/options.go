package requests

import (
	"github.com/cachevet/cachevet/internal/textpos"
	"strings"

	"github.com/cachevet/cachevet/rules"
)

// anthropicOptions reads the cache settings of a Messages body that rule
// PC011 judges: the diagnostics object, and the cloud the body goes to
// when it is not the Claude API (Vertex AI and Bedrock's InvokeModel take
// the Messages body with an anthropic_version of their own and the model
// in the URL).
func (b *builder) anthropicOptions(root *textpos.Node, hint string) {
	if d := root.Get("diagnostics"); d.IsObject() {
		// previous_message_id null opts in on a conversation's first turn,
		// with nothing to compare yet (the SDKs' documentation).
		id := d.Get("previous_message_id")
		v := id.Text()
		if id != nil && id.Type == textpos.TNull {
			v = "null"
		}
		b.req.Options.Diagnostics = &rules.Setting{Value: v, Span: b.src.NodeSpan(d)}
	}
	version := strings.ToLower(root.Get("anthropic_version").Text())
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
	for _, holder := range []*textpos.Node{b.rec, b.rec.Get("request")} {
		for _, m := range holder.Get("headers").MembersOrNil() {
			if strings.EqualFold(m.Key, "anthropic-beta") && strings.Contains(m.Val.Text(), diagnosisBeta) {
				b.req.Options.DiagnosticsHeader = &rules.Setting{Value: m.Val.Text(), Span: b.src.NodeSpan(m.Val)}
				return
			}
		}
	}
}

// inline reports whether body is rec or a value written inside it (not a
// JSON string it holds), so that both share one source.
func inline(rec, body *textpos.Node) bool {
	for n := rec; n != nil; {
		if n == body {
			return true
		}
		next := (*textpos.Node)(nil)
		for _, m := range n.MembersOrNil() {
			if m.Val != nil && m.Val.Type == textpos.TObject && m.Val.Start <= body.Start && body.End <= m.Val.End {
				next = m.Val
			}
		}
		n = next
	}
	return false
}
