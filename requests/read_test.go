package requests

import (
	"encoding/json"
	"errors"
	"fmt"
	"github.com/cachevet/cachevet/internal/textpos"
	"reflect"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/cachevet/cachevet/prompts"
	"github.com/cachevet/cachevet/rules"
)

// goldenCase is one fixture with every finding it must produce (reader
// findings and rules.Check findings, sorted) as "RULE line:col", optionally
// followed by the source text the span covers, and every input error as
// "line:col message". A fixture with no findings must stay silent.
type goldenCase struct {
	file  string
	rpm   float64 // requests per minute; 0 means 1
	want  []string
	errs  []string
	reqs  int
	notRQ bool // Read returns ErrNotRequest
}

var golden = []goldenCase{
	// Anthropic Messages requests.
	{file: "anthropic/friendly.json", reqs: 1},
	{file: "anthropic/friendly.json", rpm: 0.01, reqs: 1, want: []string{"PC009 163:24", "PC009 220:24"}},
	{file: "anthropic/timestamp-top.json", reqs: 1, want: []string{"PC001 7:30 2026-11-30T09:41:07Z"}},
	{file: "anthropic/tool-volatile.json", reqs: 1, want: []string{"PC001 7:64 2026-11-30T09:41:07Z"}},
	{file: "anthropic/volatile-breakpoint.json", reqs: 1, want: []string{"PC005 63:24"}},
	{file: "anthropic/missing-breakpoint.json", reqs: 1, want: []string{"PC002 4:13"}},
	{file: "anthropic/auto-large.json", reqs: 1},
	{file: "anthropic/below-minimum.json", reqs: 1, want: []string{"PC003 8:24"}},
	{file: "anthropic/tools-prefix.json", reqs: 1},
	{file: "anthropic/too-many.json", reqs: 1, want: []string{"PC004 247:28"}},
	{file: "anthropic/ttl-order.json", reqs: 1, want: []string{"PC007 72:28"}},
	{file: "anthropic/lookback.json", reqs: 1, want: []string{"PC008 160:28"}},
	{file: "anthropic/tool-runs.json", reqs: 1},
	{file: "anthropic/prose-dates.json", reqs: 1},
	{file: "anthropic/blocks.json", reqs: 1},
	// OpenAI Chat Completions and Responses.
	{file: "openai/chat-explicit-nobp.json", reqs: 1, want: []string{"PC002 11:18"}},
	{file: "openai/chat-implicit.json", reqs: 1},
	{file: "openai/chat-breakpoint.json", reqs: 1},
	{file: "openai/chat-breakpoint-small.json", reqs: 1, want: []string{"PC003 13:38"}},
	{file: "openai/chat-timestamp.json", reqs: 1, want: []string{"PC001 7:32 Mon, 30 Nov 2026 09:41:07 GMT"}},
	{file: "openai/chat-too-many.json", reqs: 1, want: []string{"PC003 18:38", "PC003 33:38", "PC003 48:38", "PC004 63:38"}},
	{file: "openai/responses-date.json", reqs: 1, want: []string{"PC001 3:34 2026-11-30"}},
	{file: "openai/responses-breakpoint.json", reqs: 1},
	{file: "openai/chat-volatile-breakpoint.json", reqs: 1, want: []string{"PC005 20:38"}},
	{file: "openai/chat-breakpoint.json", rpm: 0.001, reqs: 1, want: []string{"PC009 219:38"}},
	// JSONL logs: spans on the record's line, columns within it.
	{file: "logs/temperature.jsonl", reqs: 2},
	{file: "logs/tool-order.jsonl", reqs: 4, want: []string{"PC006 2:98"}},
	{file: "logs/key-order.jsonl", reqs: 2, want: []string{"PC006 2:1335"}},
	{file: "logs/mixed.jsonl", reqs: 5, want: []string{
		"PC001 1:76 2026-11-30T09:41:07Z", "PC001 2:2658 2026-11-30T09:41:07Z", "PC001 3:189 2026-11-30T09:41:07Z",
		"PC001 4:107 2026-11-30T09:41:07Z", "PC001 5:126 2026-11-30T09:41:07Z"}},
	{file: "logs/rules.jsonl", reqs: 8, want: []string{"PC002 2:62", "PC003 3:561", "PC004 4:11800", "PC005 5:7000",
		"PC007 6:7150", "PC008 7:9460", "PC001 8:103 2026-11-30T09:41:07Z"}},
	{file: "logs/broken.jsonl", reqs: 3, errs: []string{"2:117 unterminated string", "4:112 invalid UTF-8 byte 0xff in string"}},
	// Chat-style prompt JSON: {{ placeholders }} are slots.
	{file: "chat/messages.json", reqs: 1, want: []string{"PC001 4:56 {{ customer_name }}"}},
	{file: "chat/friendly.json", reqs: 1},
	// Templated JSON (Nunjucks over JSON, promptfoo's style): loops and
	// printed values are slots, statements are not there, positions are the
	// file's. Request templates whose tools are a loop or a printed value
	// are in TestTemplatedJSON: what a tools slot costs is the rules'.
	{file: "templated/promptfoo-loop.json", reqs: 1},
	{file: "templated/volatile-system.json", reqs: 1, want: []string{"PC001 2:48 {{ current_time }}"}},
	{file: "templated/promptfooconfig.yaml", reqs: 2, want: []string{"PC001 5:47 {{ current_date }}"}},
	{file: "templated/broken.json", errs: []string{`3:19 invalid character '"' after object key:value pair`}},
	{file: "templated/unclosed.json", errs: []string{"3:3 {% for %} is never closed; it is read to the end of the file",
		"5:1 unexpected end of JSON input in array"}},
	// YAML: a request body, VCR cassettes (positions inside the body string).
	{file: "yaml/request.yaml", reqs: 1, want: []string{"PC001 6:21 2026-11-30T09:41:07Z"}},
	{file: "cassettes/anthropic.yaml", reqs: 1, want: []string{"PC001 3:113 2026-11-30T09:41:07Z"}},
	{file: "cassettes/rules.yaml", reqs: 8, want: []string{"PC002 9:73", "PC003 13:572", "PC004 17:11815", "PC005 21:7013",
		"PC007 25:7163", "PC008 29:9473", "PC001 33:114 2026-11-30T09:41:07Z"}},
	{file: "cassettes/openai.yaml", reqs: 1, want: []string{"PC001 8:101 sess_8f2k1q93xz"}},
	// "Today's date: …" at the end of a cached system prompt changes once a
	// day: no PC005; a timestamp there is one PC005 however many later
	// breakpoints cover it (the body is on one line).
	{file: "cassettes/date-breakpoints.yaml", reqs: 1},
	{file: "cassettes/timestamp-breakpoints.yaml", reqs: 1, want: []string{"PC005 3:7813"}},
	// Bad input: an error at the position, never a panic.
	{file: "errors/malformed.json", errs: []string{`4:21 invalid character '"' after object key:value pair`}},
	{file: "errors/truncated.json", errs: []string{"3:29 line break in string (unterminated string?)"}},
	{file: "errors/invalid-utf8.json", errs: []string{"3:17 invalid UTF-8 byte 0xe9 in string"}},
	{file: "errors/malformed.yaml", errs: []string{"4:8 mapping values are not allowed in this context"}},
	{file: "errors/unterminated.yaml", errs: []string{"2:5 found unexpected end of stream"}},
	{file: "errors/tab.yaml", errs: []string{"2:1 found character that cannot start any token"}},
	{file: "errors/wrong-types.json", reqs: 1, errs: []string{
		"3:13 system must be a string or an array of text blocks, not number", "9:5 message has no content", "15:9 text block has no text"}},
	{file: "errors/not-request.json", notRQ: true},
}

func TestGolden(t *testing.T) {
	for _, tc := range golden {
		name := tc.file
		if tc.rpm != 0 {
			name += "@rpm"
		}
		t.Run(name, func(t *testing.T) {
			rpm := tc.rpm
			if rpm == 0 {
				rpm = 1
			}
			res := lintFile(t, fixture(tc.file), Options{}, rpm)
			if tc.notRQ != errors.Is(res.err, ErrNotRequest) || res.err != nil && !tc.notRQ {
				t.Fatalf("Read error %v", res.err)
			}
			if len(res.reqs) != tc.reqs {
				t.Errorf("%d requests, want %d", len(res.reqs), tc.reqs)
			}
			checkFindings(t, res.findings, tc.want)
			if got, want := briefErrs(res.errs), orEmpty(tc.errs); !reflect.DeepEqual(got, want) {
				t.Errorf("errors:\n got %q\nwant %q", got, want)
			}
			for _, e := range res.errs {
				if e.Span.File != fixture(tc.file) {
					t.Errorf("error names file %q", e.Span.File)
				}
			}
		})
	}
}

// checkFindings compares findings with "RULE line:col [text]" entries and
// checks every finding's message style.
func checkFindings(t *testing.T, fs []rules.Finding, want []string) {
	t.Helper()
	got := brief(fs)
	var wantBrief []string
	for _, w := range want {
		f := strings.SplitN(w, " ", 3)
		wantBrief = append(wantBrief, f[0]+" "+f[1])
	}
	if !reflect.DeepEqual(got, orEmpty(wantBrief)) {
		t.Fatalf("findings:\n got %q\nwant %q\n%s", got, wantBrief, messages(fs))
	}
	for i, w := range want {
		f := strings.SplitN(w, " ", 3)
		if len(f) == 3 {
			if text := spanText(t, fs[i].Span); text != f[2] {
				t.Errorf("%s spans %q, want %q", got[i], text, f[2])
			}
		}
	}
	for _, f := range fs {
		// Breakpoint rules point at the cache_control or
		// prompt_cache_breakpoint object; PC002 at the block to mark.
		text := spanText(t, f.Span)
		switch f.Rule {
		case rules.PC003, rules.PC004, rules.PC005, rules.PC007, rules.PC008, rules.PC009:
			if !strings.HasPrefix(text, "{") || !strings.Contains(text, "ephemeral") && !strings.Contains(text, "explicit") {
				t.Errorf("%s spans %q, want a breakpoint object", f.Rule, truncate(text, 60))
			}
		case rules.PC002:
			if !strings.HasPrefix(text, `"`) && !strings.HasPrefix(text, "{") {
				t.Errorf("PC002 spans %q, want a block", truncate(text, 60))
			}
		}
		if first, _ := utf8.DecodeRuneInString(f.Message); f.Message == "" || strings.HasSuffix(f.Message, ".") || unicode.IsUpper(first) {
			t.Errorf("%s message %q: want lower case, no trailing period", f.Rule, f.Message)
		}
		if f.Span.File == "" || f.Span.Line == 0 || f.Span.Col == 0 {
			t.Errorf("%s has no position: %+v", f.Rule, f.Span)
		}
	}
}

func messages(fs []rules.Finding) string {
	var b strings.Builder
	for _, f := range fs {
		b.WriteString(f.Rule + " " + f.Span.String() + ": " + f.Message + "\n")
	}
	return b.String()
}

func orEmpty(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// TestModelFields checks what each reader puts in the request model.
func TestModelFields(t *testing.T) {
	tests := []struct {
		file, source, provider, model, cacheMode string
		known, auto                              bool
		blocks                                   string // kinds by section: "tool*3 system*1 messages:text*1"
	}{
		{"anthropic/auto-large.json", "anthropic", "anthropic", "claude-sonnet-4-5", "", true, true, "system:text messages:text"},
		{"anthropic/blocks.json", "anthropic", "anthropic", "claude-sonnet-4-5", "", true, false,
			"tools:tool*7 system:text*13 messages:image messages:document messages:text messages:thinking messages:text messages:text"},
		{"anthropic/tool-runs.json", "anthropic", "anthropic", "claude-sonnet-4-5", "", true, false,
			"tools:tool*6 system:text*13 messages:text messages:tool_use*10 messages:tool_result*10 messages:text messages:text"},
		{"openai/chat-breakpoint.json", "openai-chat", "openai", "gpt-5.6", "explicit", true, false,
			"tools:tool*6 tools:schema system:text messages:text messages:tool_use messages:tool_result messages:text"},
		{"openai/responses-breakpoint.json", "openai-responses", "openai", "gpt-5.6-sol", "explicit", true, false,
			"tools:tool*7 system:text messages:text messages:tool_use messages:tool_result messages:text"},
		{"openai/responses-date.json", "openai-responses", "openai", "gpt-5.1", "", true, false,
			"tools:schema system:text messages:text"},
		{"chat/messages.json", "chat-json", "", "", "", false, false, "system:text messages:text"},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			res := lintFile(t, fixture(tt.file), Options{}, 1)
			if len(res.reqs) != 1 {
				t.Fatalf("%d requests", len(res.reqs))
			}
			r := res.reqs[0]
			if r.Source != tt.source || r.Provider != tt.provider || r.Model != tt.model || r.CacheMode != tt.cacheMode ||
				r.BreakpointsKnown != tt.known || (r.Auto != nil) != tt.auto {
				t.Errorf("got source=%s provider=%s model=%s mode=%s known=%v auto=%v", r.Source, r.Provider, r.Model, r.CacheMode, r.BreakpointsKnown, r.Auto != nil)
			}
			if got := blockSummary(r); got != tt.blocks {
				t.Errorf("blocks:\n got %s\nwant %s", got, tt.blocks)
			}
			if r.Model != "" && spanText(t, r.ModelSpan) != `"`+r.Model+`"` {
				t.Errorf("model span covers %q", spanText(t, r.ModelSpan))
			}
			for i, b := range r.Blocks {
				if b.Span.Line == 0 || len(b.Parts) == 0 {
					t.Errorf("block %d has no span or parts: %+v", i, b)
				}
				if b.Section != rules.SectionMessages && b.Message != -1 && r.Source == "anthropic" {
					t.Errorf("block %d outside messages has message index %d", i, b.Message)
				}
			}
		})
	}
}

// blockSummary lists blocks as section:kind, runs collapsed to *n.
func blockSummary(r *rules.Request) string {
	var out []string
	for i := 0; i < len(r.Blocks); {
		k := r.Blocks[i].Section.String() + ":" + r.Blocks[i].Kind
		j := i
		for j < len(r.Blocks) && r.Blocks[j].Section.String()+":"+r.Blocks[j].Kind == k && (j == i || r.Blocks[j].Message == r.Blocks[i].Message) {
			j++
		}
		if j-i > 1 {
			k += "*" + itoa(j-i)
		}
		out = append(out, k)
		i = j
	}
	return strings.Join(out, " ")
}

func itoa(n int) string { b, _ := json.Marshal(n); return string(b) }

// TestBreakpointsAndImages checks breakpoint TTLs and spans, and image
// token estimates from a PNG header.
func TestBreakpointsAndImages(t *testing.T) {
	res := lintFile(t, fixture("anthropic/ttl-order.json"), Options{}, 1)
	var ttls []string
	for _, i := range res.reqs[0].Breakpoints() {
		bp := res.reqs[0].Blocks[i].Breakpoint
		ttls = append(ttls, bp.TTL+"@"+itoa(bp.Span.Line))
		if bp.Span.EndLine <= bp.Span.Line {
			t.Errorf("breakpoint span %+v should cover the cache_control object", bp.Span)
		}
	}
	if got := strings.Join(ttls, " "); got != "@56 1h@72" {
		t.Errorf("breakpoints %s", got)
	}
	res = lintFile(t, fixture("anthropic/blocks.json"), Options{}, 1)
	for _, b := range res.reqs[0].Blocks {
		if b.Kind == rules.BlockImage {
			// 300×150 px: 45000/750 = 60 tokens.
			if got := b.Parts[0].Slot.Tokens; got != 60 {
				t.Errorf("image tokens %d, want 60", got)
			}
		}
	}
	res = lintFile(t, fixture("openai/chat-breakpoint.json"), Options{}, 1)
	for _, i := range res.reqs[0].Breakpoints() {
		if bp := res.reqs[0].Blocks[i].Breakpoint; bp.TTL != "30m" {
			t.Errorf("prompt_cache_options ttl not applied: %+v", bp)
		}
	}
}

// TestPromptfoo checks one request per prompt and distinct model, what
// file prompts produce, and what the template reader is handed.
func TestPromptfoo(t *testing.T) {
	var calls []string
	saved := readTemplate
	defer func() { readTemplate = saved }()
	readTemplate = func(path string, _ textpos.Kind, data []byte, opts prompts.Options) ([]*rules.Request, []*rules.InputError) {
		calls = append(calls, path+" "+opts.Format)
		return []*rules.Request{{Source: "template", File: path, Blocks: []rules.Block{{Section: rules.SectionSystem, Kind: rules.BlockText,
			Message: -1, Parts: []rules.Part{{Text: string(data), Span: rules.Span{File: path, Line: 1, Col: 1}}}}}}}, nil
	}
	res := lintFile(t, fixture("promptfoo/promptfooconfig.yaml"), Options{}, 1)
	if res.err != nil {
		t.Fatal(res.err)
	}
	var got []string
	for _, r := range res.reqs {
		got = append(got, r.Source+" "+strings.TrimPrefix(r.File, "testdata/promptfoo/")+" "+r.Provider+" "+r.Model)
	}
	want := []string{
		"promptfoo promptfooconfig.yaml anthropic claude-sonnet-4-5",
		"promptfoo promptfooconfig.yaml openai gpt-5",
		"chat-json prompts/chat.json anthropic claude-sonnet-4-5",
		"chat-json prompts/chat.json openai gpt-5",
		"template prompts/system.txt anthropic claude-sonnet-4-5",
		"template prompts/system.txt openai gpt-5",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("requests:\n got %q\nwant %q", got, want)
	}
	if w := fixture("promptfoo/prompts/system.txt") + " jinja"; len(calls) != 2 || calls[0] != w {
		t.Errorf("template reader calls %q", calls)
	}
	// The inline prompt's {{ current_date }} tops a long prompt, for each model.
	checkFindings(t, res.findings, []string{"PC001 4:14 {{ current_date }}", "PC001 4:14 {{ current_date }}"})
	for _, r := range res.reqs {
		if r.Model != "" && spanText(t, r.ModelSpan) == "" {
			t.Errorf("%s: no model span", r.File)
		}
	}
}

// TestPromptfooRealTemplates hands text prompts to the prompts package:
// whatever it makes of them reaches the sink under the prompt's path.
func TestPromptfooRealTemplates(t *testing.T) {
	res := lintFile(t, fixture("promptfoo/promptfooconfig.yaml"), Options{}, 1)
	path := fixture("promptfoo/prompts/system.txt")
	n := 0
	for _, r := range res.reqs {
		if r.File == path {
			n++
			if r.Model == "" {
				t.Errorf("template request without the provider's model")
			}
		}
	}
	for _, e := range res.errs {
		if e.Span.File == path {
			n++
		}
	}
	if n == 0 {
		t.Error("nothing reached the sink for the text template")
	}
}

func TestPromptfooMissingFile(t *testing.T) {
	cfg := "prompts:\n  - file://nope.txt\n  - file://run.py:make_prompt\nproviders: [openai:gpt-5]\n"
	res := lintBytes(t, "cfg/promptfooconfig.yaml", []byte(cfg), Options{ReadFile: func(p string) ([]byte, error) {
		return nil, errors.New("no such file")
	}}, 1)
	if got := briefErrs(res.errs); !reflect.DeepEqual(got, []string{"2:5 cannot read prompt file cfg/nope.txt: no such file"}) {
		t.Errorf("errors %q", got)
	}
}

func TestParseProviderID(t *testing.T) {
	tests := []struct{ id, provider, model string }{
		{"anthropic:messages:claude-sonnet-4-5", "anthropic", "claude-sonnet-4-5"},
		{"openai:chat:gpt-5", "openai", "gpt-5"},
		{"openai:gpt-4o", "openai", "gpt-4o"},
		{"openai:responses:gpt-5.6", "openai", "gpt-5.6"},
		{"azure:chat:my-deployment", "openai", "my-deployment"},
		{"bedrock:us.anthropic.claude-sonnet-4-5-20250929-v1:0", "anthropic", "claude-sonnet-4-5-20250929"},
		{"openrouter:anthropic/claude-sonnet-4.5", "anthropic", "anthropic/claude-sonnet-4.5"},
		{"vertex:gemini-2.5-pro", "google", "gemini-2.5-pro"},
		{"file://provider.yaml", "", ""},
		{"exec:./run.sh", "", ""},
		{"https://example.com/api", "", ""},
		{"openai:gpt-5 - anthropic:messages:claude", "", ""},
		{"echo", "", ""},
	}
	for _, tt := range tests {
		p, m := parseProviderID(tt.id)
		if p != tt.provider || m != tt.model {
			t.Errorf("parseProviderID(%q) = %q, %q; want %q, %q", tt.id, p, m, tt.provider, tt.model)
		}
	}
}

// TestDetectAPI lists the detection rules of the package documentation.
func TestDetectAPI(t *testing.T) {
	tests := []struct {
		body string
		hint string
		want api
	}{
		{`{"model":"gpt-5","input":"hi"}`, "", apiResponses},
		{`{"instructions":"be brief","input":[{"role":"user","content":"hi"}]}`, "", apiResponses},
		{`{"input":"a dataset row","ideal":"x"}`, "", apiNone},
		{`{"system":"s","messages":[{"role":"user","content":"hi"}]}`, "", apiAnthropic},
		{`{"cache_control":{"type":"ephemeral"},"messages":[{"role":"user","content":"hi"}]}`, "", apiAnthropic},
		{`{"model":"claude-opus-4-5","messages":[{"role":"system","content":"s"},{"role":"user","content":"hi"}]}`, "", apiAnthropic},
		{`{"model":"gpt-5","messages":[{"role":"user","content":"hi"}]}`, "", apiChat},
		{`{"messages":[{"role":"system","content":"s"}]}`, "", apiChat},
		{`{"response_format":{"type":"json_object"},"messages":[{"role":"user","content":"hi"}]}`, "", apiChat},
		{`{"messages":[{"role":"user","content":[{"type":"text","text":"x","cache_control":{"type":"ephemeral"}}]}]}`, "", apiAnthropic},
		{`{"tools":[{"name":"t","input_schema":{}}],"messages":[{"role":"user","content":"hi"}]}`, "", apiAnthropic},
		{`{"model":"deepseek-chat","messages":[{"role":"user","content":"hi"}]}`, "", apiChat},
		{`{"messages":[{"role":"user","content":"hi"}]}`, "/v1/messages", apiAnthropic},
		{`{"messages":[{"role":"user","content":"hi"}]}`, "https://api.openai.com/v1/chat/completions", apiChat},
		{`{"messages":"not a list"}`, "", apiNone},
		{`{"name":"package.json"}`, "", apiNone},
	}
	for _, tt := range tests {
		n, err := textpos.ParseJSON([]byte(tt.body))
		if err != nil {
			t.Fatal(err)
		}
		if got := detectAPI(n, tt.hint); got != tt.want {
			t.Errorf("detectAPI(%s, %q) = %d, want %d", tt.body, tt.hint, got, tt.want)
		}
	}
}

// TestSinkOrder checks that requests, their findings and errors arrive in
// file order, and that reading twice gives identical results.
func TestSinkOrder(t *testing.T) {
	res := lintFile(t, fixture("logs/tool-order.jsonl"), Options{}, 1)
	if got := strings.Join(res.events, " "); got != "request request finding request request" {
		t.Errorf("events %s", got)
	}
	for i, r := range res.reqs {
		if r.Record != i+1 || r.Span.Line != i+1 {
			t.Errorf("request %d: record %d line %d", i, r.Record, r.Span.Line)
		}
	}
	for _, file := range []string{"logs/mixed.jsonl", "promptfoo/promptfooconfig.yaml", "anthropic/blocks.json", "cassettes/openai.yaml"} {
		a, b := lintFile(t, fixture(file), Options{}, 1), lintFile(t, fixture(file), Options{}, 1)
		ja, _ := json.Marshal([]any{a.reqs, a.findings, a.errs})
		jb, _ := json.Marshal([]any{b.reqs, b.findings, b.errs})
		if string(ja) != string(jb) {
			t.Errorf("%s: two reads differ", file)
		}
	}
}

// TestJSONFileVariants covers a log named .json, an array of requests, and
// trailing garbage.
func TestJSONFileVariants(t *testing.T) {
	tools := `"tools":[{"name":"a","input_schema":{}},{"name":"b","input_schema":{}}]`
	r1 := `{"model":"claude-sonnet-4-5",` + tools + `,"messages":[{"role":"user","content":"hi"}]}`
	r2 := strings.Replace(r1, `{"name":"a","input_schema":{}},{"name":"b","input_schema":{}}`, `{"name":"b","input_schema":{}},{"name":"a","input_schema":{}}`, 1)
	tests := []struct {
		name, data string
		reqs       int
		want       []string
		errs       []string
	}{
		{"jsonl named json", r1 + "\n" + r2 + "\n", 2, []string{"PC006 2:38"}, nil},
		{"array of requests", "[\n" + r1 + ",\n" + r2 + "\n]", 2, []string{"PC006 3:38"}, nil},
		{"trailing garbage", r1 + " x", 0, nil, []string{"1:" + itoa(len(r1)+2) + " invalid character 'x' after top-level value"}},
		{"byte order mark", "\ufeff" + r1, 1, nil, nil},
		{"unterminated array", "[\n" + r1 + ",\n", 0, nil, []string{"3:1 unexpected end of JSON input"}},
	}
	if res := lintBytes(t, "empty.json", []byte(" \n"), Options{}, 1); !errors.Is(res.err, ErrNotRequest) || len(res.events) > 0 {
		t.Errorf("empty file: %v %v", res.err, res.events)
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := lintBytes(t, "f.json", []byte(tt.data), Options{}, 1)
			if res.err != nil || len(res.reqs) != tt.reqs {
				t.Fatalf("err %v, %d requests", res.err, len(res.reqs))
			}
			if got := brief(res.findings); !reflect.DeepEqual(got, orEmpty(tt.want)) {
				t.Errorf("findings %q, want %q", got, tt.want)
			}
			if got := briefErrs(res.errs); !reflect.DeepEqual(got, orEmpty(tt.errs)) {
				t.Errorf("errors %q, want %q", got, tt.errs)
			}
		})
	}
}

// TestExamples pins the README demo files.
func TestExamples(t *testing.T) {
	dir := "../testdata/examples/requests/"
	res := lintFile(t, dir+"anthropic-timestamp.json", Options{}, 1)
	checkFindings(t, res.findings, []string{"PC001 168:39 2026-11-30T09:41:07Z"})
	if f := res.findings[0]; f.Severity != rules.SeverityWarning || len(f.Related) != 1 || f.Related[0].Span.Line != 221 {
		t.Errorf("PC001 %+v: want a warning related to the breakpoint", f)
	}
	res = lintFile(t, dir+"openai-tool-order.jsonl", Options{}, 1)
	checkFindings(t, res.findings, []string{"PC006 2:100"})
	if f := res.findings[0]; f.Model != "gpt-5.1" || f.Provider != "openai" || f.Related[0].Span.Line != 1 {
		t.Errorf("PC006 %+v", f)
	}
}

// TestLateSystemMessage: a system or developer message after the
// conversation started is a message in its place (rules.ChatSection), in
// chat completions, responses input and chat prompt files alike.
func TestLateSystemMessage(t *testing.T) {
	tests := []struct {
		name, body, want string
	}{
		{"chat completions", `{"model": "gpt-5", "messages": [{"role": "system", "content": "a"}, {"role": "user", "content": "b"}, {"role": "system", "content": "c"}, {"role": "user", "content": "d"}]}`,
			"system:text messages:text messages:text messages:text"},
		{"responses input", `{"model": "gpt-5", "input": [{"role": "developer", "content": "a"}, {"role": "user", "content": "b"}, {"role": "developer", "content": "c"}]}`,
			"system:text messages:text messages:text"},
		{"leading run", `{"model": "gpt-5", "messages": [{"role": "system", "content": "a"}, {"role": "developer", "content": "b"}, {"role": "user", "content": "c"}]}`,
			"system:text system:text messages:text"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := lintBytes(t, "req.json", []byte(tt.body), Options{}, 1)
			if len(res.reqs) != 1 {
				t.Fatalf("requests: %d, errors %v", len(res.reqs), res.errs)
			}
			var got []string
			for _, b := range res.reqs[0].Blocks {
				got = append(got, b.Section.String()+":"+b.Kind)
			}
			if strings.Join(got, " ") != tt.want {
				t.Errorf("got %s, want %s", strings.Join(got, " "), tt.want)
			}
		})
	}
}

func TestCassetteDateLifetime(t *testing.T) {
	tests := []struct {
		file    string
		name    string
		life    rules.Lifetime
		related int // related locations of the one PC005; -1 = no PC005
	}{
		{"cassettes/date-breakpoints.yaml", "todays_date", rules.LifeDay, -1},
		{"cassettes/timestamp-breakpoints.yaml", "current_time", rules.LifeRequest, 3},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			res := lintFile(t, fixture(tt.file), Options{}, 1)
			var slots []string
			for _, b := range res.reqs[0].Blocks {
				for _, p := range b.Parts {
					if p.Slot != nil {
						slots = append(slots, fmt.Sprintf("%s/%s", p.Slot.Name, p.Slot.Lifetime))
					}
				}
			}
			if want := []string{tt.name + "/" + tt.life.String()}; !reflect.DeepEqual(slots, want) {
				t.Errorf("slots %v, want %v", slots, want)
			}
			n := 0
			for _, f := range res.findings {
				if f.Rule == rules.PC005 {
					n++
					if len(f.Related) != tt.related {
						t.Errorf("PC005 has %d related locations, want %d: %+v", len(f.Related), tt.related, f.Related)
					}
				}
			}
			if want := map[bool]int{true: 0, false: 1}[tt.related < 0]; n != want {
				t.Errorf("%d PC005, want %d", n, want)
			}
		})
	}
}
