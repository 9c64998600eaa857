// Package baseline records the findings a project has accepted so later runs
// report only new ones.
//
// A baseline is a JSON file of fingerprints (report.Prepare fills them; they
// survive unrelated lines moving) with a count each. Filter matches as a
// multiset: with two identical findings baselined, a third is reported.
package baseline

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"sort"

	"github.com/cachevet/cachevet/rules"
)

// Version is the file format version Write produces and Load accepts.
const Version = 1

// Entry is one fingerprint in a baseline. Rule and File are for people
// reading the file; matching uses the fingerprint only.
type Entry struct {
	Fingerprint string `json:"fingerprint"`
	Rule        string `json:"rule"`
	File        string `json:"file"`
	Count       int    `json:"count"`
}

// Baseline is a loaded baseline file.
type Baseline struct {
	Version int     `json:"version"`
	Tool    string  `json:"tool"`
	Entries []Entry `json:"entries"`
}

// Write records findings (with fingerprints filled by report.Prepare) as a
// baseline, sorted by file, rule and fingerprint so the file diffs well.
func Write(w io.Writer, findings []rules.Finding) error {
	byFP := map[string]*Entry{}
	for _, f := range findings {
		if f.Fingerprint == "" {
			return fmt.Errorf("finding %s at %s has no fingerprint (call report.Prepare first)", f.Rule, f.Span)
		}
		e, ok := byFP[f.Fingerprint]
		if !ok {
			e = &Entry{Fingerprint: f.Fingerprint, Rule: f.Rule, File: f.Span.File}
			byFP[f.Fingerprint] = e
		}
		e.Count++
	}
	b := Baseline{Version: Version, Tool: "cachevet", Entries: make([]Entry, 0, len(byFP))}
	for _, e := range byFP {
		b.Entries = append(b.Entries, *e)
	}
	sort.Slice(b.Entries, func(i, j int) bool {
		x, y := b.Entries[i], b.Entries[j]
		if x.File != y.File {
			return x.File < y.File
		}
		if x.Rule != y.Rule {
			return x.Rule < y.Rule
		}
		return x.Fingerprint < y.Fingerprint
	})
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(b)
}

// Load reads a baseline file.
func Load(path string) (*Baseline, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	return Parse(data, path)
}

// Parse decodes a baseline; name is used in error messages, which carry
// the line and column of a syntax error.
func Parse(data []byte, name string) (*Baseline, error) {
	var b Baseline
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&b); err != nil {
		return nil, positioned(data, name, err)
	}
	if dec.More() {
		return nil, fmt.Errorf("%s: unexpected data after the baseline object", name)
	}
	if b.Version != Version {
		return nil, fmt.Errorf("%s: baseline version %d is not supported (want %d)", name, b.Version, Version)
	}
	for i, e := range b.Entries {
		if e.Fingerprint == "" || e.Count < 1 {
			return nil, fmt.Errorf("%s: entry %d needs a fingerprint and a count of at least 1", name, i+1)
		}
	}
	return &b, nil
}

// positioned adds file:line:col to JSON decoding errors.
func positioned(data []byte, name string, err error) error {
	var off int64 = -1
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syn):
		off = max(syn.Offset-1, 0) // Offset counts the bad byte itself
	case errors.As(err, &typ):
		off = typ.Offset
	case errors.Is(err, io.EOF):
		return fmt.Errorf("%s: empty baseline file", name)
	}
	if off < 0 {
		return fmt.Errorf("%s: %v", name, err)
	}
	off = min(off, int64(len(data)))
	line := 1 + bytes.Count(data[:off], []byte("\n"))
	col := int(off) - bytes.LastIndexByte(data[:off], '\n')
	return fmt.Errorf("%s:%d:%d: %v", name, line, col, err)
}

// Filter returns the findings not covered by the baseline, in their order.
// Each entry covers up to Count findings with its fingerprint.
func (b *Baseline) Filter(findings []rules.Finding) []rules.Finding {
	left := map[string]int{}
	for _, e := range b.Entries {
		left[e.Fingerprint] += e.Count
	}
	var out []rules.Finding
	for _, f := range findings {
		if left[f.Fingerprint] > 0 {
			left[f.Fingerprint]--
			continue
		}
		out = append(out, f)
	}
	return out
}
