package requests

import (
	"strings"

	"github.com/cachevet/cachevet/rules"
)

// api is the request format of a body.
type api int

const (
	apiNone api = iota
	apiAnthropic
	apiChat
	apiResponses
	apiBedrock // Amazon Bedrock Converse
	apiGemini  // Gemini generateContent
)

// detectAPI tells which API a request body is for; the rules are listed in
// the package documentation. hint is the endpoint (a batch line's url, a
// cassette's uri) when the file names one.
func detectAPI(n *node, hint string) api {
	if !n.isObject() {
		return apiNone
	}
	lower := strings.ToLower(hint)
	switch {
	case strings.Contains(lower, "/converse"):
		return apiBedrock
	case strings.Contains(lower, ":generatecontent"), strings.Contains(lower, ":streamgeneratecontent"), strings.Contains(lower, "/cachedcontents"):
		return apiGemini
	case strings.Contains(hint, "/chat/completions"):
		return apiChat
	case strings.Contains(hint, "/responses"):
		return apiResponses
	case strings.HasSuffix(strings.TrimRight(hint, "/"), "/messages"):
		return apiAnthropic
	}
	switch {
	case geminiSignals(n):
		return apiGemini
	case bedrockSignals(n):
		return apiBedrock
	}
	model := n.get("model").text()
	msgs := n.get("messages")
	hasMsgs := isMessageList(msgs)
	switch {
	case (n.has("input") || n.has("instructions")) && !hasMsgs && (n.has("model") || n.has("instructions") || isItemList(n.get("input"))):
		return apiResponses
	case (n.has("system") || n.has("cache_control")) && (hasMsgs || model != ""):
		return apiAnthropic
	case !hasMsgs:
		return apiNone
	}
	if strings.HasPrefix(strings.ToLower(model), "openrouter/") {
		return apiChat // OpenRouter takes the OpenAI format for every model
	}
	switch rules.ProviderOf(model) {
	case "anthropic":
		return apiAnthropic
	case "openai":
		return apiChat
	}
	switch {
	case chatSignals(n):
		return apiChat
	case anthropicSignals(n):
		return apiAnthropic
	}
	// The OpenAI-compatible format is what most gateways and other
	// providers (xAI, DeepSeek, Mistral) accept.
	return apiChat
}

// isMessageList reports whether n is an array of objects with a role.
func isMessageList(n *node) bool {
	if !n.isArray() {
		return false
	}
	messages := false
	for _, m := range n.elems {
		switch {
		case m.raw:
			// A loop the template writes messages with.
			messages = messages || strings.Contains(m.str, `"role"`)
		case !m.isObject() || !m.get("role").isString():
			return false
		default:
			messages = true
		}
	}
	return messages || len(n.elems) == 0
}

// isItemList reports whether n is Responses input: an array of items with
// a role or a type.
func isItemList(n *node) bool {
	if !n.isArray() || len(n.elems) == 0 {
		return false
	}
	for _, it := range n.elems {
		if !it.isObject() || !it.has("role") && !it.has("type") {
			return false
		}
	}
	return true
}

// chatSignals are fields only Chat Completions has.
func chatSignals(n *node) bool {
	for _, f := range []string{"response_format", "prompt_cache_key", "prompt_cache_retention", "prompt_cache_options",
		"max_completion_tokens", "frequency_penalty", "presence_penalty", "logprobs", "n", "functions", "stream_options"} {
		if n.has(f) {
			return true
		}
	}
	for _, t := range n.get("tools").elemsOrNil() {
		if t.has("function") {
			return true
		}
	}
	for _, m := range n.get("messages").elemsOrNil() {
		switch m.get("role").text() {
		case "system", "developer", "tool", "function":
			return true
		}
		if m.has("tool_calls") {
			return true
		}
		for _, p := range m.get("content").elemsOrNil() {
			switch p.get("type").text() {
			case "image_url", "input_audio", "file", "refusal":
				return true
			}
		}
	}
	return false
}

// anthropicSignals are fields only the Messages API has.
func anthropicSignals(n *node) bool {
	for _, f := range []string{"stop_sequences", "top_k", "thinking", "anthropic_version", "container", "mcp_servers"} {
		if n.has(f) {
			return true
		}
	}
	for _, t := range n.get("tools").elemsOrNil() {
		if t.has("input_schema") || t.has("cache_control") {
			return true
		}
	}
	return anthropicMessageSignals(n.get("messages"))
}

// anthropicMessageSignals reports content blocks only the Messages API
// has.
func anthropicMessageSignals(msgs *node) bool {
	for _, m := range msgs.elemsOrNil() {
		for _, p := range m.get("content").elemsOrNil() {
			if p.has("cache_control") {
				return true
			}
			switch p.get("type").text() {
			case "tool_use", "tool_result", "thinking", "redacted_thinking", "document":
				return true
			case "image":
				if p.has("source") {
					return true
				}
			}
		}
	}
	return false
}

// unwrap finds the request body in a log record: {"request": …},
// {"body": …, "url": …} (OpenAI batch files), {"params": …, "custom_id": …}
// (Anthropic batch files), with the body inline or as a JSON string. It
// returns the record itself when it is a request.
func unwrap(n *node, src *source) (*node, *source, string, *rules.InputError) {
	hint := ""
	for range 4 {
		if !n.isObject() || detectAPI(n, hint) != apiNone {
			return n, src, hint, nil
		}
		var next *node
		switch {
		case n.has("request"):
			next = n.get("request")
		case n.has("body") && (n.get("body").isObject() || n.get("body").isString()):
			next = n.get("body")
		case n.has("params") && n.has("custom_id"):
			next, hint = n.get("params"), "/v1/messages"
		default:
			return n, src, hint, nil
		}
		for _, k := range []string{"url", "uri", "path", "endpoint"} {
			if u := n.get(k).text(); u != "" {
				hint = u
			}
		}
		if next.isString() {
			inner, isrc, err := parseNested(src, next, false)
			if err != nil {
				return nil, nil, "", err
			}
			if inner == nil {
				return n, src, hint, nil // a string that is not JSON
			}
			next, src = inner, isrc
		}
		n = next
	}
	return n, src, hint, nil
}

// parseNested parses JSON held in the string node host. A string that does
// not look like JSON is (nil, nil, nil); malformed JSON is an error at its
// position in the outer document. With template (a promptfoo prompt), the
// JSON may be a Nunjucks template over JSON (parseJSONTemplate).
func parseNested(outer *source, host *node, template bool) (*node, *source, *rules.InputError) {
	t := strings.TrimSpace(host.str)
	if t == "" || t[0] != '{' && t[0] != '[' {
		return nil, nil, nil
	}
	src := newNestedSource(outer, host)
	var n *node
	var err error
	if template {
		var end int
		n, end, _, _, err = parseJSONTemplate(src, 0)
		if err == nil && end < len(src.text) {
			err = &syntaxError{end, "invalid character " + quoteByte(src.text, end) + " after top-level value"}
		}
	} else {
		n, err = parseJSON(src.text)
	}
	if err != nil {
		return nil, nil, syntaxInputError(src, err)
	}
	return n, src, nil
}

// syntaxInputError places a parse error.
func syntaxInputError(src *source, err error) *rules.InputError {
	if se, ok := err.(*syntaxError); ok {
		return rules.Errorf(src.span(se.off, se.off), "%s", se.msg)
	}
	return rules.Errorf(rules.Span{File: src.file}, "%v", err)
}
