package textpos

import (
	"path/filepath"
	"strings"
)

// Kind is the reader a file goes to. scan decides it once for every file
// it selects (and replay and the promptfoo reader ask the same function
// for the files they are handed), so the readers never look at a file's
// name to choose a reader again: they only tell formats apart within
// their kind (Go, Jinja or Handlebars syntax in a template).
type Kind uint8

const (
	// KindTemplate is a prompt template: plain text or Markdown with
	// placeholders in one syntax.
	KindTemplate Kind = iota
	// KindDotprompt is Google dotprompt (.prompt).
	KindDotprompt
	// KindPrompty is Microsoft Prompty (.prompty).
	KindPrompty
	// KindJSON is a JSON document read whole: a request body, an array of
	// records, a promptfoo config, a LangChain prompt, prompt values.
	KindJSON
	// KindYAML is a YAML document read whole.
	KindYAML
	// KindLog is a JSON Lines request log, streamed record by record.
	KindLog
)

var kindNames = [...]string{"template", "dotprompt", "prompty", "json", "yaml", "log"}

func (k Kind) String() string {
	if int(k) < len(kindNames) {
		return kindNames[k]
	}
	return "template"
}

// Structured reports a JSON or YAML kind (a log included).
func (k Kind) Structured() bool { return k == KindJSON || k == KindYAML || k == KindLog }

// KindOf is the one place a file's name chooses its reader.
func KindOf(path string) Kind {
	switch strings.ToLower(filepath.Ext(path)) {
	case ".jsonl", ".ndjson":
		return KindLog
	case ".json":
		return KindJSON
	case ".yaml", ".yml":
		return KindYAML
	case ".prompt":
		return KindDotprompt
	case ".prompty":
		return KindPrompty
	}
	return KindTemplate
}
