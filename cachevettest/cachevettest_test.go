package cachevettest_test

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/cachevet/cachevet/cachevettest"
)

// counter returns a build function whose n-th call passes n to f.
func counter(f func(n int) any) func() any {
	n := 0
	return func() any {
		n++
		return f(n)
	}
}

// anthropicBody is an Anthropic request as a plain map: a tool, a system
// prompt with a breakpoint, and the given messages.
func anthropicBody(system []any, msgs ...any) map[string]any {
	return map[string]any{
		"model":      "claude-sonnet-4-5",
		"max_tokens": 512,
		"tools": []any{map[string]any{
			"name": "lookup_order", "description": "Looks up an order.",
			"input_schema": map[string]any{"type": "object", "properties": map[string]any{"id": map[string]any{"type": "string"}}},
		}},
		"system":   system,
		"messages": msgs,
	}
}

func text(s string, cached bool) map[string]any {
	b := map[string]any{"type": "text", "text": s}
	if cached {
		b["cache_control"] = map[string]any{"type": "ephemeral"}
	}
	return b
}

func user(s string) map[string]any { return map[string]any{"role": "user", "content": s} }

func TestStable(t *testing.T) {
	tests := []struct {
		name  string
		build func() any
		opts  []cachevettest.Option
		want  string
	}{
		{
			name: "history after the last breakpoint may change",
			build: counter(func(n int) any {
				return anthropicBody([]any{text(systemPrompt, true)}, user(fmt.Sprint("question ", n)),
					map[string]any{"role": "assistant", "content": "answer"}, user("and now?"))
			}),
		},
		{
			name: "volatile tool description",
			build: counter(func(n int) any {
				b := anthropicBody([]any{text(systemPrompt, true)}, user("hi"))
				b["tools"].([]any)[0].(map[string]any)["description"] = fmt.Sprintf("Looks up an order (build %d).", n)
				return b
			}),
			want: `cachevettest: call 2 of 20 sent a different cacheable prefix than call 1
    at tools[0].description (byte 381 of the request body, tools section)
    call 1: …":"Looks up an order (build 1).","input_schema":{"properties":{"…
    call 2: …":"Looks up an order (build 2).","input_schema":{"properties":{"…
                                         ^
    invalidates system[0].cache_control`,
		},
		{
			name: "volatile tool description, ignored",
			build: counter(func(n int) any {
				b := anthropicBody([]any{text(systemPrompt, true)}, user("hi"))
				b["tools"].([]any)[0].(map[string]any)["description"] = fmt.Sprintf("Looks up an order (build %d).", n)
				return b
			}),
			opts: []cachevettest.Option{cachevettest.Ignore("tools[*].description")},
		},
		{
			name: "request id in system, ignored",
			build: func() any {
				return anthropicBody([]any{text(systemPrompt+"\nRequest ID: req_011CV3xk29Fa", true)}, user("hi"))
			},
			opts: []cachevettest.Option{cachevettest.Ignore("system[0].text")},
		},
		{
			name: "request id in system, its block ignored",
			build: func() any {
				return anthropicBody([]any{text(systemPrompt+"\nRequest ID: req_011CV3xk29Fa", true)}, user("hi"))
			},
			opts: []cachevettest.Option{cachevettest.Ignore("system[*]")},
		},
		{
			name: "request id in system",
			build: func() any {
				return anthropicBody([]any{text(systemPrompt+"\nRequest ID: req_011CV3xk29Fa", true)}, user("hi"))
			},
			want: `cachevettest: the cacheable prefix holds a value that differs between real requests: id "request_id" (prefixed id literal) changes every request
    at system[0].text (byte 327 of the request body, system section): req_011CV3xk29Fa
    invalidates system[0].cache_control
    move it after the last cache point, or Ignore("system[0].text") if it is sent after it`,
		},
		{
			name: "wire bytes as []byte, json.RawMessage and string",
			build: counter(func(n int) any {
				data, _ := json.Marshal(anthropicBody([]any{text(systemPrompt, true)}, user("hi")))
				switch n % 3 {
				case 0:
					return data
				case 1:
					return json.RawMessage(data)
				}
				return string(data)
			}),
		},
		{
			name: "OpenAI implicit caching: history before the newest message",
			build: counter(func(n int) any {
				return map[string]any{"messages": []any{user(fmt.Sprint("first question, call ", n)), map[string]any{"role": "assistant", "content": "answer"}, user("next")}}
			}),
			want: `cachevettest: call 2 of 20 sent a different cacheable prefix than call 1
    at messages[0].content (byte 46 of the request body, messages section)
    call 1: …tent":"first question, call 1","role":"user"},{"content":"answer…
    call 2: …tent":"first question, call 2","role":"user"},{"content":"answer…
                                         ^
    invalidates the provider's automatic prefix cache from here on`,
		},
		{
			name: "Provider: the same body for Anthropic, with no breakpoint yet",
			build: counter(func(n int) any {
				return map[string]any{"messages": []any{user(fmt.Sprint("first question, call ", n)), map[string]any{"role": "assistant", "content": "answer"}, user("next")}}
			}),
			opts: []cachevettest.Option{cachevettest.Provider(cachevettest.Anthropic)},
			want: `cachevettest: call 2 of 20 sent a different cacheable prefix than call 1
    at messages[0].content (byte 46 of the request body, messages section)
    call 1: …tent":"first question, call 1","role":"user"},{"content":"answer…
    call 2: …tent":"first question, call 2","role":"user"},{"content":"answer…
                                         ^
    no breakpoint caches this prefix yet; one placed after this point would never be read`,
		},
		{
			name: "top-level cache_control",
			build: counter(func(n int) any {
				b := anthropicBody([]any{text(fmt.Sprint(systemPrompt, " v", n), false)}, user("hi"))
				b["cache_control"] = map[string]any{"type": "ephemeral"}
				return b
			}),
			want: `cachevettest: call 2 of 20 sent a different cacheable prefix than call 1
    at system[0].text (byte 315 of the request body, system section)
    call 1: … days\u003c/policies\u003e v1","type":"text"}],"tools":[{"descri…
    call 2: … days\u003c/policies\u003e v2","type":"text"}],"tools":[{"descri…
                                         ^
    invalidates automatic caching (top-level cache_control)`,
		},
		{
			name: "more breakpoints than Anthropic accepts",
			build: func() any {
				return anthropicBody([]any{text("a", true), text("b", true), text("c", true), text("d", true), text("e", true)}, user("hi"))
			},
			want: `cachevettest: request has 5 cache breakpoints (5 explicit); anthropic accepts 4 and rejects the request (PC004 at system[4].cache_control)`,
		},
		{
			name: "Tokens: prefix below the minimum",
			build: func() any {
				return anthropicBody([]any{text(systemPrompt, true)}, user("hi"))
			},
			opts: []cachevettest.Option{cachevettest.Tokens(words{})},
			want: `cachevettest: cache breakpoint covers 27 tokens, below the 1,024-token minimum of claude-sonnet-4-5, so it is silently never cached; add stable content before it or remove it (PC003 at system[0].cache_control)`,
		},
		{
			name: "Tokens: what a divergence costs",
			build: counter(func(n int) any {
				return anthropicBody([]any{text(fmt.Sprint("Build ", n, ". ", strings.Repeat("policy ", 1100)), true)}, user("hi"))
			}),
			opts: []cachevettest.Option{cachevettest.Tokens(words{})},
			want: `cachevettest: call 2 of 20 sent a different cacheable prefix than call 1
    at system[0].text (byte 152 of the request body, system section)
    call 1: …:"ephemeral"},"text":"Build 1. policy policy policy policy polic…
    call 2: …:"ephemeral"},"text":"Build 2. policy policy policy policy polic…
                                         ^
    invalidates system[0].cache_control; 1,102 tokens from here to the end of the prefix are written again instead of read`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := record(func(tb testing.TB) { cachevettest.Stable(tb, tt.build, tt.opts...) })
			if got := r.output(); got != tt.want {
				t.Errorf("failure:\n%s\nwant:\n%s", got, tt.want)
			}
			if r.fatal {
				t.Errorf("Stable stopped with Fatalf")
			}
			if r.helpers == 0 {
				t.Errorf("Stable did not call t.Helper, so failures point into cachevettest")
			}
		})
	}
}

func TestConversation(t *testing.T) {
	history := func(i int) []any {
		var msgs []any
		for k := 0; k <= i; k++ {
			msgs = append(msgs, user(fmt.Sprint("question ", k)))
			if k < i {
				msgs = append(msgs, map[string]any{"role": "assistant", "content": fmt.Sprint("answer ", k)})
			}
		}
		return msgs
	}
	tests := []struct {
		name string
		turn func(i int) any
		n    int
		opts []cachevettest.Option
		want string
	}{
		{name: "history grows", n: 4, turn: func(i int) any { return anthropicBody([]any{text(systemPrompt, true)}, history(i)...) }},
		{name: "Turns gives n", opts: []cachevettest.Option{cachevettest.Turns(3)}, turn: func(i int) any { return anthropicBody([]any{text(systemPrompt, true)}, history(i)...) }},
		{
			name: "a turn drops the newest message", n: 3,
			turn: func(i int) any {
				h := history(i)
				if i == 2 {
					h = history(1)[:2]
				}
				return anthropicBody([]any{text(systemPrompt, true)}, h...)
			},
			want: `cachevettest: turn 2 does not extend the prompt of turn 1 byte for byte, so it cannot read turn 1's cache past this point
    turn 2 ends at byte 110, where turn 1 goes on with messages[2] (byte 111 of the request body, messages section)
    turn 1: …swer 0","role":"assistant"},{"content":"question 1","role":"user…
    turn 2: …nswer 0","role":"assistant"}],"model":"claude-sonnet-4-5","syste…
                                         ^
    after the last breakpoint (system[0].cache_control): what it caches is still read, nothing after it is`,
		},
		{
			name: "system string becomes blocks on resume", n: 2,
			turn: func(i int) any {
				if i == 0 {
					b := anthropicBody(nil, history(0)...)
					b["system"] = systemPrompt
					return b
				}
				return anthropicBody([]any{text(systemPrompt, false)}, history(1)...)
			},
			want: `cachevettest: turn 1 does not extend the prompt of turn 0 byte for byte, so it cannot read turn 0's cache past this point
    at system (byte 107 of the request body, system section) in turn 0, system[0] (byte 189 of the request body, system section) in turn 1
    turn 0: …claude-sonnet-4-5","system":"You are the support agent of Acme. …
    turn 1: …laude-sonnet-4-5","system":[{"text":"You are the support agent o…
                                         ^
    no breakpoint caches this prefix yet; one placed after this point would never be read`,
		},
		{
			name: "Calls: every turn must be stable too", n: 3,
			turn: counter2(func(i, call int) any {
				return anthropicBody([]any{text(fmt.Sprint(systemPrompt, " call ", call), true)}, history(i)...)
			}),
			opts: []cachevettest.Option{cachevettest.Calls(2)},
			want: `cachevettest: turn 0, call 2 of 2 sent a different cacheable prefix than turn 0
    at system[0].text (byte 327 of the request body, system section)
    turn 0:         …s\u003c/policies\u003e call 1","type":"text"}],"tools":[{"descri…
    turn 0, call 2: …s\u003c/policies\u003e call 2","type":"text"}],"tools":[{"descri…
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

// counter2 passes the turn and how many times that turn was built.
func counter2(f func(i, call int) any) func(i int) any {
	calls := map[int]int{}
	return func(i int) any {
		calls[i]++
		return f(i, calls[i])
	}
}

// TestErrors: misuse stops the test with Fatalf and says what is wrong.
func TestErrors(t *testing.T) {
	ok := func() any { return anthropicBody([]any{text(systemPrompt, true)}, user("hi")) }
	tests := []struct {
		name  string
		check func(t testing.TB)
		want  string
	}{
		{"not a request", func(t testing.TB) { cachevettest.Stable(t, func() any { return map[string]any{"model": "gpt-5"} }) },
			`cachevettest: call 1: map[string]interface {} does not marshal to a request body (no messages, input or system): {"model":"gpt-5"}`},
		{"cannot marshal", func(t testing.TB) { cachevettest.Stable(t, func() any { return map[string]any{"f": func() {}} }) },
			`cachevettest: call 1: marshal map[string]interface {}: json: unsupported type: func()`},
		{"invalid JSON bytes", func(t testing.TB) { cachevettest.Stable(t, func() any { return []byte(`{"messages": [}`) }) },
			`cachevettest: call 1: byte 14 of the request body: invalid character '}' looking for beginning of value`},
		{"bad content", func(t testing.TB) {
			cachevettest.Stable(t, func() any { return map[string]any{"system": 3, "messages": []any{user("hi")}} })
		}, `cachevettest: call 1: byte 54 of the request body: system must be a string or an array of text blocks, not number`},
		{"Calls(0)", func(t testing.TB) { cachevettest.Stable(t, ok, cachevettest.Calls(0)) },
			`cachevettest: Calls(0): need at least 1`},
		{"Turns(1)", func(t testing.TB) { cachevettest.Stable(t, ok, cachevettest.Turns(1)) },
			`cachevettest: Turns(1): a conversation needs at least 2 turns`},
		{"Provider", func(t testing.TB) { cachevettest.Stable(t, ok, cachevettest.Provider("gemini")) },
			`cachevettest: Provider("gemini"): want "anthropic", "openai-chat" or "openai-responses"`},
		{"Ignore", func(t testing.TB) { cachevettest.Stable(t, ok, cachevettest.Ignore("tools..name")) },
			`cachevettest: Ignore("tools..name"): cannot read the path at "..name" (want a.b[0].c, [*] for any index)`},
		{"Tokens(nil)", func(t testing.TB) { cachevettest.Stable(t, ok, cachevettest.Tokens(nil)) },
			`cachevettest: Tokens(nil): need a counter`},
		{"one turn", func(t testing.TB) { cachevettest.Conversation(t, func(int) any { return ok() }, 1) },
			`cachevettest: Conversation with 1 turns compares nothing; need at least 2`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := record(tt.check)
			if got := r.output(); got != tt.want || !r.fatal {
				t.Errorf("failure (fatal %v):\n%s\nwant:\n%s", r.fatal, got, tt.want)
			}
		})
	}
}
