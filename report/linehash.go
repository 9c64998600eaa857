package report

import (
	"strconv"
	"unicode/utf16"
	"unicode/utf8"
)

// lineHashes computes GitHub's primaryLocationLineHash for every line of a
// file, the value github/codeql-action's upload-sarif adds when a result
// lacks one (its src/fingerprints.ts). Emitting the same value ourselves
// keeps alerts deduplicated when SARIF is uploaded through the REST API.
//
// The algorithm: read the file as UTF-16 code units, drop spaces, tabs and
// an LF that follows a CR, turn CR into LF, and append one 0xFFFF "end of
// file" unit. A rolling polynomial hash (base 37, in wrapping signed 64-bit
// arithmetic) runs over a window of the next 100 units; a line's hash is the
// window that starts at its first unit, padded with zeros past the end. The
// hash is printed as unsigned hex followed by ":n", where n counts how many
// times that hash value has been seen so far in the file.
//
// Invalid UTF-8 decodes to one U+FFFD per bad byte (Node's decoder may
// merge some sequences; such files rarely carry findings).
func lineHashes(content []byte) []string {
	h := newLineHasher()
	for i := 0; i < len(content); {
		r, n := utf8.DecodeRune(content[i:])
		i += n
		if r >= 0x10000 {
			r1, r2 := utf16.EncodeRune(r) // JavaScript strings hold surrogate pairs
			h.char(int64(r1))
			h.char(int64(r2))
			continue
		}
		h.char(int64(r))
	}
	h.char(hashEOF)
	h.flush()
	return h.out
}

const (
	hashBlock = 100
	hashMod   = 37
	hashEOF   = 65535
)

type lineHasher struct {
	window   [hashBlock]int64
	lines    [hashBlock]int // line starting at this window slot, or -1
	raw      int64
	firstMod int64
	index    int
	line     int
	start    bool
	prevCR   bool
	counts   map[uint64]int
	out      []string
}

func newLineHasher() *lineHasher {
	h := &lineHasher{firstMod: 1, start: true, counts: map[uint64]int{}}
	for i := range h.lines {
		h.lines[i] = -1
	}
	for range hashBlock {
		h.firstMod *= hashMod
	}
	return h
}

func (h *lineHasher) char(c int64) {
	if c == ' ' || c == '\t' || h.prevCR && c == '\n' {
		h.prevCR = false
		return
	}
	h.prevCR = c == '\r'
	if c == '\r' {
		c = '\n'
	}
	if h.lines[h.index] != -1 {
		h.emit()
	}
	if h.start {
		h.start = false
		h.line++
		h.lines[h.index] = h.line
	}
	if c == '\n' {
		h.start = true
	}
	h.update(c)
}

func (h *lineHasher) update(c int64) {
	begin := h.window[h.index]
	h.window[h.index] = c
	h.raw = hashMod*h.raw + c - h.firstMod*begin
	h.index = (h.index + 1) % hashBlock
}

func (h *lineHasher) emit() {
	v := uint64(h.raw)
	h.counts[v]++
	// Lines arrive in order, so line n is out[n-1].
	h.out = append(h.out, strconv.FormatUint(v, 16)+":"+strconv.Itoa(h.counts[v]))
	h.lines[h.index] = -1
}

func (h *lineHasher) flush() {
	for range hashBlock {
		if h.lines[h.index] != -1 {
			h.emit()
		}
		h.update(0)
	}
}
