package requests

import (
	"bytes"

	"github.com/cachevet/cachevet/internal/textpos"
	"go.yaml.in/yaml/v3"
)

// maxYAMLNodes bounds a YAML tree after alias expansion: aliases can
// expand a small file into a huge tree. (The file size limit is
// textpos.MaxSize, checked once for every file.)
const maxYAMLNodes = 1 << 18

// parseYAML parses the first document of a YAML file into a node tree with
// source offsets. An empty document is a nil node.
func parseYAML(s *source) (*node, error) {
	return convertYAML(s, textpos.NewDoc(s.file, textpos.KindYAML, s.text))
}

// convertYAML converts the first document of a file's YAML tree (parsed
// once, textpos.Doc) into a node tree with offsets in s, the file's
// source. An empty document is a nil node.
func convertYAML(s *source, d *textpos.Doc) (*node, error) {
	doc, perr := d.YAML()
	if perr != nil {
		return nil, &syntaxError{perr.Off, perr.Msg}
	}
	if doc.Kind == 0 || len(doc.Content) == 0 {
		return nil, nil
	}
	c := &yamlConverter{src: s}
	n, err := c.convert(doc.Content[0], 0)
	if err != nil {
		return nil, err
	}
	return n, nil
}

// yamlConverter converts a yaml.v3 tree. An anchored value is converted
// once and shared by its aliases, but every alias counts the size of what
// it stands for, so a document that expands into a huge tree (a "billion
// laughs") is an error before anything walks it.
type yamlConverter struct {
	src     *source
	count   int
	anchors map[*yaml.Node]anchored
}

type anchored struct {
	n    *node
	size int
}

func (c *yamlConverter) convert(y *yaml.Node, depth int) (*node, error) {
	if depth > maxDepth {
		return nil, &syntaxError{c.offset(y), "document is too deeply nested"}
	}
	if y.Kind == yaml.AliasNode {
		if y.Alias == nil {
			return &node{kind: kindNull, start: c.offset(y), end: c.offset(y)}, nil
		}
		if a, ok := c.anchors[y.Alias]; ok {
			c.count += a.size
			if c.count > maxYAMLNodes {
				return nil, &syntaxError{c.offset(y), "document is too large after alias expansion"}
			}
			return a.n, nil
		}
		return c.convert(y.Alias, depth+1)
	}
	before := c.count
	c.count++
	if c.count > maxYAMLNodes {
		return nil, &syntaxError{c.offset(y), "document is too large after alias expansion"}
	}
	n, err := c.convertValue(y, depth)
	if err == nil && y.Anchor != "" {
		if c.anchors == nil {
			c.anchors = map[*yaml.Node]anchored{}
		}
		c.anchors[y] = anchored{n, c.count - before}
	}
	return n, err
}

func (c *yamlConverter) convertValue(y *yaml.Node, depth int) (*node, error) {
	switch y.Kind {
	case yaml.MappingNode:
		if n := c.placeholder(y); n != nil {
			return n, nil
		}
		return c.mapping(y, depth)
	case yaml.SequenceNode:
		n := &node{kind: kindArray, start: c.offset(y)}
		n.end = n.start + 1
		for _, e := range y.Content {
			v, err := c.convert(e, depth+1)
			if err != nil {
				return nil, err
			}
			n.elems = append(n.elems, v)
			n.end = max(n.end, v.end)
		}
		return n, nil
	case yaml.DocumentNode:
		if len(y.Content) == 0 {
			return &node{kind: kindNull}, nil
		}
		return c.convert(y.Content[0], depth+1)
	}
	return c.scalar(y), nil
}

func (c *yamlConverter) mapping(y *yaml.Node, depth int) (*node, error) {
	n := &node{kind: kindObject, start: c.offset(y)}
	n.end = n.start + 1
	for i := 0; i+1 < len(y.Content); i += 2 {
		k, v := y.Content[i], y.Content[i+1]
		val, err := c.convert(v, depth+1)
		if err != nil {
			return nil, err
		}
		n.end = max(n.end, val.end)
		if k.Kind == yaml.ScalarNode && k.Tag == "!!merge" && val.kind == kindObject {
			// A merge key adds the members the mapping does not set itself.
			for _, m := range val.members {
				if !hasKey(y, m.key) {
					n.members = append(n.members, m)
				}
			}
			continue
		}
		n.members = append(n.members, member{key: k.Value, keyStart: c.offset(k), val: val})
	}
	return n, nil
}

func hasKey(y *yaml.Node, key string) bool {
	for i := 0; i+1 < len(y.Content); i += 2 {
		if y.Content[i].Value == key && y.Content[i].Tag != "!!merge" {
			return true
		}
	}
	return false
}

func (c *yamlConverter) scalar(y *yaml.Node) *node {
	n := &node{start: c.offset(y), str: y.Value, yaml: y}
	switch y.ShortTag() {
	case "!!null":
		n.kind = kindNull
	case "!!bool":
		n.kind = kindBool
	case "!!int", "!!float":
		n.kind = kindNumber
	default:
		n.kind = kindString
	}
	if n.kind != kindString {
		n.yaml = nil
		n.end = n.start + len(y.Value)
		return n
	}
	offs := c.src.table(n, func() []int { return yamlScalarOffsets(c.src, n) })
	n.end = offs[len(offs)-1]
	return n
}

// offset converts a node's line and column (yaml.v3 counts columns in
// characters) to a byte offset.
func (c *yamlConverter) offset(y *yaml.Node) int {
	return textpos.NodeOffset(c.src.text, c.src.lines, y.Line, y.Column)
}

// yamlScalarOffsets maps each decoded byte of a YAML string scalar to the
// source offset it came from (textpos.AlignScalar); the extra last entry
// is the offset just past the scalar.
func yamlScalarOffsets(s *source, n *node) []int {
	off, _, stop, _ := textpos.AlignScalar(string(s.text), n.start, n.str, n.yaml.Style)
	return append(off, stop)
}

// placeholder reads an unquoted {{ x }}, which YAML parses as a flow
// mapping with a mapping for its key, as what a request template means by
// it: a raw value the template prints (see node.raw).
func (c *yamlConverter) placeholder(y *yaml.Node) *node {
	start := c.offset(y)
	text := c.src.text
	if y.Style&yaml.FlowStyle == 0 || !bytes.HasPrefix(text[start:], []byte("{{")) {
		return nil
	}
	end := bytes.Index(text[start:], []byte("}}"))
	if end < 0 {
		return nil
	}
	end += start + 2
	return &node{kind: kindString, start: start, end: end, str: string(text[start:end]), raw: true}
}
