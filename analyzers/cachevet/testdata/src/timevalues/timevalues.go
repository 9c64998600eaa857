// Package timevalues checks times built from other values (time.Unix,
// time.Date, time.Parse): as volatile as what they are built from, not a
// reading of the clock.
package timevalues

import (
	"context"
	"time"

	"github.com/anthropics/anthropic-sdk-go"
)

var client = anthropic.NewClient()

// Release describes the deployed build, loaded once.
type Release struct {
	BuiltUnix int64
	Tag       string
	Shipped   string
}

// Snapshot is a cached copy of a record, stamped when it is fetched.
type Snapshot struct {
	Title   string
	Fetched int64
}

func newSnapshot(title string) *Snapshot {
	return &Snapshot{Title: title, Fetched: time.Now().Unix()}
}

// Assistant answers questions about one release.
type Assistant struct {
	release Release
	snap    *Snapshot
}

// storedBuildTime formats a timestamp kept in configuration: silent.
func (a *Assistant) storedBuildTime(ctx context.Context, history []anthropic.MessageParam) {
	built := time.Unix(a.release.BuiltUnix, 0).UTC().Format(time.RFC3339)
	client.Messages.New(ctx, anthropic.MessageNewParams{
		Model:    anthropic.ModelClaudeSonnet4_5,
		System:   []anthropic.TextBlockParam{{Text: "Build " + built + "\n" + guidance, CacheControl: anthropic.NewCacheControlEphemeralParam()}},
		Messages: history,
	})
}

// fixedDate formats a date of constants and a parsed configured date:
// silent.
func (a *Assistant) fixedDate(ctx context.Context, history []anthropic.MessageParam) error {
	released, err := time.Parse("2006-01-02", a.release.Shipped)
	if err != nil {
		return err
	}
	cutover := time.Date(2026, time.March, 1, 0, 0, 0, 0, time.UTC)
	_, err = client.Messages.New(ctx, anthropic.MessageNewParams{
		Model:    anthropic.ModelClaudeSonnet4_5,
		System:   []anthropic.TextBlockParam{{Text: "Released " + released.Format(time.RFC1123) + ", migration from " + cutover.Format(time.Kitchen) + "\n" + guidance, CacheControl: anthropic.NewCacheControlEphemeralParam()}},
		Messages: history,
	})
	return err
}

// clockRoundTrip converts the clock to seconds and back: still the clock.
func (a *Assistant) clockRoundTrip(ctx context.Context, history []anthropic.MessageParam) {
	client.Messages.New(ctx, anthropic.MessageNewParams{
		Model:    anthropic.ModelClaudeSonnet4_5,
		System:   []anthropic.TextBlockParam{{Text: "Now " + time.Unix(time.Now().Unix(), 0).Format(time.RFC3339) + "\n" + guidance, CacheControl: anthropic.NewCacheControlEphemeralParam()}}, // want `time "time.Unix\(time.Now\(\).Unix\(\), 0\)" \(a time built from time.Now\(\).Unix\(\)\) changes every request`
		Messages: history,
	})
}

// startOfDay rebuilds today's midnight: it changes once a day.
func (a *Assistant) startOfDay(ctx context.Context, history []anthropic.MessageParam) {
	y, m, d := time.Now().Date()
	midnight := time.Date(y, m, d, 0, 0, 0, 0, time.Local)
	client.Messages.New(ctx, anthropic.MessageNewParams{
		Model:    anthropic.ModelClaudeSonnet4_5,
		System:   []anthropic.TextBlockParam{{Text: "Day starts " + midnight.Format(time.RFC3339) + "\n" + guidance, CacheControl: anthropic.NewCacheControlEphemeralParam()}}, // want `time "time.Date\(y, m, d, 0, 0, 0, 0, time.L..." \(a time built from y\) changes once a day`
		Messages: history,
	})
}

// snapshotTime formats the time a snapshot was fetched: fixed when the
// snapshot is made, not per request.
func (a *Assistant) snapshotTime(ctx context.Context, history []anthropic.MessageParam) {
	a.snap = newSnapshot("handbook")
	stamp := time.UnixMilli(a.snap.Fetched * 1000).Format(time.DateTime) // want `is fixed once per process`
	client.Messages.New(ctx, anthropic.MessageNewParams{
		Model:    anthropic.ModelClaudeSonnet4_5,
		System:   []anthropic.TextBlockParam{{Text: "Fetched " + stamp + "\n" + guidance, CacheControl: anthropic.NewCacheControlEphemeralParam()}},
		Messages: history,
	})
}
