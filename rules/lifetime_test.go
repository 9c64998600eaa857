package rules

import "testing"

// TestLifetimeRank fixes the one order lifetimes combine by: the Go
// analyzer and the template classifier both take the lifetime of highest
// rank, so a value built from a date and an unknown input is a date in
// either.
func TestLifetimeRank(t *testing.T) {
	order := []Lifetime{LifeStable, LifeUnknown, LifeProcess, LifeDay, LifeSession, LifeRequest}
	for i, l := range order {
		if got := l.Rank(); got != i {
			t.Errorf("%v.Rank() = %d, want %d", l, got, i)
		}
	}
	tests := []struct {
		a, b  Lifetime
		worse Lifetime
	}{
		{LifeUnknown, LifeStable, LifeUnknown},
		{LifeUnknown, LifeProcess, LifeProcess},
		{LifeUnknown, LifeDay, LifeDay},
		{LifeUnknown, LifeSession, LifeSession},
		{LifeDay, LifeProcess, LifeDay},
		{LifeRequest, LifeSession, LifeRequest},
		{LifeStable, LifeProcess, LifeProcess},
	}
	for _, tt := range tests {
		for _, pair := range [][2]Lifetime{{tt.a, tt.b}, {tt.b, tt.a}} {
			got := pair[0]
			if pair[1].Rank() > got.Rank() {
				got = pair[1]
			}
			if got != tt.worse {
				t.Errorf("worse of %v and %v = %v, want %v", pair[0], pair[1], got, tt.worse)
			}
		}
	}
}
