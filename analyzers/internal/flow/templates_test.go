package flow

import (
	"strings"
	"testing"

	"github.com/cachevet/cachevet/prompts"
	"github.com/cachevet/cachevet/rules"
)

// TestTemplateFormats checks that every template format the analyzer meets
// reaches the prompts engine with the syntax it names: literal text, the
// fields render may substitute, and the slots it may not.
func TestTemplateFormats(t *testing.T) {
	tests := []struct {
		format, text string
		want         string // pieces: "t:" text, "f:" field, "s:" other slot name
		ok           bool
	}{
		{FormatGo, "Hi {{.name}}!", "t:Hi |f:name|t:!", true},
		{FormatGo, "{{if .x}}a{{end}}", "t:a", true},
		{FormatGo, "{{.a | printf \"%s\"}}", "s:a", true},
		{FormatGo, "unterminated {{.a", "", false},
		{FormatFString, "Hi {name}, {{literal}}", "t:Hi |f:name|t:, {literal}", true},
		{FormatJinja2, "Hi {{ name }}{# note #}{% if x %}!{% endif %}", "t:Hi |f:name|t:!", true},
		{FormatJinja2, "{% set t = now() %}{{ t }}", "s:t", true},
		{FormatJinja2, "{{ open", "", false},
		{"handlebars", "{{x}}", "", false},
	}
	for _, tt := range tests {
		syntax, ok := TemplateFormats[tt.format]
		var pieces []prompts.Piece
		if ok {
			var errs []*rules.InputError
			pieces, errs = prompts.ScanTemplate(prompts.Template{Text: tt.text, Format: syntax})
			ok = len(errs) == 0
		}
		if ok != tt.ok {
			t.Errorf("%s %q: ok = %v, want %v", tt.format, tt.text, ok, tt.ok)
			continue
		}
		var got []string
		for _, p := range pieces {
			switch {
			case p.Slot == nil && len(got) > 0 && strings.HasPrefix(got[len(got)-1], "t:"):
				got[len(got)-1] += p.Text // text the engine splits at an escape renders as one
			case p.Slot == nil:
				got = append(got, "t:"+p.Text)
			case p.Field != "":
				got = append(got, "f:"+p.Field)
			default:
				got = append(got, "s:"+p.Slot.Name)
			}
		}
		if s := strings.Join(got, "|"); ok && s != tt.want {
			t.Errorf("%s %q: got %q, want %q", tt.format, tt.text, s, tt.want)
		}
	}
}
