package cachevet_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/cachevet/cachevet/analyzers/cachevet"
)

// TestIllTyped runs the analyzer over a package whose imports cannot be
// loaded and whose code is full of names that do not resolve: it must
// report the defects it can see with the types it has, nothing from
// expressions without a type, and never panic (analysistest fails on an
// action error and the checker does not recover a panic).
func TestIllTyped(t *testing.T) {
	t.Parallel()
	results := analysistest.Run(t, analysistest.TestData(), cachevet.Analyzer, "illtyped")
	if len(results) != 1 {
		t.Fatalf("got %d results, want 1", len(results))
	}
	if len(results[0].Pass.TypeErrors) == 0 {
		t.Fatal("the fixture type-checks: it no longer tests analysis despite type errors")
	}
	if results[0].Err != nil {
		t.Fatal(results[0].Err)
	}
}
