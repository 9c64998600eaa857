package rules

import (
	"fmt"
	"testing"
)

// BenchmarkCheck runs the rules over a long agent request: 400 messages of
// text with a volatile value in every tenth, breakpoints and a runtime
// history segment, so the per-part work of every rule shows.
func BenchmarkCheck(b *testing.B) {
	p, err := Builtin().Lookup("claude-sonnet-4-5")
	if err != nil {
		b.Fatal(err)
	}
	e := &Env{Profile: p, Counter: wordCounter{}, Traffic: Traffic{RPM: 1}}
	blocks := []Block{system(slot("Date", LifeRequest, 1), text(words(300), 2))}
	blocks[0].Breakpoint = bp("", 2)
	for i := 0; i < 400; i++ {
		role := "user"
		if i%2 == 1 {
			role = "assistant"
		}
		parts := []Part{text(words(40), 10+i)}
		if i%10 == 0 {
			parts = append(parts, slot(fmt.Sprintf("RequestID%d", i), LifeRequest, 10+i))
		}
		if i == 200 {
			parts = append(parts, runtime(RuntimeHistory, 0, 10+i))
		}
		blk := Block{Section: SectionMessages, Role: role, Kind: BlockText, Message: i, Parts: parts}
		if i%100 == 99 {
			blk.Breakpoint = bp("", 10+i)
		}
		blocks = append(blocks, blk)
	}
	req := &Request{File: "r.json", BreakpointsKnown: true, Blocks: blocks}
	b.ReportAllocs()
	for b.Loop() {
		Check(req, e)
	}
}
