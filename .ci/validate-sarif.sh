#!/usr/bin/env bash
# Generates SARIF from a mixed fixture (prompt files, request bodies, a Go
# package, a malformed file, non-ASCII text before a finding) with the real
# cachevet binary and validates it with Microsoft's SARIF multitool.
#
# usage: .ci/validate-sarif.sh [path/to/cachevet]
# needs: jq, and the multitool on PATH or through npx:
#   npm install -g @microsoft/sarif-multitool@5.7.0
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

bin=${1:-}
if [[ -z $bin ]]; then
	bin=$work/cachevet
	(cd "$repo" && go build -o "$bin" ./cmd/cachevet)
fi
bin=$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")

if command -v sarif-multitool >/dev/null; then
	multitool=(sarif-multitool)
else
	multitool=(npx --no-install @microsoft/sarif-multitool)
fi

fail() {
	echo "validate-sarif: $*" >&2
	exit 1
}

# The fixture is copied so its paths are relative to a clean root.
cp -R "$repo/integration/testdata/mixed" "$work/mixed"
cd "$work/mixed"

generate() {
	local name=$1
	shift
	local rc=0
	"$bin" "$@" --fail-on none --format sarif --output "$work/$name.sarif" || rc=$?
	((rc < 2)) || fail "cachevet $* exited $rc"
	rc=0
	"$bin" "$@" --fail-on none --format json --output "$work/$name.json" || rc=$?
	((rc < 2)) || fail "cachevet $* --format json exited $rc"
}

generate scan scan .
generate go go ./...

# cachevet replay's misses, at the template slot they come from.
cp -R "$repo/testdata/examples/replay" "$work/replay"
(cd "$work/replay" && "$bin" replay --source prompts/agent.md.tpl --format sarif --output "$work/replay.sarif" agent-log.jsonl) ||
	fail "cachevet replay exited $?"
jq -e '[.runs[0].results[] | select(.locations[0].physicalLocation.artifactLocation.uri == "prompts/agent.md.tpl")] | length > 0' "$work/replay.sarif" >/dev/null ||
	fail "replay.sarif has no result at the template slot"

# The prompt file's finding stands after "é" and "'" on its line: SARIF must
# count UTF-16 code units, fewer than the JSON report's byte column.
jq -e '[.findings[] | select(.file == "prompts/support.md")] | length > 0' "$work/scan.json" >/dev/null ||
	fail "no finding in prompts/support.md; the fixture no longer exercises UTF-16 columns"
byte_col=$(jq '[.findings[] | select(.file == "prompts/support.md" and .line == 3)][0].column' "$work/scan.json")
utf16_col=$(jq '[.runs[0].results[] | select(.locations[0].physicalLocation.artifactLocation.uri == "prompts/support.md" and .locations[0].physicalLocation.region.startLine == 3)][0].locations[0].physicalLocation.region.startColumn' "$work/scan.sarif")
[[ $byte_col != null && $utf16_col != null ]] || fail "no finding on prompts/support.md line 3"
want=$(python3 -c 'import sys; l=open("prompts/support.md","rb").read().split(b"\n")[2]; c=int(sys.argv[1]); print(len(l[:c-1].decode("utf-8").encode("utf-16-le"))//2+1)' "$byte_col")
[[ $utf16_col == "$want" ]] || fail "UTF-16 column $utf16_col, want $want (byte column $byte_col)"
jq -e '.runs[0].invocations[0].toolExecutionNotifications | length > 0' "$work/scan.sarif" >/dev/null ||
	fail "the malformed request body is missing from toolExecutionNotifications"

status=0
for name in scan go replay; do
	out=$work/$name.validation.sarif
	"${multitool[@]}" validate "$work/$name.sarif" --output "$out" >"$work/$name.log" 2>&1 || {
		cat "$work/$name.log" >&2
		fail "multitool failed on $name.sarif"
	}
	[[ -s $out ]] || fail "multitool wrote no results for $name.sarif"
	problems=$(jq '[.runs[].results[]? | select(.level == "error" or .level == "warning")] | length' "$out")
	if [[ $problems != 0 ]]; then
		echo "$name.sarif: $problems validation problems:" >&2
		jq -r '.runs[].results[] | select(.level == "error" or .level == "warning") | "\(.level) \(.ruleId): \(.message.arguments // [] | join(" "))"' "$out" >&2
		status=1
	else
		echo "$name.sarif: valid ($(jq '.runs[0].results | length' "$work/$name.sarif") results)"
	fi
done
exit "$status"
