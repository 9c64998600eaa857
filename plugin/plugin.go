// Package plugin registers cachevet as a golangci-lint v2 module plugin.
//
// Build a custom golangci-lint that includes it with
// docs/golangci/.custom-gcl.yml (golangci-lint custom), then enable the
// linter "cachevet" in .golangci.yml; docs/golangci/golangci.yml shows the
// settings. golangci-lint runs the same analyzers as `cachevet go` and
// go vet -vettool=cachevet-vet, so the findings agree.
//
// golangci-lint turns a diagnostic into an issue whose text is the message
// alone, and every related location into an issue of its own. The plugin
// therefore reports each finding as one diagnostic whose message starts with
// the rule code and severity ("PC001 warning: …", the shape of cachevet's
// text report, which golangci-lint's severity rules can match) and folds the
// related locations into the message.
package plugin

import (
	"fmt"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/golangci/plugin-module-register/register"
	"golang.org/x/tools/go/analysis"

	"github.com/cachevet/cachevet/analyzers"
	"github.com/cachevet/cachevet/analyzers/cachevet"
	"github.com/cachevet/cachevet/rules"
)

// Name is the linter name to enable in .golangci.yml.
const Name = "cachevet"

func init() { register.Plugin(Name, New) }

// Settings are the linter's settings in .golangci.yml
// (linters.settings.custom.cachevet.settings). Each one is optional.
type Settings struct {
	// Model is used when the code names no model the catalog knows.
	Model string `json:"model"`
	// RPM is the traffic sharing a prefix, in requests per minute.
	RPM float64 `json:"rpm"`
	// TTL prices breakpoints with this cache lifetime (5m, 1h, ...).
	TTL string `json:"ttl"`
	// Config is a .cachevet.yaml file; relative paths are resolved by the
	// analyzers from the directory golangci-lint runs in.
	Config string `json:"config"`
}

// Plugin is the registered golangci-lint plugin.
type Plugin struct{ settings Settings }

var _ register.LinterPlugin = (*Plugin)(nil)

// New decodes the settings; unknown keys are an error so typos surface.
func New(conf any) (register.LinterPlugin, error) {
	s, err := register.DecodeSettings[Settings](conf)
	if err != nil {
		return nil, fmt.Errorf("cachevet settings: %w", err)
	}
	if s.RPM < 0 {
		return nil, fmt.Errorf("cachevet settings: rpm %v is negative", s.RPM)
	}
	return &Plugin{settings: s}, nil
}

// BuildAnalyzers applies the settings to the config analyzer's flags and
// returns every cachevet analyzer.
func (p *Plugin) BuildAnalyzers() ([]*analysis.Analyzer, error) {
	list := analyzers.All()
	for _, f := range p.flagValues() {
		if err := setFlag(list, f.name, f.value); err != nil {
			return nil, err
		}
	}
	for i, a := range list {
		if a == cachevet.Analyzer {
			list[i] = oneIssuePerFinding(a)
		}
	}
	return list, nil
}

// oneIssuePerFinding returns a copy of the reporting analyzer whose
// diagnostics carry the rule code and severity in their text and no related
// locations. Only the analyzer that reports is wrapped: the analyzers it
// requires keep their identity, so pass.ResultOf still finds them.
func oneIssuePerFinding(a *analysis.Analyzer) *analysis.Analyzer {
	w := *a
	w.Run = func(pass *analysis.Pass) (any, error) {
		var held []analysis.Diagnostic
		inner := *pass
		inner.Report = func(d analysis.Diagnostic) { held = append(held, d) }
		res, err := a.Run(&inner)
		var findings []rules.Finding
		if r, ok := res.(*cachevet.Result); ok && r != nil {
			findings = r.Findings
		}
		for _, d := range held {
			pass.Report(issue(pass, d, findings))
		}
		return res, err
	}
	return &w
}

// issue rewrites one diagnostic as golangci-lint should show it: the rule
// code and the finding's severity first, related locations folded in.
func issue(pass *analysis.Pass, d analysis.Diagnostic, findings []rules.Finding) analysis.Diagnostic {
	prefix := d.Category
	if _, err := rules.LookupRule(d.Category); err == nil && strings.HasPrefix(d.Category, "PC") {
		prefix += " " + severityOf(pass, d, findings).String()
	}
	var related []string
	for _, r := range d.Related {
		pos := pass.Fset.Position(r.Pos)
		related = append(related, fmt.Sprintf("%s at %s:%d:%d", r.Message, filepath.Base(pos.Filename), pos.Line, pos.Column))
	}
	d.Message = prefix + ": " + d.Message
	if len(related) > 0 {
		d.Message += " [" + strings.Join(related, "; ") + "]"
	}
	d.Related = nil
	return d
}

// severityOf finds the finding a diagnostic reports, by rule, position and
// message, and returns its severity; the rule's default when none matches.
func severityOf(pass *analysis.Pass, d analysis.Diagnostic, findings []rules.Finding) rules.Severity {
	pos := pass.Fset.Position(d.Pos)
	for _, f := range findings {
		if f.Rule == d.Category && f.Message == d.Message && f.Span.Line == pos.Line {
			return f.Severity
		}
	}
	return rules.MustRule(d.Category).Default
}

// GetLoadMode asks for type information: the analyzers resolve SDK calls
// and constants through go/types.
func (p *Plugin) GetLoadMode() string { return register.LoadModeTypesInfo }

type flagValue struct{ name, value string }

// flagValues lists the settings that were given, by flag name, in a fixed
// order so a bad value is always reported the same way.
func (p *Plugin) flagValues() []flagValue {
	var v []flagValue
	add := func(name, value string) {
		if value != "" {
			v = append(v, flagValue{name, value})
		}
	}
	add("model", p.settings.Model)
	if p.settings.RPM != 0 {
		add("rpm", strconv.FormatFloat(p.settings.RPM, 'g', -1, 64))
	}
	add("ttl", p.settings.TTL)
	add("config", p.settings.Config)
	return v
}

// setFlag sets a flag on the analyzer that declares it.
func setFlag(list []*analysis.Analyzer, name, value string) error {
	for _, a := range list {
		if a.Flags.Lookup(name) != nil {
			if err := a.Flags.Set(name, value); err != nil {
				return fmt.Errorf("cachevet setting %s %q: %v", name, value, err)
			}
			return nil
		}
	}
	return fmt.Errorf("cachevet setting %s: no analyzer takes it", name)
}
