package cachevettest_test

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

// recorder is a testing.TB that records failures instead of failing, so
// tests can assert the exact message a user sees. The embedded TB is nil:
// calling a method it does not override panics, which catches a check
// that uses more of testing.TB than this file knows about.
type recorder struct {
	testing.TB
	msgs    []string
	fatal   bool
	helpers int
}

func (r *recorder) Helper() { r.helpers++ }

func (r *recorder) Errorf(format string, args ...any) {
	r.msgs = append(r.msgs, fmt.Sprintf(format, args...))
}

func (r *recorder) Fatalf(format string, args ...any) {
	r.Errorf(format, args...)
	r.fatal = true
}

func (r *recorder) output() string { return strings.Join(r.msgs, "\n") }

// record runs a check against a recorder.
func record(check func(t testing.TB)) *recorder {
	r := &recorder{}
	check(r)
	return r
}

// clock is a fake time source: each call to now is one second later, so a
// timestamp rendered into a prompt differs between calls deterministically.
type clock struct{ t time.Time }

func newClock() *clock { return &clock{t: time.Date(2026, 12, 4, 9, 0, 0, 0, time.UTC)} }

func (c *clock) now() time.Time {
	c.t = c.t.Add(time.Second)
	return c.t
}

// words counts whitespace-separated words: a stand-in token counter, so
// the test binary does not link a tokenizer.
type words struct{}

func (words) Count(s string) int { return len(strings.Fields(s)) }

// toolNames are the tools the fixtures register: six, so a map of them
// comes out in the same order in 20 calls with probability 3.0e-9 (the
// package documentation's table).
var toolNames = []string{"create_ticket", "get_weather", "lookup_order", "refund_payment", "search_docs", "send_email"}
