// Package report prints a run's findings and input errors in the formats
// users, editors and CI systems read: text, json, sarif, github,
// checkstyle, and html (a cache map drawn from the requests' maps).
//
// Every reporter starts with Prepare, which makes paths relative, fills
// fingerprints and sorts, so all formats agree on what they print and the
// same input always gives byte-identical output.
package report

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/cachevet/cachevet/rules"
)

// Result is one run's output.
type Result struct {
	Findings []rules.Finding
	Errors   []*rules.InputError
	// Files is the number of files (or packages) checked.
	Files int
	// Traffic is --rpm/--ttl as given, for the summary's assumptions.
	Traffic rules.Traffic
	// Version is cachevet's version for tool metadata.
	Version string
	// Maps are the requests' maps, for the html format (see DrawsMaps).
	Maps []*rules.RequestMap
}

// Options are shared by reporters.
type Options struct {
	// Root is the directory paths are printed relative to, with forward
	// slashes. Empty keeps relative paths as given.
	Root string
	// ReadFile reads source lines for snippets, fingerprints and SARIF
	// columns; nil means os.ReadFile. It receives the path joined to Root.
	ReadFile func(path string) ([]byte, error)
	// Color turns on ANSI colors in the text format.
	Color bool
	// Env looks up environment variables (the github format reads
	// GITHUB_STEP_SUMMARY through it); nil means none are set.
	Env func(key string) string
}

// Reporter writes one result in one format.
type Reporter interface {
	Report(w io.Writer, res *Result) error
}

var formats = []string{"text", "json", "sarif", "github", "checkstyle", "html"}

// Formats lists the format names New accepts, default first.
func Formats() []string { return append([]string(nil), formats...) }

// New returns the reporter for a format: text, json, sarif, github,
// checkstyle.
func New(format string, opts Options) (Reporter, error) {
	switch strings.ToLower(strings.TrimSpace(format)) {
	case "", "text":
		return &textReporter{opts: opts}, nil
	case "json":
		return &jsonReporter{opts: opts}, nil
	case "sarif":
		return &sarifReporter{opts: opts}, nil
	case "github":
		return &githubReporter{opts: opts}, nil
	case "checkstyle":
		return &checkstyleReporter{opts: opts}, nil
	case "html":
		return &htmlReporter{opts: opts}, nil
	}
	return nil, fmt.Errorf("unknown format %q (want %s)", format, strings.Join(formats, ", "))
}

// Prepare makes paths relative to opts.Root with forward slashes, fills each
// finding's Fingerprint (see Fingerprint), keeps one finding per file, line,
// column and rule (rules.Dedupe: findings of several runs or records merge
// here) and sorts findings by file, line, column and rule and errors by file
// and position. Reporters call it; it is idempotent.
func Prepare(res *Result, opts Options) {
	for i := range res.Findings {
		f := &res.Findings[i]
		f.Span.File = relPath(opts.Root, f.Span.File)
		for j := range f.Related {
			f.Related[j].Span.File = relPath(opts.Root, f.Related[j].Span.File)
		}
	}
	for _, e := range res.Errors {
		if e != nil {
			e.Span.File = relPath(opts.Root, e.Span.File)
		}
	}
	res.Errors = nonNilErrors(res.Errors)
	res.Findings = rules.Dedupe(res.Findings)
	rules.SortErrors(res.Errors)
	fingerprint(res.Findings, newSources(opts))
}

// relPath returns p relative to root with forward slashes. Relative paths
// are taken as already relative to root.
func relPath(root, p string) string {
	if p == "" {
		return p
	}
	p = filepath.FromSlash(p)
	if root != "" && filepath.IsAbs(p) {
		if rel, err := filepath.Rel(root, p); err == nil {
			p = rel
		}
	}
	return filepath.ToSlash(filepath.Clean(p))
}

func nonNilErrors(errs []*rules.InputError) []*rules.InputError {
	out := errs[:0:0]
	for _, e := range errs {
		if e != nil {
			out = append(out, e)
		}
	}
	return out
}

// sources reads and splits files once per report.
type sources struct {
	root  string
	read  func(string) ([]byte, error)
	files map[string][]string
	raw   map[string][]byte
}

func newSources(opts Options) *sources {
	read := opts.ReadFile
	if read == nil {
		read = readSmall
	}
	return &sources{root: opts.Root, read: read, files: map[string][]string{}, raw: map[string][]byte{}}
}

// maxSourceBytes bounds what is read for snippets; larger files get none.
const maxSourceBytes = 64 << 20

// errTooLarge: a file over maxSourceBytes is not read at all, so a report
// on a large request log does not hold the log in memory.
var errTooLarge = errors.New("too large to show")

// readSmall reads a file of at most maxSourceBytes.
func readSmall(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	if info, err := f.Stat(); err == nil && info.Size() > maxSourceBytes {
		return nil, errTooLarge
	}
	data, err := io.ReadAll(io.LimitReader(f, maxSourceBytes+1))
	if err == nil && len(data) > maxSourceBytes {
		return nil, errTooLarge
	}
	return data, err
}

// line returns the 1-based line n of file without its line ending, and
// whether it exists.
func (s *sources) line(file string, n int) (string, bool) {
	lines, ok := s.files[file]
	if !ok {
		lines = s.load(file)
		s.files[file] = lines
	}
	if n < 1 || n > len(lines) {
		return "", false
	}
	return lines[n-1], true
}

func (s *sources) load(file string) []string {
	data := s.content(file)
	if data == nil {
		return nil
	}
	lines := strings.Split(string(data), "\n")
	for i, l := range lines {
		lines[i] = strings.TrimSuffix(l, "\r")
	}
	return lines
}

// content returns a file's bytes, or nil when it cannot be read or is too
// large to show.
func (s *sources) content(file string) []byte {
	if data, ok := s.raw[file]; ok {
		return data
	}
	var data []byte
	if file != "" {
		p := filepath.FromSlash(file)
		if s.root != "" && !filepath.IsAbs(p) {
			p = filepath.Join(s.root, p)
		}
		d, err := s.read(p)
		if err == nil && len(d) <= maxSourceBytes {
			data = d
		}
	}
	s.raw[file] = data
	return data
}

// end returns the span's end, defaulting to its start.
func end(s rules.Span) (line, col int) {
	line, col = s.EndLine, s.EndCol
	if line == 0 {
		line, col = s.Line, s.Col
	}
	return line, col
}

func sortedCopy(s []string) []string {
	out := append([]string(nil), s...)
	sort.Strings(out)
	return out
}
