package prompts

import (
	"strings"
	"testing"
)

// bigTemplate builds a template of at least size bytes: the policies text
// interleaved with placeholders, conditionals and loops every few lines,
// denser in tags than real prompts.
func bigTemplate(size int, tags []string) string {
	lines := strings.Split(policies(), "\n")
	var b strings.Builder
	for i := 0; b.Len() < size; i++ {
		b.WriteString(lines[i%len(lines)])
		b.WriteString(" ")
		b.WriteString(tags[i%len(tags)])
		b.WriteString("\n")
	}
	return b.String()
}

var benchTags = map[string][]string{
	FormatJinja: {"{{ user.name }}", "{% if formal %}Sir.{% else %}Hi.{% endif %}", "{{ doc.title | upper }}",
		"{% for d in documents %}{{ d }}{% endfor %}", "{# note #}", "{{ company_name }}"},
	FormatGo: {"{{ .User.Name }}", "{{if .Formal}}Sir.{{else}}Hi.{{end}}", `{{ .Doc.Title | printf "%s" }}`,
		"{{range .Documents}}{{.}}{{end}}", "{{/* note */}}", "{{ .CompanyName }}"},
	FormatHandlebars: {"{{user.name}}", "{{#if formal}}Sir.{{else}}Hi.{{/if}}", "{{{doc.title}}}",
		"{{#each documents}}{{this}}{{/each}}", "{{! note }}", "{{company_name}}"},
}

func benchmarkRead(b *testing.B, format, path string) {
	data := []byte(bigTemplate(100<<10, benchTags[format]))
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		reqs, errs := Read(path, fileKind(path), data, Options{})
		if len(reqs) != 1 || len(errs) != 0 {
			b.Fatalf("%d requests, errors %v", len(reqs), errs)
		}
	}
}

// BenchmarkRead100KB parses and classifies a 100 KB template in each
// syntax.
func BenchmarkRead100KB(b *testing.B) {
	b.Run("jinja", func(b *testing.B) { benchmarkRead(b, FormatJinja, "big.j2") })
	b.Run("gotemplate", func(b *testing.B) { benchmarkRead(b, FormatGo, "big.tmpl") })
	b.Run("handlebars", func(b *testing.B) { benchmarkRead(b, FormatHandlebars, "big.hbs") })
}

// BenchmarkReadMarkdown100KB includes fence detection and detection of the
// syntax from content.
func BenchmarkReadMarkdown100KB(b *testing.B) {
	fence := "\n```json\n{\"answer\": \"{{ answer }}\"}\n```\n"
	data := []byte(bigTemplate(100<<10, append(benchTags[FormatJinja][:4:4], fence)))
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if reqs, errs := Read("big.md", fileKind("big.md"), data, Options{}); len(reqs) != 1 || len(errs) != 0 {
			b.Fatalf("%d requests, errors %v", len(reqs), errs)
		}
	}
}
