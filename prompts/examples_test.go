package prompts

import (
	"os"
	"testing"
)

func TestExampleBraces(t *testing.T) {
	P := policies()
	runRuleCases(t, []ruleCase{
		{name: "vue example ahead of long guidance is silent", path: "system.md",
			content: "You write storefront pages.\n\n<template>\n  <footer>&copy; {{ currentYear }} {{ shopName }}</footer>\n</template>\n\n" + P},
		{name: "angular markup paragraph is silent", path: "prompts/ui.txt",
			content: "An example list:\n<li *ngFor=\"let item of items\">{{ item.name }} at {{ now }}</li>\n\n" + P},
		{name: "handlebars inside a script element is silent", path: "system.md",
			content: "Server templates look like this:\n<script type=\"text/x-handlebars-template\">\n{{#if onSale}}{{salePrice}}{{else}}{{price}}{{/if}} {{timestamp}}\n</script>\n\n" + P},
		{name: "go template pasted without a fence is silent", path: "system.md",
			content: "A partial:\n\n{{ range .Pages }}\n<li><a href=\"{{ .RelPermalink }}\">{{ .Title }}</a> {{ .Date }}</li>\n{{ end }}\n\n" + P},
		{name: "javascript expression is silent", path: "system.md",
			content: "Greet the shopper as {{ user?.firstName || 'guest' }} in the header.\n\n" + P},
		{name: "indented markdown code is silent", path: "system.md",
			content: "Example:\n\n    Today is {{ .Date }}\n\n" + P},
		{name: "a real placeholder next to an example still fires", path: "system.md",
			content: "Now: {{ .Now }}.\n\n<template><p>{{ currentYear }}</p></template>\n\n" + P,
			want:    "PC001:warning", at: "{{ .Now }}", kind: "time"},
		{name: "xml prompt sections are not html", path: "system.md",
			content: "<documents>\n{{ retrieved_docs }}\n</documents>\n\n" + P,
			want:    "PC001:warning", at: "{{ retrieved_docs }}", kind: "documents"},
		{name: "a declared engine reads tags inside html", path: "page.hbs",
			content: "<div class=\"note\">Generated at {{timestamp}}</div>\n\n" + P,
			want:    "PC001:warning", at: "{{timestamp}}", kind: "time"},
		{name: "template_format overrides the evidence", path: "system.md", opts: Options{Format: "jinja"},
			content: "<template><p>{{ currentYear }}</p></template>\n\n" + P,
			want:    "PC001:info", at: "{{ currentYear }}", kind: "time"},
		{name: "rendered files keep their braces", path: "system.md", opts: Options{Rendered: true},
			content: "<template><p>{{ currentYear }}</p></template>\n\n" + P,
			want:    "PC001:info", at: "{{ currentYear }}", kind: "time"},
	})
}

// TestPatternLibraryFile is a pattern-library prompt that teaches web
// development with Vue, Angular, Handlebars and Go template examples. Read
// as a template it was a "changes every request" warning and a "{{else}}
// outside a block" error; it has no placeholders.
func TestPatternLibraryFile(t *testing.T) {
	path := "testdata/examples/patterns/build_storefront/system.md"
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if got := Detect(path, fileKind(path), data, Options{}); got != FormatPlain {
		t.Errorf("Detect = %q, want %q", got, FormatPlain)
	}
	fs, reqs, errs := checkFile(t, path, string(data), Options{})
	if len(errs) > 0 || len(fs) > 0 {
		t.Fatalf("errors %s findings %s, want none", errText(errs), summary(fs))
	}
	if s := slots(reqs); s != "" {
		t.Errorf("slots %s, want none", s)
	}
}

func TestExampleRanges(t *testing.T) {
	tests := []struct {
		name, text string
		md         bool
		want       []string // the example texts
	}{
		{"template element across paragraphs", "a\n\n<template>\n\n{{ x }}\n\n</template>\n\nb", false, []string{"<template>\n\n{{ x }}\n\n</template>\n"}},
		{"markup paragraph", "a\n<p>{{ x }}</p>\nb\n\nc", false, []string{"a\n<p>{{ x }}</p>\nb\n"}},
		{"not an element", "<templates>{{ x }}</templates>\n", false, nil},
		{"unclosed element is still markup", "<script>{{ x }}\n", false, []string{"<script>{{ x }}\n"}},
		{"attribute paragraph", "intro\n\n<x-card class=\"c\">{{ y }}</x-card>\nmore\n\nend", false, []string{"<x-card class=\"c\">{{ y }}</x-card>\nmore\n"}},
		{"xml section", "<context>{{ docs }}</context>\n", false, nil},
		{"js operator", "Hi {{ a?.b }}\n\nplain", false, []string{"Hi {{ a?.b }}\n"}},
		{"indented code in markdown", "x\n\n    {{ y }}\n    z\nw", true, []string{"    {{ y }}\n    z\n"}},
		{"indented text outside markdown", "x\n\n    {{ y }}\n", false, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for _, r := range exampleRanges(tt.text, tt.md) {
				got = append(got, tt.text[r[0]:r[1]])
			}
			if len(got) != len(tt.want) {
				t.Fatalf("got %q, want %q", got, tt.want)
			}
			for i := range got {
				if got[i] != tt.want[i] {
					t.Errorf("range %d = %q, want %q", i, got[i], tt.want[i])
				}
			}
		})
	}
}

// FuzzExampleRanges checks that example regions stay inside the text,
// sorted and disjoint, whatever the input.
func FuzzExampleRanges(f *testing.F) {
	for _, s := range []string{
		"<template>\n<p>{{ x }}</p>\n</template>",
		"<script type=\"text/x-handlebars-template\">{{#if a}}{{/if}}</script>",
		"x\n\n    {{ y }}\n\tz\n",
		"{{ a?.b }}\n\n<li *ngFor=\"let i of is\">{{ i }}</li>",
		"<", "</", "<pre", "{{", "<code></code><code>",
	} {
		f.Add(s, true)
	}
	f.Fuzz(func(t *testing.T, text string, md bool) {
		prev := -1
		for _, r := range exampleRanges(text, md) {
			if r[0] < 0 || r[1] > len(text) || r[0] >= r[1] || r[0] < prev {
				t.Fatalf("bad range %v (previous end %d) in %q", r, prev, text)
			}
			prev = r[1]
		}
	})
}

// TestNotATemplate: a file whose detected syntax breaks in several places
// was never rendered by that engine; it is prose about braces (here, the
// placeholders of another tool) and reads as plain text with no errors. One
// broken tag is a template's typo and stays an error; a declared engine
// always reports.
func TestNotATemplate(t *testing.T) {
	doc := "Use placeholders like {{BaseURL}} in paths.\n\nWhen using dsl you do not need {{ again inside a {{\n\n{{Path}} - replaced by the input path.\n"
	tests := []struct {
		name, path string
		opts       Options
		content    string
		errs, slot int
	}{
		{"prose about another tool's placeholders", "system.md", Options{}, doc, 0, 0},
		{"a template with one typo", "system.md", Options{}, "Today is {{ .Date\n\nBe brief.\n", 1, 0},
		{"declared engine reports every error", "system.md", Options{Format: FormatJinja}, doc, 2, -1},
		{"valid template keeps its slots", "system.md", Options{}, "Hello {{ name }}, today is {{ date }}.\n", 0, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			reqs, errs := Read(tt.path, fileKind(tt.path), []byte(tt.content), tt.opts)
			if len(errs) != tt.errs {
				t.Errorf("%d errors, want %d: %s", len(errs), tt.errs, errText(errs))
			}
			n := 0
			for _, p := range partsOf(reqs, false) {
				if p.Slot != nil {
					n++
				}
			}
			if tt.slot >= 0 && n != tt.slot {
				t.Errorf("%d slots, want %d: %s", n, tt.slot, slots(reqs))
			}
		})
	}
}
