package tokenizer

import (
	"strings"
	"testing"
)

func BenchmarkTmpWorst(b *testing.B) {
	for name, text := range map[string]string{
		"a-run":   strings.Repeat("a", 1<<20),
		"cjk-run": strings.Repeat("没有标点的长句子", (1<<20)/24),
		"dash":    strings.Repeat("-", 1<<20),
	} {
		c, _ := newFastCounter(O200kBase)
		b.Run(name, func(b *testing.B) {
			b.SetBytes(int64(len(text)))
			b.ReportAllocs()
			for b.Loop() {
				c.Count(text)
			}
			reportPeak(b, len(text), func() { c.Count(text) })
		})
	}
}
