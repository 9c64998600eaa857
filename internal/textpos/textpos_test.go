package textpos

import (
	"fmt"
	"strings"
	"testing"
)

func TestCheck(t *testing.T) {
	tests := []struct {
		name string
		head string
		size int64
		want string // "" for ok, else "line:col message-fragment"
	}{
		{"text", "Hello {{ .Date }}\n", 18, ""},
		{"NUL on line 2", "ab\ncd\x00ef", 9, "0:0 binary file (NUL byte at offset 5)"},
		{"NUL after the window is text", strings.Repeat("a", BinaryWindow) + "\x00", BinaryWindow + 1, ""},
		{"at the limit", "a", MaxSize, ""},
		{"over the limit", "a", MaxSize + 1, "0:0 file is 64.0 MB, more than the 64 MB limit"},
		{"invalid UTF-8 is the readers' to report", "caf\xe9", 4, ""},
	}
	for _, tt := range tests {
		e, ok := Check("f.txt", []byte(tt.head), tt.size)
		got := ""
		if !ok {
			got = fmt.Sprintf("%d:%d %s", e.Span.Line, e.Span.Col, e.Message)
			if e.Span.File != "f.txt" {
				t.Errorf("%s: error names %q", tt.name, e.Span.File)
			}
		}
		if tt.want == "" && got != "" || tt.want != "" && !strings.HasPrefix(got, tt.want) {
			t.Errorf("%s: got %q, want %q", tt.name, got, tt.want)
		}
	}
}

func TestFirstInvalidUTF8(t *testing.T) {
	for in, want := range map[string]int{"": -1, "abc": -1, "é日😀": -1, "ab\xff": 2, "\xc3(": 0, "ok\xe2\x82": 2} {
		if got := FirstInvalidUTF8(in); got != want {
			t.Errorf("%q (string): %d, want %d", in, got, want)
		}
		if got := FirstInvalidUTF8([]byte(in)); got != want {
			t.Errorf("%q ([]byte): %d, want %d", in, got, want)
		}
	}
}

func TestLines(t *testing.T) {
	l := NewLines("ab\n\ncd")
	for off, want := range map[int]string{-1: "1:1", 0: "1:1", 2: "1:3", 3: "2:1", 4: "3:1", 6: "3:3", 99: "3:3"} {
		line, col := l.Pos(off)
		if got := fmt.Sprintf("%d:%d", line, col); got != want {
			t.Errorf("Pos(%d) = %s, want %s", off, got, want)
		}
		if back := l.Offset(line, col); off >= 0 && off <= 6 && back != off {
			t.Errorf("Offset(%d, %d) = %d, want %d", line, col, back, off)
		}
	}
	if l.Offset(0, 1) != 0 || l.Offset(4, 1) != 0 {
		t.Errorf("Offset outside the text")
	}
	if l.Count() != 3 || l.Start(2) != 3 || l.End(1) != 2 || l.End(3) != 6 || l.Size() != 6 {
		t.Errorf("count %d start(2) %d end(1) %d end(3) %d", l.Count(), l.Start(2), l.End(1), l.End(3))
	}
}
