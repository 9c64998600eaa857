package rules

import "testing"

func TestTimeFormatLifetime(t *testing.T) {
	for _, tt := range []struct {
		format string
		life   Lifetime
		ok     bool
	}{
		{"2006-01-02", LifeDay, true},
		{"Monday, January 2, 2006", LifeDay, true},
		{"Jan 2 2006", LifeDay, true},
		{"2006-01-02 15:04", LifeRequest, true},
		{"2006-01-02T15:04:05Z07:00", LifeRequest, true},
		{"Jan 2, 2006 at 3:04pm", LifeRequest, true},
		{"%Y-%m-%d", LifeDay, true},
		{"%A, %B %-d", LifeDay, true},
		{"%x", LifeDay, true},
		{"%Y-%m-%d %H:%M", LifeRequest, true},
		{"%c", LifeRequest, true},
		{"%-I:%M %p", LifeRequest, true},
		{"yyyy-MM-dd", LifeDay, true},
		{"MMMM D, YYYY", LifeDay, true},
		{"YYYY-MM-DD HH:mm", LifeRequest, true},
		{"yyyy-MM-dd'T'HH:mm:ss", LifeRequest, true},
		{"100%", LifeUnknown, false},
		{"%%", LifeUnknown, false},
		{"now", LifeUnknown, false},
		{"", LifeUnknown, false},
	} {
		life, ok := TimeFormatLifetime(tt.format)
		if life != tt.life || ok != tt.ok {
			t.Errorf("TimeFormatLifetime(%q) = %s, %v; want %s, %v", tt.format, life, ok, tt.life, tt.ok)
		}
	}
}
