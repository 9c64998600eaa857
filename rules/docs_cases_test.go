package rules

import (
	"strings"
	"testing"
)

// TestRuleCasesDocumented: every case added to a rule has its title, the
// version it appeared in and both examples, and explain prints them.
func TestRuleCasesDocumented(t *testing.T) {
	n := 0
	for _, r := range Rules {
		text := r.Explain()
		for _, c := range r.Cases {
			n++
			if c.Title == "" || c.Since == "" || c.Text == "" || c.Bad == "" || c.Good == "" {
				t.Errorf("%s: case %q lacks a field: %+v", r.Code, c.Title, c)
			}
			if !strings.Contains(text, "Case: "+c.Title+" (since "+c.Since+")") {
				t.Errorf("%s: explain does not print case %q", r.Code, c.Title)
			}
			if !strings.Contains(r.CasesText(true), "```\n"+c.Bad+"\n```") {
				t.Errorf("%s: docs do not fence the bad example of %q", r.Code, c.Title)
			}
		}
	}
	if n == 0 {
		t.Fatal("no rule has cases")
	}
	if r := MustRule(PC011); r.Default != SeverityError || len(r.Cases) == 0 {
		t.Errorf("PC011 is %s with %d cases", r.Default, len(r.Cases))
	}
}
