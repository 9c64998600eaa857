package prompts

import (
	"sort"
	"strings"
)

// Example regions: a prompt that teaches web development shows components
// as examples (a Vue <template> with {{ currentYear }}, an Angular list, a
// Handlebars <script type="text/x-handlebars-template">, a Go template
// pasted into Markdown without a fence). Their braces are text the model
// reads, not placeholders of the prompt. When the file does not declare its
// template engine (extension, template_format:), these regions are literal
// text, like fenced code in Markdown:
//
//   - HTML example elements: <template>, <script>, <style>, <pre>, <code>,
//     <textarea>, from the opening tag to its closing tag;
//   - a paragraph (lines between blank lines) with HTML markup in it: a
//     known HTML element (<div>, <li>, <button>, …) or a framework
//     attribute (class=, v-if=, :key=, @click=, *ngFor=, onClick=, …), so
//     the template actions around the markup ({{ range .Pages }} …
//     {{ end }}) go with it;
//   - a paragraph whose tags are JavaScript expressions ({{ user?.name }},
//     {{ a === b }}, {{ items.map(x => x.id) }}): Jinja, Go and Handlebars
//     have no such operators;
//   - in Markdown, indented code blocks.
//
// XML-style prompt sections (<context>{{ documents }}</context>) are not
// HTML: their tag names are not HTML elements, so their placeholders stay.

// exampleElements are HTML elements whose content is shown, not rendered by
// the prompt's template engine.
var exampleElements = []string{"template", "script", "style", "pre", "code", "textarea"}

// htmlElements are element names that mark a line as web markup. Names that
// prompts use as section tags (context, example, document, section,
// article, header, main) are left out.
var htmlElements = set("div", "span", "p", "a", "ul", "ol", "li", "h1", "h2", "h3", "h4", "h5", "h6",
	"button", "footer", "nav", "img", "table", "thead", "tbody", "tr", "td", "th", "form", "label", "input",
	"select", "option", "br", "hr", "strong", "em", "b", "i", "small", "svg", "path", "template", "script",
	"style", "pre", "code", "textarea", "router-link", "router-view", "slot", "ng-container", "ng-template")

// htmlAttributes are attribute spellings that only web markup uses.
var htmlAttributes = []string{" class=", " classname=", " v-if=", " v-for=", " v-else", " v-model=", " v-bind:", " v-on:",
	" :key=", " :class=", " @click=", " *ngif=", " *ngfor=", " [(ngmodel)]", " (click)=", " onclick=", " href=", " src=", " style="}

// jsOperators are expression tokens of JavaScript that template engines of
// prompts do not have.
var jsOperators = []string{"?.", "===", "!==", "=>", "&&", "||", "$t(", "++", ".map(", ".filter("}

// exampleRanges returns the example regions of text, sorted and merged.
// markdown adds indented code blocks.
func exampleRanges(text string, markdown bool) [][2]int {
	var out [][2]int
	lower := asciiLower(text)
	for _, el := range exampleElements {
		for i := 0; ; {
			j := strings.Index(lower[i:], "<"+el)
			if j < 0 {
				break
			}
			start := i + j
			after := start + 1 + len(el)
			if after < len(lower) && lower[after] != '>' && lower[after] != ' ' && lower[after] != '\n' && lower[after] != '\t' {
				i = after // <templates>, <codex>: another word
				continue
			}
			k := strings.Index(lower[after:], "</"+el)
			if k < 0 {
				break // unclosed: not an example element
			}
			end := after + k + len("</"+el)
			if e := strings.IndexByte(lower[end:], '>'); e >= 0 {
				end += e + 1
			}
			out = append(out, [2]int{start, end})
			i = end
		}
	}
	for _, p := range paragraphs(text) {
		if htmlMarkup(lower[p[0]:p[1]]) || jsTags(text[p[0]:p[1]]) {
			out = append(out, p)
		}
	}
	if markdown {
		out = append(out, indentedCode(text)...)
	}
	return mergeRanges(out)
}

// asciiLower lowers ASCII letters only, so byte offsets stay those of text
// (strings.ToLower rewrites invalid UTF-8).
func asciiLower(s string) string {
	b := []byte(s)
	for i, c := range b {
		if c >= 'A' && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
}

// paragraphs splits text at blank lines.
func paragraphs(text string) [][2]int {
	var out [][2]int
	start := -1
	for i := 0; i < len(text); {
		e := strings.IndexByte(text[i:], '\n')
		next := len(text)
		if e >= 0 {
			next = i + e + 1
		}
		blank := strings.TrimSpace(text[i:next]) == ""
		switch {
		case blank && start >= 0:
			out = append(out, [2]int{start, i})
			start = -1
		case !blank && start < 0:
			start = i
		}
		i = next
	}
	if start >= 0 {
		out = append(out, [2]int{start, len(text)})
	}
	return out
}

// htmlMarkup reports whether lower-cased text holds an HTML element tag or
// a web framework attribute.
func htmlMarkup(lower string) bool {
	for _, a := range htmlAttributes {
		if strings.Contains(lower, a) {
			return true
		}
	}
	for i := 0; i < len(lower); i++ {
		if lower[i] != '<' {
			continue
		}
		j := i + 1
		if j < len(lower) && lower[j] == '/' {
			j++
		}
		k := j
		for k < len(lower) && (lower[k] >= 'a' && lower[k] <= 'z' || lower[k] >= '0' && lower[k] <= '9' || lower[k] == '-') {
			k++
		}
		if k > j && k < len(lower) && strings.IndexByte(" >/\n\t", lower[k]) >= 0 && htmlElements[lower[j:k]] {
			return true
		}
	}
	return false
}

// jsTags reports whether a {{ … }} tag in text is a JavaScript expression.
func jsTags(text string) bool {
	for i := 0; ; {
		j := strings.Index(text[i:], "{{")
		if j < 0 {
			return false
		}
		start := i + j + 2
		k := strings.Index(text[start:], "}}")
		if k < 0 {
			return false
		}
		inner := text[start : start+k]
		for _, op := range jsOperators {
			if strings.Contains(inner, op) {
				return true
			}
		}
		i = start + k + 2
	}
}

// indentedCode finds Markdown indented code blocks: runs of lines indented
// four spaces or a tab that follow a blank line.
func indentedCode(text string) [][2]int {
	var out [][2]int
	start, prevBlank := -1, true
	for i := 0; i < len(text); {
		e := strings.IndexByte(text[i:], '\n')
		next := len(text)
		if e >= 0 {
			next = i + e + 1
		}
		line := text[i:next]
		blank := strings.TrimSpace(line) == ""
		indented := strings.HasPrefix(line, "    ") || strings.HasPrefix(line, "\t")
		switch {
		case start >= 0 && !blank && !indented:
			out = append(out, [2]int{start, i})
			start = -1
		case start < 0 && indented && !blank && prevBlank:
			start = i
		}
		prevBlank = blank
		i = next
	}
	if start >= 0 {
		out = append(out, [2]int{start, len(text)})
	}
	return out
}

// mergeRanges sorts ranges and merges overlapping ones.
func mergeRanges(rs [][2]int) [][2]int {
	if len(rs) == 0 {
		return nil
	}
	sort.Slice(rs, func(i, j int) bool { return rs[i][0] < rs[j][0] })
	out := [][2]int{rs[0]}
	for _, r := range rs[1:] {
		last := &out[len(out)-1]
		if r[0] <= last[1] {
			last[1] = max(last[1], r[1])
			continue
		}
		out = append(out, r)
	}
	return out
}
