package requests

import (
	"fmt"
	"github.com/cachevet/cachevet/internal/textpos"
	"strings"
	"testing"
)

// TestTemplatedJSON reads chat prompts and a request body written as
// Nunjucks over JSON and checks what they become: messages and roles in
// order, and each placeholder or loop as a slot at its file position with
// the text under its span.
func TestTemplatedJSON(t *testing.T) {
	tests := []struct {
		file string
		want []string // "section role: part, part" per block; slots as [name line:col text]
	}{
		{"templated/promptfoo-loop.json", []string{
			"system system: text",
			`messages user: [messages 4:3 {% for m in messages %}…]`,
		}},
		{"templated/volatile-system.json", []string{
			`system system: text, [current_time 2:48 {{ current_time }}], text`,
			`messages user: [history 3:3 {% for m in history %}…]`,
			`messages user: [question 4:32 {{ question }}]`,
		}},
		{"templated/request-body.json", []string{
			`tools : [tools 5:5 {% for t in tools %}…]`,
			"system system: text",
			"system system: text, [user_profile.name 9:41 {{ user_profile.name }}]",
			`messages user: [messages 13:5 {% for m in messages %}…]`,
			`messages user: [question 14:34 {{ question }}]`,
		}},
		{"templated/printed-values.json", []string{
			`tools : [tools 5:12 {{ tools | tojson }}]`,
			`system system: text, [today 4:23 {{ today }}], text`,
			`messages user: [messages 6:15 {{ messages | tojson }}]`,
		}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			res := lintFile(t, fixture(tt.file), Options{}, 1)
			if len(res.reqs) != 1 || len(res.errs) != 0 {
				t.Fatalf("%d requests, errors %v", len(res.reqs), briefErrs(res.errs))
			}
			var got []string
			for _, b := range res.reqs[0].Blocks {
				var parts []string
				for _, p := range b.Parts {
					if p.Slot == nil {
						if len(parts) == 0 || parts[len(parts)-1] != "text" {
							parts = append(parts, "text")
						}
						continue
					}
					text := spanText(t, p.Span)
					if i := strings.Index(text, "%}"); strings.HasPrefix(text, "{%") && i >= 0 {
						text = text[:i+2] + "…"
					}
					parts = append(parts, fmt.Sprintf("[%s %d:%d %s]", p.Slot.Name, p.Span.Line, p.Span.Col, text))
				}
				got = append(got, fmt.Sprintf("%s %s: %s", b.Section, b.Role, strings.Join(parts, ", ")))
			}
			if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("blocks:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
		})
	}
}

// TestParseJSONTemplate covers the leniency a template over JSON needs and
// nothing more: plain JSON is untouched, and text that is not JSON even as
// a template's output is still an error at its offset.
func TestParseJSONTemplate(t *testing.T) {
	tests := []struct {
		in   string
		want string // the tree as toAny prints it, or "error@off: msg"
		tmpl bool
	}{
		{`[{"a": "{{ x }}"}]`, `[map[a:{{ x }}]]`, false},
		{`[{% for m in ms %}{"a": 1},{% endfor %}]`, `[{% for m in ms %}{"a": 1},{% endfor %}]`, true},
		{`[1, {% if x %}2,{% else %}3,{% endif %}]`, `[1 2]`, true},
		{`{"n": {{ n }}, {# c #}"b": true,}`, `map[b:true n:{{ n }}]`, true},
		{`[{% for m in ms %}1{% endfor %} 2]`, `[{% for m in ms %}1{% endfor %} 2]`, true},
		{`[{% set x = 1 %}1 2]`, `error@18: invalid character '2' after array element`, true},
		{`{"a": 1 {% if x %}}`, `map[a:1]`, true},
		{`{"a" {{ x }}}`, `error@5: invalid character '{' after object key`, true},
		{`{"a": 1,}`, `error@8: invalid character '}' looking for beginning of object key string`, false},
	}
	for _, tt := range tests {
		src := textpos.NewFileSource("t.json", []byte(tt.in))
		n, end, tmpl, _, err := parseJSONTemplate(src, 0)
		var got string
		switch {
		case err != nil:
			got = fmt.Sprintf("error@%d: %v", err.(*textpos.Error).Off, err)
		case end != len(tt.in):
			got = fmt.Sprintf("stopped at %d", end)
		default:
			got = fmt.Sprint(toAny(n))
		}
		if got != tt.want || tmpl != tt.tmpl {
			t.Errorf("%s:\n got %s (template %v)\nwant %s (template %v)", tt.in, got, tmpl, tt.want, tt.tmpl)
		}
	}
}

// FuzzReadJSONTemplate checks the templated-JSON reader: plain JSON parses
// as before, every node (raw ones included) lies inside its parent and the
// input, a raw node's text is its source, and the whole reader keeps every
// position inside the file, the same on every run.
func FuzzReadJSONTemplate(f *testing.F) {
	seed(f, "templated/*.json", "chat/*.json")
	for _, s := range []string{
		`[{% for m in messages %}{"role": "{{ m.role }}", "content": "{{ m.content }}"}{% if not loop.last %},{% endif %}{% endfor %}]`,
		`{"model": "gpt-5", "messages": [{"role": "system", "content": "{{ sys }}"}, {{ history | dump }}], "n": {{ n }}}`,
		`[{"role":"system","content":"a"}{% for m in x %},{"role":"user","content":"{{m}}"}{% endfor %}]`,
		`[{% for %}`, `{% endfor %}[]`, `[{% if a %}1{% elif b %}2{% else %}3{% endif %},]`, `{"a":{{`, `[{# x`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		src := textpos.NewFileSource("f.json", data)
		n, end, tmpl, _, err := parseJSONTemplate(src, 0)
		if strict, serr := textpos.ParseJSON(data); serr == nil {
			if tmpl || err != nil || end != len(data) || fmt.Sprint(toAny(strict)) != fmt.Sprint(toAny(n)) {
				t.Fatalf("plain JSON read differently: template %v, err %v", tmpl, err)
			}
		}
		if err == nil {
			checkTemplateNode(t, data, n, 0, len(data))
		}
		fuzzRead(t, "f.json", data)
	})
}

func checkTemplateNode(t *testing.T, data []byte, n *textpos.Node, lo, hi int) {
	if n.Start < lo || n.End > hi || n.Start >= n.End {
		t.Fatalf("node %s at [%d,%d) outside [%d,%d)", n.Type, n.Start, n.End, lo, hi)
	}
	if n.Raw && n.Str != string(data[n.Start:n.End]) {
		t.Fatalf("raw node %q is not its source %q", n.Str, data[n.Start:n.End])
	}
	for _, m := range n.Members {
		checkTemplateNode(t, data, m.Val, n.Start, n.End)
	}
	for _, e := range n.Elems {
		checkTemplateNode(t, data, e, n.Start, n.End)
	}
}

// TestYAMLPrintedValues reads a request template in YAML whose messages and
// tools are unquoted {{ placeholders }} (a flow mapping to YAML): slots at
// their positions, not type errors.
func TestYAMLPrintedValues(t *testing.T) {
	doc := "model: claude-sonnet-4-5\nsystem: \"Hi {{ user_name }}.\"\ntools: {{ tools }}\nmessages: {{ messages }}\n"
	res := lintBytes(t, "req.yaml", []byte(doc), Options{}, 1)
	if len(res.reqs) != 1 || len(res.errs) != 0 {
		t.Fatalf("%d requests, errors %v", len(res.reqs), briefErrs(res.errs))
	}
	var got []string
	for _, b := range res.reqs[0].Blocks {
		for _, p := range b.Parts {
			if p.Slot != nil {
				got = append(got, fmt.Sprintf("%s %s@%d:%d-%d", b.Section, p.Slot.Name, p.Span.Line, p.Span.Col, p.Span.EndCol))
			}
		}
	}
	want := "tools tools@3:8-19 system user_name@2:13-28 messages messages@4:11-25"
	if strings.Join(got, " ") != want {
		t.Errorf("slots %s, want %s", strings.Join(got, " "), want)
	}
}
