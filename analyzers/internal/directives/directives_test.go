package directives

import (
	"reflect"
	"testing"
)

func TestParseComment(t *testing.T) {
	tests := []struct {
		text string
		want *Directive
	}{
		{"//cachevet:ignore PC001 the date leads", &Directive{Codes: []string{"PC001"}, Reason: "the date leads"}},
		{"//cachevet:ignore PC001,pc005 reason", &Directive{Codes: []string{"PC001", "PC005"}, Reason: "reason"}},
		{"//cachevet:ignore PC001", &Directive{Codes: []string{"PC001"}}},
		{"//cachevet:ignore because", &Directive{Reason: "because"}},
		{"//nolint:cachevet // legacy", &Directive{Nolint: true, Reason: "legacy"}},
		{"//nolint:errcheck,cachevet", &Directive{Nolint: true}},
		{"//nolint:errcheck", nil},
		{"//cachevet:ignorex PC001 r", nil},
		{"/* cachevet:ignore PC001 r */", nil},
		{"// plain comment", nil},
	}
	for _, tt := range tests {
		if got := parseComment(tt.text); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("parseComment(%q) = %+v, want %+v", tt.text, got, tt.want)
		}
	}
}

func FuzzParseComment(f *testing.F) {
	for _, s := range []string{"//cachevet:ignore PC001 r", "//nolint:cachevet // r", "//cachevet:ignore", "//nolint:"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d := parseComment(s)
		if d != nil && len(d.Codes) > 0 && !looksLikeCodes(joinCodes(d.Codes)) {
			t.Fatalf("bad codes %q from %q", d.Codes, s)
		}
	})
}

func joinCodes(cs []string) string {
	s := ""
	for i, c := range cs {
		if i > 0 {
			s += ","
		}
		s += c
	}
	return s
}
