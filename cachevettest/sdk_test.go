package cachevettest_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/anthropics/anthropic-sdk-go"
	openaigo "github.com/openai/openai-go/v3"
	"github.com/openai/openai-go/v3/responses"
	"github.com/openai/openai-go/v3/shared"
	goopenai "github.com/sashabaranov/go-openai"

	"github.com/cachevet/cachevet/cachevettest"
)

// The tests in this file build requests with the real SDKs'
// param types: what a user's test hands to Stable and Conversation.

const systemPrompt = "You are the support agent of Acme. Answer from the policies below and cite them.\n\n<policies>refunds within 30 days; shipping in 2 days</policies>"

// --- anthropic-sdk-go ---

func anthropicTool(name string) anthropic.ToolParam {
	return anthropic.ToolParam{
		Name:        name,
		Description: anthropic.String("Calls " + name + "."),
		InputSchema: anthropic.ToolInputSchemaParam{
			Properties: map[string]any{"query": map[string]any{"type": "string"}, "limit": map[string]any{"type": "integer"}},
			Required:   []string{"query"},
		},
	}
}

var anthropicTools = func() map[string]anthropic.ToolParam {
	m := map[string]anthropic.ToolParam{}
	for _, n := range toolNames {
		m[n] = anthropicTool(n)
	}
	return m
}()

// anthropicParams is a request with tools, a cached system prompt and one
// user message.
func anthropicParams(tools []anthropic.ToolParam, system string) anthropic.MessageNewParams {
	p := anthropic.MessageNewParams{
		Model:     anthropic.ModelClaudeSonnet4_5,
		MaxTokens: 1024,
		System:    []anthropic.TextBlockParam{{Text: system, CacheControl: anthropic.NewCacheControlEphemeralParam()}},
		Messages:  []anthropic.MessageParam{anthropic.NewUserMessage(anthropic.NewTextBlock("Where is my order 1234?"))},
	}
	for i := range tools {
		p.Tools = append(p.Tools, anthropic.ToolUnionParam{OfTool: &tools[i]})
	}
	return p
}

// mapRangedTools collects the tools by ranging over the map: the hazard.
func mapRangedTools() any {
	var tools []anthropic.ToolParam
	for _, t := range anthropicTools {
		tools = append(tools, t)
	}
	return anthropicParams(tools, systemPrompt)
}

// sortedTools ranges over the sorted keys: the fix.
func sortedTools() any {
	var tools []anthropic.ToolParam
	for _, name := range slices.Sorted(maps.Keys(anthropicTools)) {
		tools = append(tools, anthropicTools[name])
	}
	return anthropicParams(tools, systemPrompt)
}

// --- openai-go v3 ---

func openaiTool(name string, params shared.FunctionParameters) openaigo.ChatCompletionToolUnionParam {
	return openaigo.ChatCompletionFunctionTool(shared.FunctionDefinitionParam{
		Name:        name,
		Description: openaigo.String("Calls " + name + "."),
		Parameters:  params,
	})
}

var openaiRegistry = func() map[string]openaigo.ChatCompletionToolUnionParam {
	m := map[string]openaigo.ChatCompletionToolUnionParam{}
	for _, n := range toolNames {
		m[n] = openaiTool(n, shared.FunctionParameters{"type": "object", "properties": map[string]any{"query": map[string]any{"type": "string"}}})
	}
	return m
}()

func openaiParams(tools []openaigo.ChatCompletionToolUnionParam) openaigo.ChatCompletionNewParams {
	return openaigo.ChatCompletionNewParams{
		Model: openaigo.ChatModelGPT5,
		Tools: tools,
		Messages: []openaigo.ChatCompletionMessageParamUnion{
			openaigo.SystemMessage(systemPrompt),
			openaigo.UserMessage("Where is my order 1234?"),
		},
	}
}

// mcpProperties is an MCP server's tool input schema: properties keyed by
// name, as servers list them.
var mcpProperties = map[string]any{
	"path":      map[string]any{"type": "string", "description": "file to read"},
	"offset":    map[string]any{"type": "integer"},
	"limit":     map[string]any{"type": "integer"},
	"encoding":  map[string]any{"type": "string", "enum": []string{"utf-8", "latin-1"}},
	"follow":    map[string]any{"type": "boolean"},
	"max_bytes": map[string]any{"type": "integer"},
}

// orderedObject is a JSON object that keeps its keys in insertion order,
// as ordered-map types of schema libraries do.
type orderedObject struct {
	keys []string
	vals map[string]any
}

func (o *orderedObject) set(k string, v any) {
	if o.vals == nil {
		o.vals = map[string]any{}
	}
	if _, ok := o.vals[k]; !ok {
		o.keys = append(o.keys, k)
	}
	o.vals[k] = v
}

func (o *orderedObject) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	b.WriteByte('{')
	for i, k := range o.keys {
		if i > 0 {
			b.WriteByte(',')
		}
		kb, _ := json.Marshal(k)
		vb, err := json.Marshal(o.vals[k])
		if err != nil {
			return nil, err
		}
		b.Write(kb)
		b.WriteByte(':')
		b.Write(vb)
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}

// --- go-openai ---

func goOpenAITool(name string) goopenai.Tool {
	return goopenai.Tool{Type: goopenai.ToolTypeFunction, Function: &goopenai.FunctionDefinition{
		Name: name, Description: "Calls " + name + ".",
		Parameters: map[string]any{"type": "object", "properties": map[string]any{"query": map[string]any{"type": "string"}}},
	}}
}

func goOpenAIRequest(tools []goopenai.Tool, history []goopenai.ChatCompletionMessage) goopenai.ChatCompletionRequest {
	msgs := append([]goopenai.ChatCompletionMessage{{Role: goopenai.ChatMessageRoleSystem, Content: systemPrompt}}, history...)
	return goopenai.ChatCompletionRequest{Model: goopenai.GPT4o, Tools: tools, Messages: msgs}
}

// agentHistory is the history after turn i of an agent loop: a user
// question and the assistant's answer per turn, and the newest question.
func agentHistory(i int) []goopenai.ChatCompletionMessage {
	var h []goopenai.ChatCompletionMessage
	for k := 0; k <= i; k++ {
		h = append(h, goopenai.ChatCompletionMessage{Role: goopenai.ChatMessageRoleUser, Content: "question " + string(rune('A'+k))})
		if k < i {
			h = append(h, goopenai.ChatCompletionMessage{Role: goopenai.ChatMessageRoleAssistant, Content: "answer " + string(rune('A'+k))})
		}
	}
	return h
}

// slidingWindow keeps the newest four messages: turn 2 onwards drops the
// oldest, so the prompt no longer starts with the previous turn's.
func slidingWindow(h []goopenai.ChatCompletionMessage) []goopenai.ChatCompletionMessage {
	return h[max(0, len(h)-4):]
}

const toolsHint = "same tools in another order: build the list in a fixed order, such as slices.Sorted(maps.Keys(tools))"

// stableHeader matches the first two lines of a Stable failure whose
// call number depends on map order.
func stableHeader(path string) *regexp.Regexp {
	return regexp.MustCompile(`^cachevettest: call \d+ of 20 sent a different cacheable prefix than call 1\n    at ` + path)
}

func TestSDKStable(t *testing.T) {
	tests := []struct {
		name  string
		build func() any
		opts  []cachevettest.Option
		// want is the exact failure, or wantRE its start when map order
		// decides which call and key differ first; both empty: passes.
		want   string
		wantRE *regexp.Regexp
		hint   string // the last line of a failure matched by wantRE
	}{
		{name: "anthropic/map-ranged tools", build: mapRangedTools,
			wantRE: stableHeader(`tools\[\d\]\.name \(byte \d+ of the request body, tools section\)\n`), hint: toolsHint},
		{name: "anthropic/sorted tools", build: sortedTools},
		{
			name: "anthropic/timestamp in system",
			build: func() func() any {
				c := newClock()
				return func() any {
					return anthropicParams(nil, systemPrompt+"\nCurrent time: "+c.now().Format(time.RFC3339))
				}
			}(),
			want: `cachevettest: call 2 of 20 sent a different cacheable prefix than call 1
    at system[0].text (byte 357 of the request body, system section)
    call 1: …ent time: 2026-12-04T09:00:01Z","cache_control":{"type":"ephemer…
    call 2: …ent time: 2026-12-04T09:00:02Z","cache_control":{"type":"ephemer…
                                         ^
    invalidates system[0].cache_control`,
		},
		{
			name: "anthropic/timestamp in system, same second",
			build: func() any {
				return anthropicParams(nil, systemPrompt+"\nCurrent time: "+time.Date(2026, 12, 4, 9, 0, 0, 0, time.UTC).Format(time.RFC3339))
			},
			want: `cachevettest: the cacheable prefix holds a value that differs between real requests: time "current_time" (ISO-8601 datetime literal) changes every request
    at system[0].text (byte 339 of the request body, system section): 2026-12-04T09:00:00Z
    invalidates system[0].cache_control
    move it after the last cache point, or Ignore("system[0].text") if it is sent after it`,
		},
		{
			name: "anthropic/timestamp after the cache point",
			build: func() func() any {
				c := newClock()
				return func() any {
					p := anthropicParams(nil, systemPrompt)
					p.System = append(p.System, anthropic.TextBlockParam{Text: "Current time: " + c.now().Format(time.RFC3339)})
					return p
				}
			}(),
		},
		{
			name: "openai-go/maps.Values",
			build: func() any {
				return openaiParams(slices.Collect(maps.Values(openaiRegistry)))
			},
			wantRE: stableHeader(`tools\[\d\]\.function\.name \(byte \d+ of the request body, tools section\)\n`), hint: toolsHint,
		},
		{
			name: "openai-go/sorted values",
			build: func() any {
				tools := slices.Collect(maps.Values(openaiRegistry))
				slices.SortFunc(tools, func(a, b openaigo.ChatCompletionToolUnionParam) int {
					return strings.Compare(a.GetFunction().Name, b.GetFunction().Name)
				})
				return openaiParams(tools)
			},
		},
		{
			name: "openai-go/MCP schema through any",
			build: func() any {
				props := map[string]any{}
				for k, v := range mcpProperties {
					props[k] = v
				}
				return openaiParams([]openaigo.ChatCompletionToolUnionParam{
					openaiTool("read_file", shared.FunctionParameters{"type": "object", "properties": props}),
				})
			},
		},
		{
			name: "openai-go/MCP schema through an ordered type",
			build: func() any {
				props := &orderedObject{}
				for k, v := range mcpProperties {
					props.set(k, v)
				}
				return openaiParams([]openaigo.ChatCompletionToolUnionParam{
					openaiTool("read_file", shared.FunctionParameters{"type": "object", "properties": props}),
				})
			},
			wantRE: stableHeader(`tools\[0\]\.function\.parameters\.properties\.[a-z_]+ \(byte \d+ of the request body, tools section\) in call 1, tools\[0\]\.function\.parameters\.properties\.[a-z_]+ \(byte \d+ of the request body, tools section\) in call \d+\n`),
			hint:   "same content, keys in another order: marshal a Go map (encoding/json sorts its keys) or insert the keys in sorted order",
		},
		{
			name: "openai-go/MCP schema through an ordered type, keys sorted",
			build: func() any {
				props := &orderedObject{}
				for _, k := range slices.Sorted(maps.Keys(mcpProperties)) {
					props.set(k, mcpProperties[k])
				}
				return openaiParams([]openaigo.ChatCompletionToolUnionParam{
					openaiTool("read_file", shared.FunctionParameters{"type": "object", "properties": props}),
				})
			},
		},
		{
			name: "openai-go/Responses: request id in instructions",
			build: counter(func(n int) any {
				return responses.ResponseNewParams{
					Model:        shared.ResponsesModel(openaigo.ChatModelGPT5),
					Instructions: openaigo.String(fmt.Sprintf("%s\nTrace ID: 7f9c2ab1-%04d", systemPrompt, n)),
					Input:        responses.ResponseNewParamsInputUnion{OfString: openaigo.String("Where is my order 1234?")},
				}
			}),
			want: `cachevettest: call 2 of 20 sent a different cacheable prefix than call 1
    at instructions (byte 208 of the request body, system section)
    call 1: …003e\nTrace ID: 7f9c2ab1-0001","input":"Where is my order 1234?"…
    call 2: …003e\nTrace ID: 7f9c2ab1-0002","input":"Where is my order 1234?"…
                                         ^
    invalidates the provider's automatic prefix cache from here on`,
		},
		{
			name: "openai-go/Responses: stable instructions",
			build: func() any {
				return responses.ResponseNewParams{
					Model:        shared.ResponsesModel(openaigo.ChatModelGPT5),
					Instructions: openaigo.String(systemPrompt),
					Input:        responses.ResponseNewParamsInputUnion{OfString: openaigo.String("Where is my order 1234?")},
				}
			},
		},
		{
			name: "go-openai/map-ranged tools",
			build: func() any {
				var tools []goopenai.Tool
				for _, n := range slices.Collect(maps.Values(map[string]string{"a": toolNames[0], "b": toolNames[1], "c": toolNames[2], "d": toolNames[3], "e": toolNames[4], "f": toolNames[5]})) {
					tools = append(tools, goOpenAITool(n))
				}
				return goOpenAIRequest(tools, agentHistory(0))
			},
			wantRE: stableHeader(`tools\[\d\]\.function\.name \(byte \d+ of the request body, tools section\)\n`), hint: toolsHint,
		},
		{
			name: "go-openai/rotated tools",
			build: func() func() any {
				call := 0
				return func() any {
					call++
					tools := []goopenai.Tool{goOpenAITool("get_weather"), goOpenAITool("search_docs")}
					if call == 3 {
						slices.Reverse(tools)
					}
					return goOpenAIRequest(tools, agentHistory(1))
				}
			}(),
			want: `cachevettest: call 3 of 20 sent a different cacheable prefix than call 1
    at tools[0].function.name (byte 394 of the request body, tools section)
    call 1: …ools":[{"function":{"name":"get_weather","description":"Calls ge…
    call 3: …ools":[{"function":{"name":"search_docs","description":"Calls se…
                                         ^
    invalidates the provider's automatic prefix cache from here on
    same tools in another order: build the list in a fixed order, such as slices.Sorted(maps.Keys(tools))`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := record(func(tb testing.TB) { cachevettest.Stable(tb, tt.build, tt.opts...) })
			got := r.output()
			switch {
			case tt.wantRE != nil:
				if !tt.wantRE.MatchString(got) || !strings.HasSuffix(got, "\n    "+tt.hint) {
					t.Errorf("failure does not match %s and end in %q:\n%s", tt.wantRE, tt.hint, got)
				}
			case got != tt.want:
				t.Errorf("failure:\n%s\nwant:\n%s", got, tt.want)
			}
			if r.fatal {
				t.Errorf("Stable stopped with Fatalf: %s", got)
			}
		})
	}
}

func TestSDKConversation(t *testing.T) {
	tools := []goopenai.Tool{goOpenAITool("get_weather"), goOpenAITool("search_docs")}
	tests := []struct {
		name string
		turn func(i int) any
		n    int
		opts []cachevettest.Option
		want string
	}{
		{name: "go-openai/growing history", n: 5, turn: func(i int) any { return goOpenAIRequest(tools, agentHistory(i)) }},
		{
			name: "go-openai/sliding window", n: 5,
			turn: func(i int) any { return goOpenAIRequest(tools, slidingWindow(agentHistory(i))) },
			want: `cachevettest: turn 2 does not extend the prompt of turn 1 byte for byte, so it cannot read turn 1's cache past this point
    at messages[1].role (byte 237 of the request body, messages section)
    turn 1: …c/policies\u003e"},{"role":"user","content":"question A"},{"role…
    turn 2: …c/policies\u003e"},{"role":"assistant","content":"answer A"},{"r…
                                         ^
    invalidates the provider's automatic prefix cache from here on`,
		},
		{
			name: "anthropic/breakpoint moves to the newest message", n: 4,
			turn: func(i int) any {
				p := anthropicParams(nil, systemPrompt)
				p.Messages = nil
				for k := 0; k <= i; k++ {
					user := anthropic.NewTextBlock("question " + string(rune('A'+k)))
					if k == i {
						user.OfText.CacheControl = anthropic.NewCacheControlEphemeralParam()
					}
					p.Messages = append(p.Messages, anthropic.NewUserMessage(user))
					if k < i {
						p.Messages = append(p.Messages, anthropic.NewAssistantMessage(anthropic.NewTextBlock("answer")))
					}
				}
				return p
			},
		},
		{
			name: "anthropic/turn counter in system", n: 3,
			turn: func(i int) any {
				return anthropicParams(nil, systemPrompt+"\nThis is turn "+string(rune('1'+i))+".")
			},
			want: `cachevettest: turn 1 does not extend the prompt of turn 0 byte for byte, so it cannot read turn 0's cache past this point
    at system[0].text (byte 338 of the request body, system section)
    turn 0: …olicies\u003e\nThis is turn 1.","cache_control":{"type":"ephemer…
    turn 1: …olicies\u003e\nThis is turn 2.","cache_control":{"type":"ephemer…
                                         ^
    invalidates system[0].cache_control`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := record(func(tb testing.TB) { cachevettest.Conversation(tb, tt.turn, tt.n, tt.opts...) })
			if got := r.output(); got != tt.want {
				t.Errorf("failure:\n%s\nwant:\n%s", got, tt.want)
			}
		})
	}
}
