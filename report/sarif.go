package report

import (
	"encoding/json"
	"fmt"
	"io"
	"net/url"
	"path/filepath"
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/cachevet/cachevet/rules"
)

// sarifReporter prints SARIF 2.1.0 as GitHub code scanning reads it (see
// field.md Part 3): one run, every rule with help, columns in UTF-16 code
// units, GitHub's primaryLocationLineHash plus cachevet's own fingerprint,
// related locations linked from the message, and input errors as tool
// execution notifications.
type sarifReporter struct{ opts Options }

const (
	sarifSchema  = "https://json.schemastore.org/sarif-2.1.0.json"
	sarifVersion = "2.1.0"
	srcRoot      = "%SRCROOT%"
	infoURI      = "https://github.com/cachevet/cachevet"
	// fingerprintKey names cachevet's own fingerprint in partialFingerprints.
	fingerprintKey = "cachevetFingerprint/v1"
)

type sarifLog struct {
	Schema  string     `json:"$schema"`
	Version string     `json:"version"`
	Runs    []sarifRun `json:"runs"`
}

type sarifRun struct {
	Tool               sarifTool                   `json:"tool"`
	Invocations        []sarifInvocation           `json:"invocations"`
	OriginalURIBaseIDs map[string]sarifArtifactLoc `json:"originalUriBaseIds,omitempty"`
	Results            []sarifResult               `json:"results"`
	ColumnKind         string                      `json:"columnKind"`
}

type sarifTool struct {
	Driver sarifDriver `json:"driver"`
}

type sarifDriver struct {
	Name            string      `json:"name"`
	Version         string      `json:"version,omitempty"`
	SemanticVersion string      `json:"semanticVersion,omitempty"`
	InformationURI  string      `json:"informationUri"`
	Rules           []sarifRule `json:"rules"`
}

type sarifText struct {
	Text string `json:"text"`
}

type sarifHelp struct {
	Text     string `json:"text"`
	Markdown string `json:"markdown"`
}

type sarifRule struct {
	ID                   string          `json:"id"`
	Name                 string          `json:"name"`
	ShortDescription     sarifText       `json:"shortDescription"`
	FullDescription      sarifText       `json:"fullDescription"`
	HelpURI              string          `json:"helpUri"`
	Help                 sarifHelp       `json:"help"`
	DefaultConfiguration sarifRuleConfig `json:"defaultConfiguration"`
	Properties           sarifRuleProps  `json:"properties"`
}

type sarifRuleConfig struct {
	Level string `json:"level"`
}

type sarifRuleProps struct {
	Tags            []string `json:"tags"`
	Precision       string   `json:"precision,omitempty"`
	ProblemSeverity string   `json:"problem.severity"`
}

type sarifInvocation struct {
	ExecutionSuccessful bool                `json:"executionSuccessful"`
	Notifications       []sarifNotification `json:"toolExecutionNotifications,omitempty"`
}

type sarifNotification struct {
	Level      string          `json:"level"`
	Message    sarifText       `json:"message"`
	Locations  []sarifLocation `json:"locations,omitempty"`
	Descriptor *sarifRef       `json:"descriptor,omitempty"`
}

type sarifRef struct {
	ID string `json:"id"`
}

type sarifResult struct {
	RuleID              string            `json:"ruleId"`
	RuleIndex           *int              `json:"ruleIndex,omitempty"`
	Level               string            `json:"level"`
	Message             sarifText         `json:"message"`
	Locations           []sarifLocation   `json:"locations"`
	RelatedLocations    []sarifLocation   `json:"relatedLocations,omitempty"`
	PartialFingerprints map[string]string `json:"partialFingerprints"`
	Properties          *sarifResultProps `json:"properties,omitempty"`
}

type sarifResultProps struct {
	Provider string       `json:"provider,omitempty"`
	Model    string       `json:"model,omitempty"`
	Savings  *jsonSavings `json:"savings,omitempty"`
}

type sarifLocation struct {
	ID               *int                  `json:"id,omitempty"`
	PhysicalLocation sarifPhysicalLocation `json:"physicalLocation"`
	Message          *sarifText            `json:"message,omitempty"`
}

type sarifPhysicalLocation struct {
	ArtifactLocation sarifArtifactLoc `json:"artifactLocation"`
	Region           *sarifRegion     `json:"region,omitempty"`
}

type sarifArtifactLoc struct {
	URI       string `json:"uri"`
	URIBaseID string `json:"uriBaseId,omitempty"`
}

type sarifRegion struct {
	StartLine   int `json:"startLine"`
	StartColumn int `json:"startColumn,omitempty"`
	EndLine     int `json:"endLine,omitempty"`
	EndColumn   int `json:"endColumn,omitempty"`
}

func (s *sarifReporter) Report(w io.Writer, res *Result) error {
	Prepare(res, s.opts)
	src := newSources(s.opts)
	run := sarifRun{
		Tool:        sarifTool{Driver: sarifDriverFor(res.Version)},
		Invocations: []sarifInvocation{s.invocation(res, src)},
		Results:     make([]sarifResult, 0, len(res.Findings)),
		ColumnKind:  "utf16CodeUnits",
	}
	if root := rootURI(s.opts.Root); root != "" {
		run.OriginalURIBaseIDs = map[string]sarifArtifactLoc{srcRoot: {URI: root}}
	}
	hashes := map[string][]string{}
	for i := range res.Findings {
		run.Results = append(run.Results, sarifResultFor(&res.Findings[i], src, hashes))
	}
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(sarifLog{Schema: sarifSchema, Version: sarifVersion, Runs: []sarifRun{run}})
}

// rootURI is the file URI of the source root, ending in a slash as SARIF
// requires for a base URI.
func rootURI(root string) string {
	if root == "" {
		return ""
	}
	abs, err := filepath.Abs(root)
	if err != nil {
		return ""
	}
	p := filepath.ToSlash(abs)
	if !strings.HasPrefix(p, "/") {
		p = "/" + p // Windows drive letters
	}
	if !strings.HasSuffix(p, "/") {
		p += "/"
	}
	return (&url.URL{Scheme: "file", Path: p}).String()
}

var semver = regexp.MustCompile(`^v?(\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?)$`)

func sarifDriverFor(version string) sarifDriver {
	d := sarifDriver{Name: "cachevet", Version: version, InformationURI: infoURI}
	if m := semver.FindStringSubmatch(version); m != nil {
		d.SemanticVersion = m[1]
	}
	for _, r := range rules.Rules {
		d.Rules = append(d.Rules, sarifRuleFor(r))
	}
	return d
}

func sarifRuleFor(r *rules.Rule) sarifRule {
	return sarifRule{
		ID: r.Code, Name: r.Name,
		ShortDescription:     sarifText{Text: r.Title},
		FullDescription:      sarifText{Text: firstParagraph(r.Text, 1024)},
		HelpURI:              r.URL(),
		Help:                 sarifHelp{Text: helpText(r), Markdown: helpMarkdown(r)},
		DefaultConfiguration: sarifRuleConfig{Level: sarifLevel(r.Default)},
		Properties:           sarifRuleProps{Tags: r.Tags, Precision: r.Precision, ProblemSeverity: problemSeverity(r.Default)},
	}
}

// firstParagraph returns text's first paragraph, cut at a sentence end to
// fit limit bytes (GitHub's limit for descriptions).
func firstParagraph(text string, limit int) string {
	p, _, _ := strings.Cut(text, "\n\n")
	for len(p) > limit {
		i := strings.LastIndex(p[:limit], ". ")
		if i < 0 {
			return truncateUTF8(p, limit-len("…")) + "…"
		}
		p = p[:i+1]
	}
	return p
}

func truncateUTF8(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}

func helpText(r *rules.Rule) string {
	return fmt.Sprintf("%s: %s\n\n%s\n\nBad:\n\n%s\n\nGood:\n\n%s\n\nSavings: %s\n\nDocumentation: %s",
		r.Code, r.Title, r.Text, r.Bad, r.Good, r.Savings, r.URL())
}

func helpMarkdown(r *rules.Rule) string {
	return fmt.Sprintf("**%s %s**: %s\n\n%s\n\n**Bad**\n\n%s\n\n**Good**\n\n%s\n\n**Savings**: %s\n\n[%s documentation](%s)",
		r.Code, r.Name, r.Title, r.Text, fence(r.Bad), fence(r.Good), r.Savings, r.Code, r.URL())
}

// fence wraps text in a code block whose fence is longer than any backtick
// run inside it.
func fence(s string) string {
	f := "```"
	for strings.Contains(s, f) {
		f += "`"
	}
	return f + "\n" + s + "\n" + f
}

func sarifLevel(s rules.Severity) string {
	switch s {
	case rules.SeverityError:
		return "error"
	case rules.SeverityWarning:
		return "warning"
	}
	return "note"
}

// problemSeverity is GitHub's non-security severity.
func problemSeverity(s rules.Severity) string {
	switch s {
	case rules.SeverityError:
		return "error"
	case rules.SeverityWarning:
		return "warning"
	}
	return "recommendation"
}

// invocation reports input errors as notifications. The run counts as
// successful unless no input could be checked at all.
func (s *sarifReporter) invocation(res *Result, src *sources) sarifInvocation {
	inv := sarifInvocation{ExecutionSuccessful: len(res.Errors) == 0 || res.Files > len(res.Errors)}
	for _, e := range res.Errors {
		n := sarifNotification{Level: "error", Message: sarifText{Text: sentence(e.Message)}, Descriptor: &sarifRef{ID: "input-error"}}
		if e.Span.File != "" {
			n.Locations = []sarifLocation{{PhysicalLocation: physical(e.Span, src)}}
		}
		inv.Notifications = append(inv.Notifications, n)
	}
	return inv
}

func sarifResultFor(f *rules.Finding, src *sources, hashes map[string][]string) sarifResult {
	res := sarifResult{
		RuleID: f.Rule, RuleIndex: ruleIndex(f.Rule), Level: sarifLevel(f.Severity),
		Message:             sarifText{Text: sarifMessage(f)},
		Locations:           []sarifLocation{{PhysicalLocation: physical(f.Span, src)}},
		PartialFingerprints: map[string]string{fingerprintKey: f.Fingerprint},
	}
	if h := lineHash(f.Span, src, hashes); h != "" {
		res.PartialFingerprints["primaryLocationLineHash"] = h
	}
	for i, r := range f.Related {
		id := i + 1
		res.RelatedLocations = append(res.RelatedLocations, sarifLocation{
			ID: &id, PhysicalLocation: physical(r.Span, src), Message: &sarifText{Text: r.Message},
		})
	}
	if f.Savings != nil || f.Provider != "" || f.Model != "" {
		res.Properties = &sarifResultProps{Provider: f.Provider, Model: f.Model}
		if f.Savings != nil {
			res.Properties.Savings = toJSONFinding(f).Savings
		}
	}
	return res
}

// ruleIndex points into tool.driver.rules; nil for a code not in the
// catalog.
func ruleIndex(code string) *int {
	for i, r := range rules.Rules {
		if r.Code == code {
			return &i
		}
	}
	return nil
}

// sarifMessage puts the finding in the first sentence (GitHub's alert
// title), then the savings, then links to the related locations.
func sarifMessage(f *rules.Finding) string {
	msg := sentence(f.Message)
	if f.Savings != nil {
		msg += " Fixing it " + savingsText(f.Savings) + "."
	}
	if len(f.Related) > 0 {
		links := make([]string, len(f.Related))
		for i, r := range f.Related {
			links[i] = fmt.Sprintf("[%s](%d)", linkText(r.Message), i+1)
		}
		msg += " Related: " + strings.Join(links, ", ") + "."
	}
	return msg
}

// sentence capitalizes nothing (messages are lower case by convention) but
// ends the text with a period so the next sentence starts cleanly.
func sentence(s string) string {
	s = strings.TrimSpace(s)
	if s == "" || strings.HasSuffix(s, ".") {
		return s
	}
	return s + "."
}

// linkText escapes what would end a SARIF message link early.
func linkText(s string) string {
	s = strings.NewReplacer(`\`, `\\`, "[", `\[`, "]", `\]`).Replace(s)
	if s == "" {
		return "related location"
	}
	return s
}

// physical converts a span to a SARIF location with UTF-16 columns.
func physical(s rules.Span, src *sources) sarifPhysicalLocation {
	loc := sarifPhysicalLocation{ArtifactLocation: sarifArtifactLoc{URI: fileURI(s.File), URIBaseID: srcRoot}}
	if s.Line <= 0 {
		return loc
	}
	r := &sarifRegion{StartLine: s.Line}
	if s.Col > 0 {
		r.StartColumn = utf16Column(src, s.File, s.Line, s.Col)
		endLine, endCol := end(s)
		if endLine >= s.Line && endCol > 0 {
			r.EndLine = endLine
			r.EndColumn = utf16Column(src, s.File, endLine, endCol)
			if r.EndLine == r.StartLine && r.EndColumn < r.StartColumn {
				r.EndColumn = r.StartColumn
			}
		}
	}
	loc.Region = r
	return loc
}

// fileURI percent-encodes a relative path for an artifact URI, keeping
// slashes.
func fileURI(p string) string {
	if p == "" {
		return ""
	}
	segs := strings.Split(p, "/")
	for i, s := range segs {
		segs[i] = url.PathEscape(s)
	}
	return strings.Join(segs, "/")
}

// utf16Column converts a 1-based byte column to a 1-based column in UTF-16
// code units, reading the line's text. Invalid UTF-8 bytes count one unit
// each (they decode to U+FFFD); bytes past the end of the line or of an
// unreadable file count one unit each too.
func utf16Column(src *sources, file string, line, col int) int {
	text, _ := src.line(file, line)
	prefix := col - 1
	units := 0
	i := 0
	for i < prefix && i < len(text) {
		r, n := utf8.DecodeRuneInString(text[i:])
		if n > prefix-i {
			n = prefix - i // a column inside a rune: count what was passed
			units++
			i += n
			break
		}
		if r >= 0x10000 {
			units += 2
		} else {
			units++
		}
		i += n
	}
	units += prefix - i
	return units + 1
}

// lineHash returns GitHub's primaryLocationLineHash for the span's line,
// hashing each file once.
func lineHash(s rules.Span, src *sources, cache map[string][]string) string {
	if s.Line <= 0 {
		return ""
	}
	hs, ok := cache[s.File]
	if !ok {
		if data := src.content(s.File); data != nil {
			hs = lineHashes(data)
		}
		cache[s.File] = hs
	}
	if s.Line > len(hs) {
		return ""
	}
	return hs[s.Line-1]
}
