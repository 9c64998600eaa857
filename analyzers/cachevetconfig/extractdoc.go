package cachevetconfig

import "strings"

// extractDoc returns the text of the "# Analyzer name" section of a
// package doc comment held in content (a doc.go file), without comment
// markers: the "name: title" line becomes the title line. It panics on a
// missing section, which TestDoc catches.
func extractDoc(content, name string) string {
	var lines []string
	in := false
	for _, l := range strings.Split(content, "\n") {
		if !strings.HasPrefix(l, "//") {
			if in {
				break
			}
			continue
		}
		l = strings.TrimPrefix(strings.TrimPrefix(l, "//"), " ")
		if strings.HasPrefix(l, "# ") {
			if in {
				break
			}
			in = l == "# Analyzer "+name
			continue
		}
		if in {
			lines = append(lines, l)
		}
	}
	text := strings.TrimSpace(strings.Join(lines, "\n"))
	title, rest, _ := strings.Cut(text, "\n")
	title, ok := strings.CutPrefix(title, name+": ")
	if !ok {
		panic("doc for analyzer " + name + " lacks a \"" + name + ": title\" line")
	}
	return strings.TrimSpace(title + "\n" + rest)
}

// ExtractDoc is extractDoc for the other cachevet analyzers.
func ExtractDoc(content, name string) string { return extractDoc(content, name) }
