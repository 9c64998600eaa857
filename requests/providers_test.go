package requests

import (
	"slices"
	"strings"
	"testing"
)

// TestProviderFormats reads a Bedrock Converse and a Gemini body into the
// request model: render order, block kinds, breakpoints where cachePoint
// and cachedContent put them, each block's JSON path, and no input error.
func TestProviderFormats(t *testing.T) {
	tests := []struct {
		file, source, model string
		stored              bool
		// blocks are "section/kind path", with "+ttl" on a block that
		// carries a breakpoint.
		blocks []string
	}{
		{"bedrock/converse.json", "bedrock-converse", "anthropic.claude-sonnet-4-5-20250929-v1:0", false, []string{
			"tools/tool toolConfig.tools[0] +1h",
			"system/text system[0].text +",
			"messages/text messages[0].content[0].text",
			"messages/image messages[0].content[1]",
			"messages/tool_use messages[1].content[0]",
			"messages/tool_result messages[2].content[0] +",
		}},
		{"gemini/generate.json", "gemini", "", false, []string{
			"tools/tool tools[0]",
			"tools/tool tools[1]",
			"system/text systemInstruction.parts[0].text",
			"messages/text contents[0].parts[0].text",
			"messages/image contents[0].parts[1]",
			"messages/tool_use contents[1].parts[0]",
			"messages/tool_result contents[2].parts[0]",
		}},
		{"gemini/cached.json", "gemini", "models/gemini-2.5-flash", false, []string{
			"system/text cachedContent +1h",
			"messages/text contents[0].parts[0].text",
		}},
		{"gemini/cache-create.json", "gemini", "models/gemini-2.5-flash", true, []string{
			"system/text systemInstruction.parts[0].text",
			"messages/text contents[0].parts[0].text +1h",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			var rec []string
			opts := Options{Records: func(r *Record) {
				for i, b := range r.Req.Blocks {
					s := b.Section.String() + "/" + b.Kind + " " + r.Path(i)
					if b.Breakpoint != nil {
						s += " +" + b.Breakpoint.TTL
					}
					rec = append(rec, s)
				}
			}}
			res := lintFile(t, fixture(tt.file), opts, 1)
			if res.err != nil || len(res.errs) > 0 {
				t.Fatalf("err %v, input errors %v", res.err, briefErrs(res.errs))
			}
			if len(res.reqs) != 1 {
				t.Fatalf("%d requests", len(res.reqs))
			}
			req := res.reqs[0]
			if req.Source != tt.source || req.Model != tt.model || req.Stored != tt.stored || !req.BreakpointsKnown {
				t.Errorf("source %q model %q stored %v known %v", req.Source, req.Model, req.Stored, req.BreakpointsKnown)
			}
			if !slices.Equal(rec, tt.blocks) {
				t.Errorf("blocks\n%s\nwant\n%s", strings.Join(rec, "\n"), strings.Join(tt.blocks, "\n"))
			}
			for _, b := range req.Blocks {
				if b.Breakpoint != nil && tt.source == "bedrock-converse" && !strings.HasPrefix(spanText(t, b.Breakpoint.Span), `{"type": "default"`) {
					t.Errorf("breakpoint span %v is not the cachePoint object", b.Breakpoint.Span)
				}
			}
		})
	}
}

// TestProviderFindings checks what the rules make of the fixtures: both
// Bedrock cachePoints ahead of the conversation are below the minimum
// (the last one covers an image of unknown size and is not judged), and
// the Gemini request id stands ahead of too little to report.
func TestProviderFindings(t *testing.T) {
	tests := []struct {
		file string
		want []string
	}{
		{"bedrock/converse.json", []string{"PC003 6:22", "PC003 11:20"}},
		{"gemini/generate.json", []string{}},
		{"gemini/cached.json", []string{}},
	}
	for _, tt := range tests {
		res := lintFile(t, fixture(tt.file), Options{}, 1)
		if got := brief(res.findings); !slices.Equal(got, tt.want) {
			t.Errorf("%s: %v, want %v", tt.file, got, tt.want)
		}
	}
}

// TestBedrockUsage normalizes a Converse response's usage like the
// Messages API's: inputTokens leaves out cache reads and writes.
func TestBedrockUsage(t *testing.T) {
	line := `{"request": {"modelId": "anthropic.claude-sonnet-4-5-20250929-v1:0", "system": [{"text": "Be brief."}, {"cachePoint": {"type": "default"}}], "messages": [{"role": "user", "content": [{"text": "hi"}]}]},` +
		` "response": {"usage": {"inputTokens": 12, "outputTokens": 3, "cacheReadInputTokens": 1500, "cacheWriteInputTokens": 0}}}` + "\n"
	var got []Usage
	res := lintBytes(t, "log.jsonl", []byte(line), Options{Records: func(r *Record) {
		if r.Usage != nil {
			got = append(got, *r.Usage)
		}
	}}, 1)
	if res.err != nil || len(res.errs) > 0 {
		t.Fatalf("err %v %v", res.err, briefErrs(res.errs))
	}
	if len(got) != 1 || got[0].Input != 1512 || got[0].Cached == nil || *got[0].Cached != 1500 || got[0].Written == nil || *got[0].Written != 0 {
		t.Fatalf("usage %+v", got)
	}
}

// TestModelFromEndpoint: a logged record's url names the API and the
// model when the body does not.
func TestModelFromEndpoint(t *testing.T) {
	log := `{"url": "https://bedrock-runtime.us-east-1.amazonaws.com/model/us.anthropic.claude-sonnet-4-5-20250929-v1:0/converse", "request": {"system": [{"text": "Be brief."}], "messages": [{"role": "user", "content": [{"text": "hi"}]}]}}
{"url": "https://generativelanguage.googleapis.com/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse", "request": {"contents": [{"parts": [{"text": "hi"}]}]}}
`
	res := lintBytes(t, "log.jsonl", []byte(log), Options{}, 1)
	if res.err != nil || len(res.errs) > 0 || len(res.reqs) != 2 {
		t.Fatalf("err %v %v, %d requests", res.err, briefErrs(res.errs), len(res.reqs))
	}
	for i, want := range [][3]string{{"bedrock-converse", "us.anthropic.claude-sonnet-4-5-20250929-v1:0", "anthropic"}, {"gemini", "gemini-2.5-flash", "google"}} {
		if r := res.reqs[i]; r.Source != want[0] || r.Model != want[1] || r.Provider != want[2] {
			t.Errorf("record %d: source %q model %q provider %q, want %v", i+1, r.Source, r.Model, r.Provider, want)
		}
	}
}

// TestFlattenedAnthropicIsNotBedrock: a log that writes Anthropic text
// blocks without their type, with string message content, stays an
// Anthropic request; a Converse body with a string content is read, not
// an error.
func TestFlattenedAnthropicIsNotBedrock(t *testing.T) {
	tests := []struct{ body, source string }{
		{`{"model": "claude-sonnet-4-5", "system": [{"text": "Be brief."}], "messages": [{"role": "user", "content": "hi"}]}`, "anthropic"},
		{`{"modelId": "anthropic.claude-sonnet-4-5-20250929-v1:0", "system": [{"text": "Be brief."}], "messages": [{"role": "user", "content": "hi"}]}`, "bedrock-converse"},
		{`{"system": [{"text": "Be brief."}, {"cachePoint": {"type": "default"}}], "messages": [{"role": "user", "content": [{"text": "hi"}]}]}`, "bedrock-converse"},
		{`{"modelId": "anthropic.claude-sonnet-4-5-20250929-v1:0", "system": "Be brief.", "messages": [{"role": "user", "content": [{"text": "hi"}]}]}`, "bedrock-converse"},
		{`{"systemInstruction": "Be brief.", "contents": [{"parts": [{"text": "hi"}]}]}`, "gemini"},
		{`{"system_instruction": {"parts": [{"text": "Be brief."}]}, "contents": "hi"}`, "gemini"},
	}
	for _, tt := range tests {
		res := lintBytes(t, "body.json", []byte(tt.body), Options{}, 1)
		if res.err != nil || len(res.errs) > 0 || len(res.reqs) != 1 {
			t.Fatalf("%s: err %v %v", tt.body, res.err, briefErrs(res.errs))
		}
		if res.reqs[0].Source != tt.source {
			t.Errorf("%s: read as %s, want %s", tt.body, res.reqs[0].Source, tt.source)
		}
	}
}
