package textpos

import (
	"bytes"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"
)

// maxYAMLNodes bounds a YAML tree after alias expansion: aliases can
// expand a small file into a huge tree. (The file size limit is MaxSize,
// checked once for every file.)
const maxYAMLNodes = 1 << 18

// ConvertYAML converts the first document of a YAML tree parsed from
// src.Text, or from the part of it from line lineOff+1 on (front matter),
// into a Node tree with offsets in src. An aliased value is one node,
// shared by the anchor and its aliases; a merge key's members are added
// to the mapping; an unquoted {{ x }} is a raw string. An empty document
// is a nil node.
func ConvertYAML(src *Source, doc *yaml.Node, lineOff int) (*Node, *Error) {
	if doc == nil || doc.Kind == 0 || len(doc.Content) == 0 {
		return nil, nil
	}
	c := &yamlConverter{src: src, lineOff: lineOff}
	n, err := c.convert(doc.Content[0], 0)
	if err != nil {
		return nil, err
	}
	return n, nil
}

// advanceColumns is the offset col characters after off, stopping at a
// line break or the end of text, as NodeOffset counts them.
func advanceColumns(text []byte, off, cols int) int {
	for c := 0; c < cols && off < len(text) && text[off] != '\n'; c++ {
		_, size := utf8.DecodeRune(text[off:])
		off += size
	}
	return off
}

// yamlConverter converts a yaml.v3 tree. An anchored value is converted
// once and shared by its aliases, but every alias counts the size of what
// it stands for, so a document that expands into a huge tree (a "billion
// laughs") is an error before anything walks it.
type yamlConverter struct {
	src     *Source
	lineOff int // file line of the parsed text's line 1, minus 1
	count   int
	anchors map[*yaml.Node]anchored
	// line, col and off are where the last offset was: a node on the same
	// line further right is counted on from there.
	line, col, off int
}

type anchored struct {
	n    *Node
	size int
}

func (c *yamlConverter) convert(y *yaml.Node, depth int) (*Node, *Error) {
	if depth > MaxDepth {
		return nil, &Error{c.offset(y), "document is too deeply nested"}
	}
	if y.Kind == yaml.AliasNode {
		if y.Alias == nil {
			return &Node{Type: TNull, Start: c.offset(y), End: c.offset(y)}, nil
		}
		if a, ok := c.anchors[y.Alias]; ok {
			c.count += a.size
			if c.count > maxYAMLNodes {
				return nil, &Error{c.offset(y), "document is too large after alias expansion"}
			}
			return a.n, nil
		}
		return c.convert(y.Alias, depth+1)
	}
	before := c.count
	c.count++
	if c.count > maxYAMLNodes {
		return nil, &Error{c.offset(y), "document is too large after alias expansion"}
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

func (c *yamlConverter) convertValue(y *yaml.Node, depth int) (*Node, *Error) {
	switch y.Kind {
	case yaml.MappingNode:
		if n := c.placeholder(y); n != nil {
			return n, nil
		}
		return c.mapping(y, depth)
	case yaml.SequenceNode:
		n := &Node{Type: TArray, Start: c.offset(y)}
		n.End = n.Start + 1
		for _, e := range y.Content {
			v, err := c.convert(e, depth+1)
			if err != nil {
				return nil, err
			}
			n.Elems = append(n.Elems, v)
			n.End = max(n.End, v.End)
		}
		return n, nil
	case yaml.DocumentNode:
		if len(y.Content) == 0 {
			return &Node{Type: TNull}, nil
		}
		return c.convert(y.Content[0], depth+1)
	}
	return c.scalar(y), nil
}

func (c *yamlConverter) mapping(y *yaml.Node, depth int) (*Node, *Error) {
	n := &Node{Type: TObject, Start: c.offset(y)}
	n.End = n.Start + 1
	var own map[string]bool // the mapping's own keys, once it merges
	for i := 0; i+1 < len(y.Content); i += 2 {
		k, v := y.Content[i], y.Content[i+1]
		keyStart := c.offset(k) // before the value: offsets in document order
		val, err := c.convert(v, depth+1)
		if err != nil {
			return nil, err
		}
		n.End = max(n.End, val.End)
		if k.Kind == yaml.ScalarNode && k.Tag == "!!merge" && val.Type == TObject {
			// A merge key adds the members the mapping does not set itself.
			if own == nil {
				own = ownKeys(y)
			}
			for _, m := range val.Members {
				if !own[m.Key] {
					n.Members = append(n.Members, m)
				}
			}
			continue
		}
		n.Members = append(n.Members, Member{Key: k.Value, KeyStart: keyStart, Val: val})
	}
	return n, nil
}

// ownKeys are the keys a mapping sets itself (merge keys aside): a set,
// so merging a large mapping into a large mapping stays linear.
func ownKeys(y *yaml.Node) map[string]bool {
	keys := make(map[string]bool, len(y.Content)/2)
	for i := 0; i+1 < len(y.Content); i += 2 {
		if y.Content[i].Tag != "!!merge" {
			keys[y.Content[i].Value] = true
		}
	}
	return keys
}

func (c *yamlConverter) scalar(y *yaml.Node) *Node {
	n := &Node{Start: c.offset(y), Str: y.Value, YAML: y}
	switch y.ShortTag() {
	case "!!null":
		n.Type = TNull
	case "!!bool":
		n.Type = TBool
	case "!!int", "!!float":
		n.Type = TNumber
	default:
		n.Type = TString
	}
	if n.Type != TString {
		n.YAML = nil
		n.End = n.Start + len(y.Value)
		return n
	}
	// The end is where the scalar's alignment stops. Its offset table is
	// not built: only the strings a reader places spans in need one
	// (StrOffset builds and keeps theirs), and a table for every string
	// took sixteen bytes per byte of text.
	n.End = ScalarStop(c.src.text(), n.Start, n.Str, y.Style)
	return n
}

// offset converts a node's line and column (yaml.v3 counts columns in
// characters, and the tree may be a part of the file from line lineOff+1)
// to a byte offset. Nodes come in document order, so the count resumes
// from the last node when it is on the same line: a long line of flow
// mappings costs its length once, not once per node.
func (c *yamlConverter) offset(y *yaml.Node) int {
	line := c.lineOff + y.Line
	if line != c.line || y.Column < c.col {
		c.line, c.col, c.off = line, 1, -1
	}
	if c.off < 0 || line < 1 || line > c.src.lines.Count() {
		c.off = NodeOffset(c.src.Text, c.src.lines, line, y.Column)
	} else {
		c.off = advanceColumns(c.src.Text, c.off, y.Column-c.col)
	}
	c.col = y.Column
	return c.off
}

// placeholder reads an unquoted {{ x }}, which YAML parses as a flow
// mapping with a mapping for its key, as what a request template means by
// it: a raw value the template prints (see node.raw).
func (c *yamlConverter) placeholder(y *yaml.Node) *Node {
	start := c.offset(y)
	text := c.src.Text
	if y.Style&yaml.FlowStyle == 0 || !bytes.HasPrefix(text[start:], []byte("{{")) {
		return nil
	}
	end := bytes.Index(text[start:], []byte("}}"))
	if end < 0 {
		return nil
	}
	end += start + 2
	return &Node{Type: TString, Start: start, End: end, Str: string(text[start:end]), Raw: true}
}
