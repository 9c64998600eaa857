package requests

import (
	"github.com/cachevet/cachevet/internal/textpos"
	"github.com/cachevet/cachevet/rules"
)

// buildAnthropic reads an Anthropic Messages request: tools, then system,
// then messages, each content block a Block, cache_control breakpoints on
// any of them, and request-level cache_control as automatic caching.
func buildAnthropic(b *builder, root *textpos.Node) {
	b.req.Source, b.req.Provider, b.req.BreakpointsKnown = "anthropic", "anthropic", true
	b.model(root)
	b.req.Auto = b.breakpoint(root.Get("cache_control"))
	b.anthropicTools(root.Get("tools"))
	b.anthropicSystem(root.Get("system"))
	b.anthropicMessages(root.Get("messages"))
}

func (b *builder) anthropicTools(tools *textpos.Node) {
	b.eachTool(tools, "tools", func(t *textpos.Node) {
		b.add(rules.Block{
			Section: rules.SectionTools, Kind: rules.BlockTool, Message: -1,
			Parts:      b.jsonParts(t, true, "cache_control"),
			Breakpoint: b.breakpoint(t.Get("cache_control")),
			Span:       b.src.NodeSpan(t),
		})
	})
}

// eachTool is the tools prologue every API shares: a missing or null list
// is none, a template value ({{ tools | tojson }}) is a template slot, and
// anything but an array of objects is an error at the value. at is the
// list's path (tools, toolConfig.tools); fn gets each tool object, with
// b.at on at[i].
func (b *builder) eachTool(tools *textpos.Node, at string, fn func(t *textpos.Node)) {
	if tools == nil || tools.Type == textpos.TNull {
		return
	}
	if tools.Raw { // "tools": {{ tools | tojson }}
		b.templateTools(tools)
		return
	}
	if !tools.IsArray() {
		b.errorf(tools, "%s must be an array, not %s", at, tools.Type)
		return
	}
	if b.tools == nil {
		b.tools = tools
	}
	for i, t := range tools.Elems {
		b.at = jsonPath{a: at, i: i + 1}
		if t.Raw {
			b.templateTools(t)
			continue
		}
		if !t.IsObject() {
			b.errorf(t, "a tool must be an object, not %s", t.Type)
			continue
		}
		fn(t)
	}
}

func (b *builder) anthropicSystem(sys *textpos.Node) {
	switch {
	case sys == nil || sys.Type == textpos.TNull:
	case sys.IsString():
		b.at = jsonPath{a: "system"}
		b.textBlock(sys, rules.SectionSystem, "system", -1)
	case sys.IsArray():
		for j, blk := range sys.Elems {
			b.at = jsonPath{a: "system", i: j + 1}
			b.anthropicBlock(blk, rules.SectionSystem, "system", -1)
		}
	default:
		b.errorf(sys, "system must be a string or an array of text blocks, not %s", sys.Type)
	}
}

func (b *builder) anthropicMessages(msgs *textpos.Node) {
	if msgs == nil || msgs.Type == textpos.TNull {
		return
	}
	leading := false // Anthropic keeps the system prompt apart
	if msgs.Raw {    // "messages": {{ messages | tojson }}
		b.templateMessages(msgs, 0, &leading)
		return
	}
	if !msgs.IsArray() {
		b.errorf(msgs, "messages must be an array, not %s", msgs.Type)
		return
	}
	for i, m := range msgs.Elems {
		if m.Raw {
			b.templateMessages(m, i, &leading)
			continue
		}
		if !m.IsObject() {
			b.errorf(m, "a message must be an object, not %s", m.Type)
			continue
		}
		role := m.Get("role").Text()
		content := m.Get("content")
		switch {
		case content.IsString():
			b.at = jsonPath{a: "messages", i: i + 1, b: "content"}
			b.add(rules.Block{Section: rules.SectionMessages, Role: role, Kind: rules.BlockText, Message: i,
				Parts: b.textParts(content, volatileRole(role)), Span: b.src.NodeSpan(content)})
		case content.IsArray():
			for k, blk := range content.Elems {
				b.at = jsonPath{a: "messages", i: i + 1, b: "content", j: k + 1}
				b.anthropicBlock(blk, rules.SectionMessages, role, i)
			}
		case content == nil:
			b.errorf(m, "message has no content")
		default:
			b.errorf(content, "content must be a string or an array of content blocks, not %s", content.Type)
		}
	}
}

// anthropicBlock reads one content block of system or a message.
func (b *builder) anthropicBlock(n *textpos.Node, section rules.Section, role string, msg int) {
	if n.IsString() {
		// Not valid for the API, but some SDK logs flatten text blocks.
		b.textBlock(n, section, role, msg)
		return
	}
	if !n.IsObject() {
		b.errorf(n, "a content block must be an object, not %s", n.Type)
		return
	}
	blk := rules.Block{Section: section, Role: role, Message: msg, Span: b.src.NodeSpan(n),
		Breakpoint: b.breakpoint(n.Get("cache_control"))}
	detect := section == rules.SectionSystem || volatileRole(role)
	typ := n.Get("type").Text()
	switch typ {
	case "text":
		blk.Kind = rules.BlockText
		b.at.leaf = "text"
		if t := n.Get("text"); t.IsString() {
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
		if n.Get("input").IsObject() {
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
func (b *builder) fieldParts(n *textpos.Node, field string) []rules.Part {
	if t := n.Get(field); t.IsString() {
		return []rules.Part{{Text: t.Str, Span: b.src.NodeSpan(t)}}
	}
	return []rules.Part{{Span: b.src.NodeSpan(n)}}
}

// toolResultParts is a tool result's content: a string, or blocks whose
// text counts and whose images count as images.
func (b *builder) toolResultParts(n *textpos.Node) []rules.Part {
	c := n.Get("content")
	switch {
	case c.IsString():
		return []rules.Part{{Text: c.Str, Span: b.src.NodeSpan(c)}}
	case c.IsArray():
		var parts []rules.Part
		for _, e := range c.Elems {
			switch e.Get("type").Text() {
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
func (b *builder) anthropicMedia(n *textpos.Node, name string) rules.Part {
	src := n.Get("source")
	tokens := 0
	if src.Get("type").Text() == "base64" {
		tokens = anthropicImageTokens(src.Get("data").Text())
	}
	return stableSlot(name, tokens, b.src.NodeSpan(n))
}

// anthropicDocument is a document's text when it is plain text or
// content blocks; a PDF or URL document is of unknown size.
func (b *builder) anthropicDocument(n *textpos.Node) []rules.Part {
	src := n.Get("source")
	var parts []rules.Part
	for _, f := range []string{"title", "context"} {
		if t := n.Get(f); t.IsString() {
			parts = append(parts, rules.Part{Text: t.Str, Span: b.src.NodeSpan(t)})
		}
	}
	switch src.Get("type").Text() {
	case "text":
		parts = append(parts, b.fieldParts(src, "data")...)
	case "content":
		if c := src.Get("content"); c.IsString() {
			parts = append(parts, rules.Part{Text: c.Str, Span: b.src.NodeSpan(c)})
		} else {
			for _, e := range c.ElemsOrNil() {
				parts = append(parts, b.fieldParts(e, "text")...)
			}
		}
	default:
		parts = append(parts, stableSlot("document", 0, b.src.NodeSpan(n)))
	}
	return parts
}
