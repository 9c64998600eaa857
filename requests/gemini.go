package requests

import (
	"strings"

	"github.com/cachevet/cachevet/rules"
)

// The Gemini API's generateContent (and streamGenerateContent) body:
// cachedContent (an explicit cache the request reads), tools,
// systemInstruction, then contents, each content a role and parts. The
// REST API takes camelCase member names and the proto names in
// snake_case; both are read. The model is in the endpoint
// (…/models/{model}:generateContent) or, in logs and cache bodies, a model
// member. A cachedContents.create body (the same members plus ttl or
// expireTime) stores its content: it is read as a stored request whose
// last block is the cache point.

// geminiKey returns member key of n under its camelCase or snake_case
// name.
func geminiKey(n *node, camel string) *node {
	if v := n.get(camel); v != nil {
		return v
	}
	var snake strings.Builder
	for _, r := range camel {
		if r >= 'A' && r <= 'Z' {
			snake.WriteByte('_')
			r += 'a' - 'A'
		}
		snake.WriteRune(r)
	}
	return n.get(snake.String())
}

// geminiSignals reports a generateContent body: contents of {role?,
// parts} objects, or a systemInstruction with parts.
func geminiSignals(n *node) bool {
	if si := geminiKey(n, "systemInstruction"); si.isObject() && si.get("parts").isArray() {
		return true
	}
	contents := n.get("contents")
	if !contents.isArray() || len(contents.elems) == 0 {
		return false
	}
	for _, c := range contents.elems {
		if !c.isObject() || !c.get("parts").isArray() {
			return false
		}
	}
	return true
}

// buildGemini reads a generateContent or cachedContents.create body.
func buildGemini(b *builder, root *node, hint string) {
	b.req.Source, b.req.Provider, b.req.BreakpointsKnown = "gemini", "google", true
	if m := root.get("model"); m.isString() {
		b.setModel(m.str, b.src.nodeSpan(m))
	} else if id := modelInURL(hint, "/models/", ":"); id != "" {
		b.setModel(id, rules.Span{})
	}
	ttl := geminiKey(root, "ttl")
	b.req.Stored = strings.Contains(strings.ToLower(hint), "/cachedcontents") || ttl != nil || geminiKey(root, "expireTime") != nil
	if cc := geminiKey(root, "cachedContent"); cc.isString() {
		// The explicit cache the request reads: stable content of unknown
		// size, ending at a cache point; its own create body is checked
		// where it is.
		b.at = jsonPath{a: "cachedContent"}
		span := b.src.nodeSpan(cc)
		b.add(rules.Block{Section: rules.SectionSystem, Role: "system", Kind: rules.BlockText, Message: -1, Span: span,
			Parts:      []rules.Part{{Text: cc.str, Span: span, Slot: &rules.Slot{Name: cc.str, Kind: rules.KindOther, Lifetime: rules.LifeStable, Why: "explicit cache"}}},
			Breakpoint: &rules.Breakpoint{TTL: "1h", Span: span}})
	}
	b.geminiTools(root.get("tools"))
	if si := geminiKey(root, "systemInstruction"); si != nil && si.kind != kindNull {
		b.geminiContent(si, "systemInstruction", 0, rules.SectionSystem, "system", -1)
	}
	contents := root.get("contents")
	switch {
	case contents == nil || contents.kind == kindNull:
	case contents.raw:
		leading := false
		b.templateMessages(contents, 0, &leading)
	case contents.isString():
		b.geminiContent(contents, "contents", 0, rules.SectionMessages, "user", 0)
	case !contents.isArray():
		b.errorf(contents, "contents must be an array, not %s", contents.kind)
	default:
		for i, c := range contents.elems {
			role := c.get("role").text()
			if role == "model" {
				role = "assistant"
			} else if role == "" {
				role = "user"
			}
			b.geminiContent(c, "contents", i+1, rules.SectionMessages, role, i)
		}
	}
	if b.req.Stored && len(b.req.Blocks) > 0 {
		last := &b.req.Blocks[len(b.req.Blocks)-1]
		span := b.req.Span
		t := "1h" // the API's default lifetime
		if ttl.isString() {
			span, t = b.src.nodeSpan(ttl), geminiTTL(ttl.str)
		}
		last.Breakpoint = &rules.Breakpoint{TTL: t, Span: span}
	}
}

// geminiTTL names a Duration written in seconds ("3600s") as the catalog
// names it ("1h"), or "" for another lifetime.
func geminiTTL(s string) string {
	if s == "3600s" || s == "3600.0s" {
		return "1h"
	}
	return ""
}

// geminiTools reads tools: each function declaration is a tool; a tool of
// another kind (googleSearch, codeExecution) is one block.
func (b *builder) geminiTools(tools *node) {
	b.eachTool(tools, "tools", func(t *node) {
		decls := geminiKey(t, "functionDeclarations")
		if !decls.isArray() {
			b.add(rules.Block{Section: rules.SectionTools, Kind: rules.BlockTool, Message: -1, Parts: b.jsonParts(t, true), Span: b.src.nodeSpan(t)})
			return
		}
		for _, d := range decls.elems {
			b.add(rules.Block{Section: rules.SectionTools, Kind: rules.BlockTool, Message: -1, Parts: b.jsonParts(d, true), Span: b.src.nodeSpan(d)})
		}
	})
}

// geminiContent reads one Content: its parts, each a block. A string
// stands for one text part, as the SDKs accept it.
func (b *builder) geminiContent(c *node, at string, i int, section rules.Section, role string, msg int) {
	if c.isString() {
		b.at = jsonPath{a: at, i: i}
		b.textBlock(c, section, role, msg)
		return
	}
	if !c.isObject() {
		b.errorf(c, "a content must be an object, not %s", c.kind)
		return
	}
	parts := c.get("parts")
	if !parts.isArray() {
		b.errorf(c, "a content must have an array of parts")
		return
	}
	detect := section == rules.SectionSystem || volatileRole(role)
	for k, p := range parts.elems {
		b.at = jsonPath{a: at, i: i, b: "parts", j: k + 1}
		if !p.isObject() {
			b.errorf(p, "a part must be an object, not %s", p.kind)
			continue
		}
		blk := rules.Block{Section: section, Role: role, Message: msg, Span: b.src.nodeSpan(p)}
		switch {
		case p.get("text").isString():
			blk.Kind = rules.BlockText
			b.at.leaf = "text"
			blk.Parts = b.textParts(p.get("text"), detect)
		case geminiKey(p, "inlineData") != nil, geminiKey(p, "fileData") != nil:
			blk.Kind = rules.BlockImage
			blk.Parts = []rules.Part{stableSlot("media", 0, blk.Span)}
		case geminiKey(p, "functionCall") != nil:
			blk.Kind = rules.BlockToolUse
			blk.Parts = b.jsonParts(p, false)
		case geminiKey(p, "functionResponse") != nil:
			blk.Kind = rules.BlockToolResult
			blk.Parts = b.jsonParts(p, false)
		default:
			blk.Kind = rules.BlockText
			blk.Parts = b.jsonParts(p, detect)
		}
		b.add(blk)
	}
}
