package newfromrev

import (
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/cachevet/cachevet/rules"
)

func run(t *testing.T, dir string, args ...string) {
	t.Helper()
	cmd := exec.Command("git", args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GIT_AUTHOR_NAME=t", "GIT_AUTHOR_EMAIL=t@example.com",
		"GIT_COMMITTER_NAME=t", "GIT_COMMITTER_EMAIL=t@example.com", "GIT_CONFIG_GLOBAL=/dev/null", "GIT_CONFIG_NOSYSTEM=1")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("git %v: %v\n%s", args, err, out)
	}
}

func write(t *testing.T, dir, name, content string) {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

func lines(l *Lines) []int {
	var out []int
	for n := range l.lines {
		out = append(out, n)
	}
	sort.Ints(out)
	return out
}

func TestChangedRealRepo(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git not installed")
	}
	dir := t.TempDir()
	run(t, dir, "init", "-q", "-b", "main")
	write(t, dir, "prompts/a.md", "one\ntwo\nthree\nfour\n")
	write(t, dir, "prompts/gone.md", "x\n")
	write(t, dir, "b c.txt", "keep\n")
	run(t, dir, "add", ".")
	run(t, dir, "commit", "-q", "-m", "base")

	write(t, dir, "prompts/a.md", "zero\none\nTWO\nthree\n")                 // insert line 1, modify line 3, delete four
	write(t, dir, "b c.txt", "keep\n++ not a header\n")                      // an added line starting with "++ "
	write(t, dir, "prompts/new.md", "brand new\n")                           // untracked
	write(t, dir, ".gitignore", "ignored.md\n")                              // untracked
	write(t, dir, "ignored.md", "ignored\n")                                 // ignored: not listed
	if err := os.Remove(filepath.Join(dir, "prompts/gone.md")); err != nil { // deleted: not listed
		t.Fatal(err)
	}

	ch, err := Changed(dir, "HEAD")
	if err != nil {
		t.Fatal(err)
	}
	var files []string
	for f := range ch {
		files = append(files, f)
	}
	sort.Strings(files)
	if got, want := strings.Join(files, ","), ".gitignore,b c.txt,prompts/a.md,prompts/new.md"; got != want {
		t.Errorf("files = %s, want %s", got, want)
	}
	if got := lines(ch["prompts/a.md"]); len(got) != 2 || got[0] != 1 || got[1] != 3 {
		t.Errorf("prompts/a.md lines = %v, want [1 3]", got)
	}
	if got := lines(ch["b c.txt"]); len(got) != 1 || got[0] != 2 {
		t.Errorf("b c.txt lines = %v, want [2]", got)
	}
	if !ch["prompts/new.md"].All {
		t.Error("untracked file must count as wholly new")
	}

	fs := []rules.Finding{
		{Rule: "PC001", Span: rules.Span{File: "prompts/a.md", Line: 1}},
		{Rule: "PC001", Span: rules.Span{File: "prompts/a.md", Line: 2}},
		{Rule: "PC001", Span: rules.Span{File: "prompts/a.md", Line: 3}},
		{Rule: "PC001", Span: rules.Span{File: "prompts/new.md", Line: 40}},
		{Rule: "PC001", Span: rules.Span{File: "old.md", Line: 1}},
		{Rule: "PC004", Span: rules.Span{File: "b c.txt"}},
	}
	var kept []string
	for _, f := range Filter(fs, ch) {
		kept = append(kept, f.Span.String())
	}
	if got, want := strings.Join(kept, " "), "prompts/a.md:1:0 prompts/a.md:3:0 prompts/new.md:40:0 b c.txt"; got != want {
		t.Errorf("Filter kept %s, want %s", got, want)
	}

	// From a subdirectory, paths are relative to it.
	sub, err := Changed(filepath.Join(dir, "prompts"), "HEAD")
	if err != nil {
		t.Fatal(err)
	}
	if sub["a.md"] == nil || sub["new.md"] == nil {
		t.Errorf("subdirectory paths = %v", sub)
	}

	if _, err := Changed(dir, "no-such-rev"); err == nil || !strings.Contains(err.Error(), "git diff") {
		t.Errorf("bad revision: err = %v", err)
	}
	if _, err := Changed(dir, "--output=/tmp/x"); err == nil {
		t.Error("a revision that looks like a flag must be refused")
	}
}

func TestParseDiff(t *testing.T) {
	diff := `diff --git a/x.md b/x.md
--- a/x.md
+++ b/x.md
@@ -1,0 +2,2 @@
+a
+b
@@ -10 +12 @@
-old
+new
@@ -20,3 +22,0 @@
-gone
-gone
-gone
diff --git "a/sp\303\251cial.md" "b/sp\303\251cial.md"
--- "a/sp\303\251cial.md"
+++ "b/sp\303\251cial.md"
@@ -1,2 +1,3 @@
 ctx
+added
 ctx
\ No newline at end of file
diff --git a/del.md b/del.md
--- a/del.md
+++ /dev/null
@@ -1 +0,0 @@
-x
`
	ch, err := ParseDiff([]byte(diff))
	if err != nil {
		t.Fatal(err)
	}
	if got := lines(ch["x.md"]); len(got) != 3 || got[0] != 2 || got[1] != 3 || got[2] != 12 {
		t.Errorf("x.md = %v, want [2 3 12]", got)
	}
	if got := lines(ch["spécial.md"]); len(got) != 1 || got[0] != 2 {
		t.Errorf("spécial.md = %v, want [2]", got)
	}
	if _, ok := ch["del.md"]; ok {
		t.Error("deleted file listed")
	}
	for _, bad := range []string{
		"+++ b/x\n@@ -1 +x @@\n",
		"+++ b/x\n@@ broken\n",
		"+++ b/x\n@@ -1 +1 @@\n?what\n",
		"+++ \"b/unterminated\n",
	} {
		if _, err := ParseDiff([]byte(bad)); err == nil || !strings.Contains(err.Error(), "diff line") {
			t.Errorf("ParseDiff(%q): err = %v, want a positioned error", bad, err)
		}
	}
}

func FuzzParseDiff(f *testing.F) {
	f.Add([]byte("diff --git a/x b/x\n--- a/x\n+++ b/x\n@@ -1,2 +1,3 @@\n a\n+b\n c\n"))
	f.Add([]byte("+++ \"b/\\303\\251\"\n@@ -0,0 +1 @@\n+x\n"))
	f.Add([]byte("@@ -1 +1,999999999 @@\n+x\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		ch, err := ParseDiff(data)
		if err != nil {
			return
		}
		for name, l := range ch {
			for n := range l.lines {
				if n < 0 {
					t.Fatalf("%s: negative line %d", name, n)
				}
			}
		}
	})
}
