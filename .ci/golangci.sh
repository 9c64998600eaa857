#!/usr/bin/env bash
# Builds golangci-lint v2.15.0 with the cachevet module plugin the way
# `golangci-lint custom` does (which clones golangci-lint from GitHub, out of
# reach here): the module proxy's copy of golangci-lint's source, a
# cmd/golangci-lint/plugins.go that blank-imports
# github.com/cachevet/cachevet/plugin, a replace to this checkout, go mod tidy
# and go build. Then runs the plugin test against the binary
# (plugin/custom_test.go, over plugin/testdata/gclmod on the real
# anthropic-sdk-go).
#
# The build takes minutes, so the binary is cached under
# $CACHEVET_GCL_CACHE (default ~/.cache/cachevet-gcl) keyed by the hash of
# the cachevet packages the plugin links (their non-test Go and embedded
# files), go.mod, go.sum and this script: a change to plugin/, analyzers/ or
# anything they import rebuilds it, anything else reuses it.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
version=v2.15.0

key=$(
  {
    go list -deps -f '{{if .Module}}{{if eq .Module.Path "github.com/cachevet/cachevet"}}{{.Dir}}{{range .GoFiles}} {{.}}{{end}}{{range .EmbedFiles}} {{.}}{{end}}{{end}}{{end}}' ./plugin |
      while read -r dir files; do
        for f in $files; do echo "${dir#"$root"/}/$f"; done
      done
    echo go.mod; echo go.sum; echo .ci/golangci.sh
  } | sort | xargs sha256sum | sha256sum | cut -c1-16
)
cache=${CACHEVET_GCL_CACHE:-$HOME/.cache/cachevet-gcl}
bin=$cache/$key/custom-gcl
# golangci-lint's own dependencies go to a module cache kept with the
# binary: .ci/run gives the tests an empty module cache of their own, and
# downloading golangci-lint's few hundred modules again on every rebuild
# would be most of the step's time.
export GOMODCACHE=$cache/mod
export GOFLAGS="${GOFLAGS:+$GOFLAGS }-modcacherw"

if [[ -x $bin ]]; then
  echo "golangci-lint $version with cachevet: cached build $key"
else
  start=$SECONDS
  src=$(go mod download -json "github.com/golangci/golangci-lint/v2@$version" | sed -n 's/^\t"Dir": "\(.*\)",$/\1/p')
  [[ -n $src ]] || { echo "go mod download gave no Dir for golangci-lint $version" >&2; exit 1; }
  # A fixed build directory, so the go build cache (keyed on package
  # directories) serves golangci-lint's own packages on the next rebuild.
  work=$cache/src-$version
  [[ -d $work ]] && chmod -R u+w "$work" && rm -rf "$work"
  mkdir -p "$cache"
  cp -R "$src" "$work"
  chmod -R u+w "$work"
  cd "$work"
  cat > cmd/golangci-lint/plugins.go <<'GO'
package main

// This file is used to declare module plugins.

import (
	_ "github.com/cachevet/cachevet/plugin"
)
GO
  go mod edit -replace "github.com/cachevet/cachevet=$root"
  go mod tidy
  mkdir -p "$cache/$key"
  go build -ldflags "-s -w -X 'main.version=${version#v}-custom-gcl' -X 'main.date=$(date -u +%Y-%m-%dT%H:%M:%SZ)'" -o "$bin.tmp" ./cmd/golangci-lint
  mv "$bin.tmp" "$bin"
  cd "$root"
  echo "golangci-lint $version with cachevet: built $key in $((SECONDS - start)) s"
fi
"$bin" version

CACHEVET_CUSTOM_GCL=$bin go test ./plugin -run '^TestCustomGolangciLint$' -count=1 -v
