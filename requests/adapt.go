package requests

import (
	"sort"
	"strconv"
	"strings"
)

// adapted is a request body rebuilt from a log record of another shape:
// an OpenTelemetry GenAI span or a LiteLLM proxy log. rec is what
// Options.Records reads time and usage from.
type adapted struct {
	body    *node
	src     *source
	rec     *node
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
func adapt(root *node, src *source) []adapted {
	if !root.isObject() {
		return nil
	}
	if rs := firstOf(root, "resourceSpans", "resource_spans"); rs.isArray() {
		var out []adapted
		for _, r := range rs.elems {
			for _, ss := range firstOf(r, "scopeSpans", "scope_spans", "instrumentationLibrarySpans").elemsOrNil() {
				for _, sp := range ss.get("spans").elemsOrNil() {
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

func firstOf(n *node, keys ...string) *node {
	for _, k := range keys {
		if v := n.get(k); v != nil {
			return v
		}
	}
	return nil
}

// otelAttrs reads a span's attributes: a JSON object (the SDKs' console
// exporters) or OTLP's [{key, value: {stringValue|intValue|…}}].
func otelAttrs(span *node) map[string]*node {
	attrs := span.get("attributes")
	out := map[string]*node{}
	switch {
	case attrs.isObject():
		for _, m := range attrs.members {
			out[m.key] = m.val
		}
	case attrs.isArray():
		for _, kv := range attrs.elems {
			k := kv.get("key").text()
			if k == "" {
				continue
			}
			out[k] = otlpValue(kv.get("value"))
		}
	}
	return out
}

// otlpValue unwraps an OTLP AnyValue.
func otlpValue(v *node) *node {
	for _, k := range []string{"stringValue", "intValue", "doubleValue", "boolValue"} {
		if x := v.get(k); x != nil {
			return x
		}
	}
	if a := v.get("arrayValue"); a.isObject() {
		arr := &node{kind: kindArray, start: a.start, end: a.end}
		for _, e := range a.get("values").elemsOrNil() {
			arr.elems = append(arr.elems, otlpValue(e))
		}
		return arr
	}
	return v
}

func otelSpan(span *node, src *source) (adapted, bool) {
	if !span.isObject() {
		return adapted{}, false
	}
	attrs := otelAttrs(span)
	model := firstAttr(attrs, "gen_ai.request.model", "gen_ai.response.model")
	msgs := attrs["gen_ai.input.messages"]
	if model == nil || msgs == nil && attrs["gen_ai.prompt.0.content"] == nil && attrs["gen_ai.prompt"] == nil {
		return adapted{}, false
	}
	provider := firstAttr(attrs, "gen_ai.provider.name", "gen_ai.system").text()
	anthropic := strings.Contains(provider, "anthropic") || strings.HasPrefix(strings.ToLower(model.text()), "claude")
	body := obj(span, member{key: "model", val: model})
	system := otelParts(attrs["gen_ai.system_instructions"])
	var messages []*node
	switch {
	case msgs != nil:
		for _, m := range jsonValue(msgs).elemsOrNil() {
			role := m.get("role").text()
			if role == "system" || role == "developer" {
				system = append(system, otelContent(m, msgs)...)
				continue
			}
			messages = append(messages, obj(msgs, member{key: "role", val: str(msgs, role)},
				member{key: "content", val: arr(msgs, otelContent(m, msgs)...)}))
		}
	case attrs["gen_ai.prompt"] != nil:
		for _, m := range jsonValue(attrs["gen_ai.prompt"]).elemsOrNil() {
			messages = append(messages, rehost(m, attrs["gen_ai.prompt"]))
		}
	default:
		for i := 0; ; i++ {
			c := attrs["gen_ai.prompt."+strconv.Itoa(i)+".content"]
			if c == nil {
				break
			}
			role := attrs["gen_ai.prompt."+strconv.Itoa(i)+".role"].text()
			if role == "system" {
				system = append(system, textPart(c, c.text()))
				continue
			}
			messages = append(messages, obj(c, member{key: "role", val: str(c, role)},
				member{key: "content", val: arr(c, textPart(c, c.text()))}))
		}
	}
	hint := "/chat/completions"
	if anthropic {
		hint = "/v1/messages"
		if len(system) > 0 {
			body.members = append(body.members, member{key: "system", val: arr(span, system...)})
		}
	} else if len(system) > 0 {
		sys := obj(span, member{key: "role", val: str(span, "system")}, member{key: "content", val: arr(span, chatParts(system)...)})
		messages = append([]*node{sys}, messages...)
	}
	if !anthropic {
		for i, m := range messages {
			c := m.get("content")
			messages[i] = obj(m, member{key: "role", val: m.get("role")}, member{key: "content", val: arr(c, chatParts(c.elemsOrNil())...)})
		}
	}
	body.members = append(body.members, member{key: "messages", val: arr(span, messages...)})
	if td := attrs["gen_ai.tool.definitions"]; td != nil {
		if tools := jsonValue(td); tools.isArray() {
			body.members = append(body.members, member{key: "tools", val: rehost(tools, td)})
		}
	}
	rec := obj(span)
	if t := firstOf(span, "startTimeUnixNano", "start_time", "startTime", "timestamp"); t != nil {
		rec.members = append(rec.members, member{key: "timestamp", val: t})
	}
	if in := attrs["gen_ai.usage.input_tokens"]; in != nil {
		details := obj(in)
		if v := firstAttr(attrs, "gen_ai.usage.cache_read.input_tokens", "gen_ai.usage.cache_read_input_tokens"); v != nil {
			details.members = append(details.members, member{key: "cached_tokens", val: v})
		}
		if v := firstAttr(attrs, "gen_ai.usage.cache_creation.input_tokens", "gen_ai.usage.cache_creation_input_tokens"); v != nil {
			details.members = append(details.members, member{key: "cache_write_tokens", val: v})
		}
		usage := obj(in, member{key: "prompt_tokens", val: in}, member{key: "prompt_tokens_details", val: details})
		rec.members = append(rec.members, member{key: "response", val: obj(in, member{key: "usage", val: usage})})
	}
	return adapted{body: body, src: src, rec: rec, hint: hint}, true
}

func firstAttr(attrs map[string]*node, keys ...string) *node {
	for _, k := range keys {
		if v := attrs[k]; v != nil {
			return v
		}
	}
	return nil
}

// otelParts reads gen_ai.system_instructions: parts of {type, content}.
func otelParts(n *node) []*node {
	if n == nil {
		return nil
	}
	v := jsonValue(n)
	if v.isString() {
		return []*node{textPart(n, v.str)}
	}
	var out []*node
	for _, p := range v.elemsOrNil() {
		if t := firstOf(p, "content", "text"); t.isString() {
			out = append(out, textPart(n, t.str))
		}
	}
	return out
}

// otelContent turns a message's parts into Anthropic content blocks:
// text, tool_call (tool_use) and tool_call_response (tool_result).
func otelContent(m, host *node) []*node {
	var out []*node
	if c := m.get("content"); c.isString() {
		out = append(out, textPart(host, c.str))
	}
	for _, p := range m.get("parts").elemsOrNil() {
		switch p.get("type").text() {
		case "text":
			out = append(out, textPart(host, firstOf(p, "content", "text").text()))
		case "tool_call":
			out = append(out, obj(host, member{key: "type", val: str(host, "tool_use")}, member{key: "id", val: rehost(p.get("id"), host)},
				member{key: "name", val: rehost(p.get("name"), host)}, member{key: "input", val: rehost(p.get("arguments"), host)}))
		case "tool_call_response":
			out = append(out, obj(host, member{key: "type", val: str(host, "tool_result")}, member{key: "tool_use_id", val: rehost(p.get("id"), host)},
				member{key: "content", val: str(host, compactJSON(p.get("response")))}))
		default:
			out = append(out, rehost(p, host))
		}
	}
	return out
}

// chatParts turns Anthropic-style content blocks into Chat content parts.
func chatParts(blocks []*node) []*node {
	out := make([]*node, 0, len(blocks))
	for _, b := range blocks {
		if b.get("type").text() == "text" {
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
func liteLLM(root *node, src *source) (adapted, bool) {
	if psr := root.get("proxy_server_request"); psr.isObject() || psr.isString() {
		body, bsrc := psr, src
		if psr.isString() {
			inner, isrc, err := parseNested(src, psr, false)
			if err != nil || inner == nil {
				return adapted{}, false
			}
			body, bsrc = inner, isrc
		}
		if b := body.get("body"); b.isObject() {
			body = b
		}
		if body.isObject() && body.has("messages") {
			return adapted{body: body, src: bsrc, rec: root, hint: "/chat/completions", gateway: true}, true
		}
	}
	if !root.has("messages") || !(root.has("call_type") || root.has("model_parameters") || root.has("litellm_call_id") || root.has("custom_llm_provider")) {
		return adapted{}, false
	}
	msgs := root.get("messages")
	if msgs.isString() {
		msgs = rehost(jsonValue(msgs), msgs)
	}
	if !msgs.isArray() {
		return adapted{}, false
	}
	body := obj(root, member{key: "model", val: root.get("model")}, member{key: "messages", val: msgs})
	params := root.get("model_parameters")
	if params == nil {
		params = root.get("optional_params")
	}
	for _, m := range params.membersOrNil() {
		if m.key != "model" && m.key != "messages" {
			body.members = append(body.members, m)
		}
	}
	return adapted{body: body, src: src, rec: root, hint: "/chat/completions", gateway: true}, true
}

func (n *node) membersOrNil() []member {
	if n.isObject() {
		return n.members
	}
	return nil
}

// jsonValue is the JSON a string attribute holds, or the node itself.
func jsonValue(n *node) *node {
	if n.isString() {
		if v := parseLoose(n.str); v != nil {
			return v
		}
		if t := strings.TrimSpace(n.str); strings.HasPrefix(t, "[") {
			if v, err := parseJSON([]byte(t)); err == nil {
				return v
			}
		}
	}
	return n
}

// rehost copies a tree parsed from another text (a JSON string attribute)
// so that every position in it points at host, the value it came from:
// rebuilt values have no exact column, but they have the record's line.
func rehost(n, host *node) *node {
	if n == nil {
		return nil
	}
	start, end := hostRange(host)
	c := &node{kind: n.kind, str: n.str, start: start, end: end}
	for _, m := range n.members {
		c.members = append(c.members, member{key: m.key, keyStart: start, val: rehost(m.val, host)})
	}
	for _, e := range n.elems {
		c.elems = append(c.elems, rehost(e, host))
	}
	return c
}

// hostRange is where a built node stands in the file: its host's range, or
// nothing when the record lacks the host field (fuzzing found that).
func hostRange(host *node) (start, end int) {
	if host == nil {
		return 0, 0
	}
	return host.start, host.end
}

func obj(host *node, ms ...member) *node {
	start, end := hostRange(host)
	return &node{kind: kindObject, start: start, end: end, members: ms}
}

func arr(host *node, elems ...*node) *node {
	start, end := hostRange(host)
	return &node{kind: kindArray, start: start, end: end, elems: elems}
}

func str(host *node, s string) *node {
	start, end := hostRange(host)
	return &node{kind: kindString, start: start, end: end, str: s}
}

func textPart(host *node, s string) *node {
	return obj(host, member{key: "type", val: str(host, "text")}, member{key: "text", val: str(host, s)})
}

// compactJSON renders a value as compact JSON with sorted keys (for tool
// results, whose exact bytes the span does not keep).
func compactJSON(n *node) string {
	var b strings.Builder
	writeCompact(&b, n)
	return b.String()
}

func writeCompact(b *strings.Builder, n *node) {
	switch {
	case n == nil:
		b.WriteString("null")
	case n.kind == kindString:
		writeJSONString(b, n.str)
	case n.kind == kindObject:
		ms := append([]member(nil), n.members...)
		sort.SliceStable(ms, func(i, j int) bool { return ms[i].key < ms[j].key })
		b.WriteByte('{')
		for i, m := range ms {
			if i > 0 {
				b.WriteByte(',')
			}
			writeJSONString(b, m.key)
			b.WriteByte(':')
			writeCompact(b, m.val)
		}
		b.WriteByte('}')
	case n.kind == kindArray:
		b.WriteByte('[')
		for i, e := range n.elems {
			if i > 0 {
				b.WriteByte(',')
			}
			writeCompact(b, e)
		}
		b.WriteByte(']')
	case n.kind == kindNull:
		b.WriteString("null")
	default:
		b.WriteString(n.str)
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
