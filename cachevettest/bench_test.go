package cachevettest_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/anthropics/anthropic-sdk-go"

	"github.com/cachevet/cachevet/cachevettest"
)

// benchParams is a request of about 10,000 tokens (o200k_base counts
// 10.2K): 20 tools with five-property schemas, a 5,000-word system prompt
// with a breakpoint, and a short history.
func benchParams() anthropic.MessageNewParams {
	var tools []anthropic.ToolParam
	for i := 0; i < 20; i++ {
		props := map[string]any{}
		for _, p := range []string{"query", "limit", "offset", "filter", "sort"} {
			props[p] = map[string]any{"type": "string", "description": "The " + p + " of the lookup, as the user gave it."}
		}
		tools = append(tools, anthropic.ToolParam{
			Name:        fmt.Sprintf("tool_%02d", i),
			Description: anthropic.String(strings.Repeat("Looks up records in the order system and returns them. ", 6)),
			InputSchema: anthropic.ToolInputSchemaParam{Properties: props, Required: []string{"query"}},
		})
	}
	var sys strings.Builder
	for i := 0; i < 480; i++ {
		fmt.Fprintf(&sys, "Policy %d: refunds are issued within thirty days of delivery. ", i)
	}
	p := anthropicParams(tools, sys.String())
	p.Messages = append(p.Messages,
		anthropic.NewAssistantMessage(anthropic.NewTextBlock("Let me look that up.")),
		anthropic.NewUserMessage(anthropic.NewTextBlock("Thanks, and the refund?")))
	return p
}

// BenchmarkStable is one Stable check with the default 20 calls on a
// 10K-token request: what it adds to a test run.
func BenchmarkStable(b *testing.B) {
	params := benchParams()
	for b.Loop() {
		r := record(func(t testing.TB) { cachevettest.Stable(t, func() any { return params }) })
		if len(r.msgs) > 0 {
			b.Fatal(r.output())
		}
	}
}
