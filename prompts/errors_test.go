package prompts

import (
	"encoding/json"
	"errors"
	"fmt"
	"github.com/cachevet/cachevet/internal/textpos"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/cachevet/cachevet/rules"
)

func TestBadInput(t *testing.T) {
	tests := []struct {
		name, path, content string
		opts                Options
		// errs are "line:col: message fragment", in order.
		errs []string
		// text must appear in some part (the rest of the file was read);
		// "" expects no request at all.
		text string
		slot string // a slot that must still be found
	}{
		{name: "invalid UTF-8", path: "u.tmpl", content: "Hello \xff world {{ .Date }}\n",
			errs: []string{"1:7: invalid UTF-8 (byte 0xff)"}, text: "Hello \uFFFD world ", slot: "Date"},
		{name: "invalid UTF-8 on a later line", path: "u.md", content: "ok\nab\xc3(\n",
			errs: []string{"2:3: invalid UTF-8 (byte 0xc3)"}, text: "ok\nab\uFFFD(\n"},
		{name: "unterminated go action", path: "g.tmpl", content: "ab {{ .Date\nrest of the file {{ .User }}",
			errs: []string{"1:4: unterminated {{: no closing }} before the next {{"}, text: "rest of the file ", slot: "User"},
		{name: "unterminated go string", path: "g.tmpl", content: "ab {{ \"Date\nrest }} {{ .User }}",
			errs: []string{"1:4: unterminated quoted string in action"}, slot: "User"},
		{name: "unterminated go action at the end", path: "g.tmpl", content: "intro\nab {{ .Date\nrest",
			errs: []string{"2:4: unterminated {{: no closing }}"}, text: "ab {{ .Date\nrest"},
		{name: "unterminated go comment", path: "g.tmpl", content: "x {{/* note\ny",
			errs: []string{"1:3: unclosed comment"}, text: "x {{/* note\ny"},
		{name: "unterminated jinja statement", path: "j.j2", content: "x {% if a\ny {{ b }}",
			errs: []string{"1:3: unterminated {%: no closing %}"}, slot: "b"},
		{name: "unterminated jinja comment", path: "j.j2", content: "x\n  {# note\n{{ b }}",
			errs: []string{"2:3: unterminated {#: no closing #}"}, slot: "b"},
		{name: "unterminated jinja output", path: "j.j2", content: "x {{ b\n",
			errs: []string{"1:3: unterminated {{: no closing }}"}, text: "x {{ b\n"},
		{name: "unclosed jinja block", path: "j.j2", content: "{% for x in docs %}abc",
			errs: []string{"1:1: {% for %} is never closed"}, slot: "docs"},
		{name: "stray endif", path: "j.j2", content: "a\n{% endif %}b",
			errs: []string{"2:1: {% endif %} closes no open block"}, text: "b"},
		{name: "mismatched end", path: "j.j2", content: "{% for x in y %}{% if a %}z{% endfor %}",
			errs: []string{"1:17: {% if %} is not closed before {% endfor %}"}, slot: "y"},
		{name: "unterminated raw", path: "j.j2", content: "{% raw %}{{ x }}",
			errs: []string{"1:1: {% raw %} is never closed with {% endraw %}"}, slot: "x"},
		{name: "stray go end", path: "g.tmpl", content: "a{{end}}b",
			errs: []string{"1:2: {{end}} closes no open block"}, text: "b"},
		{name: "unterminated handlebars comment", path: "h.hbs", content: "a {{!-- x }}\n{{y}}",
			errs: []string{"1:3: unterminated comment {{!--"}, text: "a {{!-- x }}\n"},
		{name: "stray handlebars close", path: "h.hbs", content: "{{/each}}x",
			errs: []string{"1:1: {{/each}} closes no open block"}, text: "x"},
		{name: "unterminated dollar", path: "d.txt", content: "a ${b\nc",
			errs: []string{"1:3: unterminated ${: no closing }"}, text: "a ${b\nc"},
		{name: "unterminated f-string field", path: "f.txt", opts: Options{Format: "fstring"}, content: "a {b\nc {d}",
			errs: []string{"1:3: unterminated { in f-string template"}, slot: "d"},
		{name: "single closing brace", path: "f.txt", opts: Options{Format: "fstring"}, content: "a } {d}",
			errs: []string{"1:3: single } in f-string template"}, slot: "d"},
		{name: "JSON braces in an f-string", path: "f.txt", opts: Options{Format: "fstring"}, content: "Reply {\"a\": 1} {d}",
			errs: []string{`1:7: f-string field {"a": 1} is not a variable name`}, text: `{"a": 1} `, slot: "d"},
		{name: "malformed front matter", path: "m.prompt", content: "---\nmodel: x\n  bad: : y\n---\nbody {{a}}",
			errs: []string{"3:6: invalid YAML: mapping values are not allowed"}, slot: "a"},
		{name: "malformed prompty front matter", path: "m.prompty", content: "---\nname: p\nmodel: [x\n---\nsystem:\nhi {{ a }}\n",
			errs: []string{"3:9: invalid YAML"}, slot: "a"},
		{name: "unclosed front matter", path: "m.prompt", content: "---\nmodel: x\nbody {{a}}",
			errs: []string{"1:1: front matter opened here is never closed"}, slot: "a"},
		{name: "front matter not a mapping", path: "m.prompty", content: "---\n- a\n---\nsystem:\nhi {{ b }}\n",
			errs: []string{"2:1: front matter is not a YAML mapping"}, slot: "b"},
		{name: "invalid JSON", path: "p.json", content: "{\"_type\": \"prompt\",\n  \"template\": \"x\" \"y\"}",
			errs: []string{"2:19: invalid JSON: invalid character '\"' after object key:value pair"}},
		{name: "invalid YAML", path: "p.yaml", content: "_type: prompt\ntemplate: \"x\n",
			errs: []string{"2:11: invalid YAML: found unexpected end of stream"}},
		{name: "invalid YAML flow sequence", path: "p.yaml", content: "_type: prompt\ninput_variables: [a\ntemplate: x\n",
			errs: []string{"2:19: invalid YAML: did not find expected ',' or ']'"}},
		{name: "unknown template_format", path: "p.yaml", content: "_type: prompt\ntemplate_format: erb\ntemplate: \"hi {a}\"\n",
			errs: []string{"2:18: unknown template_format \"erb\""}, slot: "a"},
		{name: "unknown format option", path: "p.txt", opts: Options{Format: "erb"}, content: "hi {{ a }}",
			errs: []string{`unknown template format "erb"`}, text: "hi {{ a }}"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			reqs, errs := Read(tc.path, fileKind(tc.path), []byte(tc.content), tc.opts)
			if len(errs) != len(tc.errs) {
				t.Fatalf("errors:\n%s\nwant %q", errText(errs), tc.errs)
			}
			for i, w := range tc.errs {
				got := errs[i].Error()
				if errs[i].Span.File != tc.path || !strings.Contains(got, w) {
					t.Errorf("error %d = %q, want %s:%s", i, got, tc.path, w)
				}
			}
			if tc.text == "" && tc.slot == "" {
				if len(reqs) != 0 {
					t.Fatalf("want no request, got %d", len(reqs))
				}
				return
			}
			var texts []string
			found := tc.slot == ""
			for _, p := range partsOf(reqs, false) {
				if p.Slot == nil {
					texts = append(texts, p.Text)
				} else if p.Slot.Name == tc.slot {
					found = true
				}
			}
			if all := strings.Join(texts, ""); tc.text != "" && !strings.Contains(all, tc.text) {
				t.Errorf("text %q does not contain %q", all, tc.text)
			}
			if !found {
				t.Errorf("slot %q not found in %s", tc.slot, slots(reqs))
			}
		})
	}
}

func TestTooManyErrors(t *testing.T) {
	content := strings.Repeat("x ${a\n", 50)
	// Declared: an undeclared file this broken is prose (TestNotATemplate).
	reqs, errs := Read("many.txt", fileKind("many.txt"), []byte(content), Options{Format: FormatDollar})
	if len(errs) != maxErrors+1 || !strings.Contains(errs[maxErrors].Message, "too many errors; the rest of the file is read as plain text") {
		t.Fatalf("%d errors, last %v", len(errs), errs[len(errs)-1])
	}
	if got := strings.Join(textsOf(reqs), ""); got != content {
		t.Errorf("the file is not read as text after the cap")
	}
}

func textsOf(reqs []*rules.Request) []string {
	var s []string
	for _, p := range partsOf(reqs, false) {
		s = append(s, p.Text)
	}
	return s
}

func TestEmptyFiles(t *testing.T) {
	comment := map[string]string{"e.tmpl": "{{/* only a comment */}}", "e.prompt": "---\nmodel: x\n---\n{{! c }}",
		"e.prompty": "---\nname: x\n---\n{# c #}\n", "e.j2": "{#- c -#}", "e.yaml": "# nothing\n"}
	for _, path := range []string{"e.txt", "e.md", "e.prompt", "e.prompty", "e.tmpl", "e.j2", "e.yaml"} {
		for _, content := range []string{"", "\n  \n", comment[path]} {
			reqs, errs := Read(path, fileKind(path), []byte(content), Options{})
			if len(reqs) != 0 || len(errs) != 0 {
				t.Errorf("%s %q: %d requests, errors %s", path, content, len(reqs), errText(errs))
			}
		}
	}
}

func TestNotAPrompt(t *testing.T) {
	for _, tc := range []struct{ path, content string }{
		{"config.yaml", "name: app\nreplicas: 3\n"},
		{"package.json", `{"name": "x", "version": "1.0.0"}`},
		{"list.yaml", "- a\n- b\n"},
		{"scalar.json", `"template"`},
		{"other.yaml", "_type: llm\ntemplate: hi\n"},
		{"log.jsonl", `{"messages": []}` + "\n"},
		{"list.json", `{"examples": [{% for e in examples %}"{{ e }}",{% endfor %}]}`},
		{"chain.json", `{"lc": 1, "type": "constructor", "id": ["langchain", "llms", "OpenAI"], "kwargs": {}}`},
	} {
		reqs, errs, err := ReadStructured(textpos.NewDoc(tc.path, fileKind(tc.path), []byte(tc.content)), Options{})
		if !errors.Is(err, ErrNotPrompt) || reqs != nil || errs != nil {
			t.Errorf("%s: %v %v %v", tc.path, reqs, errs, err)
		}
		if reqs, errs := Read(tc.path, fileKind(tc.path), []byte(tc.content), Options{}); reqs != nil || errs != nil {
			t.Errorf("Read %s: %v %v", tc.path, reqs, errs)
		}
	}
}

// TestDeterministic reads every fixture twice: the same bytes give the
// same requests and errors.
func TestDeterministic(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join("testdata", "*", "*"))
	ex, _ := filepath.Glob(filepath.Join("..", "testdata", "examples", "prompts", "*"))
	files = append(files, ex...)
	if len(files) < 10 {
		t.Fatalf("only %d fixtures", len(files))
	}
	for _, path := range files {
		data, err := os.ReadFile(path)
		if err != nil {
			continue
		}
		r1, e1 := Read(path, fileKind(path), data, Options{})
		r2, e2 := Read(path, fileKind(path), data, Options{})
		j1, _ := json.Marshal([]any{r1, e1})
		j2, _ := json.Marshal([]any{r2, e2})
		if string(j1) != string(j2) || !reflect.DeepEqual(r1, r2) {
			t.Errorf("%s: two reads differ", path)
		}
	}
}

func TestDeepNesting(t *testing.T) {
	content := strings.Repeat("{% if a %}", 5000) + "x" + strings.Repeat("{% endif %}", 5000)
	reqs, errs := Read("deep.j2", fileKind("deep.j2"), []byte(content), Options{})
	if len(reqs) != 1 || len(errs) == 0 || !strings.Contains(errs[0].Message, "nested more than") {
		t.Fatalf("%d requests, errors %s", len(reqs), errText(errs))
	}
}

func TestCRLFAndBOM(t *testing.T) {
	prompty := "\ufeff---\r\nmodel:\r\n  id: gpt-4o\r\n---\r\nsystem:\r\nHi {{ name }}\r\nuser:\r\n{{ q }}\r\n"
	reqs, errs := Read("c.prompty", fileKind("c.prompty"), []byte(prompty), Options{})
	if len(errs) > 0 || len(reqs) != 1 || reqs[0].Model != "gpt-4o" || blockShape(reqs[0]) != "system/system/-1 messages/user/0" {
		t.Fatalf("errors %s, requests %+v", errText(errs), reqs)
	}
	md := "Intro\r\n```\r\n{{ example }} text\r\n```\r\n{{ date }}\r\n"
	reqs, _ = Read("c.md", fileKind("c.md"), []byte(md), Options{})
	if got := slots(reqs); got != "date:time:day" {
		t.Errorf("slots %s", got)
	}
}

func TestJinjaExtends(t *testing.T) {
	content := "{% extends \"base.j2\" %}\nignored text {{ not_rendered }}\n{% block body %}Hello {{ user_name }}{% endblock %}\n"
	reqs, errs := Read("child.j2", fileKind("child.j2"), []byte(content), Options{})
	if len(errs) > 0 {
		t.Fatal(errText(errs))
	}
	if got := slots(reqs); got != "base.j2:other:stable user_name:user:session" {
		t.Errorf("slots %s", got)
	}
	for _, s := range textsOf(reqs) {
		if strings.Contains(s, "ignored") {
			t.Errorf("text outside blocks was read: %q", s)
		}
	}
}

// TestExponentialIncludes: each template includes the next twice; the
// expansion budget keeps reading linear.
func TestExponentialIncludes(t *testing.T) {
	var b strings.Builder
	b.WriteString(`{{define "t0"}}` + strings.Repeat("x", 1000) + `{{end}}`)
	for i := 1; i <= 30; i++ {
		fmt.Fprintf(&b, `{{define "t%d"}}{{template "t%d"}}{{template "t%d"}}{{end}}`, i, i-1, i-1)
	}
	b.WriteString(`{{template "t30"}}`)
	reqs, errs := Read("exp.tmpl", fileKind("exp.tmpl"), []byte(b.String()), Options{})
	if len(errs) > 0 || len(reqs) != 1 {
		t.Fatalf("%d requests, errors %s", len(reqs), errText(errs))
	}
	if n := len(partsOf(reqs, false)); n > 4*maxExpansions {
		t.Errorf("%d parts", n)
	}
}

// TestCombinedLifetime: a value built from a date and an input of unknown
// lifetime is a date, by rules.Lifetime.Rank, the order the Go analyzer
// combines inputs by too (analyzers testdata lifetimes/combined.go).
func TestCombinedLifetime(t *testing.T) {
	tests := []struct{ file, text, want string }{
		{"p.j2", "Label: {{ label(today, note) }}\n", "today:time:day"},
		{"p.tmpl", "Label: {{ label .today .note }}\n", "today:time:day"},
		{"p.j2", "Label: {{ label(host, note) }}\n", "host:env:process"},
		{"p.j2", "Label: {{ label(user, today) }}\n", "user:user:session"},
	}
	for _, tt := range tests {
		reqs, _ := Read(tt.file, fileKind(tt.file), []byte(tt.text), Options{})
		if got := slots(reqs); got != tt.want {
			t.Errorf("%s %q: slots %q, want %q", tt.file, tt.text, got, tt.want)
		}
	}
}
