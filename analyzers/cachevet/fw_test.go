package cachevet_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/cachevet/cachevet/analyzers/cachevet"
	"github.com/cachevet/cachevet/rules"
)

// TestMCPToolsRuntime checks what the requests of mcpcase hold ahead of
// the system prompt: an MCP server's tool list is one runtime tools
// segment, unless it is gathered in map order.
func TestMCPToolsRuntime(t *testing.T) {
	t.Parallel()
	results := analysistest.Run(t, analysistest.TestData(), cachevet.Analyzer, "mcpcase")
	if len(results) != 1 {
		t.Fatalf("got %d results", len(results))
	}
	reqs := results[0].Result.(*cachevet.Result).Requests
	want := []string{"runtime", "order", "runtime"} // oneServer, serversInMapOrder, serversSorted
	if len(reqs) != len(want) {
		t.Fatalf("got %d requests, want %d", len(reqs), len(want))
	}
	for i, r := range reqs {
		var got []string
		for _, blk := range r.Blocks {
			if blk.Section != rules.SectionTools {
				continue
			}
			for _, p := range blk.Parts {
				switch {
				case p.Slot == nil:
					got = append(got, "text")
				case p.Slot.Order:
					got = append(got, "order")
				case p.Slot.Runtime == rules.RuntimeTools && p.Slot.Why == "MCP server tool list" && p.Slot.Lifetime == rules.LifeStable:
					got = append(got, "runtime")
				default:
					got = append(got, "slot "+p.Slot.Why)
				}
			}
		}
		if len(got) != 1 || got[0] != want[i] {
			t.Errorf("request %d (line %d): tools %v, want [%s]", i, r.Span.Line, got, want[i])
		}
	}
}

// TestDroppedMarkers checks that a cache marker a library drops is named,
// with the library's behaviour, on the missing-breakpoint finding.
func TestDroppedMarkers(t *testing.T) {
	t.Parallel()
	tests := []struct {
		pkg, fn string
		note    string
	}{
		{"langchaincase", "bedrockMarker", "langchaingo's bedrock provider does not send cache control; this marker is dropped"},
		{"genkitcase", "ttlDropped", "Genkit's anthropic plugin ignores WithCacheTTL; this cache marker is dropped"},
	}
	for _, tt := range tests {
		results := analysistest.Run(t, analysistest.TestData(), cachevet.Analyzer, tt.pkg)
		found := false
		for _, f := range results[0].Result.(*cachevet.Result).Findings {
			for _, rel := range f.Related {
				if rel.Message == tt.note {
					found = found || f.Rule == rules.PC002
				}
			}
		}
		if !found {
			t.Errorf("%s.%s: no PC002 finding names %q", tt.pkg, tt.fn, tt.note)
		}
	}
}

// TestFrameworkMCPTools checks that a framework's MCP tool list is one
// runtime tools segment: Genkit's GetActiveTools, ranged into tool refs.
func TestFrameworkMCPTools(t *testing.T) {
	t.Parallel()
	results := analysistest.Run(t, analysistest.TestData(), cachevet.Analyzer, "genkitcase")
	n := 0
	for _, r := range results[0].Result.(*cachevet.Result).Requests {
		for _, blk := range r.Blocks {
			for _, p := range blk.Parts {
				if p.Slot != nil && p.Slot.Runtime == rules.RuntimeTools && p.Slot.Why == "MCP server tool list" {
					n++
				}
			}
		}
	}
	if n != 1 {
		t.Errorf("got %d MCP tools segments in genkitcase, want 1 (mcpTools' first request)", n)
	}
}

// TestLangchainOptions checks what langchaingo's call options add ahead
// of the messages: llms.WithTools' list, googleai.WithCachedContent's
// named cache.
func TestLangchainOptions(t *testing.T) {
	t.Parallel()
	results := analysistest.Run(t, analysistest.TestData(), cachevet.Analyzer, "langchaincase")
	var tools, cache int
	for _, r := range results[0].Result.(*cachevet.Result).Requests {
		if len(r.Blocks) == 0 {
			continue
		}
		first := r.Blocks[0]
		switch {
		case first.Section == rules.SectionTools && len(first.Parts) == 1 && first.Parts[0].Slot != nil && first.Parts[0].Slot.Order:
			tools++
		case first.Section == rules.SectionSystem && first.Breakpoint != nil && first.Breakpoint.TTL == "1h" &&
			len(first.Parts) == 1 && first.Parts[0].Slot != nil && first.Parts[0].Slot.Why == "explicit cache":
			cache++
		}
	}
	if tools != 1 || cache != 1 {
		t.Errorf("got %d map-ordered tool lists and %d named caches, want 1 and 1", tools, cache)
	}
}

// TestFantasyLateSystem checks that a system message after the start of
// the conversation is not in the Anthropic request fantasy sends.
func TestFantasyLateSystem(t *testing.T) {
	t.Parallel()
	results := analysistest.Run(t, analysistest.TestData(), cachevet.Analyzer, "fantasycase")
	var found bool
	for _, r := range results[0].Result.(*cachevet.Result).Requests {
		var sys, msgs int
		for _, blk := range r.Blocks {
			if blk.Role == "system" {
				sys++
			} else if blk.Section == rules.SectionMessages {
				msgs++
			}
		}
		if msgs == 2 && r.Blocks[len(r.Blocks)-1].Section == rules.SectionMessages && len(r.Blocks) == 3 {
			found = sys == 1 && r.Blocks[0].Section == rules.SectionSystem
		}
	}
	if !found {
		t.Error("lateSystem: want one system block and two user messages")
	}
}
