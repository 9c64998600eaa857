#!/usr/bin/env bash
# Runs the cachevet GitHub Action's steps. The action (action.yml at the
# repository root) calls it as `run.sh install` and `run.sh run`; tests call
# it the same way with GITHUB_OUTPUT, GITHUB_STEP_SUMMARY and GITHUB_PATH
# pointing at temporary files.
#
# Inputs arrive as environment variables (never interpolated into the
# script, so input values cannot inject shell code):
#   INPUT_PATHS        space-separated paths for `cachevet scan` ("" skips it)
#   INPUT_PACKAGES     space-separated patterns for `cachevet go` ("" skips it)
#   INPUT_MODEL        --model
#   INPUT_RPM          --rpm
#   INPUT_FAIL_ON      --fail-on (default warning)
#   INPUT_FORMAT       format of the log output: github (annotations and step
#                      summary, default) or text (with the problem matcher)
#   INPUT_UPLOAD_SARIF "true" to write SARIF to INPUT_SARIF_FILE
#   INPUT_SARIF_FILE   where to write SARIF (default cachevet.sarif)
#   INPUT_VERSION      module version to `go install`; "" or "local" builds
#                      the action's own checkout (ACTION_PATH)
#   INPUT_HTML         "true" (default) to write the cache map of each mode
#                      (--format html) into INPUT_HTML_DIR
#   INPUT_HTML_DIR     where to write it (default cachevet-html)
# Outputs (to $GITHUB_OUTPUT): findings, usd-per-day, sarif-file, html-dir,
# exit-code.
#
# `run.sh link` appends a link to the uploaded cache map (ARTIFACT_URL, from
# actions/upload-artifact) to the step summary.
set -euo pipefail

action_path=${ACTION_PATH:-$(cd "$(dirname "$0")/../.." && pwd)}

install() {
	local bin=${RUNNER_TEMP:-${TMPDIR:-/tmp}}/cachevet-bin
	mkdir -p "$bin"
	local version=${INPUT_VERSION:-}
	if [[ -z $version || $version == local ]]; then
		(cd "$action_path" && go build -o "$bin/cachevet" ./cmd/cachevet)
	else
		GOBIN=$bin go install "github.com/cachevet/cachevet/cmd/cachevet@$version"
	fi
	echo "$bin" >>"${GITHUB_PATH:-/dev/null}"
	"$bin/cachevet" version
}

# status keeps the worst exit code: 0 clean, 1 findings, 2 tool failure.
status=0
record() {
	local rc=$1
	if ((rc > status)); then status=$rc; fi
}

common_flags() {
	flags=()
	if [[ -n ${INPUT_MODEL:-} ]]; then flags+=(--model "$INPUT_MODEL"); fi
	if [[ -n ${INPUT_RPM:-} ]]; then flags+=(--rpm "$INPUT_RPM"); fi
}

# modes lists "scan" and/or "go" with their arguments, one per line.
each_mode() {
	local fn=$1
	local -a args
	if [[ -n ${INPUT_PATHS-.} ]]; then
		read -r -a args <<<"${INPUT_PATHS-.}"
		"$fn" scan "${args[@]}"
	fi
	if [[ -n ${INPUT_PACKAGES-./...} ]]; then
		read -r -a args <<<"${INPUT_PACKAGES-./...}"
		"$fn" go "${args[@]}"
	fi
}

sarif_parts=()
sarif_mode() {
	local mode=$1
	shift
	local out
	out=$(mktemp "${RUNNER_TEMP:-${TMPDIR:-/tmp}}/cachevet-$mode-XXXXXX.sarif")
	local rc=0
	cachevet "$mode" --format sarif --fail-on none --output "$out" "${flags[@]}" "$@" || rc=$?
	if ((rc >= 2)); then
		echo "::error title=cachevet::cachevet $mode could not run (exit $rc)"
		record "$rc"
		return
	fi
	sarif_parts+=("$out")
}

html_dir=""
html_mode() {
	local mode=$1
	shift
	local rc=0
	cachevet "$mode" --format html --fail-on none --output "$html_dir/cachevet-$mode.html" "${flags[@]}" "$@" || rc=$?
	if ((rc >= 2)); then
		echo "::error title=cachevet::cachevet $mode could not draw its cache map (exit $rc)"
		record "$rc"
	fi
}

log_mode() {
	local mode=$1
	shift
	local rc=0
	cachevet "$mode" --format "${INPUT_FORMAT:-github}" --fail-on "${INPUT_FAIL_ON:-warning}" "${flags[@]}" "$@" || rc=$?
	record "$rc"
}

# merge_sarif writes one SARIF log with a single cachevet run: GitHub
# rejects two runs of one tool in the same category.
merge_sarif() {
	local dest=$1
	mkdir -p "$(dirname "$dest")"
	if ((${#sarif_parts[@]} == 1)); then
		cp "${sarif_parts[0]}" "$dest"
		return
	fi
	jq -s '.[0] + {runs: [.[0].runs[0]
		+ {results: [.[].runs[0].results[]]}
		+ {invocations: [{
			executionSuccessful: ([.[].runs[0].invocations[0].executionSuccessful] | all),
			toolExecutionNotifications: [.[].runs[0].invocations[0].toolExecutionNotifications // [] | .[]]
		}]}]}' "${sarif_parts[@]}" >"$dest"
}

run() {
	common_flags
	cd "${GITHUB_WORKSPACE:-.}"
	if [[ ${INPUT_FORMAT:-github} == text ]]; then
		echo "::add-matcher::$action_path/.github/cachevet-problem-matcher.json"
	fi
	each_mode sarif_mode
	local sarif=""
	local findings=0 usd=0
	if ((${#sarif_parts[@]} > 0)); then
		local dest=${RUNNER_TEMP:-${TMPDIR:-/tmp}}/cachevet-merged.sarif
		if [[ ${INPUT_UPLOAD_SARIF:-true} == true ]]; then
			dest=${INPUT_SARIF_FILE:-cachevet.sarif}
			sarif=$dest
		fi
		merge_sarif "$dest"
		findings=$(jq '.runs[0].results | length' "$dest")
		usd=$(jq '[.runs[0].results[].properties.savings.usd_per_day // 0] | add // 0 | . * 100 | round / 100' "$dest")
	fi
	if [[ ${INPUT_HTML:-true} == true ]]; then
		html_dir=${INPUT_HTML_DIR:-cachevet-html}
		mkdir -p "$html_dir"
		each_mode html_mode
	fi
	each_mode log_mode
	{
		echo "findings=$findings"
		echo "usd-per-day=$usd"
		echo "sarif-file=$sarif"
		echo "html-dir=$html_dir"
		echo "exit-code=$status"
	} >>"${GITHUB_OUTPUT:-/dev/null}"
	exit "$status"
}

# link adds the uploaded cache map to the step summary.
link() {
	if [[ -z ${ARTIFACT_URL:-} ]]; then
		return
	fi
	{
		echo
		echo "**Cache map:** [cachevet-cache-map]($ARTIFACT_URL) — one bar per request, findings pinned where they act (download, unzip, open the HTML file)."
	} >>"${GITHUB_STEP_SUMMARY:-/dev/null}"
}

case ${1:-} in
install) install ;;
run) run ;;
link) link ;;
*)
	echo "usage: $0 install|run|link" >&2
	exit 2
	;;
esac
