// Package nosdk imports no LLM SDK: the analyzer must leave it at once.
package nosdk

import (
	"fmt"
	"sort"
	"strings"
)

type inventory struct {
	items map[string]int
}

func (inv *inventory) report() string {
	names := make([]string, 0, len(inv.items))
	for n := range inv.items {
		names = append(names, n)
	}
	sort.Strings(names)
	var b strings.Builder
	for _, n := range names {
		fmt.Fprintf(&b, "%s: %d\n", n, inv.items[n])
	}
	return b.String()
}

func total(inv *inventory) int {
	t := 0
	for _, v := range inv.items {
		t += v
	}
	return t
}
