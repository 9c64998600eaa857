package prompts

import (
	"path/filepath"
	"strings"
)

// isMarkdown reports whether a path names a Markdown file: .md, .markdown,
// .mdx, .mdc, or a template of one (system.md.tmpl, prompt.md.j2).
func isMarkdown(path string) bool {
	base := strings.ToLower(filepath.Base(path))
	switch filepath.Ext(base) {
	case ".md", ".markdown", ".mdx", ".mdc":
		return true
	}
	return strings.Contains(base, ".md.") || strings.Contains(base, ".markdown.")
}

// hasFences reports whether fenced code blocks in a file are example text
// when no template engine renders the file as a whole: Markdown, and plain
// text prompts (.txt, .text), which paste code examples in fences the same
// way.
func hasFences(path string) bool {
	if isMarkdown(path) {
		return true
	}
	switch strings.ToLower(filepath.Ext(path)) {
	case ".txt", ".text":
		return true
	}
	return false
}

// fence is a fenced code block: the whole block and its content lines.
type fence struct {
	start, end         int
	bodyStart, bodyEnd int
}

// fences finds CommonMark fenced code blocks (``` or ~~~, three or more,
// indented at most three spaces) in text[from:to]. An unclosed fence runs
// to the end, as CommonMark says.
func fences(text string, from, to int) []fence {
	var out []fence
	var open *fence
	var ch byte
	var n int
	for i := from; i < to; {
		e := strings.IndexByte(text[i:to], '\n')
		next := to
		if e < 0 {
			e = to
		} else {
			e += i
			next = e + 1
		}
		line := text[i:e]
		if open == nil {
			if c, cnt, ok := fenceOpen(line); ok {
				open = &fence{start: i, bodyStart: next}
				ch, n = c, cnt
			}
		} else if fenceClose(line, ch, n) {
			open.bodyEnd, open.end = i, next
			out = append(out, *open)
			open = nil
		}
		i = next
	}
	if open != nil {
		open.bodyEnd, open.end = to, to
		out = append(out, *open)
	}
	return out
}

// fenceRun strips up to three spaces of indentation and measures a run of
// backticks or tildes.
func fenceRun(line string) (c byte, n int, rest string, ok bool) {
	line = strings.TrimRight(line, "\r")
	i := 0
	for i < len(line) && i < 3 && line[i] == ' ' {
		i++
	}
	if i >= len(line) || line[i] != '`' && line[i] != '~' {
		return 0, 0, "", false
	}
	c = line[i]
	j := i
	for j < len(line) && line[j] == c {
		j++
	}
	return c, j - i, line[j:], j-i >= 3
}

func fenceOpen(line string) (byte, int, bool) {
	c, n, rest, ok := fenceRun(line)
	if !ok || c == '`' && strings.IndexByte(rest, '`') >= 0 {
		return 0, 0, false
	}
	return c, n, true
}

func fenceClose(line string, c byte, n int) bool {
	d, m, rest, ok := fenceRun(line)
	return ok && d == c && m >= n && strings.TrimSpace(rest) == ""
}

// literalRanges returns the fenced blocks of a Markdown prompt whose braces
// are example text. A fence that holds nothing but template tags (```
// {{ diff }} ```) wraps a rendered value, so its tags stay slots.
func literalRanges(src *source, from, to int, syn *syntax) [][2]int {
	var out [][2]int
	for _, fc := range fences(src.text, from, to) {
		if onlyTags(src, fc.bodyStart, fc.bodyEnd, syn) {
			continue
		}
		out = append(out, [2]int{fc.start, fc.end})
	}
	return out
}

func onlyTags(src *source, from, to int, syn *syntax) bool {
	if syn.lex == nil || from >= to {
		return false
	}
	var el errList
	tags := 0
	for _, it := range syn.lex(src, from, to, &el) {
		if it.tag == nil {
			if strings.TrimSpace(src.text[it.start:it.end]) != "" {
				return false
			}
			continue
		}
		tags++
	}
	return tags > 0 && len(el.errs) == 0
}
