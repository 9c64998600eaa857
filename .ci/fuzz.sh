#!/usr/bin/env bash
# Runs every go test -fuzz target of the module for a bounded number of
# executions each (default 10000x), so parsers and the tokenizer meet new
# inputs on every CI run.
#
# The budget is a count, not a duration: with a duration, Go 1.26's fuzz
# coordinator can report a spurious "context deadline exceeded" at the
# -fuzztime boundary on a loaded machine (go.dev/issue/75804). -timeout
# still bounds a target that hangs.
set -euo pipefail
cd "$(dirname "$0")/.."
budget=${1:-10000x}
for pkg in $(go list ./...); do
  for target in $(go test -list '^Fuzz' "$pkg" | grep '^Fuzz' || true); do
    echo "-- $pkg $target ($budget)"
    go test "$pkg" -run '^$' -fuzz "^${target}\$" -fuzztime "$budget" -timeout 3m
  done
done
