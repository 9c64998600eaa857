package cli

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/cachevet/cachevet/rules"
)

// newExplainCmd builds `cachevet explain RULE`.
func newExplainCmd(io *streams) *cobra.Command {
	return &cobra.Command{
		Use:     "explain RULE",
		Short:   "Show a rule's documentation: why, bad and good examples, how savings are computed",
		Example: "  cachevet explain PC001\n  cachevet explain volatile-prefix",
		Args:    cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runExplain(io, args[0])
		},
	}
}

// runExplain prints one rule's documentation.
func runExplain(io *streams, key string) error {
	r, err := rules.LookupRule(key)
	if err != nil {
		return failure("%v", err)
	}
	fmt.Fprint(io.Out, r.Explain())
	return nil
}
