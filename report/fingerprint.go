package report

import (
	"crypto/sha256"
	"encoding/hex"
	"strconv"
	"strings"

	"github.com/cachevet/cachevet/rules"
)

// fingerprint fills Finding.Fingerprint for findings sorted by position.
//
// A fingerprint is the first 128 bits, in hex, of
//
//	sha256("cachevet/v1" NUL rule NUL relative path NUL key NUL line NUL occurrence)
//
// where line is the finding's source line with surrounding white space
// trimmed and inner runs of white space collapsed to one space, and
// occurrence counts earlier findings (in file, line, column order) with the
// same other inputs. Line numbers are not hashed, so inserting or deleting
// unrelated lines keeps every fingerprint; the occurrence index tells apart
// identical findings on identical lines. A finding whose line cannot be read
// hashes an empty line.
func fingerprint(fs []rules.Finding, src *sources) {
	seen := map[string]int{}
	for i := range fs {
		f := &fs[i]
		line, _ := src.line(f.Span.File, f.Span.Line)
		base := strings.Join([]string{"cachevet/v1", f.Rule, f.Span.File, f.Key, normalizeLine(line)}, "\x00")
		n := seen[base]
		seen[base] = n + 1
		sum := sha256.Sum256([]byte(base + "\x00" + strconv.Itoa(n)))
		f.Fingerprint = hex.EncodeToString(sum[:16])
	}
}

// normalizeLine trims a line and collapses white space so re-indenting does
// not change a fingerprint.
func normalizeLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}
