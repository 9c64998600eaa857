// Package analyzers lists cachevet's go/analysis analyzers for the drivers:
// cmd/cachevet-vet (unitchecker), the cachevet go command (checker) and the
// golangci-lint plugin.
package analyzers

import (
	"golang.org/x/tools/go/analysis"

	"github.com/cachevet/cachevet/analyzers/cachevet"
	"github.com/cachevet/cachevet/analyzers/cachevetconfig"
)

// All returns every cachevet analyzer, for unitchecker.Main,
// checker.Analyze and the golangci-lint plugin.
func All() []*analysis.Analyzer {
	return []*analysis.Analyzer{cachevetconfig.Analyzer, cachevet.Analyzer}
}
