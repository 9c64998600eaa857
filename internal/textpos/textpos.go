// Package textpos is text with positions, shared by the readers of prompt
// templates (prompts) and request bodies (requests): the input check every
// file passes once, line tables that turn byte offsets into 1-based lines
// and byte columns, decoders of the escapes of double-quoted JSON and YAML
// strings, and, in yaml.go, the alignment of a YAML scalar's value with
// the bytes that wrote it and the exact position of a YAML syntax error.
//
// It also holds the one document tree of a JSON or YAML file (Node, in
// tree.go: a JSON parser that keeps byte offsets, and in treeyaml.go the
// conversion of yaml.v3's tree) and its position layer (Source: offsets
// to lines and columns, through the escapes of a string that holds
// JSON). A Doc parses its file once for every reader: the request reader
// and, when the file holds no request, the prompt reader take the same
// tree.
package textpos

import (
	"bytes"
	"fmt"
	"sort"
	"unicode/utf8"

	"github.com/cachevet/cachevet/rules"
)

// MaxSize is the largest file read whole. Request logs (.jsonl, .ndjson)
// are streamed and have no limit.
const MaxSize = 64 << 20

// BinaryWindow is how much of a file's start Check searches for a NUL
// byte: the head a caller hands it.
const BinaryWindow = 8 << 10

// Check is the input check every file passes once, before a reader sees
// it: a NUL byte in head (the first BinaryWindow bytes or fewer) means a
// binary file, and a file whose size is over MaxSize is not read. ok is false when the file must not be parsed;
// the error then says why.
func Check(path string, head []byte, size int64) (*rules.InputError, bool) {
	if i := bytes.IndexByte(head[:min(len(head), BinaryWindow)], 0); i >= 0 {
		// The file as a whole is wrong, not a place in it: no line.
		return rules.Errorf(rules.Span{File: path}, "binary file (NUL byte at offset %d), not a prompt or request body", i), false
	}
	if size > MaxSize {
		return rules.Errorf(rules.Span{File: path}, "file is %s, more than the %d MB limit for a file read whole; only request logs (.jsonl) are streamed",
			sizeString(size), MaxSize>>20), false
	}
	return nil, true
}

func sizeString(n int64) string {
	if n >= 1<<20 {
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	}
	return fmt.Sprintf("%d bytes", n)
}

// FirstInvalidUTF8 is the offset of the first byte that is not valid
// UTF-8, or -1.
func FirstInvalidUTF8[T ~string | ~[]byte](s T) int {
	for i := 0; i < len(s); {
		if s[i] < utf8.RuneSelf {
			i++
			continue
		}
		var r rune
		var n int
		switch v := any(s).(type) {
		case string:
			r, n = utf8.DecodeRuneInString(v[i:])
		case []byte:
			r, n = utf8.DecodeRune(v[i:])
		default:
			r, n = utf8.DecodeRuneInString(string(s[i:min(len(s), i+utf8.UTFMax)]))
		}
		if r == utf8.RuneError && n == 1 {
			return i
		}
		i += n
	}
	return -1
}

// Lines is a line table: the offset of the first byte of each line.
type Lines struct {
	starts []int
	size   int
}

// NewLines builds the line table of a text.
func NewLines[T ~string | ~[]byte](text T) Lines {
	starts := []int{0}
	for i := 0; i < len(text); i++ {
		if text[i] == '\n' {
			starts = append(starts, i+1)
		}
	}
	return Lines{starts: starts, size: len(text)}
}

// Pos returns the 1-based line and byte column of an offset, clamped to
// the text.
func (l Lines) Pos(off int) (line, col int) {
	off = max(0, min(off, l.size))
	i := sort.Search(len(l.starts), func(i int) bool { return l.starts[i] > off }) - 1
	return i + 1, off - l.starts[i] + 1
}

// Offset is the byte offset of a 1-based line and byte column, the inverse
// of Pos; 0 for a line outside the text.
func (l Lines) Offset(line, col int) int {
	if line < 1 || line > len(l.starts) {
		return 0
	}
	return l.starts[line-1] + col - 1
}

// Count is the number of lines.
func (l Lines) Count() int { return len(l.starts) }

// Start is the offset of the first byte of a 1-based line.
func (l Lines) Start(line int) int { return l.starts[max(1, min(line, len(l.starts)))-1] }

// End is the offset just past a 1-based line, its line break excluded.
func (l Lines) End(line int) int {
	if line < len(l.starts) {
		return l.starts[line] - 1
	}
	return l.size
}

// Size is the length of the text.
func (l Lines) Size() int { return l.size }
