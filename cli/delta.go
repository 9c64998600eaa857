package cli

import (
	"bytes"
	"fmt"
	stdio "io"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/cachevet/cachevet/delta"
	"github.com/cachevet/cachevet/report"
	"github.com/cachevet/cachevet/rules"
)

// deltaOptions are `cachevet delta`'s inputs. Of checkFlags, --baseline
// and --new-from-rev are not offered: the base revision is the baseline.
type deltaOptions struct {
	checkFlags
	Base     string
	Paths    []string
	Packages []string
}

// newDeltaCmd builds `cachevet delta`. runF replaces the run function in
// tests of flag parsing; nil runs the comparison.
func newDeltaCmd(io *streams, runF func(*deltaOptions) error) *cobra.Command {
	opts := &deltaOptions{}
	cmd := &cobra.Command{
		Use:   "delta --base REV [PATH...] [--packages P...]",
		Short: "What a change does to the cache bill: findings added, removed and moved since a git revision",
		Long: `Check the working tree and the tree at REV (exported to a temporary directory;
the checkout is never touched) with the same config, model and traffic
assumptions, match their findings by fingerprint (as baselines do; a renamed
file keeps its fingerprints) and print what the change adds, removes and
moves, each with its dollars per day, and the net change per day.

PATHs are scanned as by ` + "`cachevet scan`" + ` (default "." unless only --packages is
given); --packages are checked as by ` + "`cachevet go`" + `. --fail-on applies to the
added findings only: a change that fixes findings, or leaves old ones alone,
exits 0. A base whose files cannot be read, or whose Go packages do not
build, is said so, and the head's findings there are listed as not compared.`,
		Example: `  cachevet delta --base origin/main prompts/
  cachevet delta --base "$(git merge-base origin/main HEAD)" --format markdown . --packages ./...`,
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Paths = args
			if err := opts.validate(); err != nil {
				return err
			}
			if runF != nil {
				return runF(opts)
			}
			return runDelta(io, opts)
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&opts.Base, "base", "", "the git revision to compare with (required): a branch, tag or commit")
	fl.StringSliceVar(&opts.Packages, "packages", nil, "also compare the Go findings (as cachevet go reports them) of these package patterns")
	fl.StringVar(&opts.Format, "format", "text", "output format: "+strings.Join(report.DeltaFormats(), ", "))
	opts.registerEstimate(cmd)
	fl.StringVar(&opts.Config, "config", "", "config file for both sides (default: the working tree's .cachevet.yaml closest to each file)")
	fl.StringVar(&opts.FailOn, "fail-on", "", "lowest severity of an added finding that makes the exit code 1: error, warning, info, none (default warning)")
	return cmd
}

func (o *deltaOptions) validate() error {
	if o.Base == "" {
		return failure("--base is required: the revision to compare with (see cachevet delta --help)")
	}
	known := false
	for _, f := range report.DeltaFormats() {
		known = known || strings.EqualFold(strings.TrimSpace(o.Format), f)
	}
	if !known {
		return failure("--format: unknown format %q (want %s)", o.Format, strings.Join(report.DeltaFormats(), ", "))
	}
	rest := o.checkFlags
	rest.Format = "" // checked above: markdown is a delta format only
	return rest.validate()
}

// deltaSide is one side's findings and input errors, scan and go apart:
// a base whose Go packages do not build spoils only the Go part.
type deltaSide struct {
	scan, gopkgs outcome
	// scanErr and goErr say why a part could not be checked at all.
	scanErr, goErr error
}

// check runs scan over paths (when there are paths, or no packages) and
// go over packages, in io.Dir.
func (o *deltaOptions) check(io *streams, flags checkFlags, paths []string, scanned bool) deltaSide {
	var s deltaSide
	if scanned {
		s.scan, s.scanErr = scanOutcome(io, &scanOptions{checkFlags: flags, Paths: paths})
	}
	if len(o.Packages) > 0 {
		s.gopkgs, s.goErr = goOutcome(io, &goOptions{checkFlags: flags, Patterns: o.Packages})
	}
	return s
}

// runDelta compares the working tree with --base and reports the change.
func runDelta(io *streams, opts *deltaOptions) error {
	commit, err := delta.Resolve(io.Dir, opts.Base)
	if err != nil {
		return failure("--base: %v", err)
	}
	flags := opts.checkFlags
	if flags.Config != "" && !filepath.IsAbs(flags.Config) {
		flags.Config = filepath.Join(io.Dir, flags.Config) // the base is checked elsewhere
	}
	scanned := len(opts.Paths) > 0 || len(opts.Packages) == 0

	head := opts.check(io, flags, opts.Paths, scanned)
	for _, err := range []error{head.scanErr, head.goErr} {
		if err != nil {
			return err
		}
	}
	headOpts := report.Options{Root: io.Dir}
	headScan, headGo := prepared(head.scan, headOpts), prepared(head.gopkgs, headOpts)

	tree, err := delta.Export(io.Dir, commit)
	if err != nil {
		return failure("--base: %v", err)
	}
	defer tree.Remove()
	if flags.Config == "" {
		if err := delta.UseConfigs(io.Dir, tree); err != nil {
			return failure("--base: %v", err)
		}
	}
	renames, err := delta.Renames(io.Dir, commit, tree)
	if err != nil {
		return failure("--base: %v", err)
	}

	d := &report.Delta{Base: opts.Base, Commit: commit, NewFiles: map[string]bool{}, Version: version,
		Files: head.scan.files + head.gopkgs.files}
	basePaths, missing := pathsAt(io.Dir, tree.Dir, opts.Paths)
	for _, p := range missing {
		d.Notes = append(d.Notes, fmt.Sprintf("%s did not exist at %s: its findings are all added", p, opts.Base))
	}
	baseIO := &streams{Out: stdio.Discard, Err: io.Err, Getenv: io.Getenv, Dir: tree.Dir}
	base := opts.check(baseIO, flags, basePaths, scanned && (len(basePaths) > 0 || len(opts.Paths) == 0))
	baseOpts := report.Options{Root: tree.Dir, ReadFile: delta.BaseReader(tree.Dir, renames, os.ReadFile)}

	var baseFindings, headFindings []rules.Finding
	// Prompt files: a file the base could not read is not compared.
	switch {
	case base.scanErr != nil:
		d.Notes = append(d.Notes, fmt.Sprintf("the files at %s could not be scanned (%v): the head's findings in them are not compared", opts.Base, exitMessage(base.scanErr)))
		d.Unchecked = append(d.Unchecked, headScan.Findings...)
	default:
		baseScan := renamed(base.scan, renames, baseOpts)
		broken := map[string]bool{}
		for _, e := range baseScan.Errors {
			broken[renamedPath(e.Span.File, renames)] = true
		}
		d.BaseErrors = append(d.BaseErrors, baseScan.Errors...)
		if len(broken) > 0 {
			d.Notes = append(d.Notes, fmt.Sprintf("%s could not be read at %s: the head's findings there are not compared", strings.Join(sortedKeys(broken), ", "), opts.Base))
		}
		for _, f := range baseScan.Findings {
			if !broken[f.Span.File] {
				baseFindings = append(baseFindings, f)
			}
		}
		for _, f := range headScan.Findings {
			if broken[f.Span.File] {
				d.Unchecked = append(d.Unchecked, f)
			} else {
				headFindings = append(headFindings, f)
			}
		}
	}
	// Go packages: one package that does not build spoils the whole part,
	// since findings follow values across packages.
	if len(opts.Packages) > 0 {
		baseGo := renamed(base.gopkgs, renames, baseOpts)
		switch {
		case base.goErr != nil:
			d.Notes = append(d.Notes, fmt.Sprintf("the Go packages at %s could not be loaded (%v): their findings cannot be computed, so the head's Go findings are reported alone, not compared", opts.Base, exitMessage(base.goErr)))
			d.Unchecked = append(d.Unchecked, headGo.Findings...)
		case len(baseGo.Errors) > 0:
			d.Notes = append(d.Notes, fmt.Sprintf("the Go packages at %s do not build: their findings cannot be computed, so the head's Go findings are reported alone, not compared", opts.Base))
			d.BaseErrors = append(d.BaseErrors, baseGo.Errors...)
			d.Unchecked = append(d.Unchecked, headGo.Findings...)
		default:
			baseFindings = append(baseFindings, baseGo.Findings...)
			headFindings = append(headFindings, headGo.Findings...)
		}
	}
	d.Errors = append(headScan.Errors, headGo.Errors...)
	d.Added, d.Removed, d.Matched = delta.Compare(baseFindings, headFindings)
	// Matching done, the base's findings are shown where they were.
	for i := range d.Removed {
		d.Removed[i].Span.File = basePath(d.Removed[i].Span.File, renames)
	}
	for i := range d.Matched {
		d.Matched[i].Base.Span.File = basePath(d.Matched[i].Base.Span.File, renames)
	}

	for _, f := range append(append([]rules.Finding(nil), d.Added...), d.Unchecked...) {
		if !existsAt(tree.Dir, basePath(f.Span.File, renames)) {
			d.NewFiles[f.Span.File] = true
		}
	}
	var newFiles []string
	for _, f := range sortedKeys(d.NewFiles) {
		if !underAny(f, missing) { // said already
			newFiles = append(newFiles, f)
		}
	}
	if len(newFiles) > 0 {
		d.Notes = append(d.Notes, fmt.Sprintf("%s did not exist at %s: %s findings are all added", strings.Join(newFiles, ", "), opts.Base, map[bool]string{true: "its", false: "their"}[len(newFiles) == 1]))
	}
	renamedFiles := map[string]bool{}
	for _, m := range d.Matched {
		if from := renamedFrom(m.Head.Span.File, renames); from != "" {
			renamedFiles[from] = true
		}
	}
	for _, from := range sortedKeys(renamedFiles) {
		d.Notes = append(d.Notes, fmt.Sprintf("%s was renamed to %s since %s: its findings keep their fingerprints", from, renames[from], opts.Base))
	}

	var buf bytes.Buffer
	if err := report.WriteDelta(&buf, opts.Format, d, report.Options{Root: io.Dir, Env: io.Getenv}); err != nil {
		return failure("writing the report: %v", err)
	}
	if err := opts.write(io, buf.Bytes()); err != nil {
		return err
	}
	failOn := firstNonEmpty(opts.FailOn, head.scan.failOn, head.gopkgs.failOn, "warning")
	gate := &report.Result{Findings: append(append([]rules.Finding(nil), d.Added...), d.Unchecked...), Errors: d.Errors}
	return exitFor(gate, failOn)
}

// prepared makes an outcome's paths relative and fills fingerprints.
func prepared(o outcome, opts report.Options) *report.Result {
	res := &report.Result{Findings: o.findings, Errors: o.errors}
	report.Prepare(res, opts)
	return res
}

// renamed prepares a base outcome under the working tree's file names, so
// a renamed file's findings get the fingerprints they have at the head.
func renamed(o outcome, renames map[string]string, opts report.Options) *report.Result {
	res := prepared(o, report.Options{Root: opts.Root})
	delta.Rename(res.Findings, renames)
	report.Prepare(res, opts)
	return res
}

func renamedPath(p string, renames map[string]string) string {
	if to, ok := renames[p]; ok {
		return to
	}
	return p
}

// renamedFrom is the base name of a head file that was renamed, or "".
func renamedFrom(p string, renames map[string]string) string {
	for from, to := range renames {
		if to == p {
			return from
		}
	}
	return ""
}

func basePath(p string, renames map[string]string) string {
	if from := renamedFrom(p, renames); from != "" {
		return from
	}
	return p
}

func existsAt(root, rel string) bool {
	_, err := os.Lstat(filepath.Join(root, filepath.FromSlash(rel)))
	return err == nil
}

// pathsAt maps the PATH arguments to the base's tree and lists those that
// did not exist there.
func pathsAt(dir, baseDir string, paths []string) (existing, missing []string) {
	for _, p := range paths {
		rel := p
		if filepath.IsAbs(p) {
			r, err := filepath.Rel(dir, p)
			if err != nil || !filepath.IsLocal(r) && r != "." {
				missing = append(missing, p) // outside the repository's directory
				continue
			}
			rel = r
		}
		if existsAt(baseDir, filepath.ToSlash(rel)) {
			existing = append(existing, rel)
		} else {
			missing = append(missing, filepath.ToSlash(rel))
		}
	}
	return existing, missing
}

// exitMessage is an error's text without cachevet's exit code.
func exitMessage(err error) string {
	if ee, ok := err.(*exitError); ok && ee.err != nil {
		return ee.err.Error()
	}
	return err.Error()
}

// underAny reports whether file is one of paths or inside one of them.
func underAny(file string, paths []string) bool {
	for _, p := range paths {
		p = strings.TrimSuffix(p, "/")
		if file == p || strings.HasPrefix(file, p+"/") {
			return true
		}
	}
	return false
}
