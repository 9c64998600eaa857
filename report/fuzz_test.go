package report

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/cachevet/cachevet/rules"
)

// FuzzSnippet checks the caret line against any source line and columns:
// no panic, the caret pads the text before the column exactly, and output
// holds no control characters but tabs.
func FuzzSnippet(f *testing.F) {
	f.Add("Réponds en français. Today is {{ .Date }}.", 33, 44)
	f.Add("\t顧客: {{ .UserName }} 🙂 {{ .RequestID }}", 31, 47)
	f.Add("\xff\xfe\x1b[31m", 2, 1)
	f.Add(strings.Repeat("é", 300), 301, 0)
	f.Fuzz(func(t *testing.T, line string, col, endCol int) {
		line = strings.ReplaceAll(line, "\n", "")
		text, caret := snippet(line, rules.Span{Line: 1, Col: col, EndLine: 1, EndCol: endCol})
		if !utf8.ValidString(text) || !utf8.ValidString(caret) {
			t.Fatalf("invalid UTF-8 in output %q / %q", text, caret)
		}
		for _, r := range text + caret {
			if r < 0x20 && r != '\t' || r == 0x7f {
				t.Fatalf("control character %U in output %q / %q", r, text, caret)
			}
		}
		if strings.Count(caret, "^") != 1 {
			t.Fatalf("caret line %q needs exactly one caret", caret)
		}
		lead := caret[:strings.Index(caret, "^")]
		if strings.Trim(lead, " \t") != "" {
			t.Fatalf("caret lead %q holds more than blanks", lead)
		}
	})
}

// FuzzLineHashes checks that every line gets a hash and that hashes do not
// depend on trailing white space or CRLF line endings.
func FuzzLineHashes(f *testing.F) {
	f.Add("a\nb\r\nc")
	f.Add("")
	f.Add("🙂 \xff\r\r\n")
	f.Fuzz(func(t *testing.T, s string) {
		got := lineHashes([]byte(s))
		lines := 1 + strings.Count(strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\r", "\n"), "\n")
		if len(got) != lines {
			t.Fatalf("%d hashes for %d lines", len(got), lines)
		}
		crlf := lineHashes([]byte(strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\n", "\r\n")))
		if strings.Join(crlf, ",") != strings.Join(got, ",") {
			t.Fatalf("CRLF changes hashes: %v vs %v", got, crlf)
		}
	})
}

// FuzzUTF16Column checks the column conversion never exceeds the byte
// column and never goes below 1.
func FuzzUTF16Column(f *testing.F) {
	f.Add("é🙂x", 5)
	f.Add("\xff\xfe", 2)
	f.Fuzz(func(t *testing.T, line string, col int) {
		if col < 1 || col > 1<<20 {
			return
		}
		src := &sources{files: map[string][]string{"f": {line}}, raw: map[string][]byte{}}
		got := utf16Column(src, "f", 1, col)
		if got < 1 || got > col {
			t.Fatalf("utf16Column(%q, %d) = %d", line, col, got)
		}
	})
}
