package cachevettest_test

import (
	"math"
	"strconv"
	"strings"
	"testing"
)

// TestMapOrderProbability checks the derivation in the package
// documentation against the runtime: two ranges over a map of k ≤ 8 keys
// agree with probability ((9−k)² + k − 1)/64. 20,000 ranges per row put
// the measured rate within 0.02 of it (more than 6 standard deviations).
func TestMapOrderProbability(t *testing.T) {
	const samples = 20000
	for _, k := range []int{2, 3, 5, 8} {
		m := map[string]int{}
		for i := 0; i < k; i++ {
			m["tool_"+strconv.Itoa(i)] = i
		}
		freq := map[string]int{}
		for s := 0; s < samples; s++ {
			var b strings.Builder
			for key := range m {
				b.WriteString(key)
				b.WriteByte(',')
			}
			freq[b.String()]++
		}
		agree := 0.0
		for _, n := range freq {
			p := float64(n) / samples
			agree += p * p
		}
		want := float64((9-k)*(9-k)+k-1) / 64
		if math.Abs(agree-want) > 0.02 || len(freq) != k {
			t.Errorf("k=%d: %d orders, two ranges agree with probability %.3f, the documentation says %d orders and %.3f", k, len(freq), agree, k, want)
		}
	}
}
