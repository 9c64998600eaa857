package requests

import (
	"bytes"
	"encoding/json"
	"errors"
	"github.com/cachevet/cachevet/internal/textpos"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/cachevet/cachevet/rules"
)

// seed adds every fixture matching the globs to a fuzz corpus.
func seed(f *testing.F, globs ...string) {
	for _, g := range globs {
		files, _ := filepath.Glob(filepath.Join("testdata", g))
		for _, file := range files {
			data, err := os.ReadFile(file)
			if err != nil {
				f.Fatal(err)
			}
			f.Add(data)
		}
	}
}

// FuzzParseJSON checks the position scanner against encoding/json: what
// one accepts the other accepts (but for invalid UTF-8 and depth, which
// only this scanner rejects), with the same values, and every node's
// offsets and every string's offset table stay inside the value.
func FuzzParseJSON(f *testing.F) {
	seed(f, "*/*.json", "logs/*.jsonl")
	for _, s := range []string{`"a\u00e9\ud83d\ude00"`, `[1,-2.5e3,true,null]`, `{"a":{"b":[]}}`, `"\ud800"`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		n, err := textpos.ParseJSON(data)
		stdOK := json.Valid(data)
		if err != nil {
			var se *textpos.Error
			if !errors.As(err, &se) || se.Off < 0 || se.Off > len(data) {
				t.Fatalf("bad error %v", err)
			}
			if stdOK && utf8.Valid(data) && !strings.Contains(se.Msg, "nesting") {
				t.Fatalf("encoding/json accepts what the scanner rejects: %v", err)
			}
			return
		}
		if !stdOK {
			t.Fatalf("the scanner accepts invalid JSON")
		}
		if got, want := toAny(n), stdDecode(t, data); !reflect.DeepEqual(got, want) {
			t.Fatalf("value %#v, encoding/json %#v", got, want)
		}
		checkNode(t, data, n)
	})
}

func checkNode(t *testing.T, data []byte, n *textpos.Node) {
	if n.Start < 0 || n.End > len(data) || n.Start >= n.End {
		t.Fatalf("node %s at [%d,%d) of %d bytes", n.Type, n.Start, n.End, len(data))
	}
	switch n.Type {
	case textpos.TString:
		if data[n.Start] != '"' || data[n.End-1] != '"' {
			t.Fatalf("string node does not span its quotes")
		}
		if n.Escaped {
			offs := strOffsets(data, n)
			if len(offs) != len(n.Str)+1 {
				t.Fatalf("offset table of %d entries for %d bytes", len(offs), len(n.Str))
			}
			for i := 1; i < len(offs); i++ {
				if offs[i] < offs[i-1] || offs[i] <= n.Start || offs[i] >= n.End {
					t.Fatalf("offset table not increasing inside the string: %v", offs)
				}
			}
		}
	case textpos.TObject:
		for _, m := range n.Members {
			checkNode(t, data, m.Val)
		}
	case textpos.TArray:
		for _, e := range n.Elems {
			checkNode(t, data, e)
		}
	}
}

// FuzzFindLiterals checks the detector's invariants: literals in order,
// inside the text, not overlapping, named, and found again the same way.
func FuzzFindLiterals(f *testing.F) {
	for _, s := range []string{
		"Current time: 2026-11-30T09:41:07Z. Session sess_8f2k1q93xz.",
		"Today is Monday, November 30, 2026 at 9:41 AM.",
		"Request ID: 3f2a9c1e-7b4d-4e2a-9f1c-0a8b7c6d5e4f trace 4bf92f3577b34da6a3ce929d0e0e4736",
		"Knowledge cutoff: 2024-06. Released on 2024-05-13.",
		"timestamp=1764495667 ulid 01JDZ4Q7X8M2K9N3P5R6S7T8V9",
		"eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U",
		"Date: Mon, 30 Nov 2026 09:41:07 +0000",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		lits := findLiterals(s, rules.NameOverrides{})
		last := 0
		for _, l := range lits {
			if l.start < last || l.end <= l.start || l.end > len(s) {
				t.Fatalf("literal [%d,%d) after %d in %d bytes", l.start, l.end, last, len(s))
			}
			if l.name == "" || l.kind == "" || l.why == "" || l.life == rules.LifeStable {
				t.Fatalf("literal %+v", l)
			}
			last = l.end
		}
		if again := findLiterals(s, rules.NameOverrides{}); !reflect.DeepEqual(again, lits) {
			t.Fatalf("two scans differ")
		}
		if n := estimateTokens(s); n < 1 || n > len(s)+1 {
			t.Fatalf("estimateTokens = %d for %d bytes", n, len(s))
		}
	})
}

// wordCount counts words: a cheap counter so fuzzing runs the rules fast.
type wordCount struct{}

func (wordCount) Count(s string) int { return len(strings.Fields(s)) }

// fuzzRead reads data as path twice: the two runs must agree, Read must
// return nil or ErrNotRequest, every position must lie inside the file,
// and the rules must run over every request.
func fuzzRead(t *testing.T, path string, data []byte) {
	opts := Options{ReadFile: func(p string) ([]byte, error) {
		if strings.HasSuffix(p, ".json") {
			return []byte(`[{"role":"system","content":"You are {{ name }}."},{"role":"user","content":"{{ q }}"}]`), nil
		}
		return nil, os.ErrNotExist
	}}
	run := func() *collect {
		c := &collect{}
		err := Read(path, textpos.KindOf(path), bytes.NewReader(data), opts, c)
		if err != nil && !errors.Is(err, ErrNotRequest) {
			t.Fatalf("Read: %v", err)
		}
		if errors.Is(err, ErrNotRequest) && len(c.events) > 0 {
			t.Fatalf("ErrNotRequest after sending %v", c.events)
		}
		return c
	}
	c := run()
	if again := run(); !reflect.DeepEqual(c, again) {
		t.Fatal("two reads differ")
	}
	starts := lineStarts(data)
	check := func(what string, sp rules.Span) {
		if sp.File != path {
			return // a file a config refers to
		}
		if !spanInside(data, starts, sp) {
			t.Fatalf("%s span %+v outside the %d-byte input", what, sp, len(data))
		}
	}
	p, _ := rules.Builtin().Lookup("claude-sonnet-4-5")
	env := &rules.Env{Profile: p, Counter: wordCount{}, Traffic: rules.Traffic{RPM: 1}}
	for _, r := range c.reqs {
		check("request", r.Span)
		for _, b := range r.Blocks {
			check("block", b.Span)
			for _, part := range b.Parts {
				check("part", part.Span)
			}
			if b.Breakpoint != nil {
				check("breakpoint", b.Breakpoint.Span)
			}
		}
		for _, f := range rules.Check(r, env) {
			check(f.Rule, f.Span)
		}
	}
	for _, f := range c.findings {
		check(f.Rule, f.Span)
	}
	for _, e := range c.errs {
		if e.Span.Line > 0 {
			check("error", e.Span)
		}
	}
}

// spanInside reports whether a span starts and ends on existing lines,
// within them, end not before start.
func spanInside(data []byte, starts []int, sp rules.Span) bool {
	inLine := func(line, col int) bool {
		if line < 1 || line > len(starts) {
			return false
		}
		end := len(data)
		if line < len(starts) {
			end = starts[line] - 1
		}
		return col >= 1 && starts[line-1]+col-1 <= end
	}
	if !inLine(sp.Line, sp.Col) {
		return false
	}
	if sp.EndLine == 0 {
		return true
	}
	return inLine(sp.EndLine, sp.EndCol) && (sp.EndLine > sp.Line || sp.EndLine == sp.Line && sp.EndCol >= sp.Col)
}

func FuzzReadJSON(f *testing.F) {
	seed(f, "anthropic/*.json", "openai/*.json", "chat/*.json", "errors/*.json", "bedrock/*.json", "gemini/*.json")
	for _, s := range []string{
		`{"model":"claude-sonnet-4-5","cache_control":{"type":"ephemeral"},"system":[{"type":"text","text":"Now: 2026-11-30T09:41:07Z","cache_control":{"type":"ephemeral","ttl":"1h"}}],"messages":[{"role":"user","content":[{"type":"tool_result","tool_use_id":"t","content":"ok"}]}]}`,
		`{"model":"gpt-5.6","prompt_cache_options":{"mode":"explicit","ttl":"30m"},"response_format":{"type":"json_schema","json_schema":{"name":"a","schema":{}}},"messages":[{"role":"developer","content":[{"type":"text","text":"Request ID: req_011CV3xYz8Q2","prompt_cache_breakpoint":{"mode":"explicit"}}]}]}`,
		`{"model":"gpt-5","instructions":"Today is 2026-11-30.","input":[{"type":"function_call","name":"f","arguments":"{}"},{"role":"user","content":[{"type":"input_image","image_url":"data:image/png;base64,iVBORw0KGgo="}]}],"text":{"format":{"type":"json_schema","name":"x","schema":{"a":1}}}}`,
		`[{"role":"system","content":"Hi {{ user.name | upper }} {% if docs %}{{ docs }}{% endif %}{# c #}"},{"role":"user","content":"{{q}}"}]`,
		`{"prompts":["file://a.json","Today {{date}}"],"providers":["anthropic:messages:claude-sonnet-4-5",{"id":"openai:gpt-5"}]}`,
		`{"interactions":[{"request":{"uri":"https://api.openai.com/v1/chat/completions","body":"{\"messages\":[{\"role\":\"system\",\"content\":\"sess_8f2k1q93xz\"}]}"}}]}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) { fuzzRead(t, "f.json", data) })
}

func FuzzReadJSONL(f *testing.F) {
	seed(f, "logs/*.jsonl")
	f.Add([]byte("{\"model\":\"gpt-5\",\"messages\":[{\"role\":\"system\",\"content\":\"Now: 2026-11-30T09:41:07Z\"}]}\n\n{\"body\":\"{\\\"messages\\\":[]}\"}\n"))
	f.Fuzz(func(t *testing.T, data []byte) { fuzzRead(t, "f.jsonl", data) })
}

func FuzzReadYAML(f *testing.F) {
	seed(f, "promptfoo/*.yaml", "cassettes/*.yaml", "yaml/*.yaml", "errors/*.yaml", "templated/*.yaml")
	f.Add([]byte("prompts:\n  - \"Today is {{ date }}.\\n\\tQ: {{ q }}\"\n  - 'It''s {{ x }}'\n  - >\n    folded\n    text\nproviders: [openai:gpt-5]\n"))
	f.Fuzz(func(t *testing.T, data []byte) { fuzzRead(t, "promptfooconfig.yaml", data) })
}
