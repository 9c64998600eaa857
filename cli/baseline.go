package cli

import (
	"bytes"
	"os"
	"path/filepath"

	"github.com/spf13/cobra"

	"github.com/cachevet/cachevet/baseline"
	"github.com/cachevet/cachevet/report"
)

// baselineOptions are `cachevet baseline write`'s inputs.
type baselineOptions struct {
	checkFlags
	File     string
	Paths    []string
	Packages []string
}

// newBaselineCmd builds `cachevet baseline`.
func newBaselineCmd(io *streams) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "baseline",
		Short: "Record current findings so later runs report only new ones",
	}
	opts := &baselineOptions{}
	write := &cobra.Command{
		Use:   "write FILE [PATH...]",
		Short: "Record the current findings of prompt files (and Go packages) in FILE",
		Long: `Record the findings of ` + "`cachevet scan PATH...`" + ` (and of ` + "`cachevet go`" + ` over
--packages) by fingerprint. Later runs with --baseline FILE report only findings
that are not in it. Fingerprints do not change when unrelated lines move.`,
		Example: `  cachevet baseline write .cachevet-baseline.json prompts/ --packages ./...
  cachevet scan --baseline .cachevet-baseline.json prompts/`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.File, opts.Paths = args[0], args[1:]
			if err := opts.validate(); err != nil {
				return err
			}
			return runBaselineWrite(io, opts)
		},
	}
	opts.register(write)
	write.Flags().StringSliceVar(&opts.Packages, "packages", nil, "also record the findings of `cachevet go` over these package patterns")
	cmd.AddCommand(write)
	return cmd
}

// runBaselineWrite runs the checks and writes the baseline file.
func runBaselineWrite(io *streams, opts *baselineOptions) error {
	var all outcome
	collect := func(o outcome) error {
		all.findings = append(all.findings, o.findings...)
		all.errors = append(all.errors, o.errors...)
		return nil
	}
	if len(opts.Paths) > 0 || len(opts.Packages) == 0 {
		o, err := scanOutcome(io, &scanOptions{checkFlags: opts.checkFlags, Paths: opts.Paths})
		if err != nil {
			return err
		}
		collect(o)
	}
	if len(opts.Packages) > 0 {
		o, err := goOutcome(io, &goOptions{checkFlags: opts.checkFlags, Patterns: opts.Packages})
		if err != nil {
			return err
		}
		collect(o)
	}
	res := &report.Result{Findings: all.findings, Errors: all.errors}
	report.Prepare(res, report.Options{Root: io.Dir})
	var buf bytes.Buffer
	if err := baseline.Write(&buf, res.Findings); err != nil {
		return failure("%v", err)
	}
	p := opts.File
	if !filepath.IsAbs(p) {
		p = filepath.Join(io.Dir, p)
	}
	if err := os.WriteFile(p, buf.Bytes(), 0o644); err != nil {
		return failure("%v", err)
	}
	// Input errors still matter: they are findings a baseline cannot hide.
	for _, e := range res.Errors {
		io.Err.Write([]byte(e.Error() + "\n"))
	}
	if len(res.Errors) > 0 {
		return &exitError{code: exitFindings}
	}
	return nil
}
