package gocheck

import (
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/cachevet/cachevet/analyzers"
)

// TestRunDespiteTypeErrors checks a package that imports a module the go
// command cannot find (a private or vanished dependency): every use of it
// is a type error, and the prompt it sends is still checked. The finding
// is reported and the missing import is an error entry.
func TestRunDespiteTypeErrors(t *testing.T) {
	dir, err := filepath.Abs(filepath.Join("testdata", "despite"))
	if err != nil {
		t.Fatal(err)
	}
	fs, errs, err := run(Options{Dir: dir, Patterns: []string{"./..."}, Env: goEnv}, analyzers.All())
	if err != nil {
		t.Fatal(err)
	}
	var gotF, gotE []string
	for _, f := range fs {
		gotF = append(gotF, site(dir, f.Span, string(f.Rule)))
	}
	for _, e := range errs {
		gotE = append(gotE, site(dir, e.Span, e.Message))
	}
	wantF := []string{"agent/agent.go:41:29 PC001"}
	wantE := []string{
		"agent/agent.go:10:2 could not import example.com/vanished/dscope",
		"agent/agent.go:10:2 cannot find module providing package example.com/vanished/dscope",
	}
	if !slices.Equal(gotF, wantF) {
		t.Errorf("findings:\n%s\nwant:\n%s", strings.Join(gotF, "\n"), strings.Join(wantF, "\n"))
	}
	if !prefixesMatch(gotE, wantE) {
		t.Errorf("errors:\n%s\nwant prefixes:\n%s", strings.Join(gotE, "\n"), strings.Join(wantE, "\n"))
	}
}
