package cli

import (
	"encoding/json"
	"fmt"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/cachevet/cachevet/config"
	"github.com/cachevet/cachevet/rules"
)

// modelsOptions are `cachevet models`' inputs.
type modelsOptions struct {
	JSON   bool
	Config string
	// Model shows one model (by id or alias) with every source.
	Model string
}

// newModelsCmd builds `cachevet models`.
func newModelsCmd(io *streams) *cobra.Command {
	opts := &modelsOptions{}
	cmd := &cobra.Command{
		Use:   "models [MODEL]",
		Short: "Print the model catalog with sources and confidence",
		Long: `Print the model catalog: minimum cacheable tokens, caching mode, prices,
multipliers, TTLs and prefill rate, each number with its source and a
confidence (official, secondary, derived, unverified). A config's models: file
adds or overrides rows. Name a model to see it alone with its sources.`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) == 1 {
				opts.Model = args[0]
			}
			return runModels(io, opts)
		},
	}
	cmd.Flags().BoolVar(&opts.JSON, "json", false, "print JSON")
	cmd.Flags().StringVar(&opts.Config, "config", "", "config file whose models: file extends the catalog")
	return cmd
}

type modelsJSON struct {
	Date    string           `json:"date"`
	Sources []rules.Source   `json:"sources"`
	Models  []*rules.Profile `json:"models"`
}

// runModels prints the catalog.
func runModels(io *streams, opts *modelsOptions) error {
	cfg := config.Default()
	if opts.Config != "" {
		c, err := config.Load(opts.Config)
		if err != nil {
			return failure("config: %v", err)
		}
		cfg = c
	} else if c, _, err := config.Find(io.Dir); err == nil {
		cfg = c
	}
	cat, err := cfg.Catalog()
	if err != nil {
		return failure("%v", err)
	}
	models := cat.Models
	var res rules.Resolution
	if opts.Model != "" {
		res, err = cat.Resolve(opts.Model)
		if err != nil {
			return failure("%v", err)
		}
		models = []*rules.Profile{res.Profile}
	}
	if opts.JSON {
		out := modelsJSON{Date: cat.Date, Models: models}
		for _, k := range sortedKeys(cat.Sources) {
			out.Sources = append(out.Sources, cat.Sources[k])
		}
		enc := json.NewEncoder(io.Out)
		enc.SetIndent("", "  ")
		return enc.Encode(out)
	}
	if opts.Model != "" {
		if res.How != rules.ResolvedExact {
			fmt.Fprintf(io.Out, "%s resolves to %s (%s, %s)\n", opts.Model, res.Profile.ID, res.How, res.Confidence)
		}
		printProfile(io, models[0])
		for _, f := range res.Profile.Facts {
			fmt.Fprintf(io.Out, "  fact: %s (%s, %s)\n", f.Text, f.Confidence, f.URL)
		}
		return nil
	}
	tw := tabwriter.NewWriter(io.Out, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "MODEL\tPROVIDER\tMODE\tMIN TOKENS\t$/MTOK IN\tWRITE\tREAD\tTTLS\tTOKENIZER")
	for _, p := range models {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", p.ID, p.Provider, p.Mode,
			num(p.MinTokens, "%.0f"), num(p.InputUSDPerMTok, "%g"), writes(p), num(p.ReadMultiplier, "%g×"),
			ttlNames(p), tokenizerName(p))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintf(io.Out, "\nCatalog of %s. * marks a number that is not from the provider's own documentation; `cachevet models MODEL` shows every source.\n", cat.Date)
	return nil
}

// num formats a catalog number, starred unless official, "?" when unknown.
func num(n rules.Number, format string) string {
	if !n.Known {
		return "?"
	}
	s := fmt.Sprintf(format, n.Value)
	if n.Confidence != rules.Official {
		s += "*"
	}
	return s
}

func writes(p *rules.Profile) string {
	var ws []string
	for _, t := range p.TTLs {
		ws = append(ws, num(t.Write, "%g×"))
	}
	return strings.Join(ws, "/")
}

func ttlNames(p *rules.Profile) string {
	var ns []string
	for _, t := range p.TTLs {
		ns = append(ns, t.Name)
	}
	return strings.Join(ns, ",")
}

func tokenizerName(p *rules.Profile) string {
	if p.Tokenizer.Ratio.Value == 1 {
		return p.Tokenizer.Encoding
	}
	return fmt.Sprintf("%s×%g", p.Tokenizer.Encoding, p.Tokenizer.Ratio.Value)
}

func printProfile(io *streams, p *rules.Profile) {
	w := io.Out
	fmt.Fprintf(w, "%s (%s, %s caching)\n", p.ID, p.Provider, p.Mode)
	if len(p.Aliases) > 0 {
		fmt.Fprintf(w, "  aliases: %s\n", strings.Join(p.Aliases, ", "))
	}
	line := func(name string, n rules.Number) {
		v := "unknown"
		if n.Known {
			v = fmt.Sprintf("%g", n.Value)
		}
		fmt.Fprintf(w, "  %-20s %-10s %-10s %s\n", name, v, n.Confidence, n.URL)
	}
	line("min_tokens", p.MinTokens)
	line("input_usd_per_mtok", p.InputUSDPerMTok)
	line("read_multiplier", p.ReadMultiplier)
	for _, t := range p.TTLs {
		line(fmt.Sprintf("write (%s, %gmin)", t.Name, t.Minutes), t.Write)
	}
	line("granularity", p.Granularity)
	line("max_breakpoints", p.MaxBreakpoints)
	line("lookback", p.Lookback)
	if p.ReadBreakpoints.Source != "" {
		line("read_breakpoints", p.ReadBreakpoints)
	}
	if p.ObservedMin.Source != "" {
		line("observed_min_tokens", p.ObservedMin)
	}
	if p.UnitInterval.Source != "" {
		line("unit_interval_tokens", p.UnitInterval)
	}
	if p.WriteDelay.Source != "" {
		line("write_delay_seconds", p.WriteDelay)
	}
	if p.Mode == rules.ModeNone {
		fmt.Fprintf(w, "  does not cache prompts: files that use it stay silent\n")
	}
	line("prefill_tps", p.PrefillTPS)
	line("tokenizer ratio", p.Tokenizer.Ratio)
	fmt.Fprintf(w, "  tokenizer            %s\n  default TTL          %s\n", p.Tokenizer.Encoding, p.DefaultTTL)
	if p.Note != "" {
		fmt.Fprintf(w, "  note: %s\n", p.Note)
	}
}

func sortedKeys[V any](m map[string]V) []string {
	ks := make([]string, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	sortStrings(ks)
	return ks
}
