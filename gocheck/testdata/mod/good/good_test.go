package good

import "testing"

// PromptFromTest is only seen when tests are loaded.
func PromptFromTest() string { return "t" }

func TestHelper(t *testing.T) {
	if helper() != "" {
		t.Fatal("helper")
	}
}
