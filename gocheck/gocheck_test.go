package gocheck

import (
	"flag"
	"fmt"
	"go/ast"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis"

	"github.com/cachevet/cachevet/analyzers"
	"github.com/cachevet/cachevet/analyzers/cachevet"
	"github.com/cachevet/cachevet/rules"
)

// fakeSettings is what the fake config analyzer publishes.
type fakeSettings struct{ model, rpm, ttl, config string }

// fakeList builds a config analyzer with the real flag names and a main
// analyzer that reports one finding per function whose name starts with
// Prompt, carrying the settings in the message so tests can see them.
// panicOn names a package path on which the main analyzer panics.
func fakeList(panicOn string) []*analysis.Analyzer {
	s := &fakeSettings{}
	cfg := &analysis.Analyzer{
		Name:             "fakeconfig",
		Doc:              "fake settings",
		Run:              func(*analysis.Pass) (any, error) { return s, nil },
		RunDespiteErrors: true,
		ResultType:       reflect.TypeFor[*fakeSettings](),
	}
	cfg.Flags.StringVar(&s.model, "model", "", "model")
	cfg.Flags.StringVar(&s.rpm, "rpm", "1", "rpm")
	cfg.Flags.StringVar(&s.ttl, "ttl", "", "ttl")
	cfg.Flags.StringVar(&s.config, "config", "", "config")
	main := &analysis.Analyzer{
		Name:       "fakemain",
		Doc:        "fake findings",
		Requires:   []*analysis.Analyzer{cfg},
		ResultType: reflect.TypeFor[*cachevet.Result](),
		Run: func(pass *analysis.Pass) (any, error) {
			if pass.Pkg.Path() == panicOn {
				var m map[string]int
				m["boom"]++ // a nil-map write, as a buggy analyzer would do
			}
			got := pass.ResultOf[cfg].(*fakeSettings)
			return &cachevet.Result{Findings: promptFindings(pass, got)}, nil
		},
	}
	return []*analysis.Analyzer{cfg, main}
}

func promptFindings(pass *analysis.Pass, s *fakeSettings) []rules.Finding {
	var out []rules.Finding
	for _, f := range pass.Files {
		for _, d := range f.Decls {
			fd, ok := d.(*ast.FuncDecl)
			if !ok || !strings.HasPrefix(fd.Name.Name, "Prompt") {
				continue
			}
			p := pass.Fset.Position(fd.Name.Pos())
			msg := fmt.Sprintf("%s model=%s rpm=%s ttl=%s config=%s", fd.Name.Name, s.model, s.rpm, s.ttl, s.config)
			out = append(out, rules.Finding{Rule: "PC001", Span: rules.Span{File: p.Filename, Line: p.Line, Col: p.Column}, Message: msg})
		}
	}
	return out
}

// site is a finding or error reduced to what the tests compare.
func site(dir string, sp rules.Span, text string) string {
	rel, err := filepath.Rel(dir, sp.File)
	if err != nil || strings.HasPrefix(rel, "..") {
		rel = sp.File
	}
	return fmt.Sprintf("%s:%d:%d %s", filepath.ToSlash(rel), sp.Line, sp.Col, text)
}

func TestRunFake(t *testing.T) {
	dir, err := filepath.Abs(filepath.Join("testdata", "mod"))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name     string
		opts     Options
		panicOn  string
		findings []string
		errors   []string
	}{
		{
			name: "one package, sorted by line",
			opts: Options{Patterns: []string{"./good"}},
			findings: []string{
				"good/good.go:5:6 PromptB model= rpm=1 ttl= config=",
				"good/good.go:8:6 PromptA model= rpm=1 ttl= config=",
			},
		},
		{
			name: "settings reach the config analyzer",
			opts: Options{Patterns: []string{"./other"}, Model: "gpt-4o", RPM: 2.5, TTL: "1h", ConfigPath: "/x/.cachevet.yaml"},
			findings: []string{
				"other/other.go:5:6 PromptOther model=gpt-4o rpm=2.5 ttl=1h config=/x/.cachevet.yaml",
			},
		},
		{
			name: "settings of an earlier run do not leak",
			opts: Options{Patterns: []string{"./other"}},
			findings: []string{
				"other/other.go:5:6 PromptOther model= rpm=1 ttl= config=",
			},
		},
		{
			name: "tests: the test variant adds its file, the shared file is reported once",
			opts: Options{Patterns: []string{"./good"}, Tests: true},
			findings: []string{
				"good/good.go:5:6 PromptB model= rpm=1 ttl= config=",
				"good/good.go:8:6 PromptA model= rpm=1 ttl= config=",
				"good/good_test.go:6:6 PromptFromTest model= rpm=1 ttl= config=",
			},
		},
		{
			name: "broken packages are errors, the rest is analyzed, also a package above a broken one",
			opts: Options{Patterns: []string{"./..."}},
			findings: []string{
				"abovebroken/above.go:8:6 PromptAbove model= rpm=1 ttl= config=",
				"good/good.go:5:6 PromptB model= rpm=1 ttl= config=",
				"good/good.go:8:6 PromptA model= rpm=1 ttl= config=",
				"other/other.go:5:6 PromptOther model= rpm=1 ttl= config=",
			},
			errors: []string{
				"broken/broken.go:5:37 cannot use 42 (untyped int constant) as string value in return statement",
				"syntax/syntax.go:5:9 malformed constant",
				"syntax/syntax.go:5:9 string literal not terminated",
			},
		},
		{
			name: "what a named package imports from its own module is analyzed with it",
			opts: Options{Patterns: []string{"./cmdapp"}},
			findings: []string{
				"good/good.go:5:6 PromptB model= rpm=1 ttl= config=",
				"good/good.go:8:6 PromptA model= rpm=1 ttl= config=",
			},
		},
		{
			name:    "an analyzer panic is an error of its package",
			opts:    Options{Patterns: []string{"./good", "./other"}},
			panicOn: "example.com/mod/good",
			findings: []string{
				"other/other.go:5:6 PromptOther model= rpm=1 ttl= config=",
			},
			errors: []string{
				"good/good.go:0:0 analyzer fakemain failed on package example.com/mod/good: panic: assignment to entry in nil map",
			},
		},
		{
			name:   "a pattern that matches nothing is an error, not a crash",
			opts:   Options{Patterns: []string{"./nosuchdir"}},
			errors: []string{"./nosuchdir:0:0 stat "},
		},
	}
	list := fakeList("")
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l := list
			if tt.panicOn != "" {
				l = fakeList(tt.panicOn)
			}
			tt.opts.Dir = dir
			fs, errs, err := run(tt.opts, l)
			if err != nil {
				t.Fatal(err)
			}
			var gotF, gotE []string
			for _, f := range fs {
				gotF = append(gotF, site(dir, f.Span, f.Message))
			}
			for _, e := range errs {
				gotE = append(gotE, site(dir, e.Span, e.Message))
			}
			if !slices.Equal(gotF, tt.findings) {
				t.Errorf("findings:\n%s\nwant:\n%s", strings.Join(gotF, "\n"), strings.Join(tt.findings, "\n"))
			}
			if !prefixesMatch(gotE, tt.errors) {
				t.Errorf("errors:\n%s\nwant prefixes:\n%s", strings.Join(gotE, "\n"), strings.Join(tt.errors, "\n"))
			}
		})
	}
}

// prefixesMatch compares errors by prefix: the go command's and the
// checker's wording after the essential part is theirs to change.
func prefixesMatch(got, want []string) bool {
	if len(got) != len(want) {
		return false
	}
	for i := range got {
		if !strings.HasPrefix(got[i], want[i]) {
			return false
		}
	}
	return true
}

func TestRunBadOptions(t *testing.T) {
	dir := filepath.Join("testdata", "mod")
	tests := []struct {
		name string
		opts Options
		want string
	}{
		{"negative rpm", Options{Dir: dir, Patterns: []string{"./other"}, RPM: -1}, "rpm -1 is negative"},
		{"missing dir", Options{Dir: filepath.Join(dir, "nope"), Patterns: []string{"./..."}}, "loading packages"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := run(tt.opts, fakeList(""))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err = %v, want it to contain %q", err, tt.want)
			}
		})
	}
}

func TestRunNoFindingsAnalyzer(t *testing.T) {
	list := fakeList("")[:1]
	if _, _, err := run(Options{Dir: filepath.Join("testdata", "mod")}, list); err == nil {
		t.Fatal("want an error for a list without the findings analyzer")
	}
}

func TestSetFlagUnknown(t *testing.T) {
	var a analysis.Analyzer
	a.Flags = *flag.NewFlagSet("x", flag.ContinueOnError)
	if err := setFlag([]*analysis.Analyzer{&a}, "model", "gpt-4o"); err == nil {
		t.Fatal("want an error when no analyzer takes the setting")
	}
	if err := setFlag([]*analysis.Analyzer{&a}, "model", ""); err != nil {
		t.Fatalf("an empty unknown setting is fine: %v", err)
	}
}

func TestParsePos(t *testing.T) {
	tests := []struct {
		in   string
		want rules.Span
	}{
		{"", rules.Span{}},
		{"-", rules.Span{}},
		{"/a/b.go:3:7", rules.Span{File: "/a/b.go", Line: 3, Col: 7}},
		{"/a/b.go:3", rules.Span{File: "/a/b.go", Line: 3}},
		{"/a/b.go", rules.Span{File: "/a/b.go"}},
		{`C:\x\b.go:12:1`, rules.Span{File: `C:\x\b.go`, Line: 12, Col: 1}},
		{"/a:b/c.go:2:4", rules.Span{File: "/a:b/c.go", Line: 2, Col: 4}},
		{"/a/b.go:x:4", rules.Span{File: "/a/b.go:x", Line: 4}},
		{"/a/b.go:0:0", rules.Span{File: "/a/b.go:0:0"}},
	}
	for _, tt := range tests {
		if got := parsePos(tt.in); got != tt.want {
			t.Errorf("parsePos(%q) = %+v, want %+v", tt.in, got, tt.want)
		}
	}
}

func FuzzParsePos(f *testing.F) {
	for _, s := range []string{"", "a.go:1:2", "a.go:1", `C:\a.go:3:4`, "::", "a:-1:2", "a.go:99999999999999999999:1"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		sp := parsePos(s)
		if sp.Line < 0 || sp.Col < 0 || (sp.Col > 0 && sp.Line == 0) {
			t.Fatalf("parsePos(%q) = %+v", s, sp)
		}
		if sp.Line > 0 && !strings.HasPrefix(s, sp.File+":") {
			t.Fatalf("parsePos(%q) file %q is not a prefix", s, sp.File)
		}
	})
}

// TestAllHasFindingsAndSettings pins the contract with the analyzers
// package: one analyzer returns *cachevet.Result and one takes every
// setting flag gocheck sets.
func TestAllHasFindingsAndSettings(t *testing.T) {
	list := analyzers.All()
	if _, err := findingsAnalyzer(list); err != nil {
		t.Fatal(err)
	}
	for _, name := range settingFlags {
		owners := 0
		for _, a := range list {
			if a.Flags.Lookup(name) != nil {
				owners++
			}
		}
		if owners != 1 {
			t.Errorf("setting %s is a flag of %d analyzers, want 1", name, owners)
		}
	}
	if err := analysis.Validate(list); err != nil {
		t.Fatal(err)
	}
}
