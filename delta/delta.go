// Package delta compares the findings of the working tree with those of a
// git revision: what a change adds, removes and moves, for `cachevet
// delta`.
//
// The revision's files are exported to a temporary directory (Export) and
// checked there with the working tree's configuration (UseConfigs). Its
// findings are renamed to the working tree's paths (Renames) before
// report.Prepare fingerprints them, so a renamed file's findings keep their
// fingerprints, and Compare matches the two sides by fingerprint as a
// baseline does.
package delta

import (
	"path/filepath"

	"github.com/cachevet/cachevet/report"
	"github.com/cachevet/cachevet/rules"
)

// Compare matches base and head findings (both fingerprinted with the
// working tree's paths) by fingerprint, as a multiset: head findings no
// base finding matches are added, base findings no head finding matches
// are removed, and the rest are matched pairs in head order.
func Compare(base, head []rules.Finding) (added, removed []rules.Finding, matched []report.Match) {
	left := map[string][]int{}
	for i, f := range base {
		left[f.Fingerprint] = append(left[f.Fingerprint], i)
	}
	used := make([]bool, len(base))
	for _, f := range head {
		idx := left[f.Fingerprint]
		if len(idx) == 0 {
			added = append(added, f)
			continue
		}
		left[f.Fingerprint] = idx[1:]
		used[idx[0]] = true
		matched = append(matched, report.Match{Base: base[idx[0]], Head: f})
	}
	for i, f := range base {
		if !used[i] {
			removed = append(removed, f)
		}
	}
	return added, removed, matched
}

// Rename rewrites the paths of base findings (relative, forward slashes)
// to the working tree's names.
func Rename(fs []rules.Finding, renames map[string]string) {
	for i := range fs {
		f := &fs[i]
		if to, ok := renames[f.Span.File]; ok {
			f.Span.File = to
		}
		for j := range f.Related {
			if to, ok := renames[f.Related[j].Span.File]; ok {
				f.Related[j].Span.File = to
			}
		}
	}
}

// BaseReader reads a base file by its working-tree name, for fingerprints
// of renamed findings: report.Options.ReadFile receives root joined with
// the new name, and the file is read under its old one.
func BaseReader(root string, renames map[string]string, read func(string) ([]byte, error)) func(string) ([]byte, error) {
	back := map[string]string{}
	for from, to := range renames {
		back[filepath.Join(root, filepath.FromSlash(to))] = filepath.Join(root, filepath.FromSlash(from))
	}
	return func(p string) ([]byte, error) {
		if old, ok := back[p]; ok {
			p = old
		}
		return read(p)
	}
}
