package prompts

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cachevet/cachevet/rules"
)

// pos is an expected part: its text and span (1-based, byte columns, end
// exclusive).
type pos struct {
	text              string
	line, col, el, ec int
}

func partsOf(reqs []*rules.Request, slotsOnly bool) []rules.Part {
	var out []rules.Part
	for _, r := range reqs {
		for _, b := range r.Blocks {
			for _, p := range b.Parts {
				if p.Slot != nil || !slotsOnly {
					out = append(out, p)
				}
			}
		}
	}
	return out
}

func TestPositions(t *testing.T) {
	tests := []struct {
		file      string
		opts      Options
		slotsOnly bool
		want      []pos
	}{
		{file: "utf8.tmpl", slotsOnly: true, want: []pos{
			{"{{ .Date }}", 1, 20, 1, 31}, // after 19 bytes of "Grüße, 日本語 "
			{"{{ .User.Name }}", 2, 1, 2, 17},
		}},
		{file: "multi.j2", slotsOnly: true, want: []pos{
			{"{% for d in docs %}\n  - {{ d }}\n  {% endfor %}", 2, 3, 4, 15},
			{"{{ user.name }}", 5, 4, 5, 19},
		}},
		{file: "trim.tmpl", want: []pos{
			{"a", 1, 1, 1, 2},
			{"{{- .X -}}", 2, 1, 2, 11},
			{"b\n", 3, 3, 4, 1},
		}},
		{file: "hb.hbs", want: []pos{
			{"é ", 1, 1, 1, 4},
			{"{{{ctx}}}", 1, 4, 1, 13},
			{"\n", 1, 13, 2, 1},
			{"{{lit}} ", 2, 2, 2, 10}, // the backslash is not printed
			{"y ", 2, 19, 2, 21},
			{"{{z}}", 2, 21, 2, 26},
			{"\n", 2, 33, 3, 1},
		}},
		{file: "fs.txt", opts: Options{Format: "fstring"}, want: []pos{
			{"ün ", 1, 1, 1, 5},
			{"{x}", 1, 5, 1, 8},
			{" {", 1, 8, 1, 10}, // "{{" prints one brace: the part ends after the first
			{"y}", 1, 11, 1, 13},
			{" ", 1, 14, 1, 15},
			{"{z!r:>{w}}", 1, 15, 1, 25},
			{"\n", 1, 25, 2, 1},
		}},
		{file: "dollar.txt", slotsOnly: true, want: []pos{
			{"${ price }", 1, 8, 1, 18},
			{"${a.b}", 1, 23, 1, 29},
		}},
		{file: "lc.yaml", slotsOnly: true, want: []pos{
			{"{name}", 4, 8, 4, 14},
			{"{other}", 5, 7, 5, 14},
		}},
		{file: "folded.yaml", slotsOnly: true, want: []pos{
			{"{a}", 2, 3, 2, 6},
		}},
		{file: "model.prompt", slotsOnly: true, want: []pos{
			{"{{today}}", 5, 4, 5, 13},
			{"{{q}}", 7, 1, 7, 6},
		}},
		{file: "model.prompty", slotsOnly: true, want: []pos{
			{"{{ first_name }}", 8, 4, 8, 20},
			{"{{ question }}", 10, 1, 10, 15},
		}},
	}
	for _, tc := range tests {
		t.Run(tc.file, func(t *testing.T) {
			path := filepath.Join("testdata", "pos", tc.file)
			data, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			reqs, errs := Read(path, fileKind(path), data, tc.opts)
			if len(errs) > 0 {
				t.Fatalf("errors: %s", errText(errs))
			}
			got := partsOf(reqs, tc.slotsOnly)
			if len(got) != len(tc.want) {
				t.Fatalf("got %d parts, want %d: %+v", len(got), len(tc.want), got)
			}
			for i, w := range tc.want {
				p := got[i]
				s := p.Span
				if p.Text != w.text || s.Line != w.line || s.Col != w.col || s.EndLine != w.el || s.EndCol != w.ec || s.File != path {
					t.Errorf("part %d = %q %s:%d:%d-%d:%d, want %q %d:%d-%d:%d", i, p.Text, s.File, s.Line, s.Col, s.EndLine, s.EndCol, w.text, w.line, w.col, w.el, w.ec)
				}
			}
		})
	}
}

// TestJSONEscapePositions checks that parts of a JSON string map to the
// bytes that wrote them, past escapes that change their length.
func TestJSONEscapePositions(t *testing.T) {
	path := filepath.Join("testdata", "pos", "lc.json")
	data, _ := os.ReadFile(path)
	reqs, errs := Read(path, fileKind(path), data, Options{})
	if len(errs) > 0 {
		t.Fatal(errText(errs))
	}
	got := partsOf(reqs, false)
	src := string(data)
	want := []struct{ text, at string }{
		{"x\n", `x\n`},
		{"{a}", "{a}"},
		{" é ", ` \u00e9 `},
		{"{b}", "{b}"},
	}
	if len(got) != len(want) {
		t.Fatalf("parts %+v", got)
	}
	for i, w := range want {
		start := strings.Index(src, w.at) + 1
		if got[i].Text != w.text || got[i].Span.Line != 1 || got[i].Span.Col != start || got[i].Span.EndCol != start+len(w.at) {
			t.Errorf("part %d = %q at %d-%d, want %q at %d-%d", i, got[i].Text, got[i].Span.Col, got[i].Span.EndCol, w.text, start, start+len(w.at))
		}
	}
}

func TestModelFromFrontMatter(t *testing.T) {
	tests := []struct {
		file, model       string
		line, col, el, ec int
	}{
		{"model.prompt", "gemini-2.5-flash", 2, 17, 2, 33},
		{"model.prompty", "gpt-4o", 5, 12, 5, 18},
	}
	for _, tc := range tests {
		path := filepath.Join("testdata", "pos", tc.file)
		data, _ := os.ReadFile(path)
		reqs, errs := Read(path, fileKind(path), data, Options{})
		if len(errs) > 0 || len(reqs) != 1 {
			t.Fatalf("%s: %d requests, errors %s", tc.file, len(reqs), errText(errs))
		}
		r := reqs[0]
		s := r.ModelSpan
		if r.Model != tc.model || s.Line != tc.line || s.Col != tc.col || s.EndLine != tc.el || s.EndCol != tc.ec {
			t.Errorf("%s: model %q at %d:%d-%d:%d, want %q at %d:%d-%d:%d", tc.file, r.Model, s.Line, s.Col, s.EndLine, s.EndCol, tc.model, tc.line, tc.col, tc.el, tc.ec)
		}
	}
}
