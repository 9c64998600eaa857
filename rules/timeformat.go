package rules

import "strings"

// TimeFormatLifetime says how long a reading of the clock printed with
// format lives: LifeDay for a format that prints a date without a time of
// day (Go "2006-01-02", strftime "%Y-%m-%d" or "%x", ICU and moment
// "yyyy-MM-dd", "MMMM D, YYYY"), LifeRequest for one that prints a time of
// day. ok is false when format is not a date or time format it knows.
func TimeFormatLifetime(format string) (life Lifetime, ok bool) {
	switch {
	case strings.Contains(format, "%"):
		return strftimeLife(format)
	case strings.Contains(format, "2006") || strings.Contains(format, "Jan") || strings.Contains(format, "Mon"):
		return goLayoutLife(format)
	}
	return patternLife(format)
}

// strftimeLife reads C strftime directives (Python, Liquid, Jinja filters).
func strftimeLife(f string) (Lifetime, bool) {
	date := false
	for i := 0; i+1 < len(f); i++ {
		if f[i] != '%' {
			continue
		}
		i++
		for i < len(f) && strings.IndexByte("-_0^#", f[i]) >= 0 && i+1 < len(f) {
			i++ // flags: %-d, %_H
		}
		switch c := f[i]; {
		case strings.IndexByte("HIMSpPTRcXsLNfklr", c) >= 0:
			return LifeRequest, true
		case strings.IndexByte("YymdejBbAaFDxuwGVUhC", c) >= 0:
			date = true
		}
	}
	if date {
		return LifeDay, true
	}
	return LifeUnknown, false
}

// goLayoutLife reads a Go time layout: 15, 3/03 before a colon, 04, 05 and
// PM are a time of day.
func goLayoutLife(f string) (Lifetime, bool) {
	for _, t := range []string{"15", ":04", "04:", "05", "PM", "pm", "3:", "03:"} {
		if strings.Contains(f, t) {
			return LifeRequest, true
		}
	}
	return LifeDay, true
}

// patternLife reads ICU and moment.js patterns: H, h, m, s and a are a time
// of day; y, Y, d, D and M a date.
func patternLife(f string) (Lifetime, bool) {
	if !strings.Contains(f, "yy") && !strings.Contains(f, "YY") {
		return LifeUnknown, false // too little to tell a pattern from text
	}
	for _, t := range []string{"HH", "hh", "mm", "ss", "H:", "h:"} {
		if strings.Contains(f, t) {
			return LifeRequest, true
		}
	}
	return LifeDay, true
}
