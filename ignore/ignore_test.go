package ignore

import (
	"path"
	"strings"
	"testing"

	"github.com/cachevet/cachevet/rules"
)

func TestMatch(t *testing.T) {
	for _, tc := range []struct {
		glob, name string
		want       bool
	}{
		{"prompts/support.md", "prompts/support.md", true},
		{"prompts/*.md", "prompts/support.md", true},
		{"prompts/*.md", "prompts/sub/support.md", false},
		{"prompts/**/*.md", "prompts/support.md", true},
		{"prompts/**/*.md", "prompts/a/b/support.md", true},
		{"prompts/**", "prompts/a/b.txt", true},
		{"**/legacy/*", "x/y/legacy/p.prompt", true},
		{"**/legacy/*", "legacy/p.prompt", true},
		{"*.prompt", "deep/dir/p.prompt", true}, // no slash: file name anywhere
		{"*.prompt", "deep/dir/p.md", false},
		{"./prompts/a.md", "prompts/a.md", true},
		{"prompts/a.md", "./prompts/a.md", true},
		{"prompts/[ab].md", "prompts/b.md", true},
		{"prompts/[", "prompts/[", false}, // malformed glob matches nothing
		{"prompts/a?.md", "prompts/ab.md", true},
		{"prompts", "prompts/a.md", false},
	} {
		if got := Match(tc.glob, tc.name); got != tc.want {
			t.Errorf("Match(%q, %q) = %v, want %v", tc.glob, tc.name, got, tc.want)
		}
	}
}

func TestApply(t *testing.T) {
	fs := []rules.Finding{
		{Rule: "PC001", Name: "volatile-prefix", Span: rules.Span{File: "prompts/a.md", Line: 1}},
		{Rule: "PC002", Name: "missing-breakpoint", Span: rules.Span{File: "prompts/a.md", Line: 2}},
		{Rule: "PC001", Name: "volatile-prefix", Span: rules.Span{File: "prompts/legacy/b.md", Line: 1}},
		{Rule: "PC004", Name: "too-many-breakpoints", Span: rules.Span{File: "requests/c.json", Line: 3}},
	}
	entries := []Entry{
		{Path: "prompts/a.md", Rule: "volatile-prefix", Reason: "date is the point of this prompt"},
		{Path: "prompts/legacy/**", Rule: "*", Reason: "legacy prompts, rewrite planned"},
		{Path: "requests/*.json", Rule: "PC009", Reason: "stale"},
		{Path: "prompts/**", Rule: "pc001", Reason: "overlaps the first two; still used"},
	}
	scanned := []string{"prompts/a.md", "prompts/legacy/b.md", "requests/c.json"}
	kept, unused := Apply(fs, entries, scanned, nil)
	if len(kept) != 2 || kept[0].Rule != "PC002" || kept[1].Rule != "PC004" {
		t.Errorf("kept = %v, want PC002 and PC004", kept)
	}
	if len(unused) != 1 || unused[0].Rule != "PC009" {
		t.Errorf("unused = %v, want the PC009 entry", unused)
	}
	if got := Unused(unused[0]); got != `ignore entry for PC009 on "requests/*.json" matches no finding; remove it` {
		t.Errorf("Unused = %q", got)
	}
	kept, unused = Apply(fs, nil, scanned, nil)
	if len(kept) != len(fs) || len(unused) != 0 {
		t.Error("no entries must keep everything")
	}
	// A stale entry for files the run did not read is not reported.
	_, unused = Apply(fs, entries, []string{"prompts/a.md"}, nil)
	if len(unused) != 0 {
		t.Errorf("unused = %v, want none: requests/ was not scanned", unused)
	}
	// Paths are matched as rel maps them.
	abs := func(p string) string { return strings.TrimPrefix(p, "/repo/") }
	kept, _ = Apply([]rules.Finding{{Rule: "PC001", Name: "volatile-prefix", Span: rules.Span{File: "/repo/prompts/a.md"}}}, entries[:1], nil, abs)
	if len(kept) != 0 {
		t.Errorf("kept = %v, want the finding ignored after rel", kept)
	}
}

func TestValidate(t *testing.T) {
	for glob, ok := range map[string]bool{"prompts/**/*.md": true, "[": false, "": false, "a/[b/c": false} {
		if err := Validate(glob); (err == nil) != ok {
			t.Errorf("Validate(%q) = %v", glob, err)
		}
	}
}

func FuzzMatch(f *testing.F) {
	f.Add("prompts/**/*.md", "prompts/a/b.md")
	f.Add("**/**/x", "x")
	f.Add("[", "a")
	f.Fuzz(func(t *testing.T, glob, name string) {
		if Match(glob, name) && Validate(glob) != nil {
			t.Errorf("a glob Validate rejects matched %q", name)
		}
		clean := path.Clean(glob) == glob && glob != "." && !strings.HasPrefix(glob, "..") && !strings.HasPrefix(glob, "/")
		if clean && Validate(glob) == nil && !hasMeta(glob) && !Match(glob, glob) {
			t.Errorf("literal glob %q does not match itself", glob)
		}
	})
}

func hasMeta(s string) bool {
	for _, c := range s {
		switch c {
		case '*', '?', '[', '\\':
			return true
		}
	}
	return false
}

// TestMatchManyDoubleStars is a glob that took exponential time when "**"
// was matched by backtracking; with the table it is instant.
func TestMatchManyDoubleStars(t *testing.T) {
	glob := strings.Repeat("**/a/", 12) + "b"
	name := strings.TrimSuffix(strings.Repeat("a/", 40), "/")
	if Match(glob, name) {
		t.Errorf("Match(%q, %q) = true", glob, name)
	}
	if !Match(glob, name+"/b") {
		t.Errorf("Match(%q, %q/b) = false", glob, name)
	}
}
