package prompts

import (
	"encoding/json"
	"errors"

	"github.com/cachevet/cachevet/internal/textpos"
	"github.com/cachevet/cachevet/rules"
	"go.yaml.in/yaml/v3"
)

// yamlDoc is a YAML document inside a file: the whole file (LangChain) or
// its front matter. yaml.Node lines are relative to the document; columns
// count characters.
type yamlDoc struct {
	f       *file
	start   int // file offset of the document's first byte
	lineOff int // file line of the document's line 1, minus 1
	root    *yaml.Node
}

// parseYAML parses data[start:end] of a file. A syntax error is returned
// at the file position of the byte that causes it.
func parseYAML(f *file, start, end int) (doc *yamlDoc, ierr *rules.InputError) {
	l, _ := f.pos(start)
	doc = &yamlDoc{f: f, start: start, lineOff: l - 1}
	n, err := textpos.ParseYAML([]byte(f.data[start:end]))
	if err != nil {
		return nil, rules.Errorf(f.at(start+err.Off), "invalid YAML: %s", err.Msg)
	}
	if len(n.Content) > 0 {
		doc.root = n.Content[0]
	}
	return doc, nil
}

// yamlDocOf is the whole file's YAML document, from the tree the file's
// Doc holds.
func yamlDocOf(f *file, d *textpos.Doc) (*yamlDoc, *rules.InputError) {
	doc := &yamlDoc{f: f}
	n, err := d.YAML()
	if err != nil {
		return nil, rules.Errorf(f.at(err.Off), "invalid YAML: %s", err.Msg)
	}
	if len(n.Content) > 0 {
		doc.root = n.Content[0]
	}
	return doc, nil
}

// offset returns the file offset of a node's first character.
func (d *yamlDoc) offset(n *yaml.Node) int {
	line := d.lineOff + n.Line
	if line < 1 || line > d.f.lines.Count() {
		return d.start
	}
	return textpos.NodeOffset(d.f.data, d.f.lines, line, n.Column)
}

// span covers a scalar node's text as written.
func (d *yamlDoc) span(n *yaml.Node) rules.Span {
	src := d.scalar(n)
	return src.span(0, len(src.text))
}

// scalar returns a source whose text is a scalar's value, each byte mapped
// to the file bytes that wrote it, so template parts inside a YAML or JSON
// string keep exact positions (textpos.AlignScalar).
func (d *yamlDoc) scalar(n *yaml.Node) *source {
	start := d.offset(n)
	src := &source{f: d.f, text: n.Value, base: start}
	src.off, src.end, _, _ = textpos.AlignScalar(d.f.data, start, n.Value, n.Style)
	if len(src.off) == 0 {
		src.off, src.end = []int{}, []int{start}
	}
	return src
}

// jsonError positions a JSON syntax error, which encoding/json gives as a
// byte offset.
func jsonError(f *file, data []byte) *rules.InputError {
	var v any
	err := json.Unmarshal(data, &v)
	var se *json.SyntaxError
	if errors.As(err, &se) {
		off := int(se.Offset) - 1
		return rules.Errorf(f.at(max(0, off)), "invalid JSON: %s", se.Error())
	}
	if err != nil {
		return rules.Errorf(f.at(0), "invalid JSON: %s", err.Error())
	}
	return nil
}

// key finds a mapping's value node by key.
func key(m *yaml.Node, k string) *yaml.Node {
	if m == nil || m.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == k {
			return m.Content[i+1]
		}
	}
	return nil
}

// str returns a scalar's value, or "" for anything else.
func str(n *yaml.Node) string {
	if n == nil || n.Kind != yaml.ScalarNode {
		return ""
	}
	return n.Value
}

// follow follows keys through nested mappings.
func follow(n *yaml.Node, keys ...string) *yaml.Node {
	for _, k := range keys {
		n = key(n, k)
	}
	return n
}
