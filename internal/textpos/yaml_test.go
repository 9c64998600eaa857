package textpos

import (
	"fmt"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

// TestAlignScalar parses each document, aligns its value "v" and checks
// that every value byte maps to source bytes that write it, and where the
// scalar stops.
func TestAlignScalar(t *testing.T) {
	tests := []struct {
		doc  string
		stop string // the source text the scalar spans, start to stop
	}{
		{"v: plain text\n", "plain text"},
		{"v: \"a\\tb \\u00e9 \\\"q\\\"\"\n", `"a\tb \u00e9 \"q\""`},
		{"v: \"one \\\n    two\"\n", "\"one \\\n    two\""},
		{"v: 'it''s'\n", "'it''s'"},
		{"v: |-\n  line one\n  {{ x }}\nw: 1\n", "|-\n  line one\n  {{ x }}"},
		{"v: |\n  kept\n", "|\n  kept"},
		{"v: >-\n  folded\n  text\n", ">-\n  folded\n  text"},
		{"v: !!str tagged\n", "!!str tagged"},
		{"v: \"multi\n  line\"\n", "\"multi\n  line\""},
		{"v: \"\"\n", `""`},
	}
	for _, tt := range tests {
		n, err := ParseYAML([]byte(tt.doc))
		if err != nil {
			t.Fatalf("%q: %v", tt.doc, err)
		}
		v := n.Content[0].Content[1]
		l := NewLines(tt.doc)
		start := NodeOffset(tt.doc, l, v.Line, v.Column)
		off, end, stop, ok := AlignScalar(tt.doc, start, v.Value, v.Style)
		if !ok {
			t.Errorf("%q: not aligned", tt.doc)
			continue
		}
		for i := range len(v.Value) {
			src := tt.doc[off[i]:end[i]]
			switch {
			case src == v.Value[i:i+1]:
			case strings.HasPrefix(src, `\`) || strings.HasPrefix(src, "''"):
				if dec, n := Escape(src); n == len(src) && !strings.Contains(dec, v.Value[i:i+1]) && src != "''" {
					t.Errorf("%q: byte %d %q maps to escape %q", tt.doc, i, v.Value[i], src)
				}
			case (v.Value[i] == ' ' || v.Value[i] == '\n') && src == "\n":
			default:
				t.Errorf("%q: byte %d %q maps to %q", tt.doc, i, v.Value[i], src)
			}
		}
		if got := tt.doc[start:stop]; got != tt.stop {
			t.Errorf("%q: spans %q, want %q", tt.doc, got, tt.stop)
		}
		if got := ScalarStop(tt.doc, start, v.Value, v.Style); got != stop {
			t.Errorf("%q: ScalarStop %d, AlignScalar's stop %d", tt.doc, got, stop)
		}
	}
	// An unusual style falls back to the node's first character.
	off, _, _, ok := AlignScalar("v: x", 3, "not in the text", yaml.Style(0))
	if ok || off[0] != 3 || off[len(off)-1] != 3 {
		t.Errorf("fallback: ok %v off %v", ok, off)
	}
}

func TestParseYAMLErrors(t *testing.T) {
	tests := []struct{ doc, want string }{
		{"model: x\n  bad: : y\n", "2:6 mapping values are not allowed in this context"},
		{"a: [x\nb: y\n", "1:5 did not find expected ',' or ']'"},
		{"a: \"x", "1:4 found unexpected end of stream"},
		{"a: 1\n\tb: 2\n", "2:1 found a tab character that violates indentation"},
		{"a: *nope\n", "1:4 unknown anchor 'nope' referenced"},
	}
	for _, tt := range tests {
		_, err := ParseYAML([]byte(tt.doc))
		if err == nil {
			t.Errorf("%q: no error", tt.doc)
			continue
		}
		line, col := NewLines(tt.doc).Pos(err.Off)
		if got := fmt.Sprintf("%d:%d %s", line, col, err.Msg); got != tt.want {
			t.Errorf("%q: %s, want %s", tt.doc, got, tt.want)
		}
	}
}

func TestEscape(t *testing.T) {
	tests := []struct {
		in, dec string
		n       int
	}{
		{`\n rest`, "\n", 2}, {`\"`, `"`, 2}, {`\u00e9`, "é", 6}, {`\ud83d\ude00`, "😀", 12},
		{`\x41`, "A", 4}, {`\U0001F600`, "😀", 10}, {"\\\n   next", "", 5}, {`\q`, "", 0}, {`\u12`, "", 0}, {`\`, "", 0},
	}
	for _, tt := range tests {
		if dec, n := Escape(tt.in); dec != tt.dec || n != tt.n {
			t.Errorf("Escape(%q) = %q, %d; want %q, %d", tt.in, dec, n, tt.dec, tt.n)
		}
	}
}
