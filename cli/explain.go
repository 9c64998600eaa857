package cli

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/cachevet/cachevet/rules"
)

// NewExplainCmd builds `cachevet explain RULE`.
func NewExplainCmd(io *IO) *cobra.Command {
	return &cobra.Command{
		Use:     "explain RULE",
		Short:   "Show a rule's documentation: why, bad and good examples, how savings are computed",
		Example: "  cachevet explain PC001\n  cachevet explain volatile-prefix",
		Args:    cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return RunExplain(io, args[0])
		},
	}
}

// RunExplain prints one rule's documentation.
func RunExplain(io *IO, key string) error {
	r, err := rules.LookupRule(key)
	if err != nil {
		return failure("%v", err)
	}
	fmt.Fprint(io.Out, r.Explain())
	return nil
}
