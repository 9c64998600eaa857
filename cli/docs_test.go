package cli

import (
	"flag"
	"os"
	"strings"
	"testing"

	"github.com/cachevet/cachevet/analyzers"
	"github.com/cachevet/cachevet/rules"
)

var update = flag.Bool("update", false, "rewrite generated documentation")

// TestGeneratedDocs keeps the README's rule table and docs/rules.md in step
// with the rule catalog. Run `go test ./cli -run GeneratedDocs -update` after
// changing rules/docs.go.
func TestGeneratedDocs(t *testing.T) {
	const begin, end = "<!-- rules:begin -->\n", "<!-- rules:end -->"
	readme, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	s := string(readme)
	i, j := strings.Index(s, begin), strings.Index(s, end)
	if i < 0 || j < i {
		t.Fatalf("README.md has no %q … %q section", strings.TrimSpace(begin), end)
	}
	want := s[:i+len(begin)] + rulesTable() + s[j:]
	const nbegin, nend = "<!-- names:begin -->\n", "<!-- names:end -->"
	if i, j := strings.Index(want, nbegin), strings.Index(want, nend); i >= 0 && j > i {
		want = want[:i+len(nbegin)] + rules.NameTable() + want[j:]
	} else {
		t.Errorf("README.md has no %q … %q section", strings.TrimSpace(nbegin), nend)
	}
	check(t, "../README.md", s, want)
	doc, _ := os.ReadFile("../docs/rules.md")
	check(t, "../docs/rules.md", string(doc), rulesDoc())
	godoc, _ := os.ReadFile("../docs/go.md")
	check(t, "../docs/go.md", string(godoc), goDoc())
}

// TestAnalyzerURLs checks that each analyzer's URL names a file of this
// repository and a heading in it.
func TestAnalyzerURLs(t *testing.T) {
	const repo = "https://github.com/cachevet/cachevet/blob/main/"
	for _, a := range analyzers.All() {
		path, anchor, ok := strings.Cut(strings.TrimPrefix(a.URL, repo), "#")
		if !strings.HasPrefix(a.URL, repo) || !ok {
			t.Errorf("%s: URL %q is not %sFILE#ANCHOR", a.Name, a.URL, repo)
			continue
		}
		data, err := os.ReadFile("../" + path)
		if err != nil {
			t.Errorf("%s: URL %q: %v", a.Name, a.URL, err)
			continue
		}
		if !strings.Contains(string(data), "\n## "+anchor+"\n") {
			t.Errorf("%s: %s has no heading for #%s", a.Name, path, anchor)
		}
	}
}

func check(t *testing.T, path, got, want string) {
	t.Helper()
	if got == want {
		return
	}
	if *update {
		if err := os.WriteFile(path, []byte(want), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	t.Errorf("%s is stale; run go test ./cli -run GeneratedDocs -update", path)
}
