package requests

import (
	"fmt"
	"github.com/cachevet/cachevet/internal/textpos"
	"strings"

	"github.com/cachevet/cachevet/rules"
)

// buildChat reads an OpenAI Chat Completions request. Render order:
// tools, then the response_format schema, then messages; the leading run of
// system and developer messages is the system section.
func buildChat(b *builder, root *textpos.Node) {
	b.req.Source, b.req.Provider, b.req.BreakpointsKnown = "openai-chat", "openai", true
	b.model(root)
	ttl := b.cacheOptions(root)
	b.at = jsonPath{a: "tools"}
	b.openAITools(root.Get("tools"))
	b.at = jsonPath{a: "functions"}
	b.openAITools(root.Get("functions"))
	if rf := root.Get("response_format"); rf.Get("type").Text() == "json_schema" {
		b.at = jsonPath{a: "response_format", b: "json_schema"}
		b.schema(rf.Get("json_schema"))
	}
	msgs := root.Get("messages")
	switch {
	case msgs.Raw: // "messages": {{ messages | tojson }}
		leading := true
		b.templateMessages(msgs, 0, &leading)
	case msgs.IsArray():
		b.at = jsonPath{a: "messages"}
		b.chatMessages(msgs, ttl)
	case msgs != nil && msgs.Type != textpos.TNull:
		b.errorf(msgs, "messages must be an array, not %s", msgs.Type)
	}
}

// buildResponses reads an OpenAI Responses request: tools, the text.format
// schema, instructions, then input items.
func buildResponses(b *builder, root *textpos.Node) {
	b.req.Source, b.req.Provider, b.req.BreakpointsKnown = "openai-responses", "openai", true
	b.model(root)
	ttl := b.cacheOptions(root)
	b.at = jsonPath{a: "tools"}
	b.openAITools(root.Get("tools"))
	if f := root.Get("text").Get("format"); f.Get("type").Text() == "json_schema" {
		b.at = jsonPath{a: "text", b: "format"}
		b.schema(f)
	}
	b.at = jsonPath{a: "instructions"}
	switch ins := root.Get("instructions"); {
	case ins.IsString():
		b.add(rules.Block{Section: rules.SectionSystem, Role: "developer", Kind: rules.BlockText, Message: -1,
			Parts: b.textParts(ins, true), Span: b.src.NodeSpan(ins)})
	case ins.IsArray():
		b.responseItems(ins, ttl, true)
	}
	b.at = jsonPath{a: "input"}
	switch in := root.Get("input"); {
	case in.IsString():
		b.add(rules.Block{Section: rules.SectionMessages, Role: "user", Kind: rules.BlockText, Message: 0,
			Parts: b.textParts(in, false), Span: b.src.NodeSpan(in)})
	case in.IsArray():
		b.responseItems(in, ttl, false)
	case in != nil && in.Type != textpos.TNull:
		b.errorf(in, "input must be a string or an array of items, not %s", in.Type)
	}
}

// cacheOptions reads prompt_cache_options: its mode, and the TTL that
// applies to every breakpoint of the request.
func (b *builder) cacheOptions(root *textpos.Node) string {
	if r := root.Get("prompt_cache_retention"); r.IsString() {
		b.req.Options.Retention = b.setting(r)
	}
	opts := root.Get("prompt_cache_options")
	if !opts.IsObject() {
		return ""
	}
	if m := opts.Get("mode"); m.IsString() {
		b.req.CacheMode = m.Str
	}
	if t := opts.Get("ttl"); t.IsString() {
		b.req.Options.TTL = b.setting(t)
	}
	return opts.Get("ttl").Text()
}

// setting is a string option's value and span.
func (b *builder) setting(n *textpos.Node) *rules.Setting {
	return &rules.Setting{Value: n.Str, Span: b.src.NodeSpan(n)}
}

// openAITools reads tools. Chat nests function tools under "function";
// Responses puts name and parameters at the top level. Built-in tools
// (web_search, file_search, …) are blocks too: they change the prompt.
func (b *builder) openAITools(tools *textpos.Node) {
	b.eachTool(tools, "tools", func(t *textpos.Node) {
		b.add(rules.Block{Section: rules.SectionTools, Kind: rules.BlockTool, Message: -1,
			Parts: b.jsonParts(t, true), Span: b.src.NodeSpan(t)})
	})
}

// schema adds a structured-output schema block, rendered with the tools.
func (b *builder) schema(s *textpos.Node) {
	if !s.IsObject() {
		return
	}
	b.schemas = append(b.schemas, s)
	b.add(rules.Block{Section: rules.SectionTools, Kind: rules.BlockSchema, Message: -1,
		Parts: b.jsonParts(s, true), Span: b.src.NodeSpan(s)})
}

// promptBreakpoint reads OpenAI's prompt_cache_breakpoint on a content part:
// its own ttl, else the request's.
func (b *builder) promptBreakpoint(part *textpos.Node, ttl string) *rules.Breakpoint {
	pb := part.Get("prompt_cache_breakpoint")
	if pb == nil || pb.Type == textpos.TNull || pb.Type == textpos.TBool && pb.Str == "false" {
		return nil
	}
	if t := pb.Get("ttl"); t.IsString() {
		ttl = t.Str
	}
	return &rules.Breakpoint{TTL: ttl, Span: b.src.NodeSpan(pb)}
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

func (b *builder) chatMessages(msgs *textpos.Node, ttl string) {
	leading := true
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
		sec := sectionFor(role, &leading)
		kind := rules.BlockText
		if role == "tool" || role == "function" {
			kind = rules.BlockToolResult
		}
		content := m.Get("content")
		switch {
		case content.IsString():
			b.at = jsonPath{a: b.at.a, i: i + 1, b: "content"}
			b.add(rules.Block{Section: sec, Role: role, Kind: kind, Message: i,
				Parts: b.textParts(content, volatileRole(role)), Span: b.src.NodeSpan(content)})
		case content.IsArray():
			for k, p := range content.Elems {
				b.at = jsonPath{a: b.at.a, i: i + 1, b: "content", j: k + 1}
				b.chatPart(p, sec, role, kind, i, ttl)
			}
		case content == nil || content.Type == textpos.TNull:
			// An assistant message with only tool calls.
		default:
			b.errorf(content, "content must be a string or an array of content parts, not %s", content.Type)
		}
		for k, call := range m.Get("tool_calls").ElemsOrNil() {
			b.at = jsonPath{a: b.at.a, i: i + 1, b: "tool_calls", j: k + 1}
			b.add(rules.Block{Section: sec, Role: role, Kind: rules.BlockToolUse, Message: i,
				Parts: b.jsonParts(call, false), Span: b.src.NodeSpan(call)})
		}
		if fc := m.Get("function_call"); fc.IsObject() {
			b.at = jsonPath{a: b.at.a, i: i + 1, b: "function_call"}
			b.add(rules.Block{Section: sec, Role: role, Kind: rules.BlockToolUse, Message: i,
				Parts: b.jsonParts(fc, false), Span: b.src.NodeSpan(fc)})
		}
	}
}

// chatPart reads one content part of a Chat message.
func (b *builder) chatPart(p *textpos.Node, sec rules.Section, role, kind string, msg int, ttl string) {
	if !p.IsObject() {
		b.errorf(p, "a content part must be an object, not %s", p.Type)
		return
	}
	blk := rules.Block{Section: sec, Role: role, Kind: kind, Message: msg, Span: b.src.NodeSpan(p),
		Breakpoint: b.promptBreakpoint(p, ttl)}
	if blk.Breakpoint == nil && (b.gateway || strings.HasPrefix(strings.ToLower(b.req.Model), "openrouter/")) {
		blk.Breakpoint = b.breakpoint(p.Get("cache_control"))
	}
	detect := volatileRole(role)
	switch p.Get("type").Text() {
	case "text":
		b.at.leaf = "text"
		blk.Parts = b.textOf(p, "text", detect)
	case "refusal":
		b.at.leaf = "refusal"
		blk.Parts = b.textOf(p, "refusal", false)
	case "image_url":
		blk.Kind = rules.BlockImage
		img := p.Get("image_url")
		url, detail := img.Text(), ""
		if img.IsObject() {
			url, detail = img.Get("url").Text(), img.Get("detail").Text()
		}
		blk.Parts = []rules.Part{b.openAIImage(url, detail, blk.Span)}
	case "input_audio", "file":
		blk.Kind = rules.BlockDocument
		blk.Parts = []rules.Part{stableSlot(p.Get("type").Text(), 0, blk.Span)}
	default:
		blk.Parts = b.jsonParts(p, detect, "prompt_cache_breakpoint")
	}
	b.add(blk)
}

// textOf is the parts of a string member, checked for volatile literals
// when detect is set.
func (b *builder) textOf(n *textpos.Node, field string, detect bool) []rules.Part {
	if t := n.Get(field); t.IsString() {
		return b.textParts(t, detect)
	}
	b.errorf(n, "content part has no %s", field)
	return []rules.Part{{Span: b.src.NodeSpan(n)}}
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
func (b *builder) responseItems(items *textpos.Node, ttl string, instructions bool) {
	leading := true
	top := b.at.a
	for i, it := range items.Elems {
		b.at = jsonPath{a: top, i: i + 1}
		msg := i
		if instructions {
			msg = -1
		}
		switch {
		case it.IsString():
			b.add(rules.Block{Section: rules.SectionMessages, Role: "user", Kind: rules.BlockText, Message: msg,
				Parts: b.textParts(it, false), Span: b.src.NodeSpan(it)})
			leading = false
			continue
		case !it.IsObject():
			b.errorf(it, "an input item must be an object, not %s", it.Type)
			continue
		}
		typ := it.Get("type").Text()
		role := it.Get("role").Text()
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
		blk := rules.Block{Section: rules.SectionMessages, Role: "assistant", Message: msg, Span: b.src.NodeSpan(it)}
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
func (b *builder) responseMessage(it *textpos.Node, sec rules.Section, role string, msg int, ttl string) {
	content := it.Get("content")
	detect := sec == rules.SectionSystem || volatileRole(role)
	item := b.at
	switch {
	case content.IsString():
		b.at = jsonPath{a: item.a, i: item.i, b: "content"}
		b.add(rules.Block{Section: sec, Role: role, Kind: rules.BlockText, Message: msg,
			Parts: b.textParts(content, detect), Span: b.src.NodeSpan(content)})
		return
	case !content.IsArray():
		b.errorf(it, "message item has no content")
		return
	}
	for k, p := range content.Elems {
		if !p.IsObject() {
			b.errorf(p, "a content part must be an object, not %s", p.Type)
			continue
		}
		b.at = jsonPath{a: item.a, i: item.i, b: "content", j: k + 1}
		blk := rules.Block{Section: sec, Role: role, Kind: rules.BlockText, Message: msg, Span: b.src.NodeSpan(p),
			Breakpoint: b.promptBreakpoint(p, ttl)}
		if want, chat := chatVocabulary[p.Get("type").Text()]; chat && blk.Breakpoint != nil {
			blk.Breakpoint.Rejected = fmt.Sprintf("a %q part is Chat Completions vocabulary: /v1/responses takes %q for a content part with prompt_cache_breakpoint", p.Get("type").Text(), want)
		}
		switch p.Get("type").Text() {
		case "input_text", "output_text", "text":
			b.at.leaf = "text"
			blk.Parts = b.textOf(p, "text", detect)
		case "refusal":
			b.at.leaf = "refusal"
			blk.Parts = b.textOf(p, "refusal", false)
		case "input_image":
			blk.Kind = rules.BlockImage
			blk.Parts = []rules.Part{b.openAIImage(p.Get("image_url").Text(), p.Get("detail").Text(), blk.Span)}
		case "input_file", "input_audio":
			blk.Kind = rules.BlockDocument
			blk.Parts = []rules.Part{stableSlot(p.Get("type").Text(), 0, blk.Span)}
		default:
			blk.Parts = b.jsonParts(p, detect, "prompt_cache_breakpoint")
		}
		b.add(blk)
	}
}
