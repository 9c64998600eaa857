package report

import (
	"io"
	"testing"

	"github.com/cachevet/cachevet/rules"
)

// manyFindings repeats the fixture's findings n times over, as a large
// monorepo run would produce.
func manyFindings(b *testing.B, n int) *Result {
	base := fixture(b)
	res := &Result{Version: base.Version, Files: base.Files, Errors: base.Errors}
	for len(res.Findings) < n {
		for _, f := range base.Findings {
			f.Related = append([]rules.Related(nil), f.Related...)
			res.Findings = append(res.Findings, f)
		}
	}
	return res
}

func benchmarkFormat(b *testing.B, format string) {
	r, err := New(format, Options{Root: srcDir})
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		b.StopTimer()
		res := manyFindings(b, 5000)
		b.StartTimer()
		if err := r.Report(io.Discard, res); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkText5000(b *testing.B)       { benchmarkFormat(b, "text") }
func BenchmarkJSON5000(b *testing.B)       { benchmarkFormat(b, "json") }
func BenchmarkSARIF5000(b *testing.B)      { benchmarkFormat(b, "sarif") }
func BenchmarkGithub5000(b *testing.B)     { benchmarkFormat(b, "github") }
func BenchmarkCheckstyle5000(b *testing.B) { benchmarkFormat(b, "checkstyle") }
