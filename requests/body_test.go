package requests

import (
	"errors"
	"strings"
	"testing"

	"github.com/cachevet/cachevet/rules"
)

func TestBodyPathAt(t *testing.T) {
	body := `{"model":"claude-sonnet-4-5","tools":[{"name":"a","input_schema":{"properties":{"x-id":{"type":"string"},"a.b":{}}}}],"system":[{"type":"text","text":"hi"}],"messages":[{"role":"user","content":"q"}]}`
	b, err := ReadBody("body", []byte(body), "", Options{})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		at   string // the text the offset points into; the first match
		skip int    // bytes into it
		want string
	}{
		{`{"model"`, 0, "$"},
		{`"model"`, 1, "model"},
		{`"claude`, 3, "model"},
		{`"name":"a"`, 8, "tools[0].name"},
		{`"x-id"`, 0, `tools[0].input_schema.properties.x-id`},
		{`"string"`, 2, `tools[0].input_schema.properties.x-id.type`},
		{`"a.b"`, 1, `tools[0].input_schema.properties["a.b"]`},
		{`"text":"hi"`, 8, "system[0].text"},
		{`"content":"q"`, 10, "messages[0].content"},
		{`[{"role"`, 0, "messages"},
	}
	for _, tt := range tests {
		off := strings.Index(body, tt.at) + tt.skip
		if got := b.PathAt(off); got != tt.want {
			t.Errorf("PathAt(%d) in %q = %q, want %q", off, tt.at, got, tt.want)
		}
	}
}

// promptText is the prompt bytes of a body as one string.
func promptText(b *Body, end int, drop func(string) bool) string {
	var s strings.Builder
	for _, c := range b.Prompt(end, drop) {
		s.Write(b.Data[c.Off:c.End])
		s.WriteByte('|')
	}
	return s.String()
}

func TestBodyPrompt(t *testing.T) {
	tests := []struct {
		name, body string
		api        string
		end        int // -1: all blocks
		drop       string
		want       string // chunks separated by |
	}{
		{
			name: "render order, markers left out",
			body: `{"messages":[{"role":"user","content":[{"type":"text","text":"q","cache_control":{"type":"ephemeral"}}]}],"model":"claude-sonnet-4-5","system":[{"cache_control":{"type":"ephemeral"},"type":"text","text":"s"}],"tools":[{"name":"t","input_schema":{}}]}`,
			end:  -1,
			want: `"model":"claude-sonnet-4-5"|{"name":"t","input_schema":{}}|{|"type":"text","text":"s"}|{"role":"user","content":[{"type":"text","text":"q"|}]}|`,
		},
		{
			name: "cut inside a message",
			body: `{"model":"claude-sonnet-4-5","messages":[{"role":"user","content":[{"type":"text","text":"a","cache_control":{"type":"ephemeral"}},{"type":"text","text":"b"}]}]}`,
			end:  1,
			want: `"model":"claude-sonnet-4-5"|{"role":"user","content":[{"type":"text","text":"a"|}|`,
		},
		{
			name: "dropped paths",
			body: `{"model":"gpt-5","messages":[{"role":"system","content":"s","name":"x"},{"role":"user","content":"q"}]}`,
			end:  -1, drop: "messages[0].name",
			want: `"model":"gpt-5"|{"role":"system","content":"s"|}|{"role":"user","content":"q"}|`,
		},
		{
			name: "dropped array element",
			body: `{"model":"gpt-5","messages":[{"role":"user","content":[{"type":"text","text":"a"},{"type":"text","text":"b"}]}]}`,
			end:  -1, drop: "messages[0].content[0]",
			want: `"model":"gpt-5"|{"role":"user","content":[|{"type":"text","text":"b"}]}|`,
		},
		{
			name: "Responses instructions and input",
			body: `{"model":"gpt-5","instructions":"be brief","input":[{"role":"user","content":"q"}]}`,
			end:  -1,
			want: `"model":"gpt-5"|"be brief"|{"role":"user","content":"q"}|`,
		},
		{
			name: "hint decides the API",
			body: `{"messages":[{"role":"user","content":"q"}]}`,
			api:  APIAnthropic, end: 0,
			want: ``,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, err := ReadBody("body", []byte(tt.body), tt.api, Options{})
			if err != nil {
				t.Fatal(err)
			}
			end := tt.end
			if end < 0 {
				end = len(b.Request.Blocks)
			}
			var drop func(string) bool
			if tt.drop != "" {
				drop = func(p string) bool { return p == tt.drop }
			}
			if got := promptText(b, end, drop); got != tt.want {
				t.Errorf("Prompt:\n got %s\nwant %s", got, tt.want)
			}
			for i := range b.Request.Blocks {
				if s, e := b.BlockRange(i); e <= s || b.BlockAt(s) != i && b.BlockAt(s) >= 0 && b.BlockAt(s) > i {
					t.Errorf("block %d: range [%d, %d), BlockAt %d", i, s, e, b.BlockAt(s))
				}
			}
		})
	}
}

func TestReadBodyErrors(t *testing.T) {
	tests := []struct {
		body, api, want string
	}{
		{`{"messages": [}`, "", "body:1:15: invalid character '}' looking for beginning of value"},
		{`{"model": "gpt-5"}`, "", ErrNotRequest.Error()},
		{`{"messages": []}`, "vertex", `unknown API "vertex" (want anthropic, openai-chat, openai-responses, bedrock-converse or gemini)`},
	}
	for _, tt := range tests {
		_, err := ReadBody("body", []byte(tt.body), tt.api, Options{})
		if err == nil || err.Error() != tt.want {
			t.Errorf("ReadBody(%s, %q) = %v, want %s", tt.body, tt.api, err, tt.want)
		}
	}
	_, err := ReadBody("body", []byte(`{"messages": [}`), "", Options{})
	var ie *rules.InputError
	if !errors.As(err, &ie) || ie.Span.Col != 15 {
		t.Errorf("syntax error is %#v, want an input error at column 15", err)
	}
}

// FuzzReadBody: any input reads without a panic, and the prompt of a body
// that reads is runs inside it, in order within each element.
func FuzzReadBody(f *testing.F) {
	for _, s := range []string{
		`{"model":"claude-sonnet-4-5","system":[{"type":"text","text":"s","cache_control":{"type":"ephemeral"}}],"messages":[{"role":"user","content":"q"}]}`,
		`{"model":"gpt-5","messages":[{"role":"system","content":"s"},{"role":"user","content":[{"type":"text","text":"q","prompt_cache_breakpoint":true}]}],"tools":[{"type":"function","function":{"name":"f"}}]}`,
		`{"instructions":"i","input":[{"role":"user","content":"q"}],"text":{"format":{"type":"json_schema","schema":{}}}}`,
		"{\n  \"messages\": [ {\"role\": \"user\", \"content\": \"q\"} ],\n  \"system\": \"s\"\n}",
		`[]`, `{"messages":[1,2]}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		b, err := ReadBody("fuzz", data, "", Options{})
		if err != nil {
			return
		}
		for _, c := range b.Prompt(len(b.Request.Blocks), func(p string) bool { return strings.HasSuffix(p, "[1]") }) {
			if c.Off < 0 || c.End > len(data) || c.End <= c.Off {
				t.Fatalf("chunk %+v outside a body of %d bytes", c, len(data))
			}
		}
		for off := 0; off <= len(data); off += max(1, len(data)/16) {
			b.PathAt(off)
			b.BlockAt(off)
		}
	})
}
