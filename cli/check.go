package cli

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/cachevet/cachevet/baseline"
	"github.com/cachevet/cachevet/config"
	"github.com/cachevet/cachevet/ignore"
	"github.com/cachevet/cachevet/newfromrev"
	"github.com/cachevet/cachevet/report"
	"github.com/cachevet/cachevet/rules"
)

// checkFlags are the flags `scan` and `go` share.
type checkFlags struct {
	Format     string
	Model      string
	RPM        float64
	TTL        string
	Config     string
	FailOn     string
	Output     string
	Baseline   string
	NewFromRev string
	// Assume is --assume: assumed sizes of runtime content by kind.
	Assume string
}

func (f *checkFlags) register(cmd *cobra.Command) {
	fl := cmd.Flags()
	fl.StringVar(&f.Format, "format", "text", "output format: "+strings.Join(report.Formats(), ", "))
	f.registerEstimate(cmd)
	fl.StringVar(&f.Config, "config", "", "config file (default: the .cachevet.yaml closest to each file)")
	fl.StringVar(&f.FailOn, "fail-on", "", "lowest severity that makes the exit code 1: error, warning, info, none (default warning)")
	fl.StringVar(&f.Baseline, "baseline", "", "report only findings not recorded in this baseline file")
	fl.StringVar(&f.NewFromRev, "new-from-rev", "", "report only findings on lines changed since this git revision")
}

// registerEstimate registers the flags of the savings estimate and
// --output, which `delta` shares.
func (f *checkFlags) registerEstimate(cmd *cobra.Command) {
	fl := cmd.Flags()
	fl.StringVar(&f.Model, "model", "", "model for files that do not name one (default: the config's, else "+rules.Builtin().Default("")+")")
	fl.Float64Var(&f.RPM, "rpm", 0, "requests per minute that share a prefix (default: the config's, else 1)")
	fl.StringVar(&f.TTL, "ttl", "", "cache TTL for the savings estimate: 5m, 1h, 30m, … (default: the breakpoint's or the model's)")
	fl.StringVarP(&f.Output, "output", "o", "", "write the report to this file instead of standard output")
	fl.StringVar(&f.Assume, "assume", "", "assumed token sizes of runtime content of unknown size, e.g. history=10000,tools=3000,file=2000 (default: the config's assume:, else those)")
}

// validate checks flag values before any work starts.
func (f *checkFlags) validate() error {
	if _, err := report.New(f.Format, report.Options{}); err != nil {
		return failure("--format: %v", err)
	}
	if f.RPM < 0 {
		return failure("--rpm must not be negative")
	}
	if f.FailOn != "" {
		if _, err := rules.ParseSeverity(f.FailOn); err != nil {
			return failure("--fail-on: %v", err)
		}
	}
	if _, err := config.ParseAssume(f.Assume); err != nil {
		return failure("--assume: %v", err)
	}
	return nil
}

// assume returns --assume's sizes; validate has checked them.
func (f *checkFlags) assume() map[string]int {
	a, _ := config.ParseAssume(f.Assume)
	return a
}

// loadConfig loads --config, or returns nil for per-file discovery.
func (f *checkFlags) loadConfig() (*config.Config, error) {
	if f.Config == "" {
		return nil, nil
	}
	c, err := config.Load(f.Config)
	if err != nil {
		return nil, failure("config: %v", err)
	}
	return c, nil
}

// outcome is what `scan` and `go` found, before filtering.
type outcome struct {
	findings []rules.Finding
	errors   []*rules.InputError
	files    int
	failOn   string // from the config, when the flag is not set
	// maps are the requests' maps, for --format html.
	maps []*rules.RequestMap
}

// finish filters, reports and turns an outcome into an exit code.
func (f *checkFlags) finish(io *streams, o outcome) error {
	res := &report.Result{
		Findings: o.findings,
		Errors:   o.errors,
		Files:    o.files,
		Maps:     o.maps,
		Traffic:  rules.Traffic{RPM: f.RPM, TTL: f.TTL},
		Version:  version,
	}
	if res.Traffic.RPM == 0 {
		res.Traffic.RPM = 1
	}
	opts := report.Options{Root: io.Dir, Env: io.Getenv}
	// Baselines and diffs compare fingerprints and relative paths.
	report.Prepare(res, opts)
	if f.Baseline != "" {
		b, err := baseline.Load(f.Baseline)
		if err != nil {
			return failure("--baseline: %v", err)
		}
		res.Findings = b.Filter(res.Findings)
	}
	if f.NewFromRev != "" {
		changed, err := newfromrev.Changed(io.Dir, f.NewFromRev)
		if err != nil {
			return failure("--new-from-rev: %v", err)
		}
		res.Findings = newfromrev.Filter(res.Findings, changed)
	}
	r, err := report.New(f.Format, opts)
	if err != nil {
		return failure("%v", err)
	}
	var buf bytes.Buffer
	if err := r.Report(&buf, res); err != nil {
		return failure("writing the report: %v", err)
	}
	if err := f.write(io, buf.Bytes()); err != nil {
		return err
	}
	return exitFor(res, firstNonEmpty(f.FailOn, o.failOn, "warning"))
}

func (f *checkFlags) write(io *streams, data []byte) error {
	if f.Output == "" {
		_, err := io.Out.Write(data)
		return err
	}
	p := f.Output
	if !filepath.IsAbs(p) {
		p = filepath.Join(io.Dir, p)
	}
	if err := os.WriteFile(p, data, 0o644); err != nil {
		return failure("--output: %v", err)
	}
	return nil
}

// exitFor returns nil (exit 0) or an exit-1 error: findings at or above
// failOn, or any malformed input, make it 1.
func exitFor(res *report.Result, failOn string) error {
	threshold, _ := rules.ParseSeverity(failOn)
	if len(res.Errors) > 0 {
		return &exitError{code: exitFindings}
	}
	if threshold == rules.SeverityOff {
		return nil
	}
	for _, f := range res.Findings {
		if rules.Notes[f.Rule] && f.Severity <= rules.SeverityInfo {
			continue // a note at its default severity never fails a run
		}
		if f.Severity >= threshold {
			return &exitError{code: exitFindings}
		}
	}
	return nil
}

func firstNonEmpty(ss ...string) string {
	for _, s := range ss {
		if s != "" {
			return s
		}
	}
	return ""
}

// applyIgnores applies each config's ignore entries to the findings and
// reports the stale ones as input errors at their line in the config.
func applyIgnores(o *outcome, cfgs []*config.Config, scanned []string, root string) {
	for _, c := range cfgs {
		if len(c.Ignore) == 0 {
			continue
		}
		rel := func(p string) string { return configRel(c, p, root) }
		var stale []config.Ignore
		o.findings, stale = ignore.Apply(o.findings, c.Ignore, scanned, rel)
		for _, ig := range stale {
			o.errors = append(o.errors, rules.Errorf(rules.Span{File: c.Path, Line: ig.Line, Col: 1}, "%s", ignore.Unused(ig)))
		}
	}
}

// configRel makes a finding's path relative to the config's directory.
func configRel(c *config.Config, p, root string) string {
	if !filepath.IsAbs(p) {
		p = filepath.Join(root, p)
	}
	dir, _ := filepath.Abs(c.Dir())
	return filepath.ToSlash(relPath(dir, p))
}

func relPath(base, p string) string {
	if r, err := filepath.Rel(base, p); err == nil && !strings.HasPrefix(r, "..") {
		return r
	}
	return p
}
