package requests

import (
	"path"
	"strings"

	"github.com/cachevet/cachevet/rules"
)

// literal is a volatile value found in the text of a request instance.
type literal struct {
	start, end int // byte range in the text
	name       string
	kind       string
	life       rules.Lifetime
	why        string
}

// findLiterals finds the volatile literals in s: timestamps, ids and
// current-date phrases, in order and without overlap. The rules are in the
// package documentation; precision comes first, so anything ambiguous
// (a bare date in prose, a clock time in opening hours) is left alone.
func findLiterals(s string, names rules.NameOverrides) []literal {
	sc := &litScanner{s: s, names: names}
	for i := 0; i < len(s); {
		if !isAlnum(s[i]) || i > 0 && isWordByte(s[i-1]) {
			i++
			continue
		}
		if lit, ok := sc.match(i); ok {
			if sc.keep(&lit) && !sc.inURL(i) {
				sc.out = append(sc.out, lit)
			}
			i = max(lit.end, i+1)
			continue
		}
		for i < len(s) && isWordByte(s[i]) {
			i++
		}
	}
	return sc.out
}

type litScanner struct {
	s     string
	names rules.NameOverrides
	out   []literal
}

// Matchers by the first byte of a token, as method expressions so trying
// them allocates nothing.
var (
	digitMatchers = []func(*litScanner, int) (literal, bool){
		(*litScanner).isoDateTime, (*litScanner).basicDateTime, (*litScanner).numericDate, (*litScanner).textualDate,
		(*litScanner).uuid, (*litScanner).ulid, (*litScanner).hexID, (*litScanner).epoch, (*litScanner).clock, (*litScanner).keyedID,
	}
	letterMatchers = []func(*litScanner, int) (literal, bool){
		(*litScanner).jwt, (*litScanner).prefixedID, (*litScanner).textualDate, (*litScanner).uuid, (*litScanner).ulid,
		(*litScanner).hexID, (*litScanner).keyedID,
	}
)

// match tries every literal shape at a token start. A token that has a
// shape but fails its context check still returns ok with an empty name, so
// its parts are not matched again as something else.
func (sc *litScanner) match(i int) (literal, bool) {
	ms := letterMatchers
	if isDigit(sc.s[i]) {
		ms = digitMatchers
	} else if !letterCandidate(sc.s, i) {
		return literal{}, false
	}
	for _, m := range ms {
		if lit, ok := m(sc, i); ok {
			return lit, true
		}
	}
	return literal{}, false
}

// letterCandidate is a quick test that a word starting with a letter can
// begin a literal: every letter-started literal has a digit, continues with
// _ - or . (prefixed ids, JWTs), or is a month or weekday name. Most prose
// words fail it at once.
func letterCandidate(s string, i int) bool {
	j, digits := i, 0
	for j < len(s) && isAlnum(s[j]) {
		if isDigit(s[j]) {
			digits++
		}
		j++
	}
	if digits > 0 {
		return true
	}
	if c := byteAt(s, j); c == '_' || c == '-' || c == '.' {
		return true
	}
	if n := j - i; n < 3 || n > 9 {
		return false
	}
	return calendarPrefixes[prefixIndex(s[i], s[i+1], s[i+2])]
}

// prefixIndex numbers three letters (any case) for calendarPrefixes.
func prefixIndex(a, b, c byte) int {
	return int(lower(a)-'a')*26*26 + int(lower(b)-'a')*26 + int(lower(c)-'a')
}

// calendarPrefixes marks the first three letters of month and weekday
// names, indexed by prefixIndex: a table, since this runs for most words.
var calendarPrefixes = func() *[26 * 26 * 26]bool {
	var t [26 * 26 * 26]bool
	for _, n := range append(append([]string(nil), monthNames...), dayNames...) {
		t[prefixIndex(n[0], n[1], n[2])] = true
	}
	return &t
}()

// keep applies the config's name overrides: a literal whose name (or the
// key it is the value of) is declared stable is not volatile.
func (sc *litScanner) keep(l *literal) bool {
	if l.name == "" {
		return false
	}
	_, life := rules.ClassifyName(l.name, sc.names)
	return life != rules.LifeStable
}

// ---- character classes ----

func isAlpha(c byte) bool    { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }
func isAlnum(c byte) bool    { return isAlpha(c) || isDigit(c) }
func isWordByte(c byte) bool { return isAlnum(c) || c == '_' }
func isUpper(c byte) bool    { return c >= 'A' && c <= 'Z' }
func isLowerHex(c byte) bool { return isDigit(c) || c >= 'a' && c <= 'f' }
func isUpperHex(c byte) bool { return isDigit(c) || c >= 'A' && c <= 'F' }

func lower(c byte) byte {
	if isUpper(c) {
		return c + 'a' - 'A'
	}
	return c
}

// digitsAt reports whether s[i:i+n] are all digits and returns their value.
func digitsAt(s string, i, n int) (int, bool) {
	if i < 0 || i+n > len(s) {
		return 0, false
	}
	v := 0
	for _, c := range []byte(s[i : i+n]) {
		if !isDigit(c) {
			return 0, false
		}
		v = v*10 + int(c-'0')
	}
	return v, true
}

// endsToken reports whether a literal ending at j is not glued to more of
// the same word ("2026-11-30x", "…T10:00:00Zabc").
func endsToken(s string, j int) bool { return j >= len(s) || !isWordByte(s[j]) }

// ---- context ----

// context is the lower-cased text before i in the same line and sentence,
// at most 64 bytes: where "today is" or "released on" would be.
func (sc *litScanner) context(i int) string {
	from := max(0, i-64)
	// Start at a whole word, so a URL cut in half is still seen as one.
	for from > 0 && i-from < 2048 && !isSpace(sc.s[from-1]) {
		from--
	}
	ctx := sc.s[from:i]
	if k := strings.LastIndexAny(ctx, "\n\r"); k >= 0 {
		ctx = ctx[k+1:]
	}
	for _, end := range []string{". ", "! ", "? ", "; "} {
		if k := strings.LastIndex(ctx, end); k >= 0 {
			ctx = ctx[k+len(end):]
		}
	}
	// A URL is not prose: "…/models-now-support/" says nothing about now.
	f := strings.Fields(ctx)
	for k, w := range f {
		if isURL(w) {
			f[k] = ""
		}
	}
	return strings.ToLower(strings.Join(f, " ") + trailingSpace(ctx))
}

func trailingSpace(s string) string {
	if strings.HasSuffix(s, " ") {
		return " "
	}
	return ""
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

func isURL(token string) bool {
	return strings.Contains(token, "://") || strings.HasPrefix(token, "www.")
}

// inURL reports whether position i is inside a URL: ids and dates in a
// link ("…/commit/9fceb02…", "…/2024/05/13/post") name a fixed page.
func (sc *litScanner) inURL(i int) bool {
	j := i
	for j > 0 && strings.IndexByte(" \t\n\r\"'<>()[]`", sc.s[j-1]) < 0 {
		j--
	}
	return isURL(sc.s[j:i])
}

// Words that say a date or time is a fixed fact of the prose, not the
// moment of the request.
var stableTimeWords = []string{
	"cutoff", "knowledge", "trained", "training", "release", "released", "releases",
	"since", "version", "versions", "updated", "update", "modified", "published",
	"effective", "founded", "established", "born", "birthday", "birth", "deadline",
	"due", "expires", "expire", "expired", "expiry", "expiration", "until", "till",
	"launched", "launch", "deprecated", "introduced", "copyright", "created", "built",
	"build", "compiled", "from", "between", "before", "after", "duration", "timeout",
	"interval", "every", "hours", "open", "opens", "close", "closes", "start", "starts",
	"end", "ends", "valid", "event", "events", "history", "historical", "ago", "dated",
	"scheduled", "schedule", "holiday", "anniversary", "dob",
}

// Words that say a date or time is "now".
var nowWords = []string{"today", "todays", "current", "currently", "now", "tonight"}

// Keys whose value is the current date or time: made of these words only
// ("Date", "Current time", "Today's date", "Local date and time"), with one
// of nowKeys among them. "Research date" and "Release date" are facts.
var (
	nowKeys     = []string{"date", "time", "datetime", "timestamp", "day", "ts", "clock", "now"}
	nowKeyWords = []string{"current", "today", "todays", "local", "and", "utc", "server", "system"}
)

// nowKey reports whether a key names the current date or time.
func nowKey(key string) bool {
	words := strings.FieldsFunc(strings.ToLower(strings.ReplaceAll(camelSpace(key), "'", "")), func(r rune) bool {
		return r == ' ' || r == '_' || r == '-' || r == '.'
	})
	named := false
	for _, w := range words {
		switch {
		case hasWord(w, nowKeys):
			named = true
		case !hasWord(w, nowKeyWords):
			return false
		}
	}
	return named
}

// hasWord reports whether ctx holds one of words as a whole word.
func hasWord(ctx string, words []string) bool {
	for _, w := range words {
		for k := 0; ; {
			j := strings.Index(ctx[k:], w)
			if j < 0 {
				break
			}
			j += k
			before := j == 0 || !isAlpha(ctx[j-1])
			after := j+len(w) == len(ctx) || !isAlpha(ctx[j+len(w)])
			if before && after {
				return true
			}
			k = j + 1
		}
	}
	return false
}

func (sc *litScanner) stableContext(i int) bool { return hasWord(sc.context(i), stableTimeWords) }

// nowContext reports whether the text before i says the value is the
// current date or time: "Today is", "current date:", "Date:", "it is".
func (sc *litScanner) nowContext(i int) bool {
	ctx := sc.context(i)
	if hasWord(ctx, stableTimeWords) {
		return false
	}
	// "today", "now" right before the value, not anywhere in the sentence:
	// "G1a now has a review request, posted 2026-10-19" is a fact.
	if near := ctx[max(0, len(ctx)-32):]; hasWord(strings.ReplaceAll(near, "'", ""), nowWords) {
		return true
	}
	if key, ok := sc.keyBefore(i); ok && nowKey(key) {
		return true
	}
	t := strings.TrimRight(ctx, " (\"'")
	return strings.HasSuffix(t, "it is") || strings.HasSuffix(t, "it's") || strings.HasSuffix(t, "the date is") || strings.HasSuffix(t, "the time is")
}

// keyBefore returns the key of a "key: value" or "key=value" pair whose
// value starts at i ("Request ID: …", `"trace_id": "…"`, "session=…").
func (sc *litScanner) keyBefore(i int) (string, bool) {
	s := sc.s
	j := i
	for j > 0 && (s[j-1] == ' ' || s[j-1] == '\t' || s[j-1] == '"' || s[j-1] == '\'' || s[j-1] == '`') {
		j--
	}
	if j == 0 || s[j-1] != ':' && s[j-1] != '=' {
		return "", false
	}
	j--
	for j > 0 && (s[j-1] == ' ' || s[j-1] == '"' || s[j-1] == '\'') {
		j--
	}
	end := j
	for j > 0 && end-j < 40 && (isAlnum(s[j-1]) || strings.IndexByte(" _.-'", s[j-1]) >= 0) {
		j--
	}
	return keyWords(s[j:end])
}

// Words that end a multi-word key when read backwards: "… for trace_id",
// "Your session id".
var keyStopWords = []string{"for", "the", "a", "an", "of", "to", "in", "on", "at", "with", "is", "are", "your", "my", "our", "this", "its", "their"}

// keyWords trims the text before a separator to the key: an identifier
// ("trace_id", "x-request-id", "sessionId") stands alone; otherwise up to
// three words back to a stop word.
func keyWords(text string) (string, bool) {
	f := strings.Fields(text)
	for len(f) > 1 && hasWord(strings.ToLower(f[len(f)-1]), keyStopWords) {
		f = f[:len(f)-1] // "Your session id is: …"
	}
	if len(f) == 0 {
		return "", false
	}
	last := f[len(f)-1]
	key := last
	if !strings.ContainsAny(last, "_-.") && camelSpace(last) == last {
		k := len(f) - 1
		for k > 0 && len(f)-k < 3 && isWord(f[k-1]) && !hasWord(strings.ToLower(f[k-1]), keyStopWords) {
			k--
		}
		key = strings.Join(f[k:], " ")
	}
	if key == "" || !isAlpha(key[0]) {
		return "", false
	}
	return key, true
}

// ---- dates and times ----

func validDate(y, m, d int) bool {
	if y < 1900 || y > 2199 || m < 1 || m > 12 || d < 1 {
		return false
	}
	days := [...]int{31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31}
	return d <= days[m-1]
}

// clockAt parses hh:mm[:ss[.frac]] [am|pm] [zone] at i.
func clockAt(s string, i int) (end int, seconds, ok bool) {
	h, ok1 := digitsAt(s, i, 2)
	j := i + 2
	if !ok1 {
		if h, ok1 = digitsAt(s, i, 1); !ok1 {
			return 0, false, false
		}
		j = i + 1
	}
	if j >= len(s) || s[j] != ':' {
		return 0, false, false
	}
	m, ok2 := digitsAt(s, j+1, 2)
	if !ok2 || h > 23 || m > 59 {
		return 0, false, false
	}
	j += 3
	if j+2 < len(s) && s[j] == ':' {
		if sec, ok3 := digitsAt(s, j+1, 2); ok3 && sec <= 60 {
			j += 3
			seconds = true
			if j+1 < len(s) && (s[j] == '.' || s[j] == ',') && isDigit(s[j+1]) {
				j++
				for j < len(s) && isDigit(s[j]) {
					j++
				}
			}
		}
	}
	if isDigit(byteAt(s, j)) || byteAt(s, j) == ':' {
		return 0, false, false // 10:15:00:00, 1:234
	}
	j = meridiem(s, j)
	j = zone(s, j)
	return j, seconds, true
}

func byteAt(s string, i int) byte {
	if i < 0 || i >= len(s) {
		return 0
	}
	return s[i]
}

// meridiem consumes " AM", "pm", " a.m." after a clock time.
func meridiem(s string, j int) int {
	k := j
	if byteAt(s, k) == ' ' {
		k++
	}
	c := lower(byteAt(s, k))
	if c != 'a' && c != 'p' {
		return j
	}
	k++
	if byteAt(s, k) == '.' {
		k++
	}
	if lower(byteAt(s, k)) != 'm' {
		return j
	}
	k++
	if byteAt(s, k) == '.' && !isAlnum(byteAt(s, k+1)) && byteAt(s, k+1) != 0 {
		k++
	}
	if isAlpha(byteAt(s, k)) {
		return j
	}
	return k
}

// zone consumes a time zone after a time: Z, ±hh:mm, ±hhmm, " UTC", " PST".
func zone(s string, j int) int {
	switch c := byteAt(s, j); {
	case c == 'Z' && !isAlnum(byteAt(s, j+1)):
		return j + 1
	case c == '+' || c == '-':
		if _, ok := digitsAt(s, j+1, 2); ok {
			k := j + 3
			if byteAt(s, k) == ':' {
				k++
			}
			if _, ok := digitsAt(s, k, 2); ok && !isDigit(byteAt(s, k+2)) {
				return k + 2
			}
			if !isDigit(byteAt(s, j+3)) && byteAt(s, j+3) != ':' {
				return j + 3
			}
		}
	case c == ' ' && (byteAt(s, j+1) == '+' || byteAt(s, j+1) == '-'):
		if k := zone(s, j+1); k > j+1 {
			return k // "09:41:07 +0000"
		}
	case c == ' ':
		k := j + 1
		for k < len(s) && isUpper(s[k]) && k-j <= 5 {
			k++
		}
		if n := k - j - 1; n >= 2 && n <= 4 && !isAlnum(byteAt(s, k)) && knownZone(s[j+1:k]) {
			return zone(s, k) // "UTC+02:00"
		}
	}
	return j
}

func knownZone(z string) bool {
	switch z {
	case "UTC", "GMT", "Z", "CET", "CEST", "EET", "EEST", "WET", "WEST", "BST", "IST", "JST", "KST",
		"EST", "EDT", "CST", "CDT", "MST", "MDT", "PST", "PDT", "AKST", "AKDT", "HST", "AEST", "AEDT", "ACST", "AWST", "NZST", "NZDT", "SGT", "HKT":
		return true
	}
	return false
}

// timeAfterDate parses the time part of a datetime at j: "T10:15:00Z",
// " 10:15", "_10:15:00".
func timeAfterDate(s string, j int) (int, bool) {
	c := byteAt(s, j)
	if c != 'T' && c != 't' && c != ' ' && c != '_' {
		return j, false
	}
	if end, _, ok := clockAt(s, j+1); ok {
		if _, ok2 := digitsAt(s, j+1, 2); ok2 { // ISO times have two-digit hours
			return end, true
		}
	}
	return j, false
}

// isoDateTime matches YYYY-MM-DD or YYYY/MM/DD with an optional time.
func (sc *litScanner) isoDateTime(i int) (literal, bool) {
	s := sc.s
	y, ok := digitsAt(s, i, 4)
	sep := byteAt(s, i+4)
	if !ok || sep != '-' && sep != '/' || byteAt(s, i+7) != sep {
		return literal{}, false
	}
	m, ok1 := digitsAt(s, i+5, 2)
	d, ok2 := digitsAt(s, i+8, 2)
	if !ok1 || !ok2 || !validDate(y, m, d) {
		return literal{}, false
	}
	end, hasTime := timeAfterDate(s, i+10)
	if !hasTime {
		end = i + 10
	}
	if !endsToken(s, end) {
		return literal{}, false
	}
	return sc.dateLiteral(i, end, hasTime, "ISO-8601"), true
}

// basicDateTime matches the ISO-8601 basic format 20261130T101500Z.
func (sc *litScanner) basicDateTime(i int) (literal, bool) {
	s := sc.s
	y, ok := digitsAt(s, i, 4)
	m, ok1 := digitsAt(s, i+4, 2)
	d, ok2 := digitsAt(s, i+6, 2)
	if !ok || !ok1 || !ok2 || !validDate(y, m, d) || byteAt(s, i+8) != 'T' {
		return literal{}, false
	}
	hms, ok3 := digitsAt(s, i+9, 6)
	if !ok3 || hms/10000 > 23 || hms/100%100 > 59 || hms%100 > 60 {
		return literal{}, false
	}
	end := i + 15
	if byteAt(s, end) == 'Z' {
		end++
	}
	if !endsToken(s, end) {
		return literal{}, false
	}
	return sc.dateLiteral(i, end, true, "ISO-8601 basic"), true
}

// numericDate matches DD/MM/YYYY, MM/DD/YYYY and DD.MM.YYYY, with an
// optional time.
func (sc *litScanner) numericDate(i int) (literal, bool) {
	s := sc.s
	a, okA, w := twoDigits(s, i)
	if !okA {
		return literal{}, false
	}
	sep := byteAt(s, i+w)
	if sep != '/' && sep != '.' && sep != '-' {
		return literal{}, false
	}
	b, okB, w2 := twoDigits(s, i+w+1)
	if !okB || byteAt(s, i+w+1+w2) != sep {
		return literal{}, false
	}
	j := i + w + 1 + w2 + 1
	y, okY := digitsAt(s, j, 4)
	if !okY || isDigit(byteAt(s, j+4)) || !(validDate(y, a, b) || validDate(y, b, a)) {
		return literal{}, false
	}
	end, hasTime := j+4, false
	if byteAt(s, end) == ' ' || byteAt(s, end) == ',' {
		k := end + 1
		if byteAt(s, end) == ',' && byteAt(s, k) == ' ' {
			k++
		}
		if e, _, ok := clockAt(s, k); ok {
			end, hasTime = e, true
		}
	}
	if !endsToken(s, end) {
		return literal{}, false
	}
	return sc.dateLiteral(i, end, hasTime, "numeric"), true
}

func twoDigits(s string, i int) (int, bool, int) {
	if v, ok := digitsAt(s, i, 2); ok {
		return v, true, 2
	}
	v, ok := digitsAt(s, i, 1)
	return v, ok, 1
}

// dateLiteral decides what a date or datetime at [i, end) is. A datetime
// with a time of day is a request timestamp unless the prose says it is a
// fixed fact; a date alone is the current date only after "today",
// "current date", "Date:" and the like, and then changes once a day
// (rules.LifeDay: one cache write per day, reported at info).
func (sc *litScanner) dateLiteral(i, end int, hasTime bool, format string) literal {
	if sc.stableContext(i) || !sc.plausibleYear(i, end) {
		return literal{start: i, end: end} // matched, but stable prose
	}
	if hasTime {
		return sc.named(literal{start: i, end: end, name: "timestamp", kind: rules.KindTime, life: rules.LifeRequest,
			why: format + " datetime literal"})
	}
	if !sc.nowContext(i) {
		return literal{start: i, end: end}
	}
	return sc.named(literal{start: i, end: end, name: "current_date", kind: rules.KindTime, life: rules.LifeDay,
		why: "current date literal"})
}

// plausibleYear reports whether the date at [i, end) falls in 2001–2100,
// the window a request timestamp can be in (the same as for epochs): a
// date of birth or a historical date is not the time of the request. The
// window is fixed, so output never depends on the day the tool runs.
func (sc *litScanner) plausibleYear(i, end int) bool {
	text := sc.s[i:end]
	for k := 0; k+4 <= len(text); k++ {
		if y, ok := digitsAt(text, k, 4); ok && (k == 0 || !isDigit(text[k-1])) && !isDigit(byteAt(text, k+4)) {
			return y >= 2001 && y <= 2100
		}
	}
	return true // no year written: "Monday, November 30"
}

var monthNames = []string{"january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"}
var dayNames = []string{"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"}

// wordAt matches a month or weekday name (full, or its first three letters
// with an optional period) at i and returns its index and end.
func wordAt(s string, i int, names []string) (int, int, bool) {
	j := i
	for j < len(s) && isAlpha(s[j]) {
		j++
	}
	w := s[i:j]
	if len(w) < 3 || len(w) > 9 {
		return 0, 0, false
	}
	for k, n := range names {
		if len(w) == len(n) && equalFold(w, n) || len(w) == 3 && equalFold(w, n[:3]) || k == 8 && equalFold(w, "sept") {
			if len(w) < len(n) && byteAt(s, j) == '.' {
				j++
			}
			return k, j, true
		}
	}
	return 0, 0, false
}

// equalFold compares an ASCII word with a lower-case name.
func equalFold(w, lowerName string) bool {
	if len(w) != len(lowerName) {
		return false
	}
	for i := 0; i < len(w); i++ {
		if lower(w[i]) != lowerName[i] {
			return false
		}
	}
	return true
}

func skipSpaceComma(s string, j int) int {
	if byteAt(s, j) == ',' {
		j++
	}
	for byteAt(s, j) == ' ' {
		j++
	}
	return j
}

// textualDate matches RFC 1123 / RFC 2822 datetimes ("Mon, 02 Jan 2006
// 15:04:05 GMT") and written dates ("Monday, November 30, 2026", "30 Nov
// 2026", "Today is Monday").
func (sc *litScanner) textualDate(i int) (literal, bool) {
	s := sc.s
	if !isDigit(s[i]) && strings.IndexByte("ADFJMNOSTWadfjmnostw", s[i]) < 0 {
		return literal{}, false // no month or weekday starts with this letter
	}
	j := i
	weekday := false
	if _, e, ok := wordAt(s, j, dayNames); ok {
		weekday = true
		j = skipSpaceComma(s, e)
	}
	day, month, year := 0, -1, 0
	if d, ok, w := twoDigits(s, j); ok {
		// 30 Nov 2026
		k := j + w
		if byteAt(s, k) != ' ' {
			return sc.weekdayOnly(i, j, weekday)
		}
		mi, e, ok := wordAt(s, k+1, monthNames)
		if !ok {
			return sc.weekdayOnly(i, j, weekday)
		}
		day, month, j = d, mi+1, e
	} else if mi, e, ok := wordAt(s, j, monthNames); ok && byteAt(s, e) == ' ' {
		// November 30[th], 2026
		d, ok, w := twoDigits(s, e+1)
		if !ok {
			return sc.weekdayOnly(i, j, weekday)
		}
		day, month, j = d, mi+1, e+1+w
		for _, suf := range []string{"st", "nd", "rd", "th"} {
			if strings.HasPrefix(s[j:], suf) {
				j += 2
				break
			}
		}
	} else {
		return sc.weekdayOnly(i, j, weekday)
	}
	dateEnd := j
	if k := skipSpaceComma(s, j); k > j {
		if y, ok := digitsAt(s, k, 4); ok && !isDigit(byteAt(s, k+4)) {
			year, dateEnd = y, k+4
		}
	}
	if !validDate(max(year, 2000), month, day) || isDigit(byteAt(s, dateEnd)) {
		return literal{}, false
	}
	end, hasTime := dateEnd, false
	k := skipSpaceComma(s, dateEnd)
	if strings.HasPrefix(s[k:], "at ") {
		k += 3
	}
	if k > dateEnd && year > 0 {
		if e, _, ok := clockAt(s, k); ok {
			end, hasTime = e, true
		}
	}
	if !endsToken(s, end) && byteAt(s, end) != '.' {
		return literal{}, false
	}
	// "November 30" without a year, like any bare date, is the current
	// date only where the prose says so: dateLiteral checks.
	format := "written"
	if weekday && hasTime {
		format = "RFC 1123"
	}
	return sc.dateLiteral(i, end, hasTime, format), true
}

// weekdayOnly handles "Today is Monday": a weekday name alone is the
// current day only in a "today" context.
func (sc *litScanner) weekdayOnly(i, j int, weekday bool) (literal, bool) {
	if !weekday {
		return literal{}, false
	}
	end := j
	for end > i && (sc.s[end-1] == ' ' || sc.s[end-1] == ',') {
		end--
	}
	if sc.stableContext(i) || !sc.nowContext(i) {
		return literal{start: i, end: end}, true
	}
	return sc.named(literal{start: i, end: end, name: "current_day", kind: rules.KindTime, life: rules.LifeDay,
		why: "current weekday literal"}), true
}

// clock matches a time of day. With seconds it is a timestamp; without,
// only after "current time", "now", "Time:" ("open 09:00–17:00" is prose).
func (sc *litScanner) clock(i int) (literal, bool) {
	end, seconds, ok := clockAt(sc.s, i)
	if !ok || !endsToken(sc.s, end) && byteAt(sc.s, end) != '.' {
		return literal{}, false
	}
	if byteAt(sc.s, i-1) == ':' || byteAt(sc.s, i-1) == '.' {
		return literal{start: i, end: end}, true // part of a longer colon run
	}
	if sc.stableContext(i) || !seconds && !sc.nowContext(i) {
		return literal{start: i, end: end}, true
	}
	why := "clock time literal"
	if seconds {
		why = "clock time with seconds"
	}
	return sc.named(literal{start: i, end: end, name: "clock_time", kind: rules.KindTime, life: rules.LifeRequest, why: why}), true
}

// Unix epochs between 2001-01-01 and 2100-01-01.
const (
	epochMin = 978307200
	epochMax = 4102444800
)

// epoch matches Unix seconds or milliseconds in the plausible range, only
// as the value of a time key or after "unix"/"epoch": ten-digit numbers are
// also phone numbers and order numbers.
func (sc *litScanner) epoch(i int) (literal, bool) {
	s := sc.s
	j := i
	for j < len(s) && isDigit(s[j]) {
		j++
	}
	n := j - i
	if n != 10 && n != 13 || !endsToken(s, j) || byteAt(s, j) == '.' && isDigit(byteAt(s, j+1)) {
		return literal{}, false
	}
	if byteAt(s, i-1) == '.' || byteAt(s, i-1) == '-' || byteAt(s, i-1) == '+' {
		return literal{}, false
	}
	v, _ := digitsAt(s, i, n)
	unit := "seconds"
	if n == 13 {
		v /= 1000
		unit = "milliseconds"
	}
	if v < epochMin || v > epochMax || !sc.epochContext(i) {
		return literal{}, false
	}
	return sc.named(literal{start: i, end: j, name: "epoch_time", kind: rules.KindTime, life: rules.LifeRequest,
		why: "Unix epoch " + unit + " literal"}), true
}

func (sc *litScanner) epochContext(i int) bool {
	if hasWord(sc.context(i), []string{"unix", "epoch", "timestamp"}) {
		return true
	}
	key, ok := sc.keyBefore(i)
	if !ok {
		return false
	}
	lk := strings.ToLower(key)
	if strings.HasSuffix(lk, "_at") || strings.HasSuffix(key, "At") || strings.HasSuffix(lk, " at") {
		return true
	}
	kind, _ := rules.ClassifyName(key, rules.NameOverrides{})
	return kind == rules.KindTime
}

// ---- identifiers ----

// uuid matches 8-4-4-4-12 hex digits in one case; the nil UUID is a
// placeholder, not an id.
func (sc *litScanner) uuid(i int) (literal, bool) {
	s := sc.s
	if i+36 > len(s) || s[i+8] != '-' || !endsToken(s, i+36) {
		return literal{}, false
	}
	isHex := isLowerHex
	if strings.IndexFunc(s[i:i+36], func(r rune) bool { return r >= 'A' && r <= 'F' }) >= 0 {
		isHex = isUpperHex
	}
	zero := true
	for k := 0; k < 36; k++ {
		c := s[i+k]
		if k == 8 || k == 13 || k == 18 || k == 23 {
			if c != '-' {
				return literal{}, false
			}
			continue
		}
		if !isHex(c) {
			return literal{}, false
		}
		zero = zero && c == '0'
	}
	// RFC 9562 version and variant digits; 12345678-1234-1234-1234-… and
	// the nil UUID are placeholders.
	version, variant := s[i+14], lower(s[i+19])
	if zero || version < '1' || version > '8' || strings.IndexByte("89ab", variant) < 0 {
		return literal{start: i, end: i + 36}, true
	}
	return sc.idLiteral(i, i+36, "uuid", rules.KindID, rules.LifeRequest, "UUID literal"), true
}

const crockford = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"

// ulid matches a 26-character ULID in one case whose timestamp falls in
// 2001–2100.
func (sc *litScanner) ulid(i int) (literal, bool) {
	s := sc.s
	if i+26 > len(s) || !endsToken(s, i+26) || s[i] > '7' {
		return literal{}, false
	}
	digits, uppers, lowers := 0, 0, 0
	var ms uint64
	for k := 0; k < 26; k++ {
		c := s[i+k]
		switch {
		case isDigit(c):
			digits++
		case isUpper(c):
			uppers++
		case c >= 'a' && c <= 'z':
			lowers++
			c -= 'a' - 'A'
		}
		v := strings.IndexByte(crockford, c)
		if v < 0 {
			return literal{}, false
		}
		if k < 10 {
			ms = ms<<5 | uint64(v)
		}
	}
	if uppers > 0 && lowers > 0 || digits < 4 || uppers+lowers < 4 || ms/1000 < epochMin || ms/1000 > epochMax {
		return literal{}, false
	}
	return sc.idLiteral(i, i+26, "ulid", rules.KindID, rules.LifeRequest, "ULID literal"), true
}

// jwt matches a JSON Web Token: base64url header and payload that both
// start with `{"` (eyJ), and a signature.
func (sc *litScanner) jwt(i int) (literal, bool) {
	s := sc.s
	if !strings.HasPrefix(s[i:], "eyJ") {
		return literal{}, false
	}
	j, dots := i, 0
	for j < len(s) && (isAlnum(s[j]) || s[j] == '-' || s[j] == '_' || s[j] == '.') {
		if s[j] == '.' {
			dots++
		}
		j++
	}
	for j > i && s[j-1] == '.' {
		j--
		dots--
	}
	tok := s[i:j]
	parts := strings.Split(tok, ".")
	if dots != 2 || len(parts) != 3 || len(parts[0]) < 10 || !strings.HasPrefix(parts[1], "eyJ") || len(parts[1]) < 10 {
		return literal{}, false
	}
	return sc.idLiteral(i, j, "jwt", rules.KindSession, rules.LifeSession, "JWT literal"), true
}

// hexID matches 16 or more hex digits in one case with both digits and
// letters: trace ids, hashes, object ids.
func (sc *litScanner) hexID(i int) (literal, bool) {
	s := sc.s
	isHex := isLowerHex
	if isUpperHex(s[i]) && !isLowerHex(s[i]) {
		isHex = isUpperHex
	}
	j := i
	digits, letters := 0, 0
	for j < len(s) && isHex(s[j]) {
		if isDigit(s[j]) {
			digits++
		} else {
			letters++
		}
		j++
	}
	if j-i < 16 || !endsToken(s, j) || digits == 0 || letters == 0 {
		return literal{}, false
	}
	if n := j - i; n == 40 || n == 64 {
		// SHA-1 and SHA-256 lengths: a commit or content hash, which may be
		// pinned in the prompt or change per deploy; nothing says which.
		return sc.idLiteral(i, j, "hash", rules.KindID, rules.LifeUnknown, "hex hash literal"), true
	}
	return sc.idLiteral(i, j, "hex_id", rules.KindID, rules.LifeRequest, "hex id literal"), true
}

// idPrefixes are prefixes of generated ids and what they identify.
var idPrefixes = []struct {
	prefix, name, kind string
	life               rules.Lifetime
}{
	{"req", "request_id", rules.KindID, rules.LifeRequest},
	{"request", "request_id", rules.KindID, rules.LifeRequest},
	{"trace", "trace_id", rules.KindID, rules.LifeRequest},
	{"span", "span_id", rules.KindID, rules.LifeRequest},
	{"corr", "correlation_id", rules.KindID, rules.LifeRequest},
	{"msg", "message_id", rules.KindID, rules.LifeRequest},
	{"run", "run_id", rules.KindID, rules.LifeRequest},
	{"call", "call_id", rules.KindID, rules.LifeRequest},
	{"evt", "event_id", rules.KindID, rules.LifeRequest},
	{"txn", "transaction_id", rules.KindID, rules.LifeRequest},
	{"chatcmpl", "completion_id", rules.KindID, rules.LifeRequest},
	{"resp", "response_id", rules.KindID, rules.LifeRequest},
	{"sess", "session_id", rules.KindSession, rules.LifeSession},
	{"session", "session_id", rules.KindSession, rules.LifeSession},
	{"conv", "conversation_id", rules.KindSession, rules.LifeSession},
	{"thread", "thread_id", rules.KindSession, rules.LifeSession},
	{"usr", "user_id", rules.KindUser, rules.LifeSession},
	{"user", "user_id", rules.KindUser, rules.LifeSession},
	{"cus", "customer_id", rules.KindUser, rules.LifeSession},
	{"cust", "customer_id", rules.KindUser, rules.LifeSession},
	{"acct", "account_id", rules.KindUser, rules.LifeSession},
}

// prefixedID matches generated ids like req_011CV3xYz, sess_8f2k1q9,
// chatcmpl-A1b2C3: a known prefix, _ or -, and six or more letters and
// digits with at least two digits ("session_management" is prose).
func (sc *litScanner) prefixedID(i int) (literal, bool) {
	s := sc.s
	j := i
	for j < len(s) && isAlpha(s[j]) {
		j++
	}
	if j >= len(s) || s[j] != '_' && s[j] != '-' {
		return literal{}, false
	}
	word := strings.ToLower(s[i:j])
	for _, p := range idPrefixes {
		if word != p.prefix {
			continue
		}
		k := j + 1
		digits := 0
		for k < len(s) && isAlnum(s[k]) {
			if isDigit(s[k]) {
				digits++
			}
			k++
		}
		if k-j-1 < 6 || digits < 2 || !endsToken(s, k) || byteAt(s, k) == '-' {
			return literal{}, false
		}
		return sc.idLiteral(i, k, p.name, p.kind, p.life, "prefixed id literal"), true
	}
	return literal{}, false
}

// Words in a key that name a per-request, per-session or per-user id:
// "Model ID: gpt-4o" and "Tool ID" are configuration, "Request ID" is not.
var volatileIDWords = []string{
	"request", "req", "trace", "span", "correlation", "nonce", "idempotency", "message", "msg",
	"conversation", "conv", "thread", "session", "sess", "chat", "run", "call", "event", "transaction",
	"txn", "job", "interaction", "turn", "invocation", "order", "ticket", "case", "user", "customer",
	"account", "tenant", "device", "visitor", "member", "uuid", "guid", "ulid",
}

// Words in a key that make the id one of configuration: "Service Account
// ID", "Project ID", "Client ID" (OAuth) are the same on every request.
var configIDWords = []string{"service", "api", "app", "application", "project", "model", "tool", "agent",
	"assistant", "bot", "deployment", "region", "client", "workspace", "org", "organization", "key"}

// keyedID matches the value of a key that names an id ("Request ID:
// 7f9c2ab1", "session=abc123"): a token of four or more characters with a
// digit.
func (sc *litScanner) keyedID(i int) (literal, bool) {
	key, ok := sc.keyBefore(i)
	if !ok {
		return literal{}, false
	}
	s := sc.s
	j := i
	digits := 0
	for j < len(s) && (isAlnum(s[j]) || strings.IndexByte("_-.:/+=", s[j]) >= 0) {
		if isDigit(s[j]) {
			digits++
		}
		j++
	}
	for j > i && strings.IndexByte(".:,-/", s[j-1]) >= 0 {
		j--
	}
	if j-i < 4 || digits == 0 {
		return literal{}, false
	}
	kind, life, ok := sc.classifyKey(key)
	if !ok {
		return literal{}, false
	}
	return literal{start: i, end: j, name: snakeCase(key), kind: kind, life: life, why: "value of " + quote(key)}, true
}

// classifyKey says whether key names a volatile id and what it holds.
func (sc *litScanner) classifyKey(key string) (string, rules.Lifetime, bool) {
	kind, life := rules.ClassifyName(key, sc.names)
	overridden := sc.forcedVolatile(key)
	if life == rules.LifeStable {
		return "", 0, false
	}
	words := strings.Fields(strings.ToLower(strings.NewReplacer("_", " ", "-", " ", ".", " ").Replace(camelSpace(key))))
	named := false
	for _, w := range words {
		if hasWord(w, configIDWords) && !overridden {
			return "", 0, false
		}
		if hasWord(w, volatileIDWords) {
			named = true
		}
	}
	idLike := len(words) > 0 && (words[len(words)-1] == "id" || words[len(words)-1] == "ids" || hasWord(words[len(words)-1], []string{"uuid", "guid", "ulid", "nonce"}))
	if !overridden && !(named && (idLike || kind == rules.KindID || kind == rules.KindSession)) {
		return "", 0, false
	}
	switch kind {
	case rules.KindID, rules.KindSession, rules.KindUser:
	default:
		kind = rules.KindID
	}
	if life == rules.LifeUnknown || life == rules.LifeProcess {
		life = rules.LifeRequest
	}
	return kind, life, true
}

// forcedVolatile reports whether the config's volatile list names key
// (as written or in snake case).
func (sc *litScanner) forcedVolatile(key string) bool {
	for _, g := range sc.names.Volatile {
		g = strings.ToLower(g)
		for _, name := range []string{strings.ToLower(key), snakeCase(key)} {
			if ok, _ := path.Match(g, name); ok {
				return true
			}
		}
	}
	return false
}

// idLiteral names an id after the key it is the value of, when there is
// one that names an id.
func (sc *litScanner) idLiteral(i, end int, name, kind string, life rules.Lifetime, why string) literal {
	lit := literal{start: i, end: end, name: name, kind: kind, life: life, why: why}
	if key, ok := sc.keyBefore(i); ok {
		if k, l, ok := sc.classifyKey(key); ok {
			lit.name, lit.kind, lit.life = snakeCase(key), k, l
		} else if k, l := rules.ClassifyName(key, sc.names); l == rules.LifeStable {
			lit.name = "" // declared stable in the config
		} else if k == rules.KindGit {
			lit.name, lit.kind, lit.life = snakeCase(key), k, l // "commit: 9fceb02…"
		}
	}
	return lit
}

// named names a time literal after its key ("Current time: …" is
// current_time) and drops it when the config declares the key stable.
func (sc *litScanner) named(lit literal) literal {
	key, ok := sc.keyBefore(lit.start)
	if !ok {
		return lit
	}
	if _, l := rules.ClassifyName(key, sc.names); l == rules.LifeStable {
		lit.name = ""
		return lit
	}
	if kind, _ := rules.ClassifyName(key, rules.NameOverrides{}); kind == rules.KindTime {
		lit.name = snakeCase(key)
	}
	return lit
}

// isWord reports whether w is letters only (an apostrophe allowed).
func isWord(w string) bool {
	for i := 0; i < len(w); i++ {
		if !isAlpha(w[i]) && (w[i] != '\'' || i == 0) {
			return false
		}
	}
	return w != ""
}

// snakeCase turns "Request ID", "traceId" and "x-session-id" into
// request_id, trace_id and x_session_id.
func snakeCase(key string) string {
	key = strings.ReplaceAll(key, "'", "")
	f := strings.FieldsFunc(strings.ToLower(camelSpace(key)), func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9')
	})
	return strings.Join(f, "_")
}

// camelSpace puts a space at lower-to-upper case changes: traceId → trace Id.
func camelSpace(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if i > 0 && isUpper(s[i]) && (s[i-1] >= 'a' && s[i-1] <= 'z') {
			b.WriteByte(' ')
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

func quote(s string) string { return `"` + s + `"` }

// estimateTokens guesses the tokens of a short literal for Slot.Tokens
// without a tokenizer: BPE vocabularies split digit runs into groups of up
// to three and punctuation into single tokens.
func estimateTokens(s string) int {
	n := 0
	for i := 0; i < len(s); {
		j := i
		switch {
		case isDigit(s[i]):
			for j < len(s) && isDigit(s[j]) {
				j++
			}
			n += (j - i + 2) / 3
		case isAlpha(s[i]):
			for j < len(s) && isAlpha(s[j]) {
				j++
			}
			n += (j - i + 3) / 4
		default:
			j++
			if s[i] != ' ' {
				n++
			}
		}
		i = j
	}
	return max(n, 1)
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }
