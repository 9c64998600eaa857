package delta

import (
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/cachevet/cachevet/report"
	"github.com/cachevet/cachevet/rules"
)

func finding(fp, file string, line int) rules.Finding {
	return rules.Finding{Rule: "PC001", Fingerprint: fp, Span: rules.Span{File: file, Line: line, Col: 1}}
}

func TestCompare(t *testing.T) {
	for _, tc := range []struct {
		name                    string
		base, head              []rules.Finding
		added, removed, matched []string // fingerprints
	}{
		{name: "nothing"},
		{name: "added", head: []rules.Finding{finding("a", "p.md", 1)}, added: []string{"a"}},
		{name: "removed", base: []rules.Finding{finding("a", "p.md", 1)}, removed: []string{"a"}},
		{
			name:    "moved keeps its match",
			base:    []rules.Finding{finding("a", "p.md", 1), finding("b", "p.md", 9)},
			head:    []rules.Finding{finding("a", "p.md", 3), finding("c", "q.md", 1)},
			added:   []string{"c"},
			removed: []string{"b"},
			matched: []string{"a"},
		},
		{
			name:    "a multiset: a third copy is added",
			base:    []rules.Finding{finding("a", "p.md", 1), finding("a", "p.md", 2)},
			head:    []rules.Finding{finding("a", "p.md", 1), finding("a", "p.md", 2), finding("a", "p.md", 3)},
			added:   []string{"a"},
			matched: []string{"a", "a"},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			added, removed, matched := Compare(tc.base, tc.head)
			fps := func(fs []rules.Finding) []string {
				var out []string
				for _, f := range fs {
					out = append(out, f.Fingerprint)
				}
				return out
			}
			var m []string
			for _, x := range matched {
				if x.Base.Fingerprint != x.Head.Fingerprint {
					t.Errorf("matched %s with %s", x.Base.Fingerprint, x.Head.Fingerprint)
				}
				m = append(m, x.Head.Fingerprint)
			}
			if !reflect.DeepEqual(fps(added), tc.added) || !reflect.DeepEqual(fps(removed), tc.removed) || !reflect.DeepEqual(m, tc.matched) {
				t.Errorf("added %v removed %v matched %v, want %v %v %v", fps(added), fps(removed), m, tc.added, tc.removed, tc.matched)
			}
		})
	}
}

func TestMatchMoved(t *testing.T) {
	a := finding("a", "p.md", 1)
	for _, tc := range []struct {
		head rules.Finding
		want bool
	}{
		{finding("a", "p.md", 1), false},
		{finding("a", "p.md", 2), true},
		{finding("a", "q.md", 1), true},
	} {
		if got := (report.Match{Base: a, Head: tc.head}).Moved(); got != tc.want {
			t.Errorf("Moved(%v) = %v, want %v", tc.head.Span, got, tc.want)
		}
	}
}

func TestParseNameStatus(t *testing.T) {
	for _, tc := range []struct {
		in      string
		renames map[string]string
		deleted []string
		err     bool
	}{
		{in: "", renames: map[string]string{}},
		{in: "M\x00a.md\x00D\x00b.md\x00R087\x00c.md\x00d/c.md\x00C100\x00e.md\x00f.md\x00A\x00g.md\x00",
			renames: map[string]string{"c.md": "d/c.md"}, deleted: []string{"b.md"}},
		{in: "R100\x00only-old\x00", err: true},
		{in: "D\x00", err: true},
	} {
		r, d, err := parseNameStatus([]byte(tc.in))
		if tc.err {
			if err == nil {
				t.Errorf("parseNameStatus(%q): no error", tc.in)
			}
			continue
		}
		if err != nil || !reflect.DeepEqual(r, tc.renames) || !reflect.DeepEqual(d, tc.deleted) {
			t.Errorf("parseNameStatus(%q) = %v %v %v, want %v %v", tc.in, r, d, err, tc.renames, tc.deleted)
		}
	}
}

func TestParseTree(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want []treeEntry
		err  bool
	}{
		{in: ""},
		{in: "100644 blob 1111\ta b.md\x00160000 commit 2222\tsub\x00120000 blob 3333\tlink\x00",
			want: []treeEntry{{"100644", "1111", "a b.md"}, {"120000", "3333", "link"}}},
		{in: "100644 blob 1111\t../escape\x00", err: true},
		{in: "100644 blob\tx\x00", err: true},
		{in: "no tab\x00", err: true},
	} {
		got, err := parseTree([]byte(tc.in))
		if tc.err != (err != nil) || !tc.err && !reflect.DeepEqual(got, tc.want) {
			t.Errorf("parseTree(%q) = %v, %v; want %v (error %v)", tc.in, got, err, tc.want, tc.err)
		}
	}
}

func FuzzParseNameStatus(f *testing.F) {
	for _, s := range []string{"", "M\x00a\x00", "R050\x00a\x00b\x00D\x00c\x00", "C\x00", "D"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		r, d, err := parseNameStatus(in)
		if err != nil {
			return
		}
		fields := map[string]bool{}
		for _, f := range strings.Split(string(in), "\x00") {
			fields[f] = true
		}
		for from, to := range r {
			if !fields[from] || !fields[to] {
				t.Fatalf("rename %q -> %q is not in the input", from, to)
			}
		}
		for _, p := range d {
			if !fields[p] {
				t.Fatalf("deleted %q is not in the input", p)
			}
		}
	})
}

func FuzzParseTree(f *testing.F) {
	for _, s := range []string{"", "100644 blob 1111\ta\x00", "160000 commit 2\ts\x00", "100644 blob 1\t../x\x00", "x\ty"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		es, err := parseTree(in)
		if err != nil {
			return
		}
		for _, e := range es {
			if !filepath.IsLocal(filepath.FromSlash(e.path)) {
				t.Fatalf("unsafe path %q accepted", e.path)
			}
		}
	})
}

// git runs git in dir with a fixed identity and no user config.
func git(t *testing.T, dir string, args ...string) string {
	t.Helper()
	cmd := exec.Command("git", args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GIT_AUTHOR_NAME=t", "GIT_AUTHOR_EMAIL=t@example.com",
		"GIT_COMMITTER_NAME=t", "GIT_COMMITTER_EMAIL=t@example.com", "GIT_CONFIG_GLOBAL=/dev/null", "GIT_CONFIG_NOSYSTEM=1")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("git %v: %v\n%s", args, err, out)
	}
	return string(out)
}

func write(t *testing.T, path, content string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestExportAndRenames exports a commit from a subdirectory, gives it the
// working tree's config and finds a committed and an uncommitted rename,
// leaving the checkout as it was.
func TestExportAndRenames(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("needs git")
	}
	repo := t.TempDir()
	git(t, repo, "init", "-q", ".")
	write(t, filepath.Join(repo, "sub/prompts/a.md"), "alpha\n")
	write(t, filepath.Join(repo, "sub/prompts/b.md"), "bravo\n")
	write(t, filepath.Join(repo, "sub/prompts/gone.md"), "gone\n")
	write(t, filepath.Join(repo, "sub/.cachevet.yaml"), "rpm: 1\n")
	write(t, filepath.Join(repo, "top.md"), "top\n")
	git(t, repo, "add", "-A")
	git(t, repo, "commit", "-q", "-m", "base")
	commit := strings.TrimSpace(git(t, repo, "rev-parse", "HEAD"))

	sub := filepath.Join(repo, "sub")
	git(t, sub, "mv", "prompts/a.md", "prompts/renamed-a.md")
	if err := os.Rename(filepath.Join(sub, "prompts/b.md"), filepath.Join(sub, "prompts/moved-b.md")); err != nil {
		t.Fatal(err)
	}
	if err := os.Remove(filepath.Join(sub, "prompts/gone.md")); err != nil {
		t.Fatal(err)
	}
	write(t, filepath.Join(sub, ".cachevet.yaml"), "rpm: 30\n")
	status := git(t, repo, "status", "--porcelain")

	got, err := Resolve(sub, "HEAD")
	if err != nil || got != commit {
		t.Fatalf("Resolve = %q, %v; want %s", got, err, commit)
	}
	tree, err := Export(sub, commit)
	if err != nil {
		t.Fatal(err)
	}
	defer tree.Remove()
	if tree.Dir != filepath.Join(tree.Root, "sub") {
		t.Errorf("Dir = %s, want the sub directory of %s", tree.Dir, tree.Root)
	}
	for rel, want := range map[string]string{"sub/prompts/a.md": "alpha\n", "sub/prompts/gone.md": "gone\n", "top.md": "top\n"} {
		if data, err := os.ReadFile(filepath.Join(tree.Root, rel)); err != nil || string(data) != want {
			t.Errorf("%s = %q, %v; want %q", rel, data, err, want)
		}
	}
	if err := UseConfigs(sub, tree); err != nil {
		t.Fatal(err)
	}
	if data, _ := os.ReadFile(filepath.Join(tree.Dir, ".cachevet.yaml")); string(data) != "rpm: 30\n" {
		t.Errorf("the base's config is %q, want the working tree's", data)
	}
	renames, err := Renames(sub, commit, tree)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"prompts/a.md": "prompts/renamed-a.md", "prompts/b.md": "prompts/moved-b.md"}
	if !reflect.DeepEqual(renames, want) {
		t.Errorf("Renames = %v, want %v", renames, want)
	}
	if after := git(t, repo, "status", "--porcelain"); after != status {
		t.Errorf("the checkout changed:\n%s\nwas:\n%s", after, status)
	}
	if _, err := Resolve(sub, "no-such-rev"); err == nil || !strings.Contains(err.Error(), `unknown revision "no-such-rev"`) {
		t.Errorf("Resolve(no-such-rev) error = %v", err)
	}
}

func TestBaseReader(t *testing.T) {
	var asked []string
	read := BaseReader("/b", map[string]string{"old.md": "new.md"}, func(p string) ([]byte, error) {
		asked = append(asked, p)
		return nil, nil
	})
	read(filepath.Join("/b", "new.md"))
	read(filepath.Join("/b", "other.md"))
	sort.Strings(asked)
	if want := []string{filepath.Join("/b", "old.md"), filepath.Join("/b", "other.md")}; !reflect.DeepEqual(asked, want) {
		t.Errorf("read %v, want %v", asked, want)
	}
}
