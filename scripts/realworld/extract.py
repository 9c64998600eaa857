#!/usr/bin/env python3
"""Extract one commit of a bare git mirror into a folder, skipping blobs the
mirror lacks (large files are absent from the snapshots): extract.py GITDIR COMMIT DEST"""
import os, subprocess, sys

gitdir, commit, dest = sys.argv[1:4]
tree = subprocess.run(["git", "--git-dir", gitdir, "ls-tree", "-r", "-z", commit],
                      check=True, capture_output=True).stdout.split(b"\0")
entries = []
for e in tree:
    if not e:
        continue
    meta, path = e.split(b"\t", 1)
    mode, typ, sha = meta.split()
    if typ == b"blob":
        entries.append((mode, sha, path))
p = subprocess.Popen(["git", "--git-dir", gitdir, "cat-file", "--batch"],
                     stdin=subprocess.PIPE, stdout=subprocess.PIPE)
missing = 0
for mode, sha, path in entries:
    p.stdin.write(sha + b"\n"); p.stdin.flush()
    header = p.stdout.readline().split()
    if len(header) < 3 or header[1] == b"missing":
        missing += 1
        continue
    data = p.stdout.read(int(header[2])); p.stdout.read(1)
    if mode == b"120000":
        continue  # symlinks are skipped
    out = os.path.join(dest, path.decode("utf-8", "surrogateescape"))
    os.makedirs(os.path.dirname(out), exist_ok=True)
    with open(out, "wb") as f:
        f.write(data)
p.stdin.close(); p.wait()
print(f"{dest}: {len(entries) - missing} files, {missing} missing blobs skipped", file=sys.stderr)
