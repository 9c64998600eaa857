package config

import (
	"fmt"
	"slices"
	"sort"
	"strings"
	"testing"
)

// FuzzParseAssume: --assume and -cachevetconfig.assume never panic, accept
// only runtime kinds with counts, and what they accept prints back to the
// same sizes.
func FuzzParseAssume(f *testing.F) {
	for _, s := range []string{"history=10000,tools=3000,file=2000", "history=0", "", " file = 12 ,", "docs=1", "tools", "file=-1", "history=1e3", "=5", ",,,"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, v string) {
		a, err := ParseAssume(v)
		if err != nil {
			return
		}
		keys := make([]string, 0, len(a))
		for k, n := range a {
			if !slices.Contains(assumeKinds, k) || n < 0 {
				t.Fatalf("ParseAssume(%q) accepted %s=%d", v, k, n)
			}
			keys = append(keys, k)
		}
		sort.Strings(keys)
		var parts []string
		for _, k := range keys {
			parts = append(parts, fmt.Sprintf("%s=%d", k, a[k]))
		}
		again, err := ParseAssume(strings.Join(parts, ","))
		if err != nil || fmt.Sprint(again) != fmt.Sprint(a) {
			t.Fatalf("round trip of %q: %v, %v", v, again, err)
		}
	})
}

// FuzzParse: a config file never panics the loader; an error names the file.
func FuzzParse(f *testing.F) {
	for _, s := range []string{
		"model: gpt-5\nrpm: 3\n",
		"include: ['prompts/[a']\n",
		"ignore:\n  - path: a\n    rule: PC001\n    reason: r\n    rul: x\n",
		"assume: {history: 0, tools: 0, file: 0}\nconversation: [agents/*.md]\n",
		"template_format: {'*.txt': fstring}\n",
		"- a\n- b\n",
		"rpm: [\n",
		"ignore: [[1]]\n",
		"ignore: {path: a}\n",
		"include: [[a]]\n",
		"{a: 1}: b\n",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, data string) {
		c, err := Parse("f.yaml", []byte(data))
		if err != nil {
			if !strings.HasPrefix(err.Error(), "f.yaml: ") {
				t.Fatalf("error does not name the file: %v", err)
			}
			return
		}
		c.AssumeSizes()
		c.Conversation("agents/x.md")
	})
}
