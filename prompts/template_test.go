package prompts

import (
	"fmt"
	"strings"
	"testing"

	"github.com/cachevet/cachevet/rules"
)

// TestScanTemplate checks the string API: pieces in order with their text
// offsets, the field a plain placeholder prints, spans through the caller's
// map and errors at mapped positions.
func TestScanTemplate(t *testing.T) {
	tests := []struct {
		format, text string
		want         string // "t[a:b]" text, "s[a:b]name/field" slot
		errs         string
	}{
		{FormatJinja, "Hi {{ user.name }}!", "t[0:3] s[3:18]user.name/user.name t[18:19]", ""},
		{FormatJinja, "{% set t = now() %}at {{ t }}", "t[19:22] s[22:29]t/", ""},
		{FormatJinja, "{% for d in docs %}{{ d }}{% endfor %} end", "s[0:38]docs/ t[38:42]", ""},
		{FormatGo, "{{.A}} and {{.B | printf \"%q\"}}", "s[0:6]A/A t[6:11] s[11:31]B/", ""},
		{FormatFString, "{name}: {{x}}", "s[0:6]name/name t[6:9] t[10:12]", ""},
		{"", "Today {{ .Date }}", "t[0:6] s[6:17]Date/Date", ""},
		{FormatJinja, "a {{ b", "t[0:6]", "1:3 unterminated {{: no closing }}"},
		{"cobol", "x", "t[0:1]", "1:1 unknown template format \"cobol\" (want gotemplate, jinja, handlebars, fstring, dollar or plain)"},
	}
	for _, tt := range tests {
		// The text sits at column 11 of line 1 of a file.
		span := func(a, b int) rules.Span {
			return rules.Span{File: "f.json", Line: 1, Col: 11 + a, EndLine: 1, EndCol: 11 + b}
		}
		pieces, errs := ScanTemplate(Template{Text: tt.text, Format: tt.format, Span: span})
		var got []string
		for _, p := range pieces {
			if p.Span != span(p.Start, p.End) || p.Text != tt.text[p.Start:p.End] {
				t.Errorf("%q: piece %+v: span or text does not match its offsets", tt.text, p)
			}
			if p.Slot == nil {
				got = append(got, fmt.Sprintf("t[%d:%d]", p.Start, p.End))
			} else {
				got = append(got, fmt.Sprintf("s[%d:%d]%s/%s", p.Start, p.End, p.Slot.Name, p.Field))
			}
		}
		if s := strings.Join(got, " "); s != tt.want {
			t.Errorf("%q:\n got %s\nwant %s", tt.text, s, tt.want)
		}
		var es []string
		for _, e := range errs {
			es = append(es, fmt.Sprintf("%d:%d %s", e.Span.Line, e.Span.Col-10, e.Message))
		}
		if s := strings.Join(es, "; "); s != tt.errs {
			t.Errorf("%q: errors %q, want %q", tt.text, s, tt.errs)
		}
	}
}

// FuzzScanTemplate checks the string API on any text and format: pieces
// lie inside the text (in render order, which an expanded Go {{template}}
// takes back to its {{define}}), each piece's text is the text between its
// offsets, and its span is the caller's map of those offsets.
func FuzzScanTemplate(f *testing.F) {
	for _, s := range []string{
		"Hi {{ user.name }}!", "{% set t = now() %}at {{ t }}", "{% for d in docs %}{{ d }}{% endfor %} end",
		"{{.A}} and {{.B | printf \"%q\"}}", "{name}: {{x}}", "Today {{ .Date }}", "a {{ b", "{%", "}}{{", "${x} {{#if a}}b{{/if}}",
		"{{define \"a\"}}x{{end}}y{{template \"a\"}}",
	} {
		for _, format := range []string{"", FormatJinja, FormatGo, FormatHandlebars, FormatFString, FormatDollar} {
			f.Add(s, format)
		}
	}
	f.Fuzz(func(t *testing.T, text, format string) {
		span := func(a, b int) rules.Span {
			return rules.Span{File: "f", Line: 1, Col: a + 1, EndLine: 1, EndCol: b + 1}
		}
		pieces, _ := ScanTemplate(Template{Text: text, Format: format, Span: span})
		for _, p := range pieces {
			if p.Start < 0 || p.End < p.Start || p.End > len(text) {
				t.Fatalf("piece [%d,%d) in %d bytes", p.Start, p.End, len(text))
			}
			if p.Text != clean(text[p.Start:p.End]) {
				t.Fatalf("piece text %q is not %q", p.Text, text[p.Start:p.End])
			}
			if p.Span != span(p.Start, p.End) {
				t.Fatalf("piece span %+v for [%d,%d)", p.Span, p.Start, p.End)
			}
		}
	})
}
