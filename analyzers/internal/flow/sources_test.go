package flow

import (
	"testing"
	"time"

	"github.com/cachevet/cachevet/rules"
)

func TestLayoutLife(t *testing.T) {
	for _, tc := range []struct {
		layout string
		want   rules.Lifetime
	}{
		{time.DateOnly, rules.LifeDay},
		{"2006-01-02", rules.LifeDay},
		{"January 2, 2006", rules.LifeDay},
		{"Mon Jan _2", rules.LifeDay},
		{"Jan 2006", rules.LifeDay},
		{time.RFC3339, rules.LifeRequest},
		{time.DateTime, rules.LifeRequest},
		{time.Kitchen, rules.LifeRequest},
		{"2006-01-02 15h", rules.LifeRequest},
		{"2006-01-02 PM", rules.LifeRequest},
		{time.StampMilli, rules.LifeRequest},
		{"MST", rules.LifeStable},
		{"today", rules.LifeStable},
	} {
		if got := layoutLife(tc.layout); got != tc.want {
			t.Errorf("layoutLife(%q) = %s, want %s", tc.layout, got, tc.want)
		}
	}
}
