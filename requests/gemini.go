package requests

import (
	"github.com/cachevet/cachevet/internal/textpos"
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
func geminiKey(n *textpos.Node, camel string) *textpos.Node {
	if v := n.Get(camel); v != nil {
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
	return n.Get(snake.String())
}

// geminiSignals reports a generateContent body: contents of {role?,
// parts} objects, or a systemInstruction with parts.
func geminiSignals(n *textpos.Node) bool {
	if si := geminiKey(n, "systemInstruction"); si.IsObject() && si.Get("parts").IsArray() {
		return true
	}
	contents := n.Get("contents")
	if !contents.IsArray() || len(contents.Elems) == 0 {
		return false
	}
	for _, c := range contents.Elems {
		if !c.IsObject() || !c.Get("parts").IsArray() {
			return false
		}
	}
	return true
}

// buildGemini reads a generateContent or cachedContents.create body.
func buildGemini(b *builder, root *textpos.Node, hint string) {
	b.req.Source, b.req.Provider, b.req.BreakpointsKnown = "gemini", "google", true
	if m := root.Get("model"); m.IsString() {
		b.setModel(m.Str, b.src.NodeSpan(m))
	} else if id := modelInURL(hint, "/models/", ":"); id != "" {
		b.setModel(id, rules.Span{})
	}
	ttl := geminiKey(root, "ttl")
	b.req.Stored = strings.Contains(strings.ToLower(hint), "/cachedcontents") || ttl != nil || geminiKey(root, "expireTime") != nil
	if cc := geminiKey(root, "cachedContent"); cc.IsString() {
		// The explicit cache the request reads: stable content of unknown
		// size, ending at a cache point; its own create body is checked
		// where it is.
		b.at = jsonPath{a: "cachedContent"}
		span := b.src.NodeSpan(cc)
		b.add(rules.Block{Section: rules.SectionSystem, Role: "system", Kind: rules.BlockText, Message: -1, Span: span,
			Parts:      []rules.Part{{Text: cc.Str, Span: span, Slot: &rules.Slot{Name: cc.Str, Kind: rules.KindOther, Lifetime: rules.LifeStable, Why: "explicit cache"}}},
			Breakpoint: &rules.Breakpoint{TTL: "1h", Span: span}})
	}
	b.geminiTools(root.Get("tools"))
	if si := geminiKey(root, "systemInstruction"); si != nil && si.Type != textpos.TNull {
		b.geminiContent(si, "systemInstruction", 0, rules.SectionSystem, "system", -1)
	}
	contents := root.Get("contents")
	switch {
	case contents == nil || contents.Type == textpos.TNull:
	case contents.Raw:
		leading := false
		b.templateMessages(contents, 0, &leading)
	case contents.IsString():
		b.geminiContent(contents, "contents", 0, rules.SectionMessages, "user", 0)
	case !contents.IsArray():
		b.errorf(contents, "contents must be an array, not %s", contents.Type)
	default:
		for i, c := range contents.Elems {
			role := c.Get("role").Text()
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
		if ttl.IsString() {
			span, t = b.src.NodeSpan(ttl), geminiTTL(ttl.Str)
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
func (b *builder) geminiTools(tools *textpos.Node) {
	b.eachTool(tools, "tools", func(t *textpos.Node) {
		decls := geminiKey(t, "functionDeclarations")
		if !decls.IsArray() {
			b.add(rules.Block{Section: rules.SectionTools, Kind: rules.BlockTool, Message: -1, Parts: b.jsonParts(t, true), Span: b.src.NodeSpan(t)})
			return
		}
		for _, d := range decls.Elems {
			b.add(rules.Block{Section: rules.SectionTools, Kind: rules.BlockTool, Message: -1, Parts: b.jsonParts(d, true), Span: b.src.NodeSpan(d)})
		}
	})
}

// geminiContent reads one Content: its parts, each a block. A string
// stands for one text part, as the SDKs accept it.
func (b *builder) geminiContent(c *textpos.Node, at string, i int, section rules.Section, role string, msg int) {
	if c.IsString() {
		b.at = jsonPath{a: at, i: i}
		b.textBlock(c, section, role, msg)
		return
	}
	if !c.IsObject() {
		b.errorf(c, "a content must be an object, not %s", c.Type)
		return
	}
	parts := c.Get("parts")
	if !parts.IsArray() {
		b.errorf(c, "a content must have an array of parts")
		return
	}
	detect := section == rules.SectionSystem || volatileRole(role)
	for k, p := range parts.Elems {
		b.at = jsonPath{a: at, i: i, b: "parts", j: k + 1}
		if !p.IsObject() {
			b.errorf(p, "a part must be an object, not %s", p.Type)
			continue
		}
		blk := rules.Block{Section: section, Role: role, Message: msg, Span: b.src.NodeSpan(p)}
		switch {
		case p.Get("text").IsString():
			blk.Kind = rules.BlockText
			b.at.leaf = "text"
			blk.Parts = b.textParts(p.Get("text"), detect)
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
