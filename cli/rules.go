package cli

import (
	"fmt"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/cachevet/cachevet/rules"
)

// newRulesCmd builds `cachevet rules`.
func newRulesCmd(io *streams) *cobra.Command {
	return &cobra.Command{
		Use:   "rules",
		Short: "List the rules: code, name, default severity, title",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return runRules(io)
		},
	}
}

// runRules prints the rule catalog.
func runRules(io *streams) error {
	tw := tabwriter.NewWriter(io.Out, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "CODE\tNAME\tDEFAULT\tTITLE")
	for _, r := range rules.Rules {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", r.Code, r.Name, r.Default, r.Title)
	}
	return tw.Flush()
}
