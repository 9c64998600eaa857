// Package ignore applies the config's ignore entries to findings. Prompt
// files cannot carry suppression comments (a comment would be sent to the
// model), so suppressions live in .cachevet.yaml as entries of path glob,
// rule and a required reason.
package ignore

import (
	"fmt"
	"path"
	"strings"

	"github.com/cachevet/cachevet/rules"
)

// Entry silences a rule for files matching a path glob: one item of the
// config's ignore list (config.Ignore is this type).
type Entry struct {
	Path   string `yaml:"path" json:"path"`
	Rule   string `yaml:"rule" json:"rule"`
	Reason string `yaml:"reason" json:"reason"`
	// Line is where the entry stands in the config file, for reporting an
	// ignore that matches nothing.
	Line int `yaml:"-" json:"-"`
}

// Apply drops findings matched by an entry and returns the rest, in order,
// and the entries to report as stale: those that matched nothing although
// their glob names a file the run read (scanned). An entry for files the
// run never looked at — a pre-commit run over a few staged files — is not
// stale.
//
// An entry matches a finding when its Rule is the finding's code or name,
// or "*", and its Path glob matches the finding's path. rel maps a finding's
// or a scanned file's path to the form globs match (relative to the config
// file's directory, forward slashes); nil leaves paths as they are. Globs:
// "*" and "?" and "[...]" match within one path segment, "**" as a whole
// segment matches any number of segments, and a glob with no "/" matches
// the file name in any directory (as in .gitignore).
func Apply(findings []rules.Finding, entries []Entry, scanned []string, rel func(string) string) (kept []rules.Finding, unused []Entry) {
	if rel == nil {
		rel = func(p string) string { return p }
	}
	used := make([]bool, len(entries))
	for _, f := range findings {
		hit := false
		file := rel(f.Span.File)
		for i, e := range entries {
			if ruleMatches(e.Rule, f) && Match(e.Path, file) {
				used[i], hit = true, true
			}
		}
		if !hit {
			kept = append(kept, f)
		}
	}
	for i, e := range entries {
		if !used[i] && namesAny(e.Path, scanned, rel) {
			unused = append(unused, e)
		}
	}
	return kept, unused
}

func namesAny(glob string, files []string, rel func(string) string) bool {
	for _, f := range files {
		if Match(glob, rel(f)) {
			return true
		}
	}
	return false
}

func ruleMatches(rule string, f rules.Finding) bool {
	rule = strings.TrimSpace(rule)
	if rule == "*" {
		return true
	}
	return strings.EqualFold(rule, f.Rule) || strings.EqualFold(rule, f.Name)
}

// Unused describes an entry that matched nothing, for the report.
func Unused(e Entry) string {
	return fmt.Sprintf("ignore entry for %s on %q matches no finding; remove it", e.Rule, e.Path)
}

// Match reports whether a slash-separated relative path matches glob.
// A malformed glob matches nothing; Validate reports it.
func Match(glob, name string) bool {
	if strings.TrimSpace(glob) == "" {
		return false // Validate rejects it too
	}
	glob = strings.TrimPrefix(path.Clean("/"+glob), "/")
	name = strings.TrimPrefix(path.Clean("/"+name), "/")
	if !strings.Contains(glob, "/") {
		return matchSegment(glob, path.Base(name))
	}
	return matchSegments(strings.Split(glob, "/"), strings.Split(name, "/"))
}

// matchSegments matches glob segments against path segments, where a "**"
// segment stands for any number of path segments. It fills a table of
// "glob[i:] matches name[j:]" from the end, so a glob with many "**" costs
// len(glob)×len(name) segment matches instead of exponential backtracking.
func matchSegments(glob, name []string) bool {
	cols := len(name) + 1
	next := make([]bool, cols) // row i+1
	cur := make([]bool, cols)  // row i
	next[len(name)] = true     // an empty glob matches only an empty path
	for i := len(glob) - 1; i >= 0; i-- {
		for j := len(name); j >= 0; j-- {
			switch {
			case glob[i] == "**":
				cur[j] = next[j] || j < len(name) && cur[j+1]
			case j < len(name):
				cur[j] = next[j+1] && matchSegment(glob[i], name[j])
			default:
				cur[j] = false
			}
		}
		next, cur = cur, next
	}
	return next[0]
}

func matchSegment(glob, name string) bool {
	ok, err := path.Match(glob, name)
	return err == nil && ok
}

// Validate reports a malformed glob.
func Validate(glob string) error {
	if strings.TrimSpace(glob) == "" {
		return fmt.Errorf("empty path glob")
	}
	for _, seg := range strings.Split(glob, "/") {
		if _, err := path.Match(seg, ""); err != nil {
			return fmt.Errorf("bad path glob %q: %v", glob, err)
		}
	}
	return nil
}
