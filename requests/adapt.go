package requests

import (
	"github.com/cachevet/cachevet/internal/textpos"
	"sort"
	"strconv"
	"strings"
)

// adapted is a request body rebuilt from a log record of another shape:
// an OpenTelemetry GenAI span or a LiteLLM proxy log. rec is what
// Options.Records reads time and usage from.
type adapted struct {
	body    *textpos.Node
	src     *textpos.Source
	rec     *textpos.Node
	hint    string
	gateway bool // OpenAI-format messages that may carry Anthropic cache_control
}

// adapt recognizes OpenTelemetry GenAI spans (an OTLP JSON export line
// with resourceSpans, or one span with gen_ai.* attributes) and LiteLLM
// logs (a StandardLoggingPayload or a SpendLogs row); nil for anything
// else.
//
// A span's request is rebuilt from its attributes: gen_ai.request.model,
// gen_ai.system_instructions, gen_ai.input.messages (the semantic
// conventions' parts: text, tool_call, tool_call_response), the older
// gen_ai.prompt.N.role/content, and gen_ai.tool.definitions; usage from
// gen_ai.usage.input_tokens (which includes cached tokens),
// gen_ai.usage.cache_read.input_tokens and
// gen_ai.usage.cache_creation.input_tokens. Positions of rebuilt values
// point at the attribute they came from.
func adapt(root *textpos.Node, src *textpos.Source) []adapted {
	if !root.IsObject() {
		return nil
	}
	if rs := firstOf(root, "resourceSpans", "resource_spans"); rs.IsArray() {
		var out []adapted
		for _, r := range rs.Elems {
			for _, ss := range firstOf(r, "scopeSpans", "scope_spans", "instrumentationLibrarySpans").ElemsOrNil() {
				for _, sp := range ss.Get("spans").ElemsOrNil() {
					if a, ok := otelSpan(sp, src); ok {
						out = append(out, a)
					}
				}
			}
		}
		if out == nil {
			out = []adapted{} // an OTLP line without GenAI spans: not a request, but recognized
		}
		return out
	}
	if a, ok := otelSpan(root, src); ok {
		return []adapted{a}
	}
	if a, ok := liteLLM(root, src); ok {
		return []adapted{a}
	}
	return nil
}

func firstOf(n *textpos.Node, keys ...string) *textpos.Node {
	for _, k := range keys {
		if v := n.Get(k); v != nil {
			return v
		}
	}
	return nil
}

// otelAttrs reads a span's attributes: a JSON object (the SDKs' console
// exporters) or OTLP's [{key, value: {stringValue|intValue|…}}].
func otelAttrs(span *textpos.Node) map[string]*textpos.Node {
	attrs := span.Get("attributes")
	out := map[string]*textpos.Node{}
	switch {
	case attrs.IsObject():
		for _, m := range attrs.Members {
			out[m.Key] = m.Val
		}
	case attrs.IsArray():
		for _, kv := range attrs.Elems {
			k := kv.Get("key").Text()
			if k == "" {
				continue
			}
			out[k] = otlpValue(kv.Get("value"))
		}
	}
	return out
}

// otlpValue unwraps an OTLP AnyValue.
func otlpValue(v *textpos.Node) *textpos.Node {
	for _, k := range []string{"stringValue", "intValue", "doubleValue", "boolValue"} {
		if x := v.Get(k); x != nil {
			return x
		}
	}
	if a := v.Get("arrayValue"); a.IsObject() {
		arr := &textpos.Node{Type: textpos.TArray, Start: a.Start, End: a.End}
		for _, e := range a.Get("values").ElemsOrNil() {
			arr.Elems = append(arr.Elems, otlpValue(e))
		}
		return arr
	}
	return v
}

func otelSpan(span *textpos.Node, src *textpos.Source) (adapted, bool) {
	if !span.IsObject() {
		return adapted{}, false
	}
	attrs := otelAttrs(span)
	model := firstAttr(attrs, "gen_ai.request.model", "gen_ai.response.model")
	msgs := attrs["gen_ai.input.messages"]
	if model == nil || msgs == nil && attrs["gen_ai.prompt.0.content"] == nil && attrs["gen_ai.prompt"] == nil {
		return adapted{}, false
	}
	provider := firstAttr(attrs, "gen_ai.provider.name", "gen_ai.system").Text()
	anthropic := strings.Contains(provider, "anthropic") || strings.HasPrefix(strings.ToLower(model.Text()), "claude")
	body := obj(span, textpos.Member{Key: "model", Val: model})
	system := otelParts(attrs["gen_ai.system_instructions"])
	var messages []*textpos.Node
	switch {
	case msgs != nil:
		for _, m := range jsonValue(msgs).ElemsOrNil() {
			role := m.Get("role").Text()
			if role == "system" || role == "developer" {
				system = append(system, otelContent(m, msgs)...)
				continue
			}
			messages = append(messages, obj(msgs, textpos.Member{Key: "role", Val: str(msgs, role)},
				textpos.Member{Key: "content", Val: arr(msgs, otelContent(m, msgs)...)}))
		}
	case attrs["gen_ai.prompt"] != nil:
		for _, m := range jsonValue(attrs["gen_ai.prompt"]).ElemsOrNil() {
			messages = append(messages, rehost(m, attrs["gen_ai.prompt"]))
		}
	default:
		for i := 0; ; i++ {
			c := attrs["gen_ai.prompt."+strconv.Itoa(i)+".content"]
			if c == nil {
				break
			}
			role := attrs["gen_ai.prompt."+strconv.Itoa(i)+".role"].Text()
			if role == "system" {
				system = append(system, textPart(c, c.Text()))
				continue
			}
			messages = append(messages, obj(c, textpos.Member{Key: "role", Val: str(c, role)},
				textpos.Member{Key: "content", Val: arr(c, textPart(c, c.Text()))}))
		}
	}
	hint := "/chat/completions"
	if anthropic {
		hint = "/v1/messages"
		if len(system) > 0 {
			body.Members = append(body.Members, textpos.Member{Key: "system", Val: arr(span, system...)})
		}
	} else if len(system) > 0 {
		sys := obj(span, textpos.Member{Key: "role", Val: str(span, "system")}, textpos.Member{Key: "content", Val: arr(span, chatParts(system)...)})
		messages = append([]*textpos.Node{sys}, messages...)
	}
	if !anthropic {
		for i, m := range messages {
			c := m.Get("content")
			messages[i] = obj(m, textpos.Member{Key: "role", Val: m.Get("role")}, textpos.Member{Key: "content", Val: arr(c, chatParts(c.ElemsOrNil())...)})
		}
	}
	body.Members = append(body.Members, textpos.Member{Key: "messages", Val: arr(span, messages...)})
	if td := attrs["gen_ai.tool.definitions"]; td != nil {
		if tools := jsonValue(td); tools.IsArray() {
			body.Members = append(body.Members, textpos.Member{Key: "tools", Val: rehost(tools, td)})
		}
	}
	rec := obj(span)
	if t := firstOf(span, "startTimeUnixNano", "start_time", "startTime", "timestamp"); t != nil {
		rec.Members = append(rec.Members, textpos.Member{Key: "timestamp", Val: t})
	}
	if in := attrs["gen_ai.usage.input_tokens"]; in != nil {
		details := obj(in)
		if v := firstAttr(attrs, "gen_ai.usage.cache_read.input_tokens", "gen_ai.usage.cache_read_input_tokens"); v != nil {
			details.Members = append(details.Members, textpos.Member{Key: "cached_tokens", Val: v})
		}
		if v := firstAttr(attrs, "gen_ai.usage.cache_creation.input_tokens", "gen_ai.usage.cache_creation_input_tokens"); v != nil {
			details.Members = append(details.Members, textpos.Member{Key: "cache_write_tokens", Val: v})
		}
		usage := obj(in, textpos.Member{Key: "prompt_tokens", Val: in}, textpos.Member{Key: "prompt_tokens_details", Val: details})
		rec.Members = append(rec.Members, textpos.Member{Key: "response", Val: obj(in, textpos.Member{Key: "usage", Val: usage})})
	}
	return adapted{body: body, src: src, rec: rec, hint: hint}, true
}

func firstAttr(attrs map[string]*textpos.Node, keys ...string) *textpos.Node {
	for _, k := range keys {
		if v := attrs[k]; v != nil {
			return v
		}
	}
	return nil
}

// otelParts reads gen_ai.system_instructions: parts of {type, content}.
func otelParts(n *textpos.Node) []*textpos.Node {
	if n == nil {
		return nil
	}
	v := jsonValue(n)
	if v.IsString() {
		return []*textpos.Node{textPart(n, v.Str)}
	}
	var out []*textpos.Node
	for _, p := range v.ElemsOrNil() {
		if t := firstOf(p, "content", "text"); t.IsString() {
			out = append(out, textPart(n, t.Str))
		}
	}
	return out
}

// otelContent turns a message's parts into Anthropic content blocks:
// text, tool_call (tool_use) and tool_call_response (tool_result).
func otelContent(m, host *textpos.Node) []*textpos.Node {
	var out []*textpos.Node
	if c := m.Get("content"); c.IsString() {
		out = append(out, textPart(host, c.Str))
	}
	for _, p := range m.Get("parts").ElemsOrNil() {
		switch p.Get("type").Text() {
		case "text":
			out = append(out, textPart(host, firstOf(p, "content", "text").Text()))
		case "tool_call":
			out = append(out, obj(host, textpos.Member{Key: "type", Val: str(host, "tool_use")}, textpos.Member{Key: "id", Val: rehost(p.Get("id"), host)},
				textpos.Member{Key: "name", Val: rehost(p.Get("name"), host)}, textpos.Member{Key: "input", Val: rehost(p.Get("arguments"), host)}))
		case "tool_call_response":
			out = append(out, obj(host, textpos.Member{Key: "type", Val: str(host, "tool_result")}, textpos.Member{Key: "tool_use_id", Val: rehost(p.Get("id"), host)},
				textpos.Member{Key: "content", Val: str(host, compactJSON(p.Get("response")))}))
		default:
			out = append(out, rehost(p, host))
		}
	}
	return out
}

// chatParts turns Anthropic-style content blocks into Chat content parts.
func chatParts(blocks []*textpos.Node) []*textpos.Node {
	out := make([]*textpos.Node, 0, len(blocks))
	for _, b := range blocks {
		if b.Get("type").Text() == "text" {
			out = append(out, b)
			continue
		}
		out = append(out, textPart(b, compactJSON(b)))
	}
	return out
}

// liteLLM reads a LiteLLM proxy log: a SpendLogs row whose
// proxy_server_request holds the body as sent, or a
// StandardLoggingPayload whose messages and model_parameters (tools,
// response_format, …) together are the request. Messages are in the
// OpenAI format whatever the provider, with Anthropic's cache_control
// allowed on content parts.
func liteLLM(root *textpos.Node, src *textpos.Source) (adapted, bool) {
	if psr := root.Get("proxy_server_request"); psr.IsObject() || psr.IsString() {
		body, bsrc := psr, src
		if psr.IsString() {
			inner, isrc, err := parseNested(src, psr, false)
			if err != nil || inner == nil {
				return adapted{}, false
			}
			body, bsrc = inner, isrc
		}
		if b := body.Get("body"); b.IsObject() {
			body = b
		}
		if body.IsObject() && body.Has("messages") {
			return adapted{body: body, src: bsrc, rec: root, hint: "/chat/completions", gateway: true}, true
		}
	}
	if !root.Has("messages") || !(root.Has("call_type") || root.Has("model_parameters") || root.Has("litellm_call_id") || root.Has("custom_llm_provider")) {
		return adapted{}, false
	}
	msgs := root.Get("messages")
	if msgs.IsString() {
		msgs = rehost(jsonValue(msgs), msgs)
	}
	if !msgs.IsArray() {
		return adapted{}, false
	}
	body := obj(root, textpos.Member{Key: "model", Val: root.Get("model")}, textpos.Member{Key: "messages", Val: msgs})
	params := root.Get("model_parameters")
	if params == nil {
		params = root.Get("optional_params")
	}
	for _, m := range params.MembersOrNil() {
		if m.Key != "model" && m.Key != "messages" {
			body.Members = append(body.Members, m)
		}
	}
	return adapted{body: body, src: src, rec: root, hint: "/chat/completions", gateway: true}, true
}

// jsonValue is the JSON a string attribute holds, or the node itself.
func jsonValue(n *textpos.Node) *textpos.Node {
	if n.IsString() {
		if v := parseLoose(n.Str); v != nil {
			return v
		}
		if t := strings.TrimSpace(n.Str); strings.HasPrefix(t, "[") {
			if v, err := textpos.ParseJSON([]byte(t)); err == nil {
				return v
			}
		}
	}
	return n
}

// rehost copies a tree parsed from another text (a JSON string attribute)
// so that every position in it points at host, the value it came from:
// rebuilt values have no exact column, but they have the record's line.
func rehost(n, host *textpos.Node) *textpos.Node {
	if n == nil {
		return nil
	}
	start, end := hostRange(host)
	c := &textpos.Node{Type: n.Type, Str: n.Str, Start: start, End: end}
	for _, m := range n.Members {
		c.Members = append(c.Members, textpos.Member{Key: m.Key, KeyStart: start, Val: rehost(m.Val, host)})
	}
	for _, e := range n.Elems {
		c.Elems = append(c.Elems, rehost(e, host))
	}
	return c
}

// hostRange is where a built node stands in the file: its host's range, or
// nothing when the record lacks the host field (fuzzing found that).
func hostRange(host *textpos.Node) (start, end int) {
	if host == nil {
		return 0, 0
	}
	return host.Start, host.End
}

func obj(host *textpos.Node, ms ...textpos.Member) *textpos.Node {
	start, end := hostRange(host)
	return &textpos.Node{Type: textpos.TObject, Start: start, End: end, Members: ms}
}

func arr(host *textpos.Node, elems ...*textpos.Node) *textpos.Node {
	start, end := hostRange(host)
	return &textpos.Node{Type: textpos.TArray, Start: start, End: end, Elems: elems}
}

func str(host *textpos.Node, s string) *textpos.Node {
	start, end := hostRange(host)
	return &textpos.Node{Type: textpos.TString, Start: start, End: end, Str: s}
}

func textPart(host *textpos.Node, s string) *textpos.Node {
	return obj(host, textpos.Member{Key: "type", Val: str(host, "text")}, textpos.Member{Key: "text", Val: str(host, s)})
}

// compactJSON renders a value as compact JSON with sorted keys (for tool
// results, whose exact bytes the span does not keep).
func compactJSON(n *textpos.Node) string {
	var b strings.Builder
	writeCompact(&b, n)
	return b.String()
}

func writeCompact(b *strings.Builder, n *textpos.Node) {
	switch {
	case n == nil:
		b.WriteString("null")
	case n.Type == textpos.TString:
		writeJSONString(b, n.Str)
	case n.Type == textpos.TObject:
		ms := append([]textpos.Member(nil), n.Members...)
		sort.SliceStable(ms, func(i, j int) bool { return ms[i].Key < ms[j].Key })
		b.WriteByte('{')
		for i, m := range ms {
			if i > 0 {
				b.WriteByte(',')
			}
			writeJSONString(b, m.Key)
			b.WriteByte(':')
			writeCompact(b, m.Val)
		}
		b.WriteByte('}')
	case n.Type == textpos.TArray:
		b.WriteByte('[')
		for i, e := range n.Elems {
			if i > 0 {
				b.WriteByte(',')
			}
			writeCompact(b, e)
		}
		b.WriteByte(']')
	case n.Type == textpos.TNull:
		b.WriteString("null")
	default:
		b.WriteString(n.Str)
	}
}

// buildAdapted builds the request of an adapted record.
func buildAdapted(rd *reader, a adapted) *builder {
	rd.gateway = a.gateway
	defer func() { rd.gateway = false }()
	b := build(rd, a.src, a.body, a.hint)
	if b != nil {
		b.rec = a.rec
	}
	return b
}
