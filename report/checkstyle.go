package report

import (
	"encoding/xml"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/cachevet/cachevet/rules"
)

// checkstyleReporter prints Checkstyle 4.3 XML, read by reviewdog and
// Jenkins: one <file> per path, one <error> per finding or input error.
type checkstyleReporter struct{ opts Options }

type csRoot struct {
	XMLName xml.Name `xml:"checkstyle"`
	Version string   `xml:"version,attr"`
	Files   []csFile `xml:"file"`
}

type csFile struct {
	Name   string    `xml:"name,attr"`
	Errors []csError `xml:"error"`
}

type csError struct {
	Line     int    `xml:"line,attr"`
	Column   int    `xml:"column,attr,omitempty"`
	Severity string `xml:"severity,attr"`
	Message  string `xml:"message,attr"`
	Source   string `xml:"source,attr"`
}

func (c *checkstyleReporter) Report(w io.Writer, res *Result) error {
	Prepare(res, c.opts)
	byFile := map[string]*csFile{}
	var order []string
	add := func(file string, e csError) {
		f, ok := byFile[file]
		if !ok {
			f = &csFile{Name: file}
			byFile[file] = f
			order = append(order, file)
		}
		f.Errors = append(f.Errors, e)
	}
	for _, f := range res.Findings {
		add(f.Span.File, csError{
			Line: f.Span.Line, Column: f.Span.Col, Severity: csSeverity(f.Severity),
			Message: xmlText(f.Message), Source: "cachevet." + f.Rule,
		})
	}
	for _, e := range res.Errors {
		add(e.Span.File, csError{Line: e.Span.Line, Column: e.Span.Col, Severity: "error", Message: xmlText(e.Message), Source: "cachevet.input"})
	}
	root := csRoot{Version: "4.3"}
	for _, name := range sortedCopy(order) {
		root.Files = append(root.Files, *byFile[name])
	}
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(root); err != nil {
		return err
	}
	_, err := io.WriteString(w, "\n")
	return err
}

// csSeverity maps to Checkstyle's error, warning and info.
func csSeverity(s rules.Severity) string {
	switch s {
	case rules.SeverityError:
		return "error"
	case rules.SeverityWarning:
		return "warning"
	}
	return "info"
}

// xmlText drops what XML 1.0 cannot carry (most control characters,
// invalid UTF-8), which encoding/xml would otherwise write as U+FFFD or
// reject.
func xmlText(s string) string {
	return strings.Map(func(r rune) rune {
		if r == utf8.RuneError || r < 0x20 && r != '\t' && r != '\n' && r != '\r' || r == 0xFFFE || r == 0xFFFF {
			return '\uFFFD'
		}
		return r
	}, s)
}
