package cachevet_test

import (
	"os"
	"path/filepath"
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/packages"

	"github.com/cachevet/cachevet/analyzers"
	"github.com/cachevet/cachevet/analyzers/cachevet"
	"github.com/cachevet/cachevet/analyzers/cachevetconfig"
)

// loadTestdata loads testdata packages in GOPATH mode, as analysistest does.
func loadTestdata(b *testing.B, patterns ...string) []*packages.Package {
	b.Helper()
	dir, err := filepath.Abs("testdata")
	if err != nil {
		b.Fatal(err)
	}
	cfg := &packages.Config{
		Mode:  packages.LoadAllSyntax,
		Dir:   filepath.Join(dir, "src"),
		Env:   append(os.Environ(), "GOPATH="+dir, "GO111MODULE=off", "GOPROXY=off", "GOFLAGS="),
		Tests: false,
	}
	pkgs, err := packages.Load(cfg, patterns...)
	if err != nil {
		b.Fatal(err)
	}
	if packages.PrintErrors(pkgs) > 0 {
		b.Fatal("packages have errors")
	}
	return pkgs
}

// BenchmarkAnalyzer measures the analyzers' cost on loaded packages,
// loading excluded: a package without an SDK import should cost next to
// nothing; one with requests pays for layouts and token counts.
func BenchmarkAnalyzer(b *testing.B) {
	for _, bc := range []struct{ name, pkg string }{
		{"nosdk", "nosdk"},
		{"hostile", "hostile"},
		{"basic", "basic"},
		{"handrolled", "handrolled"}, // no SDK, but encoding/json and net/http
		{"shapes", "shapes/agent"},   // no SDK: its own model interface, sends by shape
		{"shapesquiet", "shapes/quiet"},
	} {
		b.Run(bc.name, func(b *testing.B) {
			pkgs := loadTestdata(b, bc.pkg)
			list := []*analysis.Analyzer{cachevetconfig.Analyzer, cachevet.Analyzer}
			if len(analyzers.All()) != len(list) {
				b.Fatal("analyzers.All changed: update the benchmark")
			}
			b.ReportAllocs()
			for b.Loop() {
				if _, err := checker.Analyze(list, pkgs, nil); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
