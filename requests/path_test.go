package requests

import (
	"strings"
	"testing"
)

func TestPathPattern(t *testing.T) {
	tests := []struct {
		pattern string
		match   []string
		miss    []string
	}{
		{"metadata.user_id", []string{"metadata.user_id"}, []string{"metadata", "metadata.user_id.x", "xmetadata.user_id"}},
		{"tools[*].description", []string{"tools[0].description", "tools[12].description"}, []string{"tools.description", "tools[0].name"}},
		{"messages[0].content[1]", []string{"messages[0].content[1]"}, []string{"messages[0].content[10]", "messages[1].content[1]"}},
		{"tools[0].input_schema.properties.*", []string{"tools[0].input_schema.properties.city", `tools[0].input_schema.properties["a b"]`}, []string{"tools[0].input_schema.properties"}},
		{`metadata["x.y"]`, []string{`metadata["x.y"]`}, []string{"metadata.x.y"}},
		{"system", []string{"system"}, []string{"system[0]"}},
		{"*", []string{"model", "system"}, []string{"system[0]"}},
	}
	for _, tt := range tests {
		re, err := PathPattern(tt.pattern)
		if err != nil {
			t.Fatalf("PathPattern(%q): %v", tt.pattern, err)
		}
		for _, p := range tt.match {
			if !re.MatchString(p) {
				t.Errorf("%q does not match %q", tt.pattern, p)
			}
		}
		for _, p := range tt.miss {
			if re.MatchString(p) {
				t.Errorf("%q matches %q", tt.pattern, p)
			}
		}
	}
	for _, bad := range []string{"", ".a", "a..b", "a[", "a[x]", "a b", "[0]]"} {
		if _, err := PathPattern(bad); err == nil {
			t.Errorf("PathPattern(%q) is not an error", bad)
		}
	}
}

// FuzzPathPattern: any pattern compiles or is an error, never a panic, and
// a pattern without wildcards matches itself.
func FuzzPathPattern(f *testing.F) {
	for _, s := range []string{"metadata.user_id", "tools[*].description", `a["b c"][3]`, "*", "a..b", `a["\""]`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, p string) {
		re, err := PathPattern(p)
		if err != nil {
			return
		}
		if !strings.Contains(p, "*") && strings.TrimSpace(p) == p && !re.MatchString(p) {
			t.Errorf("%q does not match itself (%s)", p, re)
		}
	})
}
