// Package prompts reads prompt templates into the request model.
package prompts

import (
	"errors"

	"github.com/cachevet/cachevet/rules"
)

// ErrNotPrompt is returned for a structured file (YAML, JSON) that is not a
// prompt template the package knows.
var ErrNotPrompt = errors.New("not a prompt template")

// Options control template reading.
type Options struct {
	// Names are the config's stable/volatile placeholder overrides.
	Names rules.NameOverrides
	// Rendered says the file is rendered as a whole, so braces inside fenced
	// code blocks of Markdown are slots too.
	Rendered bool
	// Format forces a template syntax: "" detects it; "gotemplate", "jinja",
	// "handlebars", "fstring", "dollar", "plain".
	Format string
}

// Read parses one prompt file into requests.
func Read(path string, data []byte, opts Options) ([]*rules.Request, []*rules.InputError) {
	return nil, []*rules.InputError{rules.Errorf(rules.Span{File: path}, "template reading is not implemented yet")}
}
