package requests

import (
	"bytes"
	"github.com/cachevet/cachevet/internal/textpos"
	"strings"
	"testing"

	"github.com/cachevet/cachevet/rules"
)

// adaptSeeds are OpenTelemetry GenAI and LiteLLM records in the shapes
// the readers know, plus near misses.
var adaptSeeds = []string{
	`{"resourceSpans":[{"scopeSpans":[{"spans":[{"startTimeUnixNano":"1796031667000000000","attributes":[{"key":"gen_ai.provider.name","value":{"stringValue":"anthropic"}},{"key":"gen_ai.request.model","value":{"stringValue":"claude-sonnet-4-5"}},{"key":"gen_ai.system_instructions","value":{"stringValue":"[{\"type\":\"text\",\"content\":\"s\"}]"}},{"key":"gen_ai.input.messages","value":{"stringValue":"[{\"role\":\"user\",\"parts\":[{\"type\":\"text\",\"content\":\"hi\"},{\"type\":\"tool_call\",\"id\":\"1\",\"name\":\"f\",\"arguments\":{\"a\":1}}]},{\"role\":\"tool\",\"parts\":[{\"type\":\"tool_call_response\",\"id\":\"1\",\"response\":{\"ok\":true}}]}]"}},{"key":"gen_ai.tool.definitions","value":{"stringValue":"[{\"name\":\"f\",\"input_schema\":{}}]"}},{"key":"gen_ai.usage.input_tokens","value":{"intValue":"10"}}]}]}]}]}`,
	`{"name":"chat","start_time":"2026-11-30T09:41:07Z","attributes":{"gen_ai.request.model":"gpt-4o","gen_ai.input.messages":[{"role":"user","parts":[{"type":"text","content":"q"}]}],"gen_ai.usage.input_tokens":5,"gen_ai.usage.cache_read.input_tokens":0}}`,
	`{"attributes":{"gen_ai.request.model":"gpt-4o","gen_ai.prompt.0.role":"user","gen_ai.prompt.0.content":"hi"}}`,
	`{"attributes":{"gen_ai.request.model":"gpt-4o","gen_ai.prompt":"[{\"role\":\"user\",\"content\":\"hi\"}]"}}`,
	`{"resource_spans":[{"scope_spans":[{"spans":[{"attributes":[{"key":"gen_ai.request.model","value":{"arrayValue":{"values":[{"stringValue":"x"}]}}}]}]}]}]}`,
	`{"call_type":"acompletion","model":"claude-sonnet-4-5","startTime":1796031667.5,"messages":[{"role":"system","content":[{"type":"text","text":"s","cache_control":{"type":"ephemeral","ttl":"1h"}}]},{"role":"user","content":"q"}],"model_parameters":{"tools":[{"type":"function","function":{"name":"f"}}]},"response":{"usage":{"prompt_tokens":3,"cache_read_input_tokens":1}}}`,
	`{"request_id":"r","proxy_server_request":"{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":\"q\"}]}","startTime":"2026-11-30 09:41:07"}`,
	`{"request_id":"r","proxy_server_request":{"body":{"model":"gpt-4o","messages":[{"role":"user","content":"q"}]}}}`,
	`{"call_type":"completion","messages":"[{\"role\":\"user\",\"content\":\"q\"}]","model":"gpt-4o"}`,
	`{"proxy_server_request":"{\"model\":"}`,
	`{"attributes":[{"key":"gen_ai.request.model"}]}`,
}

// FuzzAdaptRecords reads arbitrary JSONL through the OpenTelemetry and
// LiteLLM adapters: nothing panics, every block of every record has a JSON
// path and a position on the record's line, and usage is never negative.
func FuzzAdaptRecords(f *testing.F) {
	for _, s := range adaptSeeds {
		f.Add([]byte(s))
		f.Add([]byte(s + "\n" + s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		lines := bytes.Count(data, []byte("\n")) + 1
		opts := Options{Records: func(r *Record) {
			if r.Line < 1 || r.Line > lines {
				t.Fatalf("record %d on line %d of %d", r.Req.Record, r.Line, lines)
			}
			for i, b := range r.Req.Blocks {
				if r.Path(i) == "" && b.Section != rules.SectionMessages {
					t.Fatalf("block %d (%s) has no path", i, b.Section)
				}
				if b.Span.Line < 1 || b.Span.Line > lines {
					t.Fatalf("block %d at line %d of %d", i, b.Span.Line, lines)
				}
			}
			if u := r.Usage; u != nil && (u.Input < 0 || u.Cached != nil && *u.Cached < 0 || u.Written != nil && *u.Written < 0) {
				t.Fatalf("negative usage %+v", u)
			}
		}}
		err := Read("fuzz.jsonl", textpos.KindOf("fuzz.jsonl"), bytes.NewReader(data), opts, &collect{})
		if err != nil && err != ErrNotRequest && !strings.Contains(err.Error(), "EOF") {
			t.Fatalf("Read: %v", err)
		}
	})
}
