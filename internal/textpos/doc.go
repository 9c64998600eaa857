package textpos

import "go.yaml.in/yaml/v3"

// Doc is one JSON or YAML file as all its readers share it: its text, its
// line table and its YAML node tree (yaml.v3 reads JSON too), parsed at
// most once, by whichever reader asks first. scan makes one per file and
// hands it to the request reader and then, when the file holds no request,
// to the prompt reader, so neither parses or indexes the file again.
type Doc struct {
	Path  string
	Kind  Kind
	Text  []byte
	Lines Lines

	parsed  bool
	yaml    *yaml.Node
	yamlErr *Error
}

// NewDoc is the document of a file's text.
func NewDoc(path string, kind Kind, text []byte) *Doc {
	return &Doc{Path: path, Kind: kind, Text: text, Lines: NewLines(text)}
}

// YAML is the document's YAML node tree (ParseYAML), parsed on the first
// call; every later call returns the same tree or error.
func (d *Doc) YAML() (*yaml.Node, *Error) {
	if !d.parsed {
		d.parsed = true
		d.yaml, d.yamlErr = ParseYAML(d.Text)
	}
	return d.yaml, d.yamlErr
}
