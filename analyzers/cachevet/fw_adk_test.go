package cachevet

import (
	"strings"
	"testing"

	"github.com/cachevet/cachevet/analyzers/internal/flow"
	"github.com/cachevet/cachevet/rules"
)

func TestADKSplit(t *testing.T) {
	tests := []struct {
		text string
		want string // pieces: "t:" text, "s:" slot name/lifetime
	}{
		{"plain", "t:plain"},
		{"Hi {user_name}!", "t:Hi |s:{user_name}/session|t:!"},
		{"{user_name?} rest", "s:{user_name?}/session|t: rest"},
		{"Tier {app:tier}", "t:Tier |s:{app:tier}/process"},
		{"Doc {artifact.notes.txt}", "t:Doc |s:{artifact.notes.txt}/session"},
		{"JSON {\"a\": 1} and {not valid}", "t:JSON {\"a\": 1}|t: and {not valid}"},
		{"unclosed {name", "t:unclosed {name"},
		{"{x:y} other prefix", "t:{x:y}|t: other prefix"},
	}
	for _, tt := range tests {
		var got []string
		for _, p := range adkSplit(flow.Piece{Text: tt.text, Param: -1}, rules.NameOverrides{}) {
			if p.Slot != nil {
				got = append(got, "s:"+p.Slot.Name+"/"+p.Slot.Lifetime.String())
			} else {
				got = append(got, "t:"+p.Text)
			}
		}
		if g := strings.Join(got, "|"); g != tt.want {
			t.Errorf("adkSplit(%q) = %q, want %q", tt.text, g, tt.want)
		}
	}
}
