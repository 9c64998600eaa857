package scan

import (
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// TestProviderBodies reads bodies in each provider's own format through
// the same rules: Bedrock Converse and Gemini generateContent bodies are
// judged like Anthropic ones, GPT-5.6 cache options and Anthropic cache
// diagnostics are checked as written, and no valid body is an error.
func TestProviderBodies(t *testing.T) {
	long := strings.ReplaceAll(longText(2600), "\n", " ")
	const user = `{"role": "user", "content": [{"text": "Where is my order?"}]}`
	tests := []struct {
		name, body string
		want       []string // "RULE:line" of every finding, sorted
	}{
		{"bedrock-timestamp.json", `{"modelId": "anthropic.claude-sonnet-4-5-20250929-v1:0",
"system": [{"text": "Current time: 2026-11-30T09:41:07Z. ` + long + `"}, {"cachePoint": {"type": "default"}}],
"messages": [` + user + `]}`, []string{"PC001:2"}},
		{"bedrock-fixed.json", `{"modelId": "anthropic.claude-sonnet-4-5-20250929-v1:0",
"system": [{"text": "` + long + `"}, {"cachePoint": {"type": "default"}}],
"messages": [{"role": "user", "content": [{"text": "Current time: 2026-11-30T09:41:07Z. Where is my order?"}]}]}`, nil},
		{"bedrock-tools.json", `{"modelId": "us.anthropic.claude-sonnet-4-5-20250929-v1:0",
"toolConfig": {"tools": [{"toolSpec": {"name": "lookup", "description": "` + long + `", "inputSchema": {"json": {"type": "object"}}}}, {"cachePoint": {"type": "default", "ttl": "1h"}}]},
"system": [{"text": "You are terse."}, {"cachePoint": {"type": "default", "ttl": "5m"}}],
"messages": [` + user + `]}`, nil},
		{"bedrock-small.json", `{"modelId": "anthropic.claude-sonnet-4-5-20250929-v1:0",
"system": [{"text": "You are terse."}, {"cachePoint": {"type": "default"}}],
"messages": [` + user + `]}`, []string{"PC003:2"}},
		{"bedrock-nobreakpoint.json", `{"modelId": "anthropic.claude-sonnet-4-5-20250929-v1:0", "inferenceConfig": {"maxTokens": 512},
"system": [{"text": "` + long + `"}],
"messages": [` + user + `]}`, []string{"PC002:2"}},
		{"bedrock-ttl.json", `{"modelId": "anthropic.claude-sonnet-4-5-20250929-v1:0",
"system": [{"text": "` + long + `"}, {"cachePoint": {"type": "default", "ttl": "30m"}}],
"messages": [` + user + `]}`, []string{"PC011:2"}},
		{"gemini-timestamp.json", `{"systemInstruction": {"parts": [{"text": "Current time: 2026-11-30T09:41:07Z. ` + long + `"}]},
"contents": [{"role": "user", "parts": [{"text": "Where is my order?"}]}]}`, []string{"PC001:1"}},
		{"gemini-fixed.json", `{"system_instruction": {"parts": [{"text": "` + long + `"}]},
"tools": [{"functionDeclarations": [{"name": "lookup", "description": "Find an order.", "parameters": {"type": "object"}}]}],
"contents": [{"role": "user", "parts": [{"text": "Current time: 2026-11-30T09:41:07Z. Where is my order?"}]}]}`, nil},
		{"gemini-cached.json", `{"cachedContent": "cachedContents/abc123",
"contents": [{"role": "user", "parts": [{"text": "Where is my order?"}]}, {"role": "model", "parts": [{"text": "Which one?"}]}, {"role": "user", "parts": [{"text": "The last."}]}]}`, nil},
		{"gpt56-explicit-nobreakpoint.json", `{"model": "gpt-5.6-sol", "prompt_cache_options": {"mode": "explicit"},
"messages": [{"role": "developer", "content": "` + long + `"}, {"role": "user", "content": "Where is my order?"}]}`, []string{"PC002:2"}},
		{"gpt56-explicit-breakpoint.json", `{"model": "gpt-5.6-sol", "prompt_cache_options": {"mode": "explicit", "ttl": "30m"},
"messages": [{"role": "developer", "content": [{"type": "text", "text": "` + long + `", "prompt_cache_breakpoint": {"mode": "explicit"}}]}, {"role": "user", "content": "Where is my order?"}]}`, nil},
		{"gpt56-ttl.json", `{"model": "gpt-5.6-sol",
"prompt_cache_options": {"ttl": "1h"},
"messages": [{"role": "developer", "content": "` + long + `"}, {"role": "user", "content": "Where is my order?"}]}`, []string{"PC011:2"}},
		{"gpt56-retention.json", `{"model": "gpt-5.6-sol",
"prompt_cache_retention": "24h",
"prompt_cache_options": {"ttl": "30m"},
"messages": [{"role": "developer", "content": "` + long + `"}, {"role": "user", "content": "Where is my order?"}]}`, []string{"PC011:2"}},
		{"gpt56-responses-vocabulary.json", `{"model": "gpt-5.6-sol",
"input": [{"role": "developer", "content": [{"type": "text", "text": "` + long + `",
"prompt_cache_breakpoint": {"mode": "explicit"}}]}, {"role": "user", "content": "Where is my order?"}]}`, []string{"PC011:3"}},
		{"gpt56-responses-fixed.json", `{"model": "gpt-5.6-sol",
"input": [{"role": "developer", "content": [{"type": "input_text", "text": "` + long + `",
"prompt_cache_breakpoint": {"mode": "explicit"}}]}, {"role": "user", "content": "Where is my order?"}]}`, nil},
		{"anthropic-diagnostics-noid.json", `{"model": "claude-sonnet-4-5", "system": "You are terse.",
"diagnostics": {},
"messages": [{"role": "user", "content": "hi"}]}`, []string{"PC011:2"}},
		{"anthropic-diagnostics.json", `{"model": "claude-sonnet-4-5", "system": "You are terse.",
"diagnostics": {"previous_message_id": "msg_01XFDUDYJgAACzvnptvVoYEL"},
"messages": [{"role": "user", "content": "hi"}]}`, nil},
		{"anthropic-diagnostics-first-turn.json", `{"model": "claude-sonnet-4-5", "system": "You are terse.",
"diagnostics": {"previous_message_id": null},
"messages": [{"role": "user", "content": "hi"}]}`, nil},
		{"bedrock-invoke-diagnostics.json", `{"anthropic_version": "bedrock-2023-05-31", "system": "You are terse.",
"diagnostics": {"previous_message_id": "msg_01XFDUDYJgAACzvnptvVoYEL"},
"messages": [{"role": "user", "content": "hi"}]}`, []string{"PC011:2"}},
		{"vertex-diagnostics.json", `{"anthropic_version": "vertex-2023-10-16", "system": "You are terse.",
"diagnostics": {"previous_message_id": "msg_01XFDUDYJgAACzvnptvVoYEL"},
"messages": [{"role": "user", "content": "hi"}]}`, []string{"PC011:2"}},
		{"diagnostics-header.jsonl", `{"headers": {"anthropic-beta": "cache-diagnosis-2026-04-07"}, "request": {"model": "claude-sonnet-4-5", "system": "You are terse.", "messages": [{"role": "user", "content": "hi"}]}}
`, []string{"PC011:1"}},
	}
	files := map[string]string{}
	for _, tt := range tests {
		files["bodies/"+tt.name] = tt.body
	}
	dir := write(t, files)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := Run(Options{Paths: []string{filepath.Join(dir, "bodies", tt.name)}, Dir: dir})
			if err != nil {
				t.Fatal(err)
			}
			if len(res.Errors) != 0 {
				t.Fatalf("errors on a valid body: %v", res.Errors)
			}
			var got []string
			for _, f := range res.Findings {
				if f.Rule != "PC010" {
					got = append(got, f.Rule+":"+strconv.Itoa(f.Span.Line))
				}
			}
			slices.Sort(got)
			if !slices.Equal(got, tt.want) {
				t.Errorf("findings %v, want %v\n%+v", got, tt.want, res.Findings)
			}
		})
	}
}

// TestTaskNamesLifetime: a placeholder named for the task at hand ahead of
// a long stable prompt is a warning (it changes at least once per task),
// not the info an unknown lifetime gets; the config can declare it stable.
func TestTaskNamesLifetime(t *testing.T) {
	long := longText(1500)
	for _, name := range []string{"task", "goal", "research_goal", "question", "query", "input", "instructions"} {
		dir := write(t, map[string]string{"prompts/agent.md": "Your job: {{ " + name + " }}.\n\n" + long})
		res, err := Run(Options{Paths: []string{dir}, Dir: dir})
		if err != nil || len(res.Errors) > 0 {
			t.Fatalf("%s: %v %v", name, err, res.Errors)
		}
		if len(res.Findings) != 1 || res.Findings[0].Rule != "PC001" || res.Findings[0].Severity.String() != "warning" {
			t.Errorf("%s: findings %+v, want one PC001 warning", name, res.Findings)
		}
		dir = write(t, map[string]string{"prompts/agent.md": "Your job: {{ " + name + " }}.\n\n" + long, ".cachevet.yaml": "stable: [" + name + "]\n"})
		if res, _ := Run(Options{Paths: []string{dir}, Dir: dir}); len(res.Findings) != 0 {
			t.Errorf("%s declared stable: findings %+v", name, res.Findings)
		}
	}
}

// TestMustStaySilent holds files a Python peer's linter reported wrongly:
// a request to an SMS API shaped like a chat request, settings named
// prompt and context that no model reads, a marshalled status literal,
// and a dynamic first user turn after a separate, stable system prompt.
// None is a finding and none is an error.
func TestMustStaySilent(t *testing.T) {
	long := strings.ReplaceAll(longText(1500), "\n", " ")
	files := map[string]string{
		"prompts/sms-batch.json": `{"system": "acme-notifier", "messages": [{"to": "+15555550100", "from": "Acme", "body": "Your code is 123456, sent 2026-11-30T09:41:07Z. ` + long + `"}]}`,
		"prompts/sms-send.json":  `{"To": "+15555550100", "Body": "Sent 2026-11-30T09:41:07Z", "MessagingServiceSid": "MG9752274e9e519418a7406176694466fa"}`,
		"prompts/cli.yaml":       "prompt: \"Enter your password: \"\ncontext:\n  now: 2026-11-30T09:41:07Z\n  session: sess_8f2k1q93xz\n",
		"prompts/status.json":    `{"status": "ok", "time": "2026-11-30T09:41:07Z", "text": "` + long + `"}`,
		"prompts/first-turn-anthropic.json": `{"model": "claude-sonnet-4-5", "system": [{"type": "text", "text": "` + long + `", "cache_control": {"type": "ephemeral"}}],
"messages": [{"role": "user", "content": "Current time: 2026-11-30T09:41:07Z. Request req_8f3a9c2e7b1d4f60a9e3. Where is my order?"}]}`,
		"prompts/first-turn-chat.json": `{"model": "gpt-4o", "messages": [{"role": "system", "content": "` + long + `"},
{"role": "user", "content": "Current time: 2026-11-30T09:41:07Z. Where is my order?"}]}`,
	}
	dir := write(t, files)
	for name := range files {
		res, err := Run(Options{Paths: []string{filepath.Join(dir, name)}, Dir: dir})
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Errors) != 0 || len(res.Findings) != 0 {
			t.Errorf("%s: errors %v, findings %+v", name, res.Errors, res.Findings)
		}
	}
}
