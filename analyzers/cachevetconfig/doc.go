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
//	-cachevetconfig.rpm    requests per minute that share a prefix (default 1)
//	-cachevetconfig.ttl    cache lifetime to price with (5m, 1h, …)
//	-cachevetconfig.config path of a .cachevet.yaml file
//
// Under go vet every package is analyzed in a separate process and the
// build cache keys results on the package's own files and the flags only. A
// .cachevet.yaml is therefore read only when named by -config: its path is
// part of the flags, so go vet re-runs when the flag changes (though not
// when the file's content changes; run go clean -cache after editing it).
// The analyzer never walks up the directory tree by itself.
package cachevetconfig
