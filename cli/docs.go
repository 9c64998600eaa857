package cli

import (
	"fmt"
	"strings"

	"github.com/cachevet/cachevet/analyzers"
	"github.com/cachevet/cachevet/rules"
)

// rulesTable is the Markdown rule table of the README, generated from the
// rule catalog so the two cannot drift.
func rulesTable() string {
	var b strings.Builder
	b.WriteString("| code | name | default | fires when |\n|---|---|---|---|\n")
	for _, r := range rules.Rules {
		fmt.Fprintf(&b, "| [%s](docs/rules.md#%s) | %s | %s | %s |\n", r.Code, strings.ToLower(r.Code), r.Name, r.Default, r.Title)
	}
	return b.String()
}

// rulesDoc is docs/rules.md: every rule's documentation, as `cachevet
// explain` prints it.
func rulesDoc() string {
	var b strings.Builder
	b.WriteString("# cachevet rules\n\nGenerated from the rule catalog (`rules/docs.go`); `cachevet explain RULE` prints the same text.\n")
	for _, r := range rules.Rules {
		fmt.Fprintf(&b, "\n## %s\n\n**%s** — %s. Default severity: %s. Since %s.\n\n%s\n\nBad:\n\n```\n%s\n```\n\nGood:\n\n```\n%s\n```\n\n%sSavings: %s\n",
			strings.ToLower(r.Code), r.Code+" "+r.Name, r.Title, r.Default, r.Since, r.Text, r.Bad, r.Good, r.CasesText(true), r.Savings)
		if r.Test != "" {
			fmt.Fprintf(&b, "\nIn your tests: %s See [Prove it in your tests](../README.md#prove-it-in-your-tests).\n", r.Test)
		}
	}
	return b.String()
}

// goDoc is docs/go.md, where the Go analyzers' URL points: each analyzer's
// documentation (its Doc, as go vet help prints it) under a heading named
// after it.
func goDoc() string {
	var b strings.Builder
	b.WriteString("# cachevet's Go analyzers\n\nGenerated from the analyzers' documentation (`analyzers/*/doc.go`); `go vet -vettool=$(command -v cachevet-vet) help NAME` prints the same text. The README's [Go code](../README.md#go-code) section shows how to run them.\n")
	for _, a := range analyzers.All() {
		title, body, _ := strings.Cut(a.Doc, "\n\n")
		fmt.Fprintf(&b, "\n## %s\n\n**%s**\n\n```text\n%s\n```\n", a.Name, title, strings.TrimSpace(body))
	}
	return b.String()
}
