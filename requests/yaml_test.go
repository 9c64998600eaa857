package requests

import (
	"errors"
	"github.com/cachevet/cachevet/internal/textpos"
	"strings"
	"testing"

	"github.com/cachevet/cachevet/rules"
)

// TestYAMLScalarSpans places a literal inside every YAML scalar style: its
// span must cover exactly the literal's bytes in the file.
func TestYAMLScalarSpans(t *testing.T) {
	tests := []struct{ name, doc string }{
		{"plain", "system: Current time «2026-11-30T09:41:07Z» here\n"},
		{"double quoted", "system: \"Tab\\there, \\\"quoted\\\", \\u00e9 then «2026-11-30T09:41:07Z»\"\n"},
		{"single quoted", "system: 'It''s «2026-11-30T09:41:07Z» now'\n"},
		{"literal block", "system: |\n  First line.\n    Indented line.\n  Now: «2026-11-30T09:41:07Z»\n"},
		{"folded block", "system: >-\n  First line\n  continues; now\n  «2026-11-30T09:41:07Z» ends\n"},
		{"plain multi-line", "system: first\n  second «2026-11-30T09:41:07Z»\n"},
		{"double quoted multi-line", "system: \"first\n  second \\\n  «2026-11-30T09:41:07Z»\"\n"},
		{"non-ASCII before", "system: \"日本語 «2026-11-30T09:41:07Z»\"\n"},
		{"tagged", "system: !!str «2026-11-30T09:41:07Z» x\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, start, end := marked(t, tt.doc)
			src := textpos.NewFileSource("f.yaml", []byte(doc))
			root, err := yamlFileTree(src)
			if err != nil {
				t.Fatal(err)
			}
			n := root.Get("system")
			lits := findLiterals(n.Str, rules.NameOverrides{})
			if len(lits) != 1 {
				t.Fatalf("value %q: found %s", n.Str, showLits(n.Str, lits))
			}
			sp := src.StrSpan(n, lits[0].start, lits[0].end)
			wl, wc := src.Pos(start)
			el, ec := src.Pos(end)
			if sp.Line != wl || sp.Col != wc || sp.EndLine != el || sp.EndCol != ec {
				t.Errorf("span %d:%d-%d:%d, want %d:%d-%d:%d", sp.Line, sp.Col, sp.EndLine, sp.EndCol, wl, wc, el, ec)
			}
		})
	}
}

// TestYAMLErrors reports syntax errors at the offending column, found by
// parsing prefixes, and bad UTF-8 at its byte.
func TestYAMLErrors(t *testing.T) {
	tests := []struct{ doc, want string }{
		{"a: b: c\n", "1:5 mapping values are not allowed in this context"},
		{"a:\n  - x\n - y\n", "3:2 did not find expected key"},
		{"a: [1, 2\nb: 3\n", "1:8 did not find expected ',' or ']'"}, // the last element before the missing ]
		{"a: \"x\\qy\"\n", "1:6 found unknown escape character"},
		{"a: *nope\n", "1:4 unknown anchor 'nope' referenced"},
		{"a: 1\n\tb: 2\n", "2:1 found a tab character that violates indentation"},
		{"prompts:\n  - one\n  - two\nproviders: x\n  model: y\n", "5:8 mapping values are not allowed in this context"},
		{"a: caf\xe9\n", "1:7 invalid UTF-8 byte 0xe9"},
	}
	for _, tt := range tests {
		res := lintBytes(t, "c.yaml", []byte(tt.doc), Options{}, 1)
		if len(res.errs) != 1 {
			t.Errorf("%q: errors %v, err %v", tt.doc, res.errs, res.err)
			continue
		}
		if got := briefErrs(res.errs)[0]; got != tt.want {
			t.Errorf("%q: %s, want %s", tt.doc, got, tt.want)
		}
	}
}

// TestYAMLAliases expands aliases and merge keys, and stops a billion
// laughs before it expands.
func TestYAMLAliases(t *testing.T) {
	doc := "base: &b {model: gpt-5}\nreq:\n  <<: *b\n  messages: [{role: user, content: hi}]\n"
	root, err := yamlFileTree(textpos.NewFileSource("a.yaml", []byte(doc)))
	if err != nil {
		t.Fatal(err)
	}
	if got := root.Get("req").Get("model").Text(); got != "gpt-5" {
		t.Errorf("merged model %q", got)
	}
	var b strings.Builder
	b.WriteString("a: &a [x, x, x, x, x, x, x, x, x, x]\n")
	for i := 'b'; i <= 'k'; i++ {
		b.WriteString(string(i) + ": &" + string(i) + " [")
		for j := 0; j < 10; j++ {
			b.WriteString("*" + string(i-1) + ",")
		}
		b.WriteString("]\n")
	}
	_, err = yamlFileTree(textpos.NewFileSource("bomb.yaml", []byte(b.String())))
	var se *textpos.Error
	if !errors.As(err, &se) || !strings.Contains(se.Msg, "too large") {
		t.Errorf("alias bomb: %v", err)
	}
}

// TestYAMLRequestTemplate reads a request body written in YAML as a
// template: placeholders are slots, literals are still found.
func TestYAMLRequestTemplate(t *testing.T) {
	doc := "model: gpt-5\nmessages:\n  - role: system\n    content: \"You are {{ persona }}. Now: 2026-11-30T09:41:07Z\"\n  - role: user\n    content: \"{{ question }}\"\n"
	res := lintBytes(t, "req.yaml", []byte(doc), Options{}, 1)
	if len(res.reqs) != 1 {
		t.Fatalf("%d requests, err %v", len(res.reqs), res.err)
	}
	var got []string
	for _, b := range res.reqs[0].Blocks {
		for _, p := range b.Parts {
			if p.Slot != nil {
				got = append(got, p.Slot.Name+"@"+itoa(p.Span.Line)+":"+itoa(p.Span.Col))
			}
		}
	}
	if want := "persona@4:23 now@4:43 question@6:15"; strings.Join(got, " ") != want {
		t.Errorf("slots %s, want %s", strings.Join(got, " "), want)
	}
}

// TestTemplateParts splits nunjucks templates into text and slots with the
// prompts engine: a conditional on a volatile value and a loop are one slot
// each, an include is stable.
func TestTemplateParts(t *testing.T) {
	tests := []struct{ tmpl, want string }{
		{"Hi {{ user.name | upper }}!", `"Hi " [user.name:user:session] "!"`},
		{"{{- question -}}", `[question:query:request]`},
		{"{% if docs %}{{ docs[0].text }}{% endif %}", `[docs:documents:request]`},
		{"{% for m in history %}{{ m }}{% endfor %}", `[history:history:request]`},
		{`{% include "rules.txt" %} {# note #}stable`, `[rules.txt:other:stable] " " "stable"`},
		{"{% set x = 1 %}{% raw %}text", `"text"`},
		{"Today is 2026-11-30.", `"Today is " [current_date:time:day] "."`},
	}
	for _, tt := range tests {
		raw := `"` + strings.ReplaceAll(tt.tmpl, `"`, `\"`) + `"`
		n, err := textpos.ParseJSON([]byte(raw))
		if err != nil {
			t.Fatal(err)
		}
		b := &builder{src: textpos.NewFileSource("t.json", []byte(raw)), template: true}
		var got []string
		for _, p := range b.textParts(n, true) {
			if p.Slot == nil {
				got = append(got, `"`+p.Text+`"`)
				continue
			}
			got = append(got, "["+p.Slot.Name+":"+p.Slot.Kind+":"+p.Slot.Lifetime.String()+"]")
			if !strings.Contains(tt.tmpl, p.Text) {
				t.Errorf("slot text %q not in the template", p.Text)
			}
		}
		if strings.Join(got, " ") != tt.want {
			t.Errorf("%q:\n got %s\nwant %s", tt.tmpl, strings.Join(got, " "), tt.want)
		}
	}
	b := &builder{src: textpos.NewFileSource("t.json", []byte(`"a {{ b"`)), template: true}
	n, _ := textpos.ParseJSON([]byte(`"a {{ b"`))
	b.textParts(n, false)
	if len(b.errs) != 1 || b.errs[0].Message != "unterminated {{: no closing }}" || b.errs[0].Span.Col != 4 {
		t.Errorf("unterminated tag: %v", b.errs)
	}
}
