package textpos

import "testing"

// TestKindOf fixes which reader a file's name chooses.
func TestKindOf(t *testing.T) {
	tests := []struct {
		path string
		want Kind
	}{
		{"logs/a.jsonl", KindLog},
		{"logs/A.NDJSON", KindLog},
		{"req.json", KindJSON},
		{"promptfooconfig.yaml", KindYAML},
		{"cassette.YML", KindYAML},
		{"travel.prompt", KindDotprompt},
		{"chat.prompty", KindPrompty},
		{"system.md", KindTemplate},
		{"agent.md.tpl", KindTemplate},
		{"prompt.json.j2", KindTemplate},
		{"noext", KindTemplate},
	}
	for _, tt := range tests {
		if got := KindOf(tt.path); got != tt.want {
			t.Errorf("KindOf(%q) = %v, want %v", tt.path, got, tt.want)
		}
	}
	for k, structured := range map[Kind]bool{KindTemplate: false, KindDotprompt: false, KindPrompty: false, KindJSON: true, KindYAML: true, KindLog: true} {
		if k.Structured() != structured {
			t.Errorf("%v.Structured() = %v", k, !structured)
		}
	}
}
