package cachevettest_test

import (
	"os/exec"
	"strings"
	"testing"
)

// TestDependencies: a user's test binary that imports cachevettest links
// neither the tokenizer and its vocabularies (megabytes of BPE ranks)
// nor any SDK. Token counts come only through the Tokens option, with a
// counter the user's test builds.
func TestDependencies(t *testing.T) {
	out, err := exec.Command("go", "list", "-deps", "github.com/cachevet/cachevet/cachevettest").CombinedOutput()
	if err != nil {
		t.Fatalf("go list -deps: %v\n%s", err, out)
	}
	deps := strings.Fields(string(out))
	for _, want := range []string{"github.com/cachevet/cachevet/requests", "github.com/cachevet/cachevet/rules", "encoding/json"} {
		if !contains(deps, want) {
			t.Errorf("cachevettest does not depend on %s; the list is wrong", want)
		}
	}
	for _, dep := range deps {
		for _, banned := range []string{
			"github.com/cachevet/cachevet/tokenizer",
			"github.com/pkoukk/tiktoken-go",
			"github.com/anthropics/",
			"github.com/openai/",
			"github.com/sashabaranov/",
		} {
			if strings.HasPrefix(dep, banned) {
				t.Errorf("cachevettest links %s", dep)
			}
		}
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
