package requests

import (
	"github.com/cachevet/cachevet/rules"
)

// buildAnthropic reads an Anthropic Messages request: tools, then system,
// then messages, each content block a Block, cache_control breakpoints on
// any of them, and request-level cache_control as automatic caching.
func buildAnthropic(b *builder, root *node) {
	b.req.Source, b.req.Provider, b.req.BreakpointsKnown = "anthropic", "anthropic", true
	b.model(root)
	b.req.Auto = b.breakpoint(root.get("cache_control"))
	b.anthropicTools(root.get("tools"))
	b.anthropicSystem(root.get("system"))
	b.anthropicMessages(root.get("messages"))
}

func (b *builder) anthropicTools(tools *node) {
	b.eachTool(tools, "tools", func(t *node) {
		b.add(rules.Block{
			Section: rules.SectionTools, Kind: rules.BlockTool, Message: -1,
			Parts:      b.jsonParts(t, true, "cache_control"),
			Breakpoint: b.breakpoint(t.get("cache_control")),
			Span:       b.src.nodeSpan(t),
		})
	})
}

// eachTool is the tools prologue every API shares: a missing or null list
// is none, a template value ({{ tools | tojson }}) is a template slot, and
// anything but an array of objects is an error at the value. at is the
// list's path (tools, toolConfig.tools); fn gets each tool object, with
// b.at on at[i].
func (b *builder) eachTool(tools *node, at string, fn func(t *node)) {
	if tools == nil || tools.kind == kindNull {
		return
	}
	if tools.raw { // "tools": {{ tools | tojson }}
		b.templateTools(tools)
		return
	}
	if !tools.isArray() {
		b.errorf(tools, "%s must be an array, not %s", at, tools.kind)
		return
	}
	if b.tools == nil {
		b.tools = tools
	}
	for i, t := range tools.elems {
		b.at = jsonPath{a: at, i: i + 1}
		if t.raw {
			b.templateTools(t)
			continue
		}
		if !t.isObject() {
			b.errorf(t, "a tool must be an object, not %s", t.kind)
			continue
		}
		fn(t)
	}
}

func (b *builder) anthropicSystem(sys *node) {
	switch {
	case sys == nil || sys.kind == kindNull:
	case sys.isString():
		b.at = jsonPath{a: "system"}
		b.textBlock(sys, rules.SectionSystem, "system", -1)
	case sys.isArray():
		for j, blk := range sys.elems {
			b.at = jsonPath{a: "system", i: j + 1}
			b.anthropicBlock(blk, rules.SectionSystem, "system", -1)
		}
	default:
		b.errorf(sys, "system must be a string or an array of text blocks, not %s", sys.kind)
	}
}

func (b *builder) anthropicMessages(msgs *node) {
	if msgs == nil || msgs.kind == kindNull {
		return
	}
	leading := false // Anthropic keeps the system prompt apart
	if msgs.raw {    // "messages": {{ messages | tojson }}
		b.templateMessages(msgs, 0, &leading)
		return
	}
	if !msgs.isArray() {
		b.errorf(msgs, "messages must be an array, not %s", msgs.kind)
		return
	}
	for i, m := range msgs.elems {
		if m.raw {
			b.templateMessages(m, i, &leading)
			continue
		}
		if !m.isObject() {
			b.errorf(m, "a message must be an object, not %s", m.kind)
			continue
		}
		role := m.get("role").text()
		content := m.get("content")
		switch {
		case content.isString():
			b.at = jsonPath{a: "messages", i: i + 1, b: "content"}
			b.add(rules.Block{Section: rules.SectionMessages, Role: role, Kind: rules.BlockText, Message: i,
				Parts: b.textParts(content, volatileRole(role)), Span: b.src.nodeSpan(content)})
		case content.isArray():
			for k, blk := range content.elems {
				b.at = jsonPath{a: "messages", i: i + 1, b: "content", j: k + 1}
				b.anthropicBlock(blk, rules.SectionMessages, role, i)
			}
		case content == nil:
			b.errorf(m, "message has no content")
		default:
			b.errorf(content, "content must be a string or an array of content blocks, not %s", content.kind)
		}
	}
}

// anthropicBlock reads one content block of system or a message.
func (b *builder) anthropicBlock(n *node, section rules.Section, role string, msg int) {
	if n.isString() {
		// Not valid for the API, but some SDK logs flatten text blocks.
		b.textBlock(n, section, role, msg)
		return
	}
	if !n.isObject() {
		b.errorf(n, "a content block must be an object, not %s", n.kind)
		return
	}
	blk := rules.Block{Section: section, Role: role, Message: msg, Span: b.src.nodeSpan(n),
		Breakpoint: b.breakpoint(n.get("cache_control"))}
	detect := section == rules.SectionSystem || volatileRole(role)
	typ := n.get("type").text()
	switch typ {
	case "text":
		blk.Kind = rules.BlockText
		b.at.leaf = "text"
		if t := n.get("text"); t.isString() {
			blk.Parts = b.textParts(t, detect)
		} else {
			b.errorf(n, "text block has no text")
			blk.Parts = []rules.Part{{Span: blk.Span}}
		}
	case "image":
		blk.Kind = rules.BlockImage
		blk.Parts = []rules.Part{b.anthropicMedia(n, "image")}
	case "document":
		blk.Kind = rules.BlockDocument
		blk.Parts = b.anthropicDocument(n)
	case "tool_use", "server_tool_use", "mcp_tool_use":
		blk.Kind = rules.BlockToolUse
		blk.Parts = b.jsonParts(n, false, "cache_control")
		if n.get("input").isObject() {
			b.toolUses = append(b.toolUses, n)
		}
	case "tool_result", "mcp_tool_result", "web_search_tool_result", "web_fetch_tool_result", "code_execution_tool_result",
		"bash_code_execution_tool_result", "text_editor_code_execution_tool_result", "tool_search_tool_result":
		blk.Kind = rules.BlockToolResult
		blk.Parts = b.toolResultParts(n)
	case "thinking":
		blk.Kind = rules.BlockThinking
		blk.Parts = b.fieldParts(n, "thinking")
	case "redacted_thinking":
		blk.Kind = rules.BlockThinking
		blk.Parts = b.fieldParts(n, "data")
	default:
		// search_result, container_upload and future types: their JSON
		// stands for their content.
		blk.Kind = rules.BlockText
		blk.Parts = b.jsonParts(n, detect, "cache_control")
	}
	b.add(blk)
}

// fieldParts is the text of one string member, or nothing.
func (b *builder) fieldParts(n *node, field string) []rules.Part {
	if t := n.get(field); t.isString() {
		return []rules.Part{{Text: t.str, Span: b.src.nodeSpan(t)}}
	}
	return []rules.Part{{Span: b.src.nodeSpan(n)}}
}

// toolResultParts is a tool result's content: a string, or blocks whose
// text counts and whose images count as images.
func (b *builder) toolResultParts(n *node) []rules.Part {
	c := n.get("content")
	switch {
	case c.isString():
		return []rules.Part{{Text: c.str, Span: b.src.nodeSpan(c)}}
	case c.isArray():
		var parts []rules.Part
		for _, e := range c.elems {
			switch e.get("type").text() {
			case "text":
				parts = append(parts, b.fieldParts(e, "text")...)
			case "image":
				parts = append(parts, b.anthropicMedia(e, "image"))
			default:
				parts = append(parts, b.jsonParts(e, false)...)
			}
		}
		if len(parts) > 0 {
			return parts
		}
	}
	return b.jsonParts(n, false, "cache_control")
}

// anthropicMedia is an image (or PDF) as a stable part of estimated size.
func (b *builder) anthropicMedia(n *node, name string) rules.Part {
	src := n.get("source")
	tokens := 0
	if src.get("type").text() == "base64" {
		tokens = anthropicImageTokens(src.get("data").text())
	}
	return stableSlot(name, tokens, b.src.nodeSpan(n))
}

// anthropicDocument is a document's text when it is plain text or
// content blocks; a PDF or URL document is of unknown size.
func (b *builder) anthropicDocument(n *node) []rules.Part {
	src := n.get("source")
	var parts []rules.Part
	for _, f := range []string{"title", "context"} {
		if t := n.get(f); t.isString() {
			parts = append(parts, rules.Part{Text: t.str, Span: b.src.nodeSpan(t)})
		}
	}
	switch src.get("type").text() {
	case "text":
		parts = append(parts, b.fieldParts(src, "data")...)
	case "content":
		if c := src.get("content"); c.isString() {
			parts = append(parts, rules.Part{Text: c.str, Span: b.src.nodeSpan(c)})
		} else {
			for _, e := range c.elemsOrNil() {
				parts = append(parts, b.fieldParts(e, "text")...)
			}
		}
	default:
		parts = append(parts, stableSlot("document", 0, b.src.nodeSpan(n)))
	}
	return parts
}

func (n *node) elemsOrNil() []*node {
	if n.isArray() {
		return n.elems
	}
	return nil
}
