package requests

import (
	"github.com/cachevet/cachevet/internal/textpos"
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
func detectAPI(n *textpos.Node, hint string) api {
	if !n.IsObject() {
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
	model := n.Get("model").Text()
	msgs := n.Get("messages")
	hasMsgs := isMessageList(msgs)
	switch {
	case (n.Has("input") || n.Has("instructions")) && !hasMsgs && (n.Has("model") || n.Has("instructions") || isItemList(n.Get("input"))):
		return apiResponses
	case (n.Has("system") || n.Has("cache_control")) && (hasMsgs || model != ""):
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
func isMessageList(n *textpos.Node) bool {
	if !n.IsArray() {
		return false
	}
	messages := false
	for _, m := range n.Elems {
		switch {
		case m.Raw:
			// A loop the template writes messages with.
			messages = messages || strings.Contains(m.Str, `"role"`)
		case !m.IsObject() || !m.Get("role").IsString():
			return false
		default:
			messages = true
		}
	}
	return messages || len(n.Elems) == 0
}

// isItemList reports whether n is Responses input: an array of items with
// a role or a type.
func isItemList(n *textpos.Node) bool {
	if !n.IsArray() || len(n.Elems) == 0 {
		return false
	}
	for _, it := range n.Elems {
		if !it.IsObject() || !it.Has("role") && !it.Has("type") {
			return false
		}
	}
	return true
}

// chatSignals are fields only Chat Completions has.
func chatSignals(n *textpos.Node) bool {
	for _, f := range []string{"response_format", "prompt_cache_key", "prompt_cache_retention", "prompt_cache_options",
		"max_completion_tokens", "frequency_penalty", "presence_penalty", "logprobs", "n", "functions", "stream_options"} {
		if n.Has(f) {
			return true
		}
	}
	for _, t := range n.Get("tools").ElemsOrNil() {
		if t.Has("function") {
			return true
		}
	}
	for _, m := range n.Get("messages").ElemsOrNil() {
		switch m.Get("role").Text() {
		case "system", "developer", "tool", "function":
			return true
		}
		if m.Has("tool_calls") {
			return true
		}
		for _, p := range m.Get("content").ElemsOrNil() {
			switch p.Get("type").Text() {
			case "image_url", "input_audio", "file", "refusal":
				return true
			}
		}
	}
	return false
}

// anthropicSignals are fields only the Messages API has.
func anthropicSignals(n *textpos.Node) bool {
	for _, f := range []string{"stop_sequences", "top_k", "thinking", "anthropic_version", "container", "mcp_servers"} {
		if n.Has(f) {
			return true
		}
	}
	for _, t := range n.Get("tools").ElemsOrNil() {
		if t.Has("input_schema") || t.Has("cache_control") {
			return true
		}
	}
	return anthropicMessageSignals(n.Get("messages"))
}

// anthropicMessageSignals reports content blocks only the Messages API
// has.
func anthropicMessageSignals(msgs *textpos.Node) bool {
	for _, m := range msgs.ElemsOrNil() {
		for _, p := range m.Get("content").ElemsOrNil() {
			if p.Has("cache_control") {
				return true
			}
			switch p.Get("type").Text() {
			case "tool_use", "tool_result", "thinking", "redacted_thinking", "document":
				return true
			case "image":
				if p.Has("source") {
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
func unwrap(n *textpos.Node, src *textpos.Source) (*textpos.Node, *textpos.Source, string, *rules.InputError) {
	hint := ""
	for range 4 {
		if !n.IsObject() || detectAPI(n, hint) != apiNone {
			return n, src, hint, nil
		}
		var next *textpos.Node
		switch {
		case n.Has("request"):
			next = n.Get("request")
		case n.Has("body") && (n.Get("body").IsObject() || n.Get("body").IsString()):
			next = n.Get("body")
		case n.Has("params") && n.Has("custom_id"):
			next, hint = n.Get("params"), "/v1/messages"
		default:
			return n, src, hint, nil
		}
		for _, k := range []string{"url", "uri", "path", "endpoint"} {
			if u := n.Get(k).Text(); u != "" {
				hint = u
			}
		}
		if next.IsString() {
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
func parseNested(outer *textpos.Source, host *textpos.Node, template bool) (*textpos.Node, *textpos.Source, *rules.InputError) {
	t := strings.TrimSpace(host.Str)
	if t == "" || t[0] != '{' && t[0] != '[' {
		return nil, nil, nil
	}
	src := textpos.NewNestedSource(outer, host)
	var n *textpos.Node
	var err error
	if template {
		var end int
		n, end, _, _, err = parseJSONTemplate(src, 0)
		if err == nil && end < len(src.Text) {
			err = &textpos.Error{Off: end, Msg: "invalid character " + textpos.QuoteByte(src.Text, end) + " after top-level value"}
		}
	} else {
		n, err = textpos.ParseJSON(src.Text)
	}
	if err != nil {
		return nil, nil, syntaxInputError(src, err)
	}
	return n, src, nil
}

// syntaxInputError places a parse error.
func syntaxInputError(src *textpos.Source, err error) *rules.InputError {
	if se, ok := err.(*textpos.Error); ok {
		return rules.Errorf(src.Span(se.Off, se.Off), "%s", se.Msg)
	}
	return rules.Errorf(rules.Span{File: src.File}, "%v", err)
}
