package prompts

import (
	"fmt"
	"strings"
	"testing"

	"github.com/cachevet/cachevet/internal/textpos"
)

// promptValues builds a YAML file of agents with prompt values of at least
// size bytes: a block-literal system prompt and a quoted plan per agent,
// as agent frameworks keep them.
func promptValues(size int) []byte {
	var lines []string
	for _, l := range strings.Split(policies(), "\n") {
		if l = strings.TrimSpace(l); l != "" {
			lines = append(lines, l)
		}
	}
	var b strings.Builder
	b.WriteString("agents:\n")
	for n := 1; b.Len() < size; n++ {
		fmt.Fprintf(&b, "  agent_%d:\n    role: researcher %d\n    system_prompt: |-\n", n, n)
		for i := range 12 {
			fmt.Fprintf(&b, "      %s {{ topic_%d }}\n", lines[(n+i)%len(lines)], i)
		}
		fmt.Fprintf(&b, "    planning:\n      initial_plan: \"Plan for {{ task }} step %d\"\n", n)
	}
	return []byte(b.String())
}

// BenchmarkReadPromptValues reads a YAML file of prompt values.
func BenchmarkReadPromptValues(b *testing.B) {
	for _, size := range []int{256 << 10, 1 << 20} {
		b.Run(fmt.Sprintf("%dKB", size>>10), func(b *testing.B) {
			data := promptValues(size)
			b.SetBytes(int64(len(data)))
			b.ReportAllocs()
			for b.Loop() {
				reqs, errs, err := ReadStructured(textpos.NewDoc("agents.yaml", textpos.KindYAML, data), Options{})
				if err != nil || len(reqs) == 0 || len(errs) != 0 {
					b.Fatalf("%d requests, errors %v, %v", len(reqs), errs, err)
				}
			}
		})
	}
}
