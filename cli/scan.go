package cli

import (
	"github.com/spf13/cobra"

	"github.com/cachevet/cachevet/report"
	"github.com/cachevet/cachevet/scan"
)

// scanOptions are `cachevet scan`'s inputs.
type scanOptions struct {
	checkFlags
	Paths []string
}

// newScanCmd builds `cachevet scan`. runF replaces the run function in
// tests of flag parsing; nil runs the scan.
func newScanCmd(io *streams, runF func(*scanOptions) error) *cobra.Command {
	opts := &scanOptions{}
	cmd := &cobra.Command{
		Use:   "scan [PATH...]",
		Short: "Check prompt files and request bodies",
		Long: `Check prompt templates, request bodies (Anthropic Messages, OpenAI Chat
Completions and Responses), JSONL request logs and promptfoo/prompty/dotprompt
files. Directories are walked for prompt files: *.prompt, *.prompty, files under
a prompts/ directory, and files whose name contains "prompt" or "system" with a
text, template, JSON or YAML ending. A file named on the command line is always
scanned. The default path is ".".`,
		Example: `  cachevet scan prompts/
  cachevet scan --model gpt-5 --rpm 30 logs/requests.jsonl
  cachevet scan --format sarif --output cachevet.sarif .`,
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Paths = args
			if err := opts.validate(); err != nil {
				return err
			}
			if runF != nil {
				return runF(opts)
			}
			return runScan(io, opts)
		},
	}
	opts.register(cmd)
	return cmd
}

// runScan scans the paths and reports.
func runScan(io *streams, opts *scanOptions) error {
	o, err := scanOutcome(io, opts)
	if err != nil {
		return err
	}
	return opts.finish(io, o)
}

// scanOutcome scans and applies the config's ignore entries.
func scanOutcome(io *streams, opts *scanOptions) (outcome, error) {
	cfg, err := opts.loadConfig()
	if err != nil {
		return outcome{}, err
	}
	res, err := scan.Run(scan.Options{
		Maps:      report.DrawsMaps(opts.Format),
		Paths:     opts.Paths,
		Dir:       io.Dir,
		Config:    cfg,
		Overrides: scan.Overrides{Model: opts.Model, RPM: opts.RPM, TTL: opts.TTL, Assume: opts.assume()},
	})
	if err != nil {
		return outcome{}, failure("%v", err)
	}
	o := outcome{findings: res.Findings, errors: res.Errors, files: res.Files, maps: res.Maps}
	applyIgnores(&o, res.Configs, res.Paths, io.Dir)
	if cfg != nil {
		o.failOn = cfg.FailOn
	} else if len(res.Configs) == 1 {
		o.failOn = res.Configs[0].FailOn
	}
	return o, nil
}
