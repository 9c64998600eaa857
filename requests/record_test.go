package requests

import (
	"fmt"
	"github.com/cachevet/cachevet/internal/textpos"
	"strings"
	"testing"
	"time"
)

// readRecords reads a log through Options.Records.
func readRecords(t testing.TB, name, data string) ([]Record, []string, *collect) {
	t.Helper()
	var recs []Record
	var paths []string
	c := &collect{}
	opts := Options{Records: func(r *Record) {
		recs = append(recs, *r)
		var ps []string
		for i := range r.Req.Blocks {
			ps = append(ps, r.Path(i))
		}
		paths = append(paths, strings.Join(ps, " "))
	}}
	if err := Read(name, textpos.KindOf(name), strings.NewReader(data), opts, c); err != nil {
		t.Fatalf("Read: %v", err)
	}
	return recs, paths, c
}

func intp(p *int) string {
	if p == nil {
		return "nil"
	}
	return fmt.Sprint(*p)
}

func TestRecords(t *testing.T) {
	ts := time.Date(2026, 11, 30, 9, 41, 7, 0, time.UTC)
	cases := []struct {
		name, file, data string
		time             time.Time
		usage            string // "input cached written", "" for none
		paths            string
		model, key       string
		records          []int
	}{
		{
			name: "anthropic wrapped with its response",
			file: "a.jsonl",
			data: `{"timestamp":"2026-11-30T09:41:07Z","request":{"model":"claude-sonnet-4-5","tools":[{"name":"t","input_schema":{}}],"system":[{"type":"text","text":"sys","cache_control":{"type":"ephemeral"}}],"messages":[{"role":"user","content":"hi"},{"role":"assistant","content":[{"type":"text","text":"yo"}]}]},"response":{"usage":{"input_tokens":10,"cache_read_input_tokens":2000,"cache_creation_input_tokens":300}}}`,
			time: ts, usage: "2310 2000 300", paths: "tools[0] system[0].text messages[0].content messages[1].content[0].text",
			model: "claude-sonnet-4-5", records: []int{1},
		},
		{
			name:  "openai chat with created and cached_tokens, epoch milliseconds ignored in favour of the record's time",
			file:  "c.jsonl",
			data:  `{"request":{"model":"gpt-4o","prompt_cache_key":"tenant-7","prompt_cache_retention":"24h","messages":[{"role":"system","content":[{"type":"text","text":"s"}]},{"role":"user","content":"q"}]},"response":"{\"created\":1796031667,\"usage\":{\"prompt_tokens\":2600,\"prompt_tokens_details\":{\"cached_tokens\":2048}}}"}`,
			time:  time.Unix(1796031667, 0).UTC(),
			usage: "2600 2048 nil", paths: "messages[0].content[0].text messages[1].content", model: "gpt-4o", key: "tenant-7", records: []int{1},
		},
		{
			name:  "responses usage and a millisecond epoch",
			file:  "r.jsonl",
			data:  `{"ts":1796031667000,"request":{"model":"gpt-5","instructions":"be brief","input":[{"role":"user","content":[{"type":"input_text","text":"q"}]}]},"response":{"usage":{"input_tokens":1500,"input_tokens_details":{"cached_tokens":1280}}}}`,
			time:  time.UnixMilli(1796031667000).UTC(),
			usage: "1500 1280 nil", paths: "instructions input[0].content[0].text", model: "gpt-5", records: []int{1},
		},
		{
			name:  "deepseek usage: prompt_cache_hit_tokens",
			file:  "d.jsonl",
			data:  `{"timestamp":"2026-11-30T09:41:07Z","request":{"model":"deepseek-chat","messages":[{"role":"user","content":"q"}]},"response":{"usage":{"prompt_tokens":3000,"prompt_cache_hit_tokens":2944,"prompt_cache_miss_tokens":56}}}`,
			time:  ts,
			usage: "3000 2944 nil", paths: "messages[0].content", model: "deepseek-chat", records: []int{1},
		},
		{
			name:    "no time and no usage",
			file:    "bare.jsonl",
			data:    `{"model":"gpt-4o","messages":[{"role":"user","content":"q"}]}`,
			paths:   "messages[0].content",
			model:   "gpt-4o",
			records: []int{1},
		},
		{
			name: "otlp export with two genai spans and one other",
			file: "otel.jsonl",
			data: `{"resourceSpans":[{"scopeSpans":[{"spans":[` +
				`{"name":"chat claude","startTimeUnixNano":"1796031667000000000","attributes":[{"key":"gen_ai.provider.name","value":{"stringValue":"anthropic"}},{"key":"gen_ai.request.model","value":{"stringValue":"claude-sonnet-4-5"}},{"key":"gen_ai.system_instructions","value":{"stringValue":"[{\"type\":\"text\",\"content\":\"You are terse.\"}]"}},{"key":"gen_ai.input.messages","value":{"stringValue":"[{\"role\":\"user\",\"parts\":[{\"type\":\"text\",\"content\":\"hi\"}]}]"}},{"key":"gen_ai.usage.input_tokens","value":{"intValue":"1200"}},{"key":"gen_ai.usage.cache_read.input_tokens","value":{"intValue":"1100"}}]},` +
				`{"name":"db query","attributes":[{"key":"db.system","value":{"stringValue":"postgresql"}}]},` +
				`{"name":"chat gpt","startTimeUnixNano":"1796031727000000000","attributes":[{"key":"gen_ai.request.model","value":{"stringValue":"gpt-4o"}},{"key":"gen_ai.input.messages","value":{"stringValue":"[{\"role\":\"system\",\"parts\":[{\"type\":\"text\",\"content\":\"s\"}]},{\"role\":\"user\",\"parts\":[{\"type\":\"text\",\"content\":\"q\"}]}]"}}]}` +
				`]}]}]}`,
			time:  time.Unix(1796031667, 0).UTC(),
			usage: "1200 1100 nil", paths: "system[0].text messages[0].content[0].text", model: "claude-sonnet-4-5", records: []int{1, 2},
		},
		{
			name:  "a console-exported span with attributes as an object and legacy prompt attributes",
			file:  "span.jsonl",
			data:  `{"name":"openai.chat","start_time":"2026-11-30T09:41:07Z","attributes":{"gen_ai.system":"openai","gen_ai.request.model":"gpt-4o-mini","gen_ai.prompt.0.role":"system","gen_ai.prompt.0.content":"You are terse.","gen_ai.prompt.1.role":"user","gen_ai.prompt.1.content":"hi","gen_ai.usage.input_tokens":12}}`,
			time:  ts,
			usage: "12 nil nil", paths: "messages[0].content[0].text messages[1].content[0].text", model: "gpt-4o-mini", records: []int{1},
		},
		{
			name: "litellm standard logging payload",
			file: "litellm.jsonl",
			data: `{"id":"x","call_type":"acompletion","model":"anthropic/claude-sonnet-4-5","startTime":1796031667.25,"messages":[{"role":"system","content":[{"type":"text","text":"sys","cache_control":{"type":"ephemeral"}}]},{"role":"user","content":"q"}],"model_parameters":{"tools":[{"type":"function","function":{"name":"f","parameters":{}}}]},"response":{"usage":{"prompt_tokens":3000,"prompt_tokens_details":{"cached_tokens":2900},"cache_creation_input_tokens":0}}}`,
			time: time.Unix(1796031667, 250000000).UTC(), usage: "3000 2900 0",
			paths: "tools[0] messages[0].content[0].text messages[1].content", model: "anthropic/claude-sonnet-4-5", records: []int{1},
		},
		{
			name: "ruby vcr cassette with recorded_at and the response body as a string",
			file: "cassette.yml",
			data: "http_interactions:\n- request:\n    method: post\n    uri: https://api.anthropic.com/v1/messages\n    body:\n      encoding: UTF-8\n      string: '{\"model\":\"claude-sonnet-4-5\",\"system\":\"s\",\"messages\":[{\"role\":\"user\",\"content\":\"q\"}]}'\n  response:\n    status: {code: 200}\n    body:\n      encoding: UTF-8\n      string: '{\"usage\":{\"input_tokens\":4,\"cache_read_input_tokens\":1500,\"cache_creation_input_tokens\":0}}'\n  recorded_at: Mon, 30 Nov 2026 09:41:07 GMT\n",
			time: ts, usage: "1504 1500 0", paths: "system messages[0].content", model: "claude-sonnet-4-5", records: []int{1},
		},
		{
			name:  "litellm spend log with the proxy request as a string",
			file:  "spend.jsonl",
			data:  `{"request_id":"r1","call_type":"acompletion","startTime":"2026-11-30 09:41:07","model":"gpt-4o","proxy_server_request":"{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":\"q\"}]}"}`,
			time:  ts,
			paths: "messages[0].content", model: "gpt-4o", records: []int{1},
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			recs, paths, c := readRecords(t, tc.file, tc.data)
			if len(c.errs) > 0 {
				t.Fatalf("errors: %v", c.errs[0])
			}
			if len(recs) != len(tc.records) {
				t.Fatalf("%d records, want %d", len(recs), len(tc.records))
			}
			for i, want := range tc.records {
				if recs[i].Req.Record != want {
					t.Errorf("record %d numbered %d, want %d", i, recs[i].Req.Record, want)
				}
			}
			r := recs[0]
			if !r.Time.Equal(tc.time) {
				t.Errorf("time = %v, want %v", r.Time, tc.time)
			}
			got := ""
			if r.Usage != nil {
				got = fmt.Sprintf("%d %s %s", r.Usage.Input, intp(r.Usage.Cached), intp(r.Usage.Written))
			}
			if got != tc.usage {
				t.Errorf("usage = %q, want %q", got, tc.usage)
			}
			if paths[0] != tc.paths {
				t.Errorf("paths = %q, want %q", paths[0], tc.paths)
			}
			if r.Req.Model != tc.model || r.CacheKey != tc.key {
				t.Errorf("model %q key %q, want %q %q", r.Req.Model, r.CacheKey, tc.model, tc.key)
			}
			if r.Line != 1 && !strings.HasSuffix(tc.file, ".yml") {
				t.Errorf("line = %d, want 1", r.Line)
			}
		})
	}
}

// TestGatewayBreakpoint: LiteLLM passes Anthropic's cache_control on
// OpenAI-format content parts; it is a breakpoint there and only there.
func TestGatewayBreakpoint(t *testing.T) {
	part := `[{"role":"system","content":[{"type":"text","text":"sys","cache_control":{"type":"ephemeral"}}]},{"role":"user","content":"q"}]`
	for _, tc := range []struct {
		name, data string
		want       bool
	}{
		{"litellm", `{"call_type":"completion","model":"claude-sonnet-4-5","messages":` + part + `}`, true},
		{"plain chat body", `{"model":"gpt-4o","messages":` + part + `}`, false},
	} {
		_, _, c := readRecords(t, tc.name+".jsonl", tc.data)
		if len(c.reqs) != 1 {
			t.Fatalf("%s: %d requests", tc.name, len(c.reqs))
		}
		if got := c.reqs[0].Blocks[0].Breakpoint != nil; got != tc.want {
			t.Errorf("%s: breakpoint %v, want %v", tc.name, got, tc.want)
		}
	}
}

func TestParseTime(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want string
	}{
		{`"2026-11-30T09:41:07.5+01:00"`, "2026-11-30T08:41:07.5Z"},
		{`"Mon, 30 Nov 2026 09:41:07 GMT"`, "2026-11-30T09:41:07Z"},
		{`1796031667`, "2026-11-30T09:41:07Z"},
		{`1796031667123456`, "2026-11-30T09:41:07.123456Z"},
		{`"1796031667000000000"`, "2026-11-30T09:41:07Z"},
		{`"1999-01-01T00:00:00Z"`, ""}, // outside 2001-2100: not a request time
		{`"soon"`, ""},
		{`true`, ""},
	} {
		n, err := textpos.ParseJSON([]byte(tc.in))
		if err != nil {
			t.Fatal(err)
		}
		got := ""
		if v, ok := parseTime(n); ok {
			got = v.Format(time.RFC3339Nano)
		}
		if got != tc.want {
			t.Errorf("parseTime(%s) = %q, want %q", tc.in, got, tc.want)
		}
	}
}
