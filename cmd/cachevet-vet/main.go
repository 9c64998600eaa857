// Command cachevet-vet runs cachevet's Go analyzers under the go command's
// vet and fix protocols (unitchecker), so the build system drives the
// analysis package by package and caches the results:
//
//	go install github.com/cachevet/cachevet/cmd/cachevet-vet@latest
//	go vet -vettool=$(command -v cachevet-vet) ./...
//	go vet -vettool=$(command -v cachevet-vet) -json ./...   # Category = rule code
//	go fix -fixtool=$(command -v cachevet-vet) ./...         # apply suggested fixes
//
// Settings are the flags of the cachevet config analyzer, passed through
// go vet, for example
//
//	go vet -vettool=$(command -v cachevet-vet) -cachevetconfig.model=claude-sonnet-4-5 ./...
//
// (run "cachevet-vet help" for the exact flag names). Without flags the
// nearest .cachevet.yaml applies.
//
// # Caching and embedded files
//
// go vet caches each package's result under a key built from the package's
// compiled Go files, its other files and the tool's identity. Files pulled in
// with //go:embed are part of that key in Go 1.26, so editing an embedded
// prompt re-runs the analysis of the package that embeds it; see
// docs/golangci and the README for what the integration tests verified.
//
// The binary cannot be a cobra command: go vet controls its argv (-flags,
// -V=full, a vet.cfg file). Use the cachevet command for everything else.
package main

import (
	"golang.org/x/tools/go/analysis/unitchecker"

	"github.com/cachevet/cachevet/analyzers"
)

func main() { unitchecker.Main(analyzers.All()...) }
