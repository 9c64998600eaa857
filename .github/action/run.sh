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
#   INPUT_DELTA        "true" (default): on pull_request events, run
#                      `cachevet delta` against the merge base instead of
#                      failing on every finding; the exit code then follows
#                      --fail-on over the findings the pull request adds
#   INPUT_COMMENT      "true" to keep one sticky pull request comment with
#                      the delta (found again by its marker, updated in
#                      place; none is posted while nothing changed). Needs
#                      GITHUB_TOKEN with pull-requests: write.
# Outputs (to $GITHUB_OUTPUT): findings, usd-per-day, sarif-file, html-dir,
# exit-code; on pull requests also delta-usd-per-day, delta-added,
# delta-removed and comment-id.
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
	if delta_wanted; then
		delta_mode
	else
		each_mode log_mode
	fi
	{
		echo "findings=$findings"
		echo "usd-per-day=$usd"
		echo "sarif-file=$sarif"
		echo "html-dir=$html_dir"
		echo "exit-code=$status"
	} >>"${GITHUB_OUTPUT:-/dev/null}"
	exit "$status"
}

# delta_wanted: a pull request, with delta not turned off.
delta_wanted() {
	[[ ${INPUT_DELTA:-true} == true ]] || return 1
	case ${GITHUB_EVENT_NAME:-} in
	pull_request | pull_request_target) return 0 ;;
	esac
	return 1
}

# delta_mode runs `cachevet delta` against the pull request's merge base:
# annotations for added findings, the markdown table in the step summary
# and, with INPUT_COMMENT, in the sticky comment.
delta_mode() {
	local base_sha
	base_sha=$(jq -r '.pull_request.base.sha // empty' "${GITHUB_EVENT_PATH:-/dev/null}" 2>/dev/null || true)
	if [[ -z $base_sha ]]; then
		echo "::error title=cachevet::no pull_request.base.sha in the event payload; cannot run cachevet delta"
		record 2
		return
	fi
	# The merge base needs history (actions/checkout with fetch-depth: 0);
	# without it cachevet says how to fetch the base.
	local base
	base=$(git merge-base "$base_sha" HEAD 2>/dev/null) || base=$base_sha
	local -a args=(delta --base "$base" --format github --fail-on "${INPUT_FAIL_ON:-warning}" "${flags[@]}")
	local -a list
	if [[ -n ${INPUT_PATHS-.} ]]; then
		read -r -a list <<<"${INPUT_PATHS-.}"
		args+=("${list[@]}")
	fi
	if [[ -n ${INPUT_PACKAGES-./...} ]]; then
		read -r -a list <<<"${INPUT_PACKAGES-./...}"
		local p
		for p in "${list[@]}"; do args+=(--packages "$p"); done
	fi
	local tmp=${RUNNER_TEMP:-${TMPDIR:-/tmp}}
	local md out
	md=$(mktemp "$tmp/cachevet-delta-XXXXXX.md")
	out=$(mktemp "$tmp/cachevet-delta-XXXXXX.log")
	local rc=0
	GITHUB_STEP_SUMMARY=$md cachevet "${args[@]}" >"$out" || rc=$?
	cat "$out"
	record "$rc"
	if ((rc >= 2)); then
		echo "::error title=cachevet::cachevet delta could not compare with $base (exit $rc)"
		return
	fi
	cat "$md" >>"${GITHUB_STEP_SUMMARY:-/dev/null}"
	# The verdict line: "net +$7.30/day against …: 1 added, 0 removed, …"
	# or "no change against …; net $0.00/day".
	local verdict net added removed changed=true
	verdict=$(grep -E '^(net |no change )' "$out" | tail -n 1 || true)
	net=$(sed -nE 's/.*net ([+-]?)\$([0-9,.]+)\/day.*/\1\2/p' <<<"$verdict" | tr -d ',+')
	added=$(sed -nE 's/.* ([0-9]+) added.*/\1/p' <<<"$verdict")
	removed=$(sed -nE 's/.* ([0-9]+) removed.*/\1/p' <<<"$verdict")
	if [[ $verdict == "no change "* ]]; then changed=false; fi
	local id=""
	if [[ ${INPUT_COMMENT:-false} == true ]]; then
		id=$(sticky_comment "$md" "$changed") || id=""
	fi
	{
		echo "delta-usd-per-day=${net:-0}"
		echo "delta-added=${added:-0}"
		echo "delta-removed=${removed:-0}"
		echo "comment-id=$id"
	} >>"${GITHUB_OUTPUT:-/dev/null}"
}

marker='<!-- cachevet-delta -->'

# api calls the GitHub REST API: api METHOD PATH [BODY-FILE].
api() {
	local -a data=()
	if (($# > 2)); then data=(--data-binary "@$3"); fi
	curl -fsS -X "$1" \
		-H "Authorization: Bearer ${GITHUB_TOKEN:-}" \
		-H "Accept: application/vnd.github+json" \
		-H "X-GitHub-Api-Version: 2022-11-28" \
		"${data[@]}" "${GITHUB_API_URL:-https://api.github.com}$2"
}

# sticky_comment keeps one comment on the pull request, marked with
# $marker: updated in place when it exists, created only when something
# changed. It prints the comment's id.
sticky_comment() {
	local md=$1 changed=$2
	local pr
	pr=$(jq -r '.pull_request.number // empty' "${GITHUB_EVENT_PATH:-/dev/null}")
	if [[ -z $pr || -z ${GITHUB_REPOSITORY:-} ]]; then
		echo "::warning title=cachevet::no pull request number or repository; no comment posted" >&2
		return 1
	fi
	local id="" page=1 comments
	while [[ -z $id ]]; do
		if ! comments=$(api GET "/repos/$GITHUB_REPOSITORY/issues/$pr/comments?per_page=100&page=$page"); then
			echo "::warning title=cachevet::could not list the pull request's comments (the job needs pull-requests: write)" >&2
			return 1
		fi
		if [[ $(jq 'length' <<<"$comments") == 0 ]]; then break; fi
		id=$(jq -r --arg m "$marker" '[.[] | select(.body | contains($m)) | .id] | first // empty' <<<"$comments")
		page=$((page + 1))
	done
	if [[ -z $id && $changed != true ]]; then
		return 0 # nothing to say, and nothing said before
	fi
	local body
	body=$(mktemp "${RUNNER_TEMP:-${TMPDIR:-/tmp}}/cachevet-comment-XXXXXX.json")
	{
		echo "$marker"
		cat "$md"
	} | jq -Rs '{body: .}' >"$body"
	local resp
	if [[ -n $id ]]; then
		resp=$(api PATCH "/repos/$GITHUB_REPOSITORY/issues/comments/$id" "$body") || {
			echo "::warning title=cachevet::could not update comment $id (the job needs pull-requests: write)" >&2
			return 1
		}
	else
		resp=$(api POST "/repos/$GITHUB_REPOSITORY/issues/$pr/comments" "$body") || {
			echo "::warning title=cachevet::could not comment on the pull request (the job needs pull-requests: write)" >&2
			return 1
		}
	fi
	jq -r '.id' <<<"$resp"
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
