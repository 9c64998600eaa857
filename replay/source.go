package replay

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/cachevet/cachevet/gocheck"
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

// loadTemplates reads the files under dirs that scan reads when walking
// them (scan.Requests: the same skipped folders, include and exclude
// globs, input check and readers, so JSON and YAML request bodies are
// sources too), and the Go packages of a directory with Go code.
func loadTemplates(opts Options, dirs []string) (*templates, error) {
	t := &templates{}
	for _, dir := range dirs {
		dir = opts.abs(dir)
		reqs, res, err := scan.Requests(scan.Options{Paths: []string{dir}, Config: opts.Config})
		if err != nil {
			return nil, fmt.Errorf("--source %s: %v", dir, err)
		}
		for _, r := range reqs {
			if r.Record > 0 {
				continue // a record of a log or cassette is traffic, not a source
			}
			for _, b := range r.Blocks {
				for j := range b.Parts {
					b.Parts[j].Span.File = opts.rel(b.Parts[j].Span.File)
				}
				t.addBlock(b)
			}
		}
		if res.GoCode {
			if err := t.goRequests(opts, dir); err != nil {
				// Templates still match; the Go packages could not be loaded.
				t.errs = append(t.errs, rules.Errorf(rules.Span{File: filepath.ToSlash(dir)}, "%v", err))
			}
		}
	}
	return t, nil
}

// rel is a file name relative to Dir when it is under it.
func (opts Options) rel(name string) string {
	if opts.Dir == "" {
		return name
	}
	if r, err := filepath.Rel(opts.Dir, filepath.FromSlash(name)); err == nil && !strings.HasPrefix(r, "..") {
		return filepath.ToSlash(r)
	}
	return name
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
