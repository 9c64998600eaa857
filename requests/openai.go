package requests

import (
	"fmt"
	"strings"

	"github.com/cachevet/cachevet/rules"
)

// buildChat reads an OpenAI Chat Completions request. Render order:
// tools, then the response_format schema, then messages; the leading run of
// system and developer messages is the system section.
func buildChat(b *builder, root *node) {
	b.req.Source, b.req.Provider, b.req.BreakpointsKnown = "openai-chat", "openai", true
	b.model(root)
	ttl := b.cacheOptions(root)
	b.at = jsonPath{a: "tools"}
	b.openAITools(root.get("tools"))
	b.at = jsonPath{a: "functions"}
	b.openAITools(root.get("functions"))
	if rf := root.get("response_format"); rf.get("type").text() == "json_schema" {
		b.at = jsonPath{a: "response_format", b: "json_schema"}
		b.schema(rf.get("json_schema"))
	}
	msgs := root.get("messages")
	switch {
	case msgs.raw: // "messages": {{ messages | tojson }}
		leading := true
		b.templateMessages(msgs, 0, &leading)
	case msgs.isArray():
		b.at = jsonPath{a: "messages"}
		b.chatMessages(msgs, ttl)
	case msgs != nil && msgs.kind != kindNull:
		b.errorf(msgs, "messages must be an array, not %s", msgs.kind)
	}
}

// buildResponses reads an OpenAI Responses request: tools, the text.format
// schema, instructions, then input items.
func buildResponses(b *builder, root *node) {
	b.req.Source, b.req.Provider, b.req.BreakpointsKnown = "openai-responses", "openai", true
	b.model(root)
	ttl := b.cacheOptions(root)
	b.at = jsonPath{a: "tools"}
	b.openAITools(root.get("tools"))
	if f := root.get("text").get("format"); f.get("type").text() == "json_schema" {
		b.at = jsonPath{a: "text", b: "format"}
		b.schema(f)
	}
	b.at = jsonPath{a: "instructions"}
	switch ins := root.get("instructions"); {
	case ins.isString():
		b.add(rules.Block{Section: rules.SectionSystem, Role: "developer", Kind: rules.BlockText, Message: -1,
			Parts: b.textParts(ins, true), Span: b.src.nodeSpan(ins)})
	case ins.isArray():
		b.responseItems(ins, ttl, true)
	}
	b.at = jsonPath{a: "input"}
	switch in := root.get("input"); {
	case in.isString():
		b.add(rules.Block{Section: rules.SectionMessages, Role: "user", Kind: rules.BlockText, Message: 0,
			Parts: b.textParts(in, false), Span: b.src.nodeSpan(in)})
	case in.isArray():
		b.responseItems(in, ttl, false)
	case in != nil && in.kind != kindNull:
		b.errorf(in, "input must be a string or an array of items, not %s", in.kind)
	}
}

// cacheOptions reads prompt_cache_options: its mode, and the TTL that
// applies to every breakpoint of the request.
func (b *builder) cacheOptions(root *node) string {
	if r := root.get("prompt_cache_retention"); r.isString() {
		b.req.Options.Retention = b.setting(r)
	}
	opts := root.get("prompt_cache_options")
	if !opts.isObject() {
		return ""
	}
	if m := opts.get("mode"); m.isString() {
		b.req.CacheMode = m.str
	}
	if t := opts.get("ttl"); t.isString() {
		b.req.Options.TTL = b.setting(t)
	}
	return opts.get("ttl").text()
}

// setting is a string option's value and span.
func (b *builder) setting(n *node) *rules.Setting {
	return &rules.Setting{Value: n.str, Span: b.src.nodeSpan(n)}
}

// openAITools reads tools. Chat nests function tools under "function";
// Responses puts name and parameters at the top level. Built-in tools
// (web_search, file_search, …) are blocks too: they change the prompt.
func (b *builder) openAITools(tools *node) {
	b.eachTool(tools, "tools", func(t *node) {
		b.add(rules.Block{Section: rules.SectionTools, Kind: rules.BlockTool, Message: -1,
			Parts: b.jsonParts(t, true), Span: b.src.nodeSpan(t)})
	})
}

// schema adds a structured-output schema block, rendered with the tools.
func (b *builder) schema(s *node) {
	if !s.isObject() {
		return
	}
	b.schemas = append(b.schemas, s)
	b.add(rules.Block{Section: rules.SectionTools, Kind: rules.BlockSchema, Message: -1,
		Parts: b.jsonParts(s, true), Span: b.src.nodeSpan(s)})
}

// promptBreakpoint reads OpenAI's prompt_cache_breakpoint on a content part:
// its own ttl, else the request's.
func (b *builder) promptBreakpoint(part *node, ttl string) *rules.Breakpoint {
	pb := part.get("prompt_cache_breakpoint")
	if pb == nil || pb.kind == kindNull || pb.kind == kindBool && pb.str == "false" {
		return nil
	}
	if t := pb.get("ttl"); t.isString() {
		ttl = t.str
	}
	return &rules.Breakpoint{TTL: ttl, Span: b.src.nodeSpan(pb)}
}

// chatVocabulary are Chat Completions content types that Responses input
// does not take: a breakpoint on one sent to /v1/responses is a 400.
var chatVocabulary = map[string]string{"text": "input_text", "image_url": "input_image", "file": "input_file", "input_audio": "input_file"}

// sectionFor is rules.ChatSection for a reader walking a message list:
// leading stays true while only system and developer messages came.
func sectionFor(role string, leading *bool) rules.Section {
	sec := rules.ChatSection(role, !*leading)
	if sec == rules.SectionMessages {
		*leading = false
	}
	return sec
}

func (b *builder) chatMessages(msgs *node, ttl string) {
	leading := true
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
		sec := sectionFor(role, &leading)
		kind := rules.BlockText
		if role == "tool" || role == "function" {
			kind = rules.BlockToolResult
		}
		content := m.get("content")
		switch {
		case content.isString():
			b.at = jsonPath{a: b.at.a, i: i + 1, b: "content"}
			b.add(rules.Block{Section: sec, Role: role, Kind: kind, Message: i,
				Parts: b.textParts(content, volatileRole(role)), Span: b.src.nodeSpan(content)})
		case content.isArray():
			for k, p := range content.elems {
				b.at = jsonPath{a: b.at.a, i: i + 1, b: "content", j: k + 1}
				b.chatPart(p, sec, role, kind, i, ttl)
			}
		case content == nil || content.kind == kindNull:
			// An assistant message with only tool calls.
		default:
			b.errorf(content, "content must be a string or an array of content parts, not %s", content.kind)
		}
		for k, call := range m.get("tool_calls").elemsOrNil() {
			b.at = jsonPath{a: b.at.a, i: i + 1, b: "tool_calls", j: k + 1}
			b.add(rules.Block{Section: sec, Role: role, Kind: rules.BlockToolUse, Message: i,
				Parts: b.jsonParts(call, false), Span: b.src.nodeSpan(call)})
		}
		if fc := m.get("function_call"); fc.isObject() {
			b.at = jsonPath{a: b.at.a, i: i + 1, b: "function_call"}
			b.add(rules.Block{Section: sec, Role: role, Kind: rules.BlockToolUse, Message: i,
				Parts: b.jsonParts(fc, false), Span: b.src.nodeSpan(fc)})
		}
	}
}

// chatPart reads one content part of a Chat message.
func (b *builder) chatPart(p *node, sec rules.Section, role, kind string, msg int, ttl string) {
	if !p.isObject() {
		b.errorf(p, "a content part must be an object, not %s", p.kind)
		return
	}
	blk := rules.Block{Section: sec, Role: role, Kind: kind, Message: msg, Span: b.src.nodeSpan(p),
		Breakpoint: b.promptBreakpoint(p, ttl)}
	if blk.Breakpoint == nil && (b.gateway || strings.HasPrefix(strings.ToLower(b.req.Model), "openrouter/")) {
		blk.Breakpoint = b.breakpoint(p.get("cache_control"))
	}
	detect := volatileRole(role)
	switch p.get("type").text() {
	case "text":
		b.at.leaf = "text"
		blk.Parts = b.textOf(p, "text", detect)
	case "refusal":
		b.at.leaf = "refusal"
		blk.Parts = b.textOf(p, "refusal", false)
	case "image_url":
		blk.Kind = rules.BlockImage
		img := p.get("image_url")
		url, detail := img.text(), ""
		if img.isObject() {
			url, detail = img.get("url").text(), img.get("detail").text()
		}
		blk.Parts = []rules.Part{b.openAIImage(url, detail, blk.Span)}
	case "input_audio", "file":
		blk.Kind = rules.BlockDocument
		blk.Parts = []rules.Part{stableSlot(p.get("type").text(), 0, blk.Span)}
	default:
		blk.Parts = b.jsonParts(p, detect, "prompt_cache_breakpoint")
	}
	b.add(blk)
}

// textOf is the parts of a string member, checked for volatile literals
// when detect is set.
func (b *builder) textOf(n *node, field string, detect bool) []rules.Part {
	if t := n.get(field); t.isString() {
		return b.textParts(t, detect)
	}
	b.errorf(n, "content part has no %s", field)
	return []rules.Part{{Span: b.src.nodeSpan(n)}}
}

func (b *builder) openAIImage(url, detail string, span rules.Span) rules.Part {
	tokens := 0
	if data, ok := dataURL(url); ok {
		tokens = openAIImageTokens(data, detail)
	} else if detail == "low" {
		tokens = 85
	}
	return stableSlot("image", tokens, span)
}

// responseItems reads Responses input (or instructions given as items).
func (b *builder) responseItems(items *node, ttl string, instructions bool) {
	leading := true
	top := b.at.a
	for i, it := range items.elems {
		b.at = jsonPath{a: top, i: i + 1}
		msg := i
		if instructions {
			msg = -1
		}
		switch {
		case it.isString():
			b.add(rules.Block{Section: rules.SectionMessages, Role: "user", Kind: rules.BlockText, Message: msg,
				Parts: b.textParts(it, false), Span: b.src.nodeSpan(it)})
			leading = false
			continue
		case !it.isObject():
			b.errorf(it, "an input item must be an object, not %s", it.kind)
			continue
		}
		typ := it.get("type").text()
		role := it.get("role").text()
		if instructions && role == "" {
			role = "developer"
		}
		if typ == "" || typ == "message" {
			sec := sectionFor(role, &leading)
			if instructions {
				sec = rules.SectionSystem
			}
			b.responseMessage(it, sec, role, msg, ttl)
			continue
		}
		leading = false
		blk := rules.Block{Section: rules.SectionMessages, Role: "assistant", Message: msg, Span: b.src.nodeSpan(it)}
		switch typ {
		case "function_call_output", "custom_tool_call_output", "computer_call_output", "local_shell_call_output", "mcp_approval_response":
			blk.Role, blk.Kind = "tool", rules.BlockToolResult
		case "reasoning":
			blk.Kind = rules.BlockThinking
		case "item_reference":
			blk.Kind = rules.BlockText
		default: // function_call, custom_tool_call, web_search_call, …
			blk.Kind = rules.BlockToolUse
		}
		blk.Parts = b.jsonParts(it, false)
		b.add(blk)
	}
}

// responseMessage reads a message item: content as a string or parts.
func (b *builder) responseMessage(it *node, sec rules.Section, role string, msg int, ttl string) {
	content := it.get("content")
	detect := sec == rules.SectionSystem || volatileRole(role)
	item := b.at
	switch {
	case content.isString():
		b.at = jsonPath{a: item.a, i: item.i, b: "content"}
		b.add(rules.Block{Section: sec, Role: role, Kind: rules.BlockText, Message: msg,
			Parts: b.textParts(content, detect), Span: b.src.nodeSpan(content)})
		return
	case !content.isArray():
		b.errorf(it, "message item has no content")
		return
	}
	for k, p := range content.elems {
		if !p.isObject() {
			b.errorf(p, "a content part must be an object, not %s", p.kind)
			continue
		}
		b.at = jsonPath{a: item.a, i: item.i, b: "content", j: k + 1}
		blk := rules.Block{Section: sec, Role: role, Kind: rules.BlockText, Message: msg, Span: b.src.nodeSpan(p),
			Breakpoint: b.promptBreakpoint(p, ttl)}
		if want, chat := chatVocabulary[p.get("type").text()]; chat && blk.Breakpoint != nil {
			blk.Breakpoint.Rejected = fmt.Sprintf("a %q part is Chat Completions vocabulary: /v1/responses takes %q for a content part with prompt_cache_breakpoint", p.get("type").text(), want)
		}
		switch p.get("type").text() {
		case "input_text", "output_text", "text":
			b.at.leaf = "text"
			blk.Parts = b.textOf(p, "text", detect)
		case "refusal":
			b.at.leaf = "refusal"
			blk.Parts = b.textOf(p, "refusal", false)
		case "input_image":
			blk.Kind = rules.BlockImage
			blk.Parts = []rules.Part{b.openAIImage(p.get("image_url").text(), p.get("detail").text(), blk.Span)}
		case "input_file", "input_audio":
			blk.Kind = rules.BlockDocument
			blk.Parts = []rules.Part{stableSlot(p.get("type").text(), 0, blk.Span)}
		default:
			blk.Parts = b.jsonParts(p, detect, "prompt_cache_breakpoint")
		}
		b.add(blk)
	}
}
