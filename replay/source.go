package replay

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/cachevet/cachevet/gocheck"
	"github.com/cachevet/cachevet/prompts"
	"github.com/cachevet/cachevet/rules"
	"github.com/cachevet/cachevet/scan"
)

// templates are the slots of the prompt templates under --source, each
// with the stable text the template puts right before it.
type templates struct {
	anchors []anchor
	errs    []*rules.InputError // Go packages that could not be analyzed
}

// anchor is a slot and the stable text ahead of it in its template.
type anchor struct {
	lead string // up to anchorBytes of stable text before the slot
	slot rules.Part
}

const anchorBytes = 48

// loadTemplates reads the prompt files under dirs (the files scan would
// read when walking them) with the template readers scan uses.
func loadTemplates(opts Options, dirs []string) (*templates, error) {
	t := &templates{}
	var files []string
	for _, dir := range dirs {
		dir = opts.abs(dir)
		goCode := false
		err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if d.IsDir() {
				if p != dir && (strings.HasPrefix(d.Name(), ".") || d.Name() == "node_modules" || d.Name() == "vendor") {
					return filepath.SkipDir
				}
				return nil
			}
			if d.Type().IsRegular() && (scan.DefaultSelected(p) || p == dir) {
				files = append(files, p)
			}
			goCode = goCode || strings.HasSuffix(p, ".go")
			return nil
		})
		if err != nil {
			return nil, err
		}
		if goCode {
			if err := t.goRequests(opts, dir); err != nil {
				// Templates still match; the Go packages could not be loaded.
				t.errs = append(t.errs, rules.Errorf(rules.Span{File: filepath.ToSlash(dir)}, "%v", err))
			}
		}
	}
	sort.Strings(files)
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			return nil, err
		}
		name := f
		if opts.Dir != "" {
			if rel, err := filepath.Rel(opts.Dir, f); err == nil && !strings.HasPrefix(rel, "..") {
				name = rel
			}
		}
		reqs, _ := prompts.Read(filepath.ToSlash(name), data, prompts.Options{Names: opts.Names})
		for _, r := range reqs {
			for _, b := range r.Blocks {
				t.addBlock(b)
			}
		}
	}
	return t, nil
}

// goRequests adds the slots of the requests the Go analyzers recognize in
// the packages under dir, with paths relative to opts.Dir.
func (t *templates) goRequests(opts Options, dir string) error {
	reqs, _, err := gocheck.Requests(gocheck.Options{Dir: dir, Patterns: []string{"./..."}})
	if err != nil {
		return fmt.Errorf("--source %s: %v", dir, err)
	}
	base := opts.Dir
	if base == "" {
		base, _ = os.Getwd()
	}
	rel := func(sp rules.Span) rules.Span {
		if r, err := filepath.Rel(base, sp.File); err == nil && !strings.HasPrefix(r, "..") && filepath.IsAbs(sp.File) {
			sp.File = filepath.ToSlash(r)
		}
		return sp
	}
	for _, r := range reqs {
		for _, b := range r.Blocks {
			for j := range b.Parts {
				p := &b.Parts[j]
				p.Span = rel(p.Span)
				if p.Slot != nil && !p.Slot.Origin.IsZero() {
					p.Span = rel(p.Slot.Origin) // where the value is produced
				}
			}
			t.addBlock(b)
		}
	}
	return nil
}

func (t *templates) addBlock(b rules.Block) {
	for j, p := range b.Parts {
		if p.Slot == nil || j == 0 || b.Parts[j-1].Slot != nil {
			continue
		}
		lead := b.Parts[j-1].Text
		if len(lead) > anchorBytes {
			lead = lead[len(lead)-anchorBytes:]
		}
		if strings.TrimSpace(lead) == "" {
			continue
		}
		t.anchors = append(t.anchors, anchor{lead: lead, slot: p})
	}
}

// maxSlotReach is how far into a slot's output a divergence may lie and
// still be put down to that slot.
const maxSlotReach = 4096

// match finds the slot whose output holds a divergence: the anchor whose
// stable text occurs last before the divergent byte in the request's text.
func (t *templates) match(d *divergence) *SourceRef {
	best, bestEnd := -1, -1
	for i, a := range t.anchors {
		lead := a.lead
		k := strings.LastIndex(d.head, lead)
		for k < 0 && len(lead) > 12 { // the log may hold only the end of the anchor's text
			lead = lead[len(lead)/2:]
			k = strings.LastIndex(d.head, lead)
		}
		if k < 0 {
			continue
		}
		end := k + len(lead)
		if len(d.head)-end > maxSlotReach {
			continue
		}
		if end > bestEnd || end == bestEnd && len(a.lead) > len(t.anchors[best].lead) {
			best, bestEnd = i, end
		}
	}
	if best < 0 {
		return nil
	}
	s := t.anchors[best].slot
	name := s.Text
	if name == "" {
		name = s.Slot.Name // a Go expression has no placeholder text
	}
	return &SourceRef{File: s.Span.File, Line: s.Span.Line, Column: s.Span.Col, Slot: name}
}
