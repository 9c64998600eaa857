package cli

import (
	"errors"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/cachevet/cachevet/config"
	"github.com/cachevet/cachevet/gocheck"
	"github.com/cachevet/cachevet/report"
)

// goOptions are `cachevet go`'s inputs.
type goOptions struct {
	checkFlags
	Patterns []string
	Tests    bool
}

// newGoCmd builds `cachevet go`.
func newGoCmd(io *streams, runF func(*goOptions) error) *cobra.Command {
	opts := &goOptions{}
	cmd := &cobra.Command{
		Use:   "go [PACKAGES...]",
		Short: "Check Go code that builds prompts and LLM requests",
		Long: `Run cachevet's Go analyzers over packages (default ./...): they follow how
prompt strings and SDK requests (anthropic-sdk-go, openai-go, go-openai,
genai; the frameworks langchaingo, fantasy, Eino, Genkit, ADK; mcp-go tool
lists) are built and report volatile values ahead of cacheable content,
map-ordered tool lists, missing or misplaced cache breakpoints.
The same analyzers run under go vet -vettool=$(command -v cachevet-vet).`,
		Example: `  cachevet go ./...
  cachevet go --model claude-opus-5-5 --rpm 20 ./internal/agent/...`,
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Patterns = args
			if err := opts.validate(); err != nil {
				return err
			}
			if runF != nil {
				return runF(opts)
			}
			return runGo(io, opts)
		},
	}
	opts.register(cmd)
	cmd.Flags().BoolVar(&opts.Tests, "tests", false, "also check test files")
	return cmd
}

// runGo analyzes the packages and reports.
func runGo(io *streams, opts *goOptions) error {
	o, err := goOutcome(io, opts)
	if err != nil {
		return err
	}
	return opts.finish(io, o)
}

// goOutcome runs the Go analyzers.
func goOutcome(io *streams, opts *goOptions) (outcome, error) {
	patterns := opts.Patterns
	if len(patterns) == 0 {
		patterns = []string{"./..."}
	}
	cfgPath, failOn := opts.Config, ""
	if cfgPath == "" {
		c, p, err := config.Find(io.Dir)
		if err != nil {
			return outcome{}, failure("config: %v", err)
		}
		cfgPath, failOn = p, c.FailOn
	} else {
		c, err := opts.loadConfig()
		if err != nil {
			return outcome{}, err
		}
		failOn = c.FailOn
	}
	var stats gocheck.Stats
	var maps *gocheck.Maps
	if report.DrawsMaps(opts.Format) {
		maps = &gocheck.Maps{}
	}
	findings, errs, err := gocheck.Run(gocheck.Options{
		Stats:      &stats,
		Maps:       maps,
		Dir:        io.Dir,
		Patterns:   patterns,
		Tests:      opts.Tests,
		Model:      opts.Model,
		RPM:        opts.RPM,
		TTL:        opts.TTL,
		ConfigPath: cfgPath,
		Assume:     opts.Assume,
	})
	if errors.Is(err, gocheck.ErrNoPackages) {
		// As go vet does: patterns that match nothing are a warning,
		// not a failure (a module folder holding no Go package).
		fmt.Fprintf(io.Err, "cachevet: warning: %v\n", err)
		return outcome{failOn: failOn}, nil
	}
	if err != nil {
		return outcome{}, failure("%v", err)
	}
	o := outcome{findings: findings, errors: errs, files: stats.Files, failOn: failOn}
	if maps != nil {
		o.maps = maps.Requests
	}
	return o, nil
}
