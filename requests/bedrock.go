package requests

import (
	"github.com/cachevet/cachevet/internal/textpos"
	"strings"

	"github.com/cachevet/cachevet/rules"
)

// Amazon Bedrock's Converse API (and ConverseStream) takes its own body:
// toolConfig.tools, system and messages, in that render order, whose
// content blocks are objects keyed by what they hold ({"text": …},
// {"image": …}, {"toolUse": …}) instead of a "type" member. A
// {"cachePoint": {"type": "default", "ttl": "5m"|"1h"}} element ends the
// cached prefix at the block before it: it is that block's breakpoint.
// The model is the modelId member when a log keeps it, or the endpoint's
// /model/{modelId}/converse.

// bedrockBlockKeys are the members a Converse content block is keyed by.
var bedrockBlockKeys = []string{"text", "cachePoint", "image", "document", "video", "toolUse", "toolResult", "reasoningContent", "guardContent", "citationsContent"}

// bedrockTopKeys are request members only Converse has.
var bedrockTopKeys = []string{"toolConfig", "inferenceConfig", "additionalModelRequestFields", "guardrailConfig", "promptVariables", "modelId", "additionalModelResponseFieldPaths"}

// bedrockSignals reports a Converse body: a member only Converse has next
// to messages or system, or content blocks keyed by kind with no type (and
// no message content that is a string, which Converse never sends: a log
// that flattens Anthropic blocks).
func bedrockSignals(n *textpos.Node) bool {
	if !n.Has("messages") && !n.Has("system") {
		return false
	}
	for _, k := range bedrockTopKeys {
		if n.Has(k) {
			return true
		}
	}
	blocks := bedrockBlocks(n.Get("system"))
	for _, m := range n.Get("messages").ElemsOrNil() {
		switch c := m.Get("content"); {
		case c.IsString():
			return false
		case bedrockBlocks(c):
			blocks = true
		}
	}
	return blocks
}

// bedrockBlocks reports an array of Converse content blocks: objects with
// no type, each keyed by one of the block kinds.
func bedrockBlocks(n *textpos.Node) bool {
	if !n.IsArray() || len(n.Elems) == 0 {
		return false
	}
	for _, e := range n.Elems {
		if !e.IsObject() || e.Has("type") || !hasAny(e, bedrockBlockKeys) {
			return false
		}
	}
	return true
}

func hasAny(n *textpos.Node, keys []string) bool {
	for _, k := range keys {
		if n.Has(k) {
			return true
		}
	}
	return false
}

// buildBedrock reads a Converse request.
func buildBedrock(b *builder, root *textpos.Node, hint string) {
	b.req.Source, b.req.BreakpointsKnown = "bedrock-converse", true
	b.req.Options.Platform = "bedrock"
	if m := root.Get("modelId"); m.IsString() {
		b.setModel(m.Str, b.src.NodeSpan(m))
	} else if id := modelInURL(hint, "/model/", "/"); id != "" {
		b.setModel(id, rules.Span{})
	}
	if b.req.Provider == "" && b.req.Model == "" {
		b.req.Provider = "anthropic" // cachePoint's usual model; --model or the config says otherwise
	}
	b.eachTool(root.Get("toolConfig").Get("tools"), "toolConfig.tools", b.bedrockTool)
	sys := root.Get("system")
	switch {
	case sys == nil || sys.Type == textpos.TNull:
	case sys.IsString(): // not valid for Converse; a log may flatten it
		b.at = jsonPath{a: "system"}
		b.textBlock(sys, rules.SectionSystem, "system", -1)
	case sys.IsArray():
		for i, blk := range sys.Elems {
			b.at = jsonPath{a: "system", i: i + 1}
			b.bedrockBlock(blk, rules.SectionSystem, "system", -1)
		}
	default:
		b.errorf(sys, "system must be an array of system content blocks, not %s", sys.Type)
	}
	msgs := root.Get("messages")
	switch {
	case msgs == nil || msgs.Type == textpos.TNull:
	case msgs.Raw:
		leading := false
		b.templateMessages(msgs, 0, &leading)
	case !msgs.IsArray():
		b.errorf(msgs, "messages must be an array, not %s", msgs.Type)
	default:
		for i, m := range msgs.Elems {
			if !m.IsObject() {
				b.errorf(m, "a message must be an object, not %s", m.Type)
				continue
			}
			role := m.Get("role").Text()
			content := m.Get("content")
			if content.IsString() {
				// Not valid for Converse, but some logs flatten a text block.
				b.at = jsonPath{a: "messages", i: i + 1, b: "content"}
				b.textBlock(content, rules.SectionMessages, role, i)
				continue
			}
			if !content.IsArray() {
				b.errorf(m, "message content must be an array of content blocks")
				continue
			}
			for k, blk := range content.Elems {
				b.at = jsonPath{a: "messages", i: i + 1, b: "content", j: k + 1}
				b.bedrockBlock(blk, rules.SectionMessages, role, i)
			}
		}
	}
}

// modelInURL is the model an endpoint names after prefix, up to end:
// Bedrock's …/model/{modelId}/converse, Gemini's
// …/models/{model}:generateContent.
func modelInURL(hint, prefix, end string) string {
	_, rest, ok := strings.Cut(hint, prefix)
	if !ok {
		return ""
	}
	id, _, _ := strings.Cut(rest, end)
	return id
}

// bedrockTool reads one toolConfig.tools object: a toolSpec, or a
// cachePoint after the tools it caches.
func (b *builder) bedrockTool(t *textpos.Node) {
	switch {
	case t.Has("cachePoint"):
		b.cachePoint(t.Get("cachePoint"))
	default:
		spec := t.Get("toolSpec")
		if spec == nil {
			spec = t // a tool kind of its own (systemTool): its JSON stands for it
		}
		b.add(rules.Block{Section: rules.SectionTools, Kind: rules.BlockTool, Message: -1,
			Parts: b.jsonParts(spec, true), Span: b.src.NodeSpan(t)})
	}
}

// bedrockBlock reads one content block of system or a message.
func (b *builder) bedrockBlock(n *textpos.Node, section rules.Section, role string, msg int) {
	if !n.IsObject() {
		b.errorf(n, "a content block must be an object, not %s", n.Type)
		return
	}
	if cp := n.Get("cachePoint"); cp != nil {
		b.cachePoint(cp)
		return
	}
	blk := rules.Block{Section: section, Role: role, Message: msg, Span: b.src.NodeSpan(n)}
	detect := section == rules.SectionSystem || volatileRole(role)
	switch {
	case n.Get("text").IsString():
		blk.Kind = rules.BlockText
		b.at.leaf = "text"
		blk.Parts = b.textParts(n.Get("text"), detect)
	case n.Has("image"), n.Has("document"), n.Has("video"):
		blk.Kind = rules.BlockImage
		if !n.Has("image") {
			blk.Kind = rules.BlockDocument
		}
		blk.Parts = []rules.Part{stableSlot("media", 0, blk.Span)}
	case n.Has("toolUse"):
		blk.Kind = rules.BlockToolUse
		blk.Parts = b.jsonParts(n.Get("toolUse"), false)
	case n.Has("toolResult"):
		blk.Kind = rules.BlockToolResult
		blk.Parts = b.jsonParts(n.Get("toolResult"), false)
	case n.Has("reasoningContent"):
		blk.Kind = rules.BlockThinking
		blk.Parts = b.jsonParts(n.Get("reasoningContent"), false)
	default: // guardContent, citationsContent and future kinds
		blk.Kind = rules.BlockText
		blk.Parts = b.jsonParts(n, detect)
	}
	b.add(blk)
}

// cachePoint makes a cachePoint block the breakpoint of the block before
// it. One with nothing before it marks nothing.
func (b *builder) cachePoint(cp *textpos.Node) {
	if !cp.IsObject() {
		b.errorf(cp, "cachePoint must be an object, not %s", cp.Type)
		return
	}
	if len(b.req.Blocks) == 0 {
		return
	}
	last := &b.req.Blocks[len(b.req.Blocks)-1]
	if last.Breakpoint != nil {
		return // two cache points in a row mark one prefix
	}
	last.Breakpoint = &rules.Breakpoint{TTL: cp.Get("ttl").Text(), Span: b.src.NodeSpan(cp)}
}

// bedrockUsage is a Converse response's usage: inputTokens, like the
// Messages API's input_tokens, leaves out the tokens read from and written
// to the cache (cacheReadInputTokens, cacheWriteInputTokens); nil for
// another response.
func bedrockUsage(resp *textpos.Node) *Usage {
	us := resp.Get("usage")
	in, ok := intOf(us.Get("inputTokens"))
	if !ok {
		return nil
	}
	u := &Usage{Input: in, Cached: intPtr(us.Get("cacheReadInputTokens")), Written: intPtr(us.Get("cacheWriteInputTokens"))}
	if u.Cached != nil {
		u.Input += *u.Cached
	}
	if u.Written != nil {
		u.Input += *u.Written
	}
	return u
}
