package textpos

// Doc is one JSON or YAML file as all its readers share it: its text, its
// line table, its position layer (Source) and its document tree (Node),
// parsed at most once, by whichever reader asks first. scan makes one per
// file and hands it to the request reader and then, when the file holds
// no request, to the prompt reader, so neither parses or indexes the file
// again.
type Doc struct {
	Path  string
	Kind  Kind
	Text  []byte
	Lines Lines

	src *Source

	converted bool
	tree      *Node
	treeErr   *Error

	jsonParsed bool
	json       *Node
	jsonEnd    int
	jsonErr    error
}

// NewDoc is the document of a file's text.
func NewDoc(path string, kind Kind, text []byte) *Doc {
	return &Doc{Path: path, Kind: kind, Text: text, Lines: NewLines(text)}
}

// Source is the document's position layer, one per document, so the
// offset tables of its strings are built once whichever reader asks.
func (d *Doc) Source() *Source {
	if d.src == nil {
		d.src = &Source{File: d.Path, Text: d.Text, line0: 1, lines: d.Lines}
	}
	return d.src
}

// String is the document's text as a string, converted once for every
// reader.
func (d *Doc) String() string { return d.Source().text() }

// YAMLTree is the document's tree as a YAML file: parsed (ParseYAML) and
// converted (ConvertYAML) on the first call; nil for an empty document.
// yaml.v3's own tree is not kept: the string nodes that need its style
// hold theirs.
func (d *Doc) YAMLTree() (*Node, *Error) {
	if !d.converted {
		d.converted = true
		y, err := ParseYAML(d.Text)
		if err != nil {
			d.treeErr = err
		} else {
			d.tree, d.treeErr = ConvertYAML(d.Source(), y, 0)
		}
	}
	return d.tree, d.treeErr
}

// JSON is the document's tree as a JSON file: the value after a byte
// order mark, parsed (ParseJSONPrefix) on the first call, and the offset
// past it and its trailing white space (less than the text's length when
// more follows: a log named .json, or a syntax error).
func (d *Doc) JSON() (root *Node, end int, err error) {
	if !d.jsonParsed {
		d.jsonParsed = true
		d.json, d.jsonEnd, d.jsonErr = ParseJSONPrefix(d.Text, BOMLen(d.Text))
	}
	return d.json, d.jsonEnd, d.jsonErr
}

// BOMLen is the length of a UTF-8 byte order mark at the start of text.
func BOMLen(text []byte) int {
	if len(text) >= 3 && text[0] == 0xef && text[1] == 0xbb && text[2] == 0xbf {
		return 3
	}
	return 0
}
