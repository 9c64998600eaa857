package cli

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/cachevet/cachevet/config"
	"github.com/cachevet/cachevet/replay"
	"github.com/cachevet/cachevet/report"
	"github.com/cachevet/cachevet/rules"
)

// replayOptions are `cachevet replay`'s inputs.
type replayOptions struct {
	Logs         []string
	Sources      []string
	Format       string
	Output       string
	Model        string
	RPM          float64
	TTL          string
	AssumeOrder  string
	MoveVolatile bool
	// WriteDelay is --write-delay; nil when the flag is not given (each
	// model's catalog delay).
	WriteDelay *time.Duration
	Config     string
}

var replayFormats = []string{"text", "json", "sarif", "html"}

// newReplayCmd builds `cachevet replay`. runF replaces the run function in
// tests of flag parsing; nil runs the replay.
func newReplayCmd(io *streams, runF func(*replayOptions) error) *cobra.Command {
	opts := &replayOptions{}
	var writeDelay time.Duration
	cmd := &cobra.Command{
		Use:   "replay LOG... [--source PATH...]",
		Short: "Simulate the provider's cache over a request log and explain every miss",
		Long: `Replay request logs through a simulation of each model's prompt cache, from the
model catalog: Anthropic breakpoints and automatic caching with the 20-block
lookback, OpenAI automatic prefix caching (128-token steps from 1,024,
prompt_cache_key, retention) and GPT-5.6+ breakpoints, Gemini implicit caching.
Logs are JSONL of Anthropic Messages, OpenAI Chat Completions or Responses
bodies, bare or wrapped with their responses; request arrays; VCR cassettes;
OpenTelemetry GenAI spans; LiteLLM proxy logs. Time comes from the record, or
records are --rpm apart.

DeepSeek caches whole prefix units: a read needs a full match of a persisted
unit. A write becomes readable only after the model's write delay (OpenAI:
24 s, measured by a third party; --write-delay sets it for every model).

Every request that read less than an earlier one left in the cache is a miss,
with where it first diverges and why: volatile, tool-order, tools-changed,
system-changed, model-changed, ttl-expired, write-delay, below-minimum,
breakpoint-moved, prefix-unit or other. Where a logged response carries the
provider's own cache diagnostics (Anthropic diagnostics.cache_miss_reason,
OpenAI prompt_cache_diagnostics), the verdict is printed beside the cause and
the two are counted for agreement; where they disagree, the provider is right.
With --source, a divergence is matched to the template slot that produced it.
--ttl, --assume-order sorted and --move-volatile replay the log again with that
change and print the difference.`,
		Example: `  cachevet replay logs/requests.jsonl
  cachevet replay --source prompts/ --format sarif -o replay.sarif logs/*.jsonl
  cachevet replay --ttl 1h --move-volatile logs/requests.jsonl`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Logs = args
			if cmd.Flags().Changed("write-delay") {
				opts.WriteDelay = &writeDelay
			}
			if err := opts.validate(); err != nil {
				return err
			}
			if runF != nil {
				return runF(opts)
			}
			return runReplay(io, opts)
		},
	}
	fl := cmd.Flags()
	fl.StringSliceVar(&opts.Sources, "source", nil, "directories (walked as scan walks them) or files of prompt templates and request bodies to match divergences to (repeatable)")
	fl.StringVar(&opts.Format, "format", "text", "output format: "+strings.Join(replayFormats, ", "))
	fl.StringVarP(&opts.Output, "output", "o", "", "write the report to this file instead of standard output")
	fl.StringVar(&opts.Model, "model", "", "model of records that name none")
	fl.Float64Var(&opts.RPM, "rpm", 0, "requests per minute, for records without a time (default 1)")
	fl.StringVar(&opts.TTL, "ttl", "", "what-if: replay again with this cache lifetime (5m, 1h, 30m, 24h)")
	fl.StringVar(&opts.AssumeOrder, "assume-order", "", "what-if: replay again with tools and JSON keys sorted (sorted)")
	fl.BoolVar(&opts.MoveVolatile, "move-volatile", false, "what-if: replay again with volatile literals moved after the last breakpoint")
	fl.DurationVar(&writeDelay, "write-delay", 0, "how long a cache write takes to become readable, for every model (default: the catalog's write_delay_seconds, OpenAI 24s, others at once)")
	fl.StringVar(&opts.Config, "config", "", "config file (stable/volatile names, models); default the .cachevet.yaml closest to the working directory")
	return cmd
}

func (o *replayOptions) validate() error {
	found := false
	for _, f := range replayFormats {
		found = found || f == o.Format
	}
	if !found {
		return failure("unknown format %q (want %s)", o.Format, strings.Join(replayFormats, ", "))
	}
	if o.RPM < 0 {
		return failure("--rpm must be positive")
	}
	if o.AssumeOrder != "" && o.AssumeOrder != "sorted" {
		return failure("--assume-order %q: the only order is sorted", o.AssumeOrder)
	}
	if o.WriteDelay != nil && *o.WriteDelay < 0 {
		return failure("--write-delay must not be negative")
	}
	return nil
}

// runReplay replays the logs and writes the report. The exit code is 1
// when some record could not be read, 0 otherwise: misses are what the
// report is about, not a failure.
func runReplay(io *streams, opts *replayOptions) error {
	cfg, err := replayConfig(io, opts)
	if err != nil {
		return err
	}
	cat, err := cfg.Catalog()
	if err != nil {
		return failure("%v", err)
	}
	model := opts.Model
	if model == "" {
		model = cfg.Model
	}
	if model != "" {
		if _, err := cat.Lookup(model); err != nil {
			return failure("--model: %v", err)
		}
	}
	if opts.TTL != "" {
		if err := checkTTL(cat, opts.TTL); err != nil {
			return failure("--ttl: %v", err)
		}
	}
	ropts := replay.Options{Logs: opts.Logs, Sources: opts.Sources, Catalog: cat, Model: model,
		RPM: opts.RPM, TTL: opts.TTL, AssumeOrder: opts.AssumeOrder, MoveVolatile: opts.MoveVolatile,
		WriteDelay: opts.WriteDelay, Names: cfg.Names(), Dir: io.Dir}
	if opts.Config != "" {
		ropts.Config = cfg // --config: for the sources too, as scan --config
	}
	rep, err := replay.Run(ropts)
	if err != nil {
		return failure("%v", err)
	}
	var buf bytes.Buffer
	switch opts.Format {
	case "json":
		err = replay.WriteJSON(&buf, rep)
	case "html":
		err = replay.WriteHTML(&buf, rep)
	case "sarif":
		var r report.Reporter
		r, err = report.New("sarif", report.Options{Root: io.Dir})
		if err == nil {
			res := &report.Result{Findings: replay.Findings(rep), Version: version}
			for _, e := range rep.Errors {
				res.Errors = append(res.Errors, rules.Errorf(rules.Span{File: e.File, Line: e.Line, Col: e.Column}, "%s", e.Message))
			}
			err = r.Report(&buf, res)
		}
	default:
		err = replay.WriteText(&buf, rep)
	}
	if err != nil {
		return failure("writing the report: %v", err)
	}
	if opts.Output == "" {
		if _, err := io.Out.Write(buf.Bytes()); err != nil {
			return err
		}
	} else {
		p := opts.Output
		if !filepath.IsAbs(p) {
			p = filepath.Join(io.Dir, p)
		}
		if err := os.WriteFile(p, buf.Bytes(), 0o644); err != nil {
			return failure("--output: %v", err)
		}
	}
	if len(rep.Errors) > 0 {
		return &exitError{code: exitFindings}
	}
	return nil
}

// checkTTL accepts a TTL some model of the catalog offers.
func checkTTL(cat *rules.Catalog, ttl string) error {
	for _, p := range cat.Models {
		if _, err := p.TTL(ttl); err == nil {
			return nil
		}
	}
	return errors.New("no model of the catalog offers TTL " + ttl)
}

func replayConfig(io *streams, opts *replayOptions) (*config.Config, error) {
	if opts.Config != "" {
		p := opts.Config
		if !filepath.IsAbs(p) {
			p = filepath.Join(io.Dir, p)
		}
		c, err := config.Load(p)
		if err != nil {
			return nil, failure("%v", err)
		}
		return c, nil
	}
	c, _, err := config.Find(io.Dir)
	if err != nil {
		return nil, failure("%v", err)
	}
	return c, nil
}
