// Package cachevetconfig defines an Analyzer that holds cachevet's settings.
//
// # Analyzer cachevetconfig
//
// cachevetconfig: settings shared by the cachevet analyzers
//
// The analyzer reports nothing. It owns the flags every driver sets
// (go vet -vettool passes them as -cachevetconfig.model=…) and returns a
// *Settings that the other cachevet analyzers read through pass.ResultOf:
//
//	-cachevetconfig.model  model for requests whose model is not a constant
//	-cachevetconfig.rpm    requests per minute that share a prefix (default: the config's, else 1)
//	-cachevetconfig.ttl    cache lifetime to price with (5m, 1h, …)
//	-cachevetconfig.config path of a .cachevet.yaml file
//	-cachevetconfig.rules  rule severities, e.g. PC008=off,PC001=error
//
// Without -config the analyzer uses the .cachevet.yaml closest above the
// package directory, walking up to the repository root (the directory
// holding .git). Its model, rpm, ttl, rules, stable and volatile names and
// models file apply; the flags override model, rpm, ttl and the rules they
// name. A malformed config file fails the analysis with an error naming its
// line and column.
//
// Under go vet every package is analyzed in a separate process and the
// build cache keys results on the package's Go files and the flags only,
// not on .cachevet.yaml. After editing the config file run go clean -cache
// (or pass -cachevetconfig.config, whose path is part of the key, and touch
// a Go file) to see new results. The cachevet go command and golangci-lint
// do not cache, so they always read the current file.
package cachevetconfig
