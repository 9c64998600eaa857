package cli

import (
	"fmt"
	"strings"

	"github.com/cachevet/cachevet/rules"
)

// RulesTable is the Markdown rule table of the README, generated from the
// rule catalog so the two cannot drift.
func RulesTable() string {
	var b strings.Builder
	b.WriteString("| code | name | default | fires when |\n|---|---|---|---|\n")
	for _, r := range rules.Rules {
		fmt.Fprintf(&b, "| [%s](docs/rules.md#%s) | %s | %s | %s |\n", r.Code, strings.ToLower(r.Code), r.Name, r.Default, r.Title)
	}
	return b.String()
}

// RulesDoc is docs/rules.md: every rule's documentation, as `cachevet
// explain` prints it.
func RulesDoc() string {
	var b strings.Builder
	b.WriteString("# cachevet rules\n\nGenerated from the rule catalog (`rules/docs.go`); `cachevet explain RULE` prints the same text.\n")
	for _, r := range rules.Rules {
		fmt.Fprintf(&b, "\n## %s\n\n**%s** — %s. Default severity: %s. Since %s.\n\n%s\n\nBad:\n\n```\n%s\n```\n\nGood:\n\n```\n%s\n```\n\nSavings: %s\n",
			strings.ToLower(r.Code), r.Code+" "+r.Name, r.Title, r.Default, r.Since, r.Text, r.Bad, r.Good, r.Savings)
		if r.Test != "" {
			fmt.Fprintf(&b, "\nIn your tests: %s See [Prove it in your tests](../README.md#prove-it-in-your-tests).\n", r.Test)
		}
	}
	return b.String()
}
