package prompts

import (
	"strings"

	"github.com/cachevet/cachevet/internal/textpos"
	"github.com/cachevet/cachevet/rules"
)

// splitFrontMatter finds YAML front matter between "---" lines at the top
// of a file. Dotprompt allows blank lines and # comment lines before it
// (license headers); skipComments says so. It returns the parsed front
// matter (nil when there is none or it does not parse) and where the body
// starts. Errors are reported at their file line and column, and the body
// is read either way.
func splitFrontMatter(f *file, skipComments bool, el *errList) (root *textpos.Node, bodyStart int) {
	i := 0
	if strings.HasPrefix(f.data, "\ufeff") {
		i = 3 // a byte order mark written by some editors
	}
	for skipComments && i < len(f.data) {
		line, next := lineAt(f.data, i)
		t := strings.TrimSpace(line)
		if t != "" && !strings.HasPrefix(t, "#") {
			break
		}
		i = next
	}
	line, next := lineAt(f.data, i)
	if !isDashes(line) {
		return nil, 0
	}
	open := i
	yamlStart := next
	for j := next; j < len(f.data); {
		l, n := lineAt(f.data, j)
		if isDashes(l) {
			root, err := frontMatterTree(f, yamlStart, j)
			if err != nil {
				el.add(f.at(err.Off), "invalid YAML: %s", err.Msg)
				return nil, n
			}
			if root != nil && !root.IsObject() {
				el.add(f.at(root.Start), "front matter is not a YAML mapping")
				return nil, n
			}
			return root, n
		}
		j = n
	}
	el.add(f.at(open), "front matter opened here is never closed with a --- line; the file is read as a template")
	return nil, 0
}

// frontMatterTree parses file bytes [start, end) as YAML into a tree
// with file offsets; an error is at its file offset.
func frontMatterTree(f *file, start, end int) (*textpos.Node, *textpos.Error) {
	y, err := textpos.ParseYAML([]byte(f.data[start:end]))
	if err != nil {
		return nil, &textpos.Error{Off: start + err.Off, Msg: err.Msg}
	}
	line, _ := f.pos(start)
	return textpos.ConvertYAML(f.doc.Source(), y, line-1)
}

// lineAt returns the line starting at i (without its line break) and the
// offset of the next line.
func lineAt(s string, i int) (line string, next int) {
	e := strings.IndexByte(s[i:], '\n')
	if e < 0 {
		return s[i:], len(s)
	}
	return strings.TrimSuffix(s[i:i+e], "\r"), i + e + 1
}

func isDashes(line string) bool {
	return strings.TrimRight(line, " \t") == "---"
}

// modelFrom sets a request's model from a scalar node: the id without a
// provider prefix ("googleai/gemini-2.5-flash" is gemini-2.5-flash), spanned
// exactly.
func modelFrom(req *rules.Request, f *file, n *textpos.Node) bool {
	v := strings.TrimSpace(str(n))
	if v == "" || strings.Contains(v, "${") || strings.Contains(v, "{{") {
		return false // an unresolved reference is not a model id
	}
	src := f.scalar(n)
	i := strings.LastIndexByte(n.Str, '/') + 1
	j := len(strings.TrimRight(n.Str, " \t\r\n"))
	if i >= j {
		return false
	}
	req.Model = n.Str[i:j]
	req.ModelSpan = src.span(i, j)
	return true
}
