#!/usr/bin/env bash
# Runs cachevet over the real-world development set and prints precision and
# recall against the hand-written labels. Not run by CI: it needs the
# projects' sources and their modules.
#
#   scripts/realworld/run.sh MIRRORS OUT [LABELS]
#
# MIRRORS holds one bare git mirror per project as <owner>+<name>/repo (see
# README.md); each project is extracted at its pinned commit into OUT/src. LABELS defaults to go-labels.yaml. Both
# drivers run: `cachevet go --format json ./...` and
# `go vet -vettool=cachevet-vet -json ./...`, per module below the project's
# dir; their reports go to OUT/results, then score prints the numbers.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
mirrors=${1:?usage: run.sh MIRRORS OUT [LABELS]}
out=${2:?usage: run.sh MIRRORS OUT [LABELS]}
labels=${3:-$here/go-labels.yaml}
mkdir -p "$out/src" "$out/results" "$out/bin"
out=$(cd "$out" && pwd)

# CACHEVET_REV builds another revision (e.g. the one before a change) for a
# before/after comparison; VET=0 skips the go vet driver, which compiles
# every dependency and is the slow half on a cold build cache.
if [ -n "${CACHEVET_REV:-}" ]; then
  rm -rf "$out/rev" && git -C "$root" worktree add -q --detach "$out/rev" "$CACHEVET_REV"
  (cd "$out/rev" && go build -o "$out/bin/" ./cmd/cachevet ./cmd/cachevet-vet)
  git -C "$root" worktree remove --force "$out/rev"
else
  (cd "$root" && go build -o "$out/bin/" ./cmd/cachevet ./cmd/cachevet-vet)
fi
cachevet=$out/bin/cachevet
vettool=$out/bin/cachevet-vet

python3 - "$labels" "$out/results" <<'PY' > "$out/projects.tsv"
import os, sys, yaml
for p in yaml.safe_load(open(sys.argv[1]))["projects"]:
    kind = p.get("kind", "go")
    print("\t".join([p["name"], p["repo"], p["commit"], p.get("dir", "."), kind]))
    if kind == "scan":
        files = sorted({a.rsplit(":", 1)[0] for s in p["sites"] for a in s["at"]})
        open(os.path.join(sys.argv[2], p["name"] + ".files"), "w").write("\n".join(files) + "\n")
        open(os.path.join(sys.argv[2], p["name"] + ".config"), "w").write(p.get("config", ""))
PY

while IFS=$'\t' read -r name repo commit dir kind; do
  src=$out/src/${repo/\//+}@${commit:0:12}
  if [ ! -d "$src" ]; then
    python3 "$here/extract.py" "$mirrors/${repo/\//+}/repo" "$commit" "$src"
  fi
  if [ "$kind" = scan ]; then
    # Prompt files: one scan over the labelled files from the checkout root,
    # with the project's declared config (if any) as its .cachevet.yaml.
    cp "$out/results/$name.config" "$src/.cachevet.yaml"
    mapfile -t files < "$out/results/$name.files"
    (cd "$src" && "$cachevet" scan --fail-on none --format json --config .cachevet.yaml "${files[@]}" > "$out/results/$name.cachevet.json" 2>> "$out/results/$name.stderr") || true
    rm -f "$out/results/$name.vet.json"
    continue
  fi
  : > "$out/results/$name.modules"
  while read -r mod; do
    rel=${mod#"$src"/}; rel=${rel#./}; rel=${rel%go.mod}; rel=${rel%/}
    echo "== $name ${rel:-.}" >&2
    (cd "$(dirname "$mod")"
     moddir=$(pwd)
     go mod download all >/dev/null 2>&1 || true
     /usr/bin/time -f "$name ${rel:-.} cachevet go: %e s, %M KB" "$cachevet" go --fail-on none --format json ./... > "$out/results/$name.${rel//\//_}.cv.json" 2>> "$out/results/$name.stderr" || true
     # go vet -json prints to stdout (older go commands used stderr): keep both.
     if [ "${VET:-1}" != 0 ]; then
       /usr/bin/time -f "$name ${rel:-.} go vet: %e s, %M KB" go vet -vettool="$vettool" -json ./... > "$out/results/$name.${rel//\//_}.vet.raw" 2>&1 || true
     else
       : > "$out/results/$name.${rel//\//_}.vet.raw"
     fi
     echo "${rel:-.}	$moddir" >> "$out/results/$name.modules")
  done < <(find "$src/$dir" -name go.mod -not -path '*/vendor/*' -not -path '*/testdata/*' | sed 's|/go.mod$|/go.mod|' | sort)
  # One report per driver, paths relative to the checkout.
  python3 - "$out/results" "$name" <<'PY'
import json, os, re, sys
res, name = sys.argv[1:3]
findings, errors, vet = [], [], []
for line in open(os.path.join(res, name + ".modules")):
    rel, moddir = line.rstrip("\n").split("\t")
    key = "" if rel == "." else rel.replace("/", "_")
    pre = "" if rel == "." else rel + "/"
    try:
        rep = json.load(open(os.path.join(res, f"{name}.{key}.cv.json")))
    except Exception:
        # A run that printed no report (a crash) is an error of the
        # module, not a silent empty result.
        rep = {"findings": [], "errors": [{"file": pre or ".", "message": "cachevet go printed no report (see " + name + ".stderr)"}]}
    for e in rep.get("errors", []) or []:
        if "file" in e: e["file"] = pre + e["file"] if e["file"] != "." else (pre or ".")
        errors.append(e)
    for f in rep.get("findings", []):
        f["file"] = pre + f["file"]
        for r in f.get("related", []) or []:
            if "file" in r: r["file"] = pre + r["file"]
        findings.append(f)
    raw = open(os.path.join(res, f"{name}.{key}.vet.raw")).read()
    vet.append(raw.replace(moddir + "/", pre))
json.dump({"findings": findings, "errors": errors}, open(os.path.join(res, name + ".cachevet.json"), "w"), indent=1)
if any(v.strip() for v in vet):
    open(os.path.join(res, name + ".vet.json"), "w").write("\n".join(vet))
PY
done < "$out/projects.tsv"

grep -h "cachevet go:\|go vet:" "$out/results/"*.stderr "$out/results/"*.vet.raw 2>/dev/null || true
(cd "$root" && go run ./scripts/realworld/score -labels "$labels" -results "$out/results" ${VERBOSE:+-v})
