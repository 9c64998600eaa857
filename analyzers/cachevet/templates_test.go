package cachevet

import (
	"strings"
	"testing"
)

func TestSplitTemplate(t *testing.T) {
	tests := []struct {
		format, text string
		want         string // pieces: "t:" text, "f:" field name ("" for actions)
		ok           bool
	}{
		{formatGo, "Hi {{.name}}!", "t:Hi |f:name|t:!", true},
		{formatGo, "{{if .x}}a{{end}}", "f:", true},
		{formatGo, "{{.a | printf \"%s\"}}", "f:", true},
		{formatGo, "unterminated {{.a", "", false},
		{formatFString, "Hi {name}, {{literal}}", "t:Hi |f:name|t:, {literal}", true},
		{formatFString, "{ spaced }", "f:spaced", true},
		{formatFString, "open {name", "", false},
		{formatFString, "stray } brace", "", false},
		{formatJinja2, "Hi {{ name }}{# note #}{% if x %}!{% endif %}", "t:Hi |f:name|f:|t:!|f:", true},
		{formatJinja2, "{{ user.name }} {{ date|upper }}", "f:|t: |f:date", true},
		{formatJinja2, "{{ open", "", false},
		{"handlebars", "{{x}}", "", false},
	}
	for _, tt := range tests {
		got, ok := splitTemplate(tt.format, tt.text)
		if ok != tt.ok {
			t.Errorf("%s %q: ok = %v, want %v", tt.format, tt.text, ok, tt.ok)
			continue
		}
		var parts []string
		for _, p := range got {
			if p.field {
				parts = append(parts, "f:"+p.name)
			} else {
				parts = append(parts, "t:"+p.text)
			}
		}
		if s := strings.Join(parts, "|"); ok && s != tt.want {
			t.Errorf("%s %q: got %q, want %q", tt.format, tt.text, s, tt.want)
		}
	}
}

// FuzzLayoutTemplate checks that splitting template text never panics and
// loses no text: literal and placeholder pieces put back together give the
// input (f-string literals re-escaped, jinja comments aside).
func FuzzLayoutTemplate(f *testing.F) {
	for _, s := range []string{
		"Today is {{.Date}}.\n{{range .Items}}- {{.}}\n{{end}}",
		"User: {user_name}\n{{not a field}}",
		"{{ product }} {% for d in docs %}{{ d }}{% endfor %}{# c #}",
		"{", "}}", "{{", "{{-", "{{/* c */}}", "\xff{{.a}}",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		for _, format := range []string{formatGo, formatFString, formatJinja2} {
			pieces, ok := splitTemplate(format, text)
			if !ok {
				continue
			}
			var b strings.Builder
			for _, p := range pieces {
				if p.field && p.text == "" {
					t.Fatalf("%s %q: empty placeholder", format, text)
				}
				switch {
				case format == formatFString && !p.field:
					b.WriteString(strings.NewReplacer("{", "{{", "}", "}}").Replace(p.text))
				default:
					b.WriteString(p.text)
				}
			}
			if format != formatGo && !strings.Contains(text, "{#") && b.String() != text {
				t.Fatalf("%s %q: pieces give %q", format, text, b.String())
			}
		}
	})
}
