package cli

import (
	"fmt"
	"strings"

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
	fmt.Fprint(io.Out, ExplainText(r))
	return nil
}

// ExplainText is a rule's documentation as `explain` prints it.
func ExplainText(r *rules.Rule) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s %s: %s\n\n", r.Code, r.Name, r.Title)
	fmt.Fprintf(&b, "Default severity: %s. Available since %s.\n\n", r.Default, r.Since)
	fmt.Fprintf(&b, "%s\n\n", r.Text)
	fmt.Fprintf(&b, "Bad:\n\n%s\n\n", indent(r.Bad))
	fmt.Fprintf(&b, "Good:\n\n%s\n\n", indent(r.Good))
	fmt.Fprintf(&b, "Savings: %s\n\n", r.Savings)
	if r.Test != "" {
		fmt.Fprintf(&b, "In your tests: %s\n\n", r.Test)
	}
	fmt.Fprintf(&b, "Online: %s\n", r.URL())
	return b.String()
}

func indent(s string) string {
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		if l != "" {
			lines[i] = "    " + l
		}
	}
	return strings.Join(lines, "\n")
}
