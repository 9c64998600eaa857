package rules

import (
	"fmt"
	"path/filepath"
	"slices"
	"sort"
	"strings"
)

// Severity of a finding. The zero value is SeverityOff: never reported.
type Severity int

const (
	SeverityOff Severity = iota
	SeverityInfo
	SeverityWarning
	SeverityError
)

var severityNames = [...]string{"off", "info", "warning", "error"}

func (s Severity) String() string {
	if int(s) < len(severityNames) {
		return severityNames[s]
	}
	return "off"
}

// ParseSeverity accepts off, none, info, note, warning, warn and error.
func ParseSeverity(s string) (Severity, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "off", "none":
		return SeverityOff, nil
	case "info", "note":
		return SeverityInfo, nil
	case "warning", "warn":
		return SeverityWarning, nil
	case "error":
		return SeverityError, nil
	}
	return SeverityOff, fmt.Errorf("unknown severity %q (want error, warning, info or off)", s)
}

// Related is a secondary location of a finding.
type Related struct {
	Span    Span   `json:"span"`
	Message string `json:"message"`
}

// Finding is one rule violation.
type Finding struct {
	Rule     string    `json:"rule"`
	Name     string    `json:"name"`
	Severity Severity  `json:"severity"`
	Span     Span      `json:"span"`
	Message  string    `json:"message"`
	Provider string    `json:"provider,omitempty"`
	Model    string    `json:"model,omitempty"`
	Related  []Related `json:"related,omitempty"`
	Savings  *Savings  `json:"savings,omitempty"`
	// Key identifies the finding's subject independently of its position
	// (a slot name, a tool name); fingerprints hash it with the rule and file.
	Key string `json:"key,omitempty"`
	// Fingerprint is filled by the report stage.
	Fingerprint string `json:"fingerprint,omitempty"`
}

// SortFindings orders findings by file, line, column and rule, then message,
// so the same input always prints the same output.
func SortFindings(fs []Finding) {
	sort.SliceStable(fs, func(i, j int) bool {
		a, b := fs[i], fs[j]
		if a.Span.File != b.Span.File {
			return a.Span.File < b.Span.File
		}
		if a.Span.Line != b.Span.Line {
			return a.Span.Line < b.Span.Line
		}
		if a.Span.Col != b.Span.Col {
			return a.Span.Col < b.Span.Col
		}
		if a.Rule != b.Rule {
			return a.Rule < b.Rule
		}
		return a.Message < b.Message
	})
}

// Dedupe sorts findings and keeps one per file, line, column and rule: the
// most severe, the first in sort order among equals. Related locations of
// the dropped ones that the kept one lacks are added to it. Requests that
// repeat (the records of a log, a cassette's interactions) report the same
// defect once.
func Dedupe(fs []Finding) []Finding {
	SortFindings(fs)
	out := fs[:0]
	for i := 0; i < len(fs); {
		j, best := i+1, i
		for j < len(fs) && sameSite(fs[i], fs[j]) {
			if fs[j].Severity > fs[best].Severity {
				best = j
			}
			j++
		}
		keep := fs[best]
		for k := i; k < j; k++ {
			if k != best {
				keep.Related = mergeRelated(keep.Related, fs[k].Related)
			}
		}
		out = append(out, keep)
		i = j
	}
	clear(fs[len(out):])
	return out
}

func sameSite(a, b Finding) bool {
	return a.Span.File == b.Span.File && a.Span.Line == b.Span.Line && a.Span.Col == b.Span.Col && a.Rule == b.Rule
}

// mergeRelated appends the entries of more that rel does not hold yet.
func mergeRelated(rel, more []Related) []Related {
	for _, m := range more {
		if !slices.Contains(rel, m) {
			rel = append(slices.Clip(rel), m)
		}
	}
	return rel
}

// SortErrors is the one order of input errors, for every reader and
// report: by file, line, column and message, errors with no position last
// in their file.
func SortErrors(es []*InputError) {
	sort.SliceStable(es, func(i, j int) bool {
		a, b := es[i].Span, es[j].Span
		if a.File != b.File {
			return filepath.ToSlash(a.File) < filepath.ToSlash(b.File) // one order on every system
		}
		if (a.Line == 0) != (b.Line == 0) {
			return b.Line == 0 // a summary ("3 more errors not shown") follows what it sums up
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		if a.Col != b.Col {
			return a.Col < b.Col
		}
		return es[i].Message < es[j].Message
	})
}

// InputError is a file the tool could not read or parse. Position is where
// the problem is, when known.
type InputError struct {
	Span    Span   `json:"span"`
	Message string `json:"message"`
}

func (e *InputError) Error() string {
	if e.Span.Line > 0 {
		return fmt.Sprintf("%s:%d:%d: %s", e.Span.File, e.Span.Line, e.Span.Col, e.Message)
	}
	return fmt.Sprintf("%s: %s", e.Span.File, e.Message)
}

// Errorf builds an InputError at a position.
func Errorf(span Span, format string, args ...any) *InputError {
	return &InputError{Span: span, Message: fmt.Sprintf(format, args...)}
}
