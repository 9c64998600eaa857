package delta

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/cachevet/cachevet/config"
	"github.com/cachevet/cachevet/newfromrev"
)

// Resolve returns the commit that rev names in the repository holding dir.
// A revision missing from a shallow clone gets an error that says how to
// fetch it.
func Resolve(dir, rev string) (string, error) {
	if rev == "" || strings.HasPrefix(rev, "-") {
		return "", fmt.Errorf("invalid revision %q", rev)
	}
	if _, err := newfromrev.Git(dir, "rev-parse", "--git-dir"); err != nil {
		return "", fmt.Errorf("%s is not in a git repository (%v)", dir, err)
	}
	out, err := newfromrev.Git(dir, "rev-parse", "--verify", "--quiet", "--end-of-options", rev+"^{commit}")
	if err == nil {
		return strings.TrimSpace(string(out)), nil
	}
	if shallow, _ := newfromrev.Git(dir, "rev-parse", "--is-shallow-repository"); strings.TrimSpace(string(shallow)) == "true" {
		return "", fmt.Errorf("revision %q is not in this shallow clone; fetch it with `git fetch --no-tags origin %s` "+
			"(or the whole history with `git fetch --unshallow`; with actions/checkout set fetch-depth: 0)", rev, rev)
	}
	return "", fmt.Errorf("unknown revision %q (is it fetched?)", rev)
}

// Tree is a commit's files written to a temporary directory; the user's
// checkout, index and refs are never touched.
type Tree struct {
	// Root holds the repository's top level; Dir is the directory that
	// corresponds to the one Export was given.
	Root, Dir string
}

// Remove deletes the exported files.
func (t *Tree) Remove() error { return os.RemoveAll(t.Root) }

// Export writes commit's files (regular files and symbolic links;
// submodules are left out) into a new temporary directory. The directory
// also gets an empty .git, so configuration lookups stop at its top as they
// do at the repository's.
func Export(dir, commit string) (*Tree, error) {
	top, err := gitLine(dir, "rev-parse", "--show-toplevel")
	if err != nil {
		return nil, err
	}
	prefix, err := gitLine(dir, "rev-parse", "--show-prefix")
	if err != nil {
		return nil, err
	}
	list, err := newfromrev.Git(top, "ls-tree", "-r", "-z", "--full-tree", commit)
	if err != nil {
		return nil, err
	}
	entries, err := parseTree(list)
	if err != nil {
		return nil, err
	}
	root, err := os.MkdirTemp("", "cachevet-delta-")
	if err != nil {
		return nil, err
	}
	// The go command reports resolved paths; so must the export's root,
	// for findings' paths to be made relative to it.
	if resolved, err := filepath.EvalSymlinks(root); err == nil {
		root = resolved
	}
	t := &Tree{Root: root, Dir: filepath.Join(root, filepath.FromSlash(prefix))}
	if err := writeBlobs(top, root, entries); err != nil {
		t.Remove()
		return nil, fmt.Errorf("exporting %s: %v", commit, err)
	}
	if err := os.MkdirAll(filepath.Join(root, ".git"), 0o755); err != nil {
		t.Remove()
		return nil, err
	}
	if err := os.MkdirAll(t.Dir, 0o755); err != nil {
		t.Remove()
		return nil, err
	}
	return t, nil
}

func gitLine(dir string, args ...string) (string, error) {
	out, err := newfromrev.Git(dir, args...)
	return strings.TrimRight(string(out), "\n"), err
}

// treeEntry is one blob of `git ls-tree -r`.
type treeEntry struct {
	mode, object, path string
}

// parseTree reads `git ls-tree -r -z` output: "mode type object\tpath\0".
func parseTree(list []byte) ([]treeEntry, error) {
	var out []treeEntry
	for _, rec := range bytes.Split(list, []byte{0}) {
		if len(rec) == 0 {
			continue
		}
		meta, path, ok := strings.Cut(string(rec), "\t")
		f := strings.Fields(meta)
		if !ok || len(f) != 3 {
			return nil, fmt.Errorf("unexpected ls-tree line %.60q", rec)
		}
		if f[1] != "blob" {
			continue // a submodule's commit
		}
		if !filepath.IsLocal(filepath.FromSlash(path)) {
			return nil, fmt.Errorf("unsafe path %q in the tree", path)
		}
		out = append(out, treeEntry{mode: f[0], object: f[2], path: path})
	}
	return out, nil
}

// writeBlobs streams the blobs through one `git cat-file --batch` and
// writes each under root.
func writeBlobs(top, root string, entries []treeEntry) error {
	cmd := exec.Command("git", "cat-file", "--batch")
	cmd.Dir = top
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	stdin, err := cmd.StdinPipe()
	if err != nil {
		return err
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return err
	}
	if err := cmd.Start(); err != nil {
		return err
	}
	go func() {
		w := bufio.NewWriter(stdin)
		for _, e := range entries {
			w.WriteString(e.object + "\n")
		}
		w.Flush()
		stdin.Close()
	}()
	r := bufio.NewReader(stdout)
	var werr error
	for _, e := range entries {
		if werr = writeBlob(r, root, e); werr != nil {
			break
		}
	}
	io.Copy(io.Discard, r)
	if err := cmd.Wait(); err != nil && werr == nil {
		werr = fmt.Errorf("git cat-file: %v %s", err, strings.TrimSpace(stderr.String()))
	}
	return werr
}

// writeBlob reads one "object blob size\n" record and its content.
func writeBlob(r *bufio.Reader, root string, e treeEntry) error {
	head, err := r.ReadString('\n')
	if err != nil {
		return fmt.Errorf("reading %s: %v", e.path, err)
	}
	f := strings.Fields(head)
	if len(f) != 3 || f[1] != "blob" {
		return fmt.Errorf("reading %s: unexpected %q", e.path, strings.TrimSpace(head))
	}
	size, err := strconv.ParseInt(f[2], 10, 64)
	if err != nil {
		return fmt.Errorf("reading %s: bad size %q", e.path, f[2])
	}
	data := make([]byte, size)
	if _, err := io.ReadFull(r, data); err != nil {
		return fmt.Errorf("reading %s: %v", e.path, err)
	}
	if _, err := r.Discard(1); err != nil { // the newline after the content
		return err
	}
	p := filepath.Join(root, filepath.FromSlash(e.path))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		return err
	}
	switch e.mode {
	case "120000":
		return os.Symlink(string(data), p)
	case "100755":
		return os.WriteFile(p, data, 0o755)
	}
	return os.WriteFile(p, data, 0o644)
}

// Renames maps the paths of files at commit to their names in the working
// tree, both relative to dir with forward slashes: what `git diff -M`
// reports renamed, plus untracked files whose content is exactly that of a
// file deleted since commit (a plain `mv` before `git add`). base is the
// export of commit.
func Renames(dir, commit string, base *Tree) (map[string]string, error) {
	out, err := newfromrev.Git(dir, "diff", "-M", "--name-status", "-z", "--no-ext-diff", "--relative", commit, "--")
	if err != nil {
		return nil, err
	}
	renames, deleted, err := parseNameStatus(out)
	if err != nil {
		return nil, err
	}
	if len(deleted) == 0 {
		return renames, nil
	}
	untracked, err := newfromrev.Git(dir, "ls-files", "--others", "--exclude-standard", "-z")
	if err != nil {
		return nil, err
	}
	// The export itself is untracked when the temporary directory is
	// inside the repository.
	export := "\x00"
	if rel, err := filepath.Rel(dir, base.Root); err == nil && filepath.IsLocal(rel) {
		export = filepath.ToSlash(rel) + "/"
	}
	for _, u := range bytes.Split(untracked, []byte{0}) {
		if len(u) == 0 || strings.HasPrefix(string(u), export) {
			continue
		}
		head, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(string(u))))
		if err != nil {
			continue // unreadable: not a rename we can tell
		}
		for i, d := range deleted {
			old, err := os.ReadFile(filepath.Join(base.Dir, filepath.FromSlash(d)))
			if err == nil && bytes.Equal(old, head) {
				renames[d] = string(u)
				deleted = append(deleted[:i], deleted[i+1:]...)
				break
			}
		}
	}
	return renames, nil
}

// parseNameStatus reads `git diff --name-status -z`: a status, then one
// path, or two for renames and copies ("R087\0old\0new\0").
func parseNameStatus(out []byte) (renames map[string]string, deleted []string, err error) {
	renames = map[string]string{}
	f := strings.Split(strings.TrimSuffix(string(out), "\x00"), "\x00")
	for i := 0; i < len(f); i++ {
		status := f[i]
		if status == "" {
			continue
		}
		switch status[0] {
		case 'R', 'C':
			if i+2 >= len(f) {
				return nil, nil, fmt.Errorf("truncated git diff --name-status output")
			}
			if status[0] == 'R' {
				renames[f[i+1]] = f[i+2]
			}
			i += 2
		default:
			if i+1 >= len(f) {
				return nil, nil, fmt.Errorf("truncated git diff --name-status output")
			}
			if status[0] == 'D' {
				deleted = append(deleted, f[i+1])
			}
			i++
		}
	}
	return renames, deleted, nil
}

// UseConfigs gives the export the working tree's configuration, so both
// sides are checked alike: every .cachevet.yaml of the working tree (and
// the models file it names, when that is inside the repository) replaces
// the base's, and a base config the working tree no longer has is
// removed.
func UseConfigs(dir string, base *Tree) error {
	top, err := gitLine(dir, "rev-parse", "--show-toplevel")
	if err != nil {
		return err
	}
	err = filepath.WalkDir(base.Root, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && d.Name() == config.FileName {
			return os.Remove(p)
		}
		return err
	})
	if err != nil {
		return err
	}
	list, err := newfromrev.Git(top, "ls-files", "-z", "--cached", "--others", "--exclude-standard", "--", ":(glob)**/"+config.FileName)
	if err != nil {
		return err
	}
	for _, rel := range bytes.Split(list, []byte{0}) {
		if len(rel) == 0 {
			continue
		}
		src := filepath.Join(top, filepath.FromSlash(string(rel)))
		if err := copyInto(top, base.Root, src); err != nil {
			continue // deleted in the working tree but still in the index
		}
		c, err := config.Load(src)
		if err != nil || c.Models == "" || filepath.IsAbs(c.Models) {
			continue // a broken config fails on both sides alike
		}
		copyInto(top, base.Root, filepath.Join(filepath.Dir(src), filepath.FromSlash(c.Models)))
	}
	return nil
}

// copyInto copies src, a file under top, to the same place under root.
func copyInto(top, root, src string) error {
	rel, err := filepath.Rel(top, src)
	if err != nil || !filepath.IsLocal(rel) {
		return fmt.Errorf("%s is outside the repository", src)
	}
	data, err := os.ReadFile(src)
	if err != nil {
		return err
	}
	dst := filepath.Join(root, rel)
	if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
		return err
	}
	return os.WriteFile(dst, data, 0o644)
}
