// Package directives parses cachevet's suppression comments and filters
// diagnostics with them, so suppressions work under every driver (go vet
// included), not only in the cachevet CLI.
package directives

import (
	"go/ast"
	"go/token"
	"strings"
)

// Directive is one suppression comment:
//
//	//cachevet:ignore PC001[,PC005] reason
//	//nolint:cachevet // reason
type Directive struct {
	Pos, End token.Pos
	Line     int
	File     string
	Codes    []string // empty: every rule
	Reason   string
	Nolint   bool
	Used     bool
}

// Parse returns the directives in a file's comments in source order.
func Parse(fset *token.FileSet, f *ast.File) []*Directive {
	var out []*Directive
	for _, g := range f.Comments {
		for _, c := range g.List {
			if d := parseComment(c.Text); d != nil {
				p := fset.Position(c.Pos())
				d.Pos, d.End, d.Line, d.File = c.Pos(), c.End(), p.Line, p.Filename
				out = append(out, d)
			}
		}
	}
	return out
}

func parseComment(text string) *Directive {
	body, ok := strings.CutPrefix(text, "//")
	if !ok {
		return nil // block comments carry no directives
	}
	if rest, ok := strings.CutPrefix(body, "cachevet:ignore"); ok {
		if rest != "" && rest[0] != ' ' && rest[0] != '\t' {
			return nil // e.g. cachevet:ignorex
		}
		fields := strings.Fields(rest)
		d := &Directive{}
		if len(fields) > 0 && looksLikeCodes(fields[0]) {
			d.Codes = strings.Split(strings.ToUpper(fields[0]), ",")
			fields = fields[1:]
		}
		d.Reason = strings.Join(fields, " ")
		return d
	}
	body = strings.TrimSpace(body)
	rest, ok := strings.CutPrefix(body, "nolint:")
	if !ok {
		return nil
	}
	linters, reason, _ := strings.Cut(rest, "//")
	for _, l := range strings.Split(strings.TrimSpace(linters), ",") {
		if strings.TrimSpace(l) == "cachevet" {
			return &Directive{Nolint: true, Reason: strings.TrimSpace(reason)}
		}
	}
	return nil
}

func looksLikeCodes(s string) bool {
	for _, c := range strings.Split(s, ",") {
		if len(c) != 5 || !strings.HasPrefix(strings.ToUpper(c), "PC") || strings.Trim(c[2:], "0123456789") != "" {
			return false
		}
	}
	return true
}

// Set holds a package's directives by file and line.
type Set struct {
	all    []*Directive
	byLine map[string]map[int][]*Directive
}

// NewSet indexes directives for lookup.
func NewSet(ds []*Directive) *Set {
	s := &Set{all: ds, byLine: map[string]map[int][]*Directive{}}
	for _, d := range ds {
		m := s.byLine[d.File]
		if m == nil {
			m = map[int][]*Directive{}
			s.byLine[d.File] = m
		}
		m[d.Line] = append(m[d.Line], d)
	}
	return s
}

// Suppressed reports whether a diagnostic of rule code at file:line is
// covered by a directive on that line or the line above, and marks the
// directive used.
func (s *Set) Suppressed(file string, line int, code string) bool {
	for _, l := range []int{line, line - 1} {
		for _, d := range s.byLine[file][l] {
			if d.matches(code) {
				d.Used = true
				return true
			}
		}
	}
	return false
}

func (d *Directive) matches(code string) bool {
	if len(d.Codes) == 0 {
		return true
	}
	for _, c := range d.Codes {
		if c == code {
			return true
		}
	}
	return false
}

// All returns every directive in source order.
func (s *Set) All() []*Directive { return s.all }
