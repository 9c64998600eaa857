package rules

import (
	"reflect"
	"strings"
	"testing"
)

// fates writes a map's segments as "fate:tokens" in render order, with
// "|" at each breakpoint.
func fates(m *RequestMap) string {
	var s []string
	bps := map[int]int{}
	for _, bp := range m.Breakpoints {
		bps[bp.At]++
	}
	for _, seg := range m.Segments {
		f := seg.Fate + ":" + Thousands(seg.Tokens)
		if seg.Runtime != "" {
			f += "(" + seg.Runtime + ")"
		}
		s = append(s, f)
		for range bps[seg.Start+seg.Tokens] {
			s = append(s, "|")
		}
		delete(bps, seg.Start+seg.Tokens)
	}
	return strings.Join(s, " ")
}

func userMsg(parts ...Part) Block {
	return Block{Section: SectionMessages, Role: "user", Kind: BlockText, Message: 0, Parts: parts}
}

func TestCheckMap(t *testing.T) {
	bp := &Breakpoint{Span: Span{File: "p.md", Line: 9, Col: 1}}
	withBP := func(b Block) Block { b.Breakpoint = bp; return b }
	history := Part{Text: "history", Slot: &Slot{Name: "history", Kind: KindHistory, Lifetime: LifeStable, Runtime: RuntimeHistory}}
	tests := []struct {
		name   string
		req    Request
		assume Assume
		want   string
		cached int
	}{
		{"volatile ahead of the prefix loses it", Request{Blocks: []Block{system(slot("Date", LifeRequest, 1), text(words(2000), 2)), userMsg(text(words(5), 3))}},
			nil, "volatile:0 lost:2,000 uncached:5", 0},
		{"template without breakpoints: stable prefix cached", Request{Blocks: []Block{system(text(words(2000), 1), slot("Date", LifeRequest, 2)), userMsg(text(words(5), 3))}},
			nil, "cached:2,000 volatile:0 uncached:5", 2000},
		{"a value fixed per process does not lose what follows", Request{Blocks: []Block{system(slot("Hostname", LifeProcess, 1), text(words(2000), 2)), userMsg(text(words(5), 3))}},
			nil, "volatile:0 cached:2,000 uncached:5", 2000},
		{"below the minimum", Request{Blocks: []Block{system(text(words(300), 1), slot("Date", LifeRequest, 2))}},
			nil, "below:300 volatile:0", 0},
		{"breakpoints only: cached up to the breakpoint", Request{BreakpointsKnown: true, Blocks: []Block{withBP(system(text(words(1500), 1))), system(text(words(700), 2)), userMsg(text(words(5), 3))}},
			nil, "cached:1,500 | uncached:700 uncached:5", 1500},
		{"runtime history at its assumed size, hatched", Request{Blocks: []Block{system(text(words(2000), 1)), {Section: SectionMessages, Role: "assistant", Kind: BlockText, Message: 0, Parts: []Part{history}}, {Section: SectionMessages, Role: "user", Kind: BlockText, Message: 1, Parts: []Part{text(words(5), 3)}}}},
			Assume{RuntimeHistory: 4000}, "cached:2,000 cached:4,000(history) uncached:5", 6000},
		{"runtime default size", Request{Blocks: []Block{system(text(words(2000), 1)), {Section: SectionMessages, Role: "assistant", Kind: BlockText, Message: 0, Parts: []Part{history}}}},
			nil, "cached:2,000 cached:10,000(history)", 12000},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := env(t, "claude-sonnet-4-5")
			e.Assume = tt.assume
			req := tt.req
			got, m := CheckMap(&req, e)
			if want := Check(&tt.req, e); !reflect.DeepEqual(got, want) {
				t.Errorf("CheckMap findings differ from Check's:\n%+v\n%+v", got, want)
			}
			if f := fates(m); f != tt.want {
				t.Errorf("segments %q, want %q", f, tt.want)
			}
			if m.Cached != tt.cached {
				t.Errorf("cached %d, want %d", m.Cached, tt.cached)
			}
			if m.Min != e.Profile.Min() || m.Model != e.Profile.ID {
				t.Errorf("min %d model %q", m.Min, m.Model)
			}
			total := 0
			for i, s := range m.Segments {
				if s.Start != total {
					t.Errorf("segment %d starts at %d, want %d", i, s.Start, total)
				}
				total += s.Tokens
			}
			if total != m.Total {
				t.Errorf("total %d, segments add up to %d", m.Total, total)
			}
		})
	}
}
