package prompts

import (
	"strings"
	"testing"
)

// TestTemplateLiteralNames: the text of a JavaScript template literal is a
// string; only the expressions in its ${…} are read for names.
func TestTemplateLiteralNames(t *testing.T) {
	for _, tt := range []struct{ expr, refs, calls string }{
		{"`Input Schema: ${JSON.stringify(tool.inputSchema)}`", "JSON tool.inputSchema", "stringify"},
		{"servers.map((s) => `## ${s.name}\\n${s.tools ? `Tools: ${s.tools}` : ''}`)", "servers s s.name s.tools s.tools", "map"},
		{"`Today ${`nested ${user.name}`} done`", "user.name", ""},
		{"`no interpolation, Input and Output`", "", ""},
		{"`escaped \\${notAName} and ${real}`", "real", ""},
		{"`unterminated ${open.value", "open.value", ""},
		{"`unterminated text Query", "", ""},
	} {
		info := analyze(tt.expr, dJS)
		var refs []string
		for _, r := range info.refs {
			refs = append(refs, strings.Join(r.segs, "."))
		}
		if got := strings.Join(refs, " "); got != tt.refs {
			t.Errorf("%s: refs %q, want %q", tt.expr, got, tt.refs)
		}
		if got := strings.Join(info.calls, " "); got != tt.calls {
			t.Errorf("%s: calls %q, want %q", tt.expr, got, tt.calls)
		}
	}
}
