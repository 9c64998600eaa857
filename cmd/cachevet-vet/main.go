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
// # Caching
//
// go vet caches a package's result when the tool exits 0 (always with -json;
// in text mode only for packages without findings). The cache key is the
// package's build action (its Go files and, in Go 1.26, the contents of its
// //go:embed files), the vet flags and this binary's own hash. So editing an
// embedded prompt re-runs the analysis (the integration tests in gocheck
// check this), but editing .cachevet.yaml does not: the config file is not
// part of the key. After changing the config, pass the changed settings as
// flags, clear the cache with "go clean -cache", or use "cachevet go", which
// never caches.
//
// The binary cannot be a cobra command: go vet controls its argv (-flags,
// -V=full, a vet.cfg file). Use the cachevet command for everything else.
package main

import (
	"golang.org/x/tools/go/analysis/unitchecker"

	"github.com/cachevet/cachevet/analyzers"
)

func main() { unitchecker.Main(analyzers.All()...) }
