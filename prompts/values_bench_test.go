package prompts

import (
	"encoding/json"
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

// promptValuesJSON is the same kind of file as minified JSON: one line.
func promptValuesJSON(size int) []byte {
	agents := map[string]any{}
	for n, total := 1, 0; total < size; n++ {
		sys := fmt.Sprintf("%s {{ topic }} %d", strings.Repeat("Answer from the context below, citing sources. ", 8), n)
		agents[fmt.Sprintf("agent_%d", n)] = map[string]any{"role": "researcher", "system_prompt": sys,
			"planning": map[string]any{"initial_plan": fmt.Sprintf("Plan for {{ task }} step %d", n)}}
		total += len(sys) + 80
	}
	data, _ := json.Marshal(map[string]any{"agents": agents})
	return data
}

func benchmarkValues(b *testing.B, path string, kind textpos.Kind, data []byte) {
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		reqs, errs, err := ReadStructured(textpos.NewDoc(path, kind, data), Options{})
		if err != nil || len(reqs) == 0 || len(errs) != 0 {
			b.Fatalf("%d requests, errors %v, %v", len(reqs), errs, err)
		}
	}
}

// BenchmarkReadPromptValues reads files of prompt values, YAML and
// minified JSON: time per byte stays flat as the file grows (a JSON file
// on one line was quadratic while yaml.v3 read it and each node's column
// was counted from the line's start).
func BenchmarkReadPromptValues(b *testing.B) {
	for _, size := range []int{256 << 10, 1 << 20} {
		b.Run(fmt.Sprintf("yaml-%dKB", size>>10), func(b *testing.B) {
			benchmarkValues(b, "agents.yaml", textpos.KindYAML, promptValues(size))
		})
		b.Run(fmt.Sprintf("json-%dKB", size>>10), func(b *testing.B) {
			benchmarkValues(b, "agents.json", textpos.KindJSON, promptValuesJSON(size))
		})
	}
}
