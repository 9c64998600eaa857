package prompts

import (
	"errors"
	"github.com/cachevet/cachevet/internal/textpos"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/cachevet/cachevet/rules"
)

// seed adds every fixture matching the globs, plus inline seeds.
func seed(f *testing.F, globs []string, extra ...string) {
	for _, g := range globs {
		files, _ := filepath.Glob(filepath.Join("testdata", g))
		for _, p := range files {
			if strings.HasSuffix(p, ".golden") {
				continue
			}
			if b, err := os.ReadFile(p); err == nil {
				f.Add(b)
			}
		}
	}
	for _, s := range extra {
		f.Add([]byte(s))
	}
}

// offsets turns a span into byte offsets, failing when it lies outside the
// file.
func offsets(t *testing.T, data string, lines []int, s rules.Span) (int, int) {
	t.Helper()
	at := func(line, col int) int {
		if line < 1 || line > len(lines) || col < 1 {
			t.Fatalf("span %v outside the file (%d lines)", s, len(lines))
		}
		off := lines[line-1] + col - 1
		limit := len(data)
		if line < len(lines) {
			limit = lines[line] // the position just past the line's newline is the next line's start
		}
		if off > limit {
			t.Fatalf("span %v: column past the end of line %d", s, line)
		}
		return off
	}
	a := at(s.Line, s.Col)
	b := a
	if s.EndLine != 0 {
		b = at(s.EndLine, s.EndCol)
	}
	if b < a {
		t.Fatalf("span %v ends before it starts", s)
	}
	return a, b
}

func lineStarts(data string) []int {
	ls := []int{0}
	for i := 0; i < len(data); i++ {
		if data[i] == '\n' {
			ls = append(ls, i+1)
		}
	}
	return ls
}

// checkSpans checks every span of the result lies inside the file, and
// returns the parts with their offsets.
type located struct {
	p          rules.Part
	start, end int
}

func checkSpans(t *testing.T, path, data string, reqs []*rules.Request, errs []*rules.InputError) []located {
	t.Helper()
	lines := lineStarts(data)
	for _, e := range errs {
		if e.Span.File != path {
			t.Fatalf("error names %q, want %q: %v", e.Span.File, path, e)
		}
		if e.Span.Line > 0 {
			offsets(t, data, lines, e.Span)
		}
	}
	var out []located
	for _, r := range reqs {
		if r.File != path || r.Source != "template" || r.BreakpointsKnown {
			t.Fatalf("bad request header %+v", r)
		}
		if r.Model != "" {
			offsets(t, data, lines, r.ModelSpan)
		}
		if len(r.Blocks) == 0 {
			t.Fatal("request without blocks")
		}
		for _, b := range r.Blocks {
			offsets(t, data, lines, b.Span)
			if len(b.Parts) == 0 {
				t.Fatal("block without parts")
			}
			for _, p := range b.Parts {
				if p.Span.File != path {
					t.Fatalf("part names %q", p.Span.File)
				}
				a, e := offsets(t, data, lines, p.Span)
				out = append(out, located{p, a, e})
			}
		}
	}
	return out
}

// checkTemplate runs one syntax over arbitrary input and checks:
// no panic; the same input gives the same result; every span is inside the
// file; every part's text is exactly the source bytes it spans (escapes
// split parts rather than change text); parts do not overlap; and when the
// lexer reported nothing, no text part still holds an opener it should have
// read as a tag.
func checkTemplate(t *testing.T, data []byte, format string, openers []string, unless []string) {
	const path = "fuzz.tpl" // no fences: a .txt file has example fences (hasFences)
	opts := Options{Format: format}
	reqs, errs := Read(path, fileKind(path), data, opts)
	reqs2, errs2 := Read(path, fileKind(path), data, opts)
	if !reflect.DeepEqual(reqs, reqs2) || !reflect.DeepEqual(errs, errs2) {
		t.Fatal("two reads differ")
	}
	s := string(data)
	parts := checkSpans(t, path, s, reqs, errs)
	expands := format == FormatGo && (strings.Contains(s, "template") || strings.Contains(s, "define") || strings.Contains(s, "block"))
	last := 0
	for _, lp := range parts {
		if got := clean(s[lp.start:lp.end]); lp.p.Text != got {
			t.Fatalf("part text %q, source at %v is %q", lp.p.Text, lp.p.Span, got)
		}
		if !expands {
			if lp.start < last {
				t.Fatalf("part at %v overlaps or precedes the previous one", lp.p.Span)
			}
			last = lp.end
		}
	}
	onlyUTF8 := len(errs) == 0 || len(errs) == 1 && strings.HasPrefix(errs[0].Message, "invalid UTF-8")
	if !onlyUTF8 {
		return
	}
	for _, u := range unless {
		if strings.Contains(s, u) {
			return
		}
	}
	for _, lp := range parts {
		if lp.p.Slot != nil {
			continue
		}
		for _, o := range openers {
			if strings.Contains(lp.p.Text, o) {
				t.Fatalf("text part %q at %v holds %q with no error reported", lp.p.Text, lp.p.Span, o)
			}
		}
	}
}

func FuzzGoTemplate(f *testing.F) {
	seed(f, []string{"golden/*.tmpl", "golden/*.gotmpl", "pos/*.tmpl"},
		"{{if .A}}x{{else if .B}}y{{else}}z{{end}}", "{{- /* c */ -}}", "{{ $x := .Date }}{{ $x }}",
		"{{range $i, $e := .Docs}}{{$e}}{{end}}", "{{with .User}}{{.Name}}{{end}}", `{{ "}}" }}`, "{{`a\nb`}}",
		`{{define "a"}}{{template "a"}}{{end}}{{template "a"}}`, "{{ . }}", "{{.}}{{", "a{{end}}")
	f.Fuzz(func(t *testing.T, data []byte) {
		checkTemplate(t, data, FormatGo, []string{"{{"}, nil)
	})
}

func FuzzJinja(f *testing.F) {
	seed(f, []string{"golden/*.j2", "golden/*.liquid", "pos/*.j2"},
		"{% for a, b in x.items() if b %}{{ a }}{% else %}none{% endfor %}", "{%- if a -%}x{%+ endif +%}",
		"{{ {'a': {'b': 1}} }}", `{{ "%}" }}`, "{# c #}{% raw %}{{x}}{% endraw %}", "{% set x %}{{ now() }}{% endset %}{{ x }}",
		"{% macro m(a) %}{{ a }}{% endmacro %}{{ m(1) }}", "{% with a = b, c = d %}{{ a }}{% endwith %}", "{% foo %}x{% endfoo %}")
	f.Fuzz(func(t *testing.T, data []byte) {
		checkTemplate(t, data, FormatJinja, []string{"{{", "{%", "{#"}, []string{"raw", "comment"})
	})
}

func FuzzHandlebars(f *testing.F) {
	seed(f, []string{"golden/*.hbs", "golden/*.mustache", "pos/*.hbs"},
		"{{#each a as |x i|}}{{x}}{{else}}none{{/each}}", "{{~#if a~}}x{{~/if~}}", "{{!-- }} --}}", "{{{a}}}{{&b}}",
		`{{> (lookup . "p") ctx}}`, "{{#> layout}}x{{/layout}}", "{{{{raw}}}}{{x}}{{{{/raw}}}}", "{{=<% %>=}}<% a %>",
		`\{{a}}`, "{{^a}}x{{/a}}", "{{#*inline \"p\"}}x{{/inline}}", `{{helper "}}" key=val}}`)
	f.Fuzz(func(t *testing.T, data []byte) {
		checkTemplate(t, data, FormatHandlebars, []string{"{{"}, []string{`\{{`, "{{=", "{{{{"})
	})
}

func FuzzFString(f *testing.F) {
	seed(f, []string{"pos/fs.txt"},
		"{a} {{b}} {c.d[e]!r:>{w}}", "{", "}", "{{}}", "{0}{}", `{"a": 1}`, "{a:{b:{c}}}", "{a\n}")
	f.Fuzz(func(t *testing.T, data []byte) {
		checkTemplate(t, data, FormatFString, nil, nil)
		reqs, errs := Read("fuzz.txt", fileKind("fuzz.txt"), data, Options{Format: FormatFString})
		if len(errs) > 0 {
			return
		}
		// Text parts hold a lone brace only as the printed half of an
		// escape: the last byte, with its twin right after it in the source.
		s := string(data)
		for _, lp := range checkSpans(t, "fuzz.txt", s, reqs, errs) {
			if lp.p.Slot != nil {
				continue
			}
			for k := 0; k < len(lp.p.Text); k++ {
				c := lp.p.Text[k]
				if c != '{' && c != '}' {
					continue
				}
				if k != len(lp.p.Text)-1 || lp.end >= len(s) || s[lp.end] != c {
					t.Fatalf("text part %q holds an unescaped %q", lp.p.Text, c)
				}
			}
		}
	})
}

func FuzzDollar(f *testing.F) {
	seed(f, []string{"golden/dollar.txt", "pos/dollar.txt"},
		"${a} $${b} \\${c} ${ {x: 1} } ${'}'} ${", "$$${a}", "\\\\${a}",
		"${ xs.map((x) => `Name: ${x.name} ${`in ${x.dir}`}`).join() }", "${ `unclosed ${a", "${ `\\`${b}` }")
	f.Fuzz(func(t *testing.T, data []byte) {
		checkTemplate(t, data, FormatDollar, []string{"${"}, []string{`\${`, "$${"})
	})
}

func FuzzDoubleBrace(f *testing.F) {
	seed(f, []string{"golden/example.md"}, "{{ a }} {% b %} {# c #}", "{{ a | b(c) }}")
	f.Fuzz(func(t *testing.T, data []byte) {
		checkTemplate(t, data, FormatDoubleBrace, []string{"{{"}, nil)
	})
}

// FuzzPlain checks the plain reader: the parts' text is the input.
func FuzzPlain(f *testing.F) {
	seed(f, []string{"golden/plain.txt", "policies.txt"}, "", "a\r\nb", "\xff")
	f.Fuzz(func(t *testing.T, data []byte) {
		checkTemplate(t, data, FormatPlain, nil, nil)
		reqs, errs := Read("fuzz.txt", fileKind("fuzz.txt"), data, Options{Format: FormatPlain})
		if len(errs) > 0 || strings.TrimSpace(string(data)) == "" {
			return
		}
		var b strings.Builder
		for _, lp := range checkSpans(t, "fuzz.txt", string(data), reqs, errs) {
			b.WriteString(lp.p.Text)
		}
		if b.String() != string(data) {
			t.Fatalf("parts %q, input %q", b.String(), data)
		}
	})
}

// FuzzMarkdown reads input as a Markdown prompt with detection: fences make
// literal ranges, which must not break any invariant.
func FuzzMarkdown(f *testing.F) {
	seed(f, []string{"golden/*.md"}, "```\n{{ a }}\n```\n{{ b }}", "~~~~\n```\n{{ c }}\n~~~~", "   ```js `x`\n{% if %}")
	f.Fuzz(func(t *testing.T, data []byte) {
		reqs, errs := Read("fuzz.md", fileKind("fuzz.md"), data, Options{})
		parts := checkSpans(t, "fuzz.md", string(data), reqs, errs)
		for _, lp := range parts {
			if got := clean(string(data[lp.start:lp.end])); lp.p.Text != got {
				t.Fatalf("part text %q, source %q", lp.p.Text, got)
			}
		}
	})
}

// checkFrontMatterFile checks the readers of files with front matter:
// spans inside the file and parts that are exact source slices (bodies
// are read in place).
func checkFrontMatterFile(t *testing.T, path string, data []byte) {
	reqs, errs := Read(path, fileKind(path), data, Options{})
	reqs2, errs2 := Read(path, fileKind(path), data, Options{})
	if !reflect.DeepEqual(reqs, reqs2) || !reflect.DeepEqual(errs, errs2) {
		t.Fatal("two reads differ")
	}
	for _, lp := range checkSpans(t, path, string(data), reqs, errs) {
		if got := clean(string(data[lp.start:lp.end])); lp.p.Text != got {
			t.Fatalf("part text %q, source %q", lp.p.Text, got)
		}
	}
}

func FuzzDotprompt(f *testing.F) {
	seed(f, []string{"golden/*.prompt", "pos/*.prompt"},
		"---\nmodel: a/b\n---\n{{role \"system\"}}x{{history}}{{role \"user\"}}{{q}}", "# c\n\n---\n---\n", "---\n: :\n---\n{{media url=x}}")
	f.Fuzz(func(t *testing.T, data []byte) {
		checkFrontMatterFile(t, "fuzz.prompt", data)
	})
}

func FuzzPrompty(f *testing.F) {
	seed(f, []string{"golden/*.prompty", "pos/*.prompty"},
		"---\nmodel: gpt-4o\n---\nsystem:\nx\nuser:\n{{q}}\n![thread]\n", "---\ntemplate: mustache\n---\nuser[a=\"b\"]:\n{{#x}}{{/x}}")
	f.Fuzz(func(t *testing.T, data []byte) {
		checkFrontMatterFile(t, "fuzz.prompty", data)
	})
}

// FuzzStructured reads YAML and JSON: a result is either ErrNotPrompt alone
// or requests and errors whose spans lie inside the file.
func FuzzStructured(f *testing.F) {
	seed(f, []string{"golden/*.yaml", "golden/*.json", "pos/*.yaml", "pos/*.json"},
		"_type: prompt\ntemplate: \"a\\u00e9\\\n  {b}\"\ninput_variables: []\n", "template: >-\n  a\n\n  {b}\ninput_variables: [b]\n",
		"template: 'it''s {x}'\ninput_variables: [x]\n", "_type: few_shot\nexamples: ex.json\nsuffix: '{q}'\n")
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, path := range []string{"fuzz.yaml", "fuzz.json"} {
			reqs, errs, err := ReadStructured(textpos.NewDoc(path, fileKind(path), data), Options{})
			if err != nil {
				if !errors.Is(err, ErrNotPrompt) || reqs != nil || errs != nil {
					t.Fatalf("%s: error %v with results", path, err)
				}
				continue
			}
			checkSpans(t, path, string(data), reqs, errs)
		}
	})
}
