// Package clockfilter checks text chosen by the clock: lines written only
// when a timestamp is past a cutoff computed from time.Now. No reading of
// the clock is written, yet which lines appear changes with it.
package clockfilter

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/anthropics/anthropic-sdk-go"
)

var client = anthropic.NewClient()

// note is a remembered fact with when it was last touched.
type note struct {
	Text     string
	Touched  time.Time
	Archived bool
}

// Memory holds notes and the time of the last import, set at start-up.
type Memory struct {
	notes    []note
	imported time.Time
}

// recentDays skips notes older than three days: the list changes once a
// day.
func (m *Memory) recentDays(ctx context.Context, history []anthropic.MessageParam) {
	since := time.Now().AddDate(0, 0, -3)
	var sb strings.Builder
	sb.WriteString(guidance)
	for _, n := range m.notes {
		if n.Touched.Before(since) { // want `time "n.Touched.Before\(since\)" \(filtered by a time.Now cutoff\) changes once a day`
			continue
		}
		fmt.Fprintf(&sb, "- %s\n", n.Text)
	}
	client.Messages.New(ctx, anthropic.MessageNewParams{
		Model:    anthropic.ModelClaudeSonnet4_5,
		System:   []anthropic.TextBlockParam{{Text: sb.String(), CacheControl: anthropic.NewCacheControlEphemeralParam()}},
		Messages: history,
	})
}

// freshMinutes writes the notes touched in the last half hour: the list
// changes from one request to the next.
func (m *Memory) freshMinutes(ctx context.Context, history []anthropic.MessageParam) {
	var sb strings.Builder
	sb.WriteString(guidance)
	for _, n := range m.notes {
		if time.Since(n.Touched) < 30*time.Minute { // want `time "time.Since\(n.Touched\) < 30 \* time.Minute" \(filtered by a time.Now cutoff\) changes every request`
			sb.WriteString(n.Text + "\n")
		}
	}
	client.Messages.New(ctx, anthropic.MessageNewParams{
		Model:    anthropic.ModelClaudeSonnet4_5,
		System:   []anthropic.TextBlockParam{{Text: sb.String(), CacheControl: anthropic.NewCacheControlEphemeralParam()}},
		Messages: history,
	})
}

// concatenated adds the notes of the last six hours to a string.
func (m *Memory) concatenated(ctx context.Context, history []anthropic.MessageParam) {
	window := time.Now().Add(-6 * time.Hour)
	text := guidance
	for _, n := range m.notes {
		if n.Touched.After(window) { // want `time "n.Touched.After\(window\)" \(filtered by a time.Now cutoff\) changes every request`
			text += n.Text + "\n"
		}
	}
	client.Messages.New(ctx, anthropic.MessageNewParams{
		Model:    anthropic.ModelClaudeSonnet4_5,
		System:   []anthropic.TextBlockParam{{Text: text, CacheControl: anthropic.NewCacheControlEphemeralParam()}},
		Messages: history,
	})
}

// joined collects the lines of the last week and joins them.
func (m *Memory) joined(ctx context.Context, history []anthropic.MessageParam) {
	weekAgo := time.Now().AddDate(0, 0, -7)
	lines := []string{guidance}
	for _, n := range m.notes {
		if n.Archived || n.Touched.Compare(weekAgo) < 0 { // want `time "n.Archived \|\| n.Touched.Compare\(weekA..." \(filtered by a time.Now cutoff\) changes once a day`
			continue
		}
		lines = append(lines, n.Text)
	}
	client.Messages.New(ctx, anthropic.MessageNewParams{
		Model:    anthropic.ModelClaudeSonnet4_5,
		System:   []anthropic.TextBlockParam{{Text: strings.Join(lines, "\n"), CacheControl: anthropic.NewCacheControlEphemeralParam()}},
		Messages: history,
	})
}

// unrelatedFilters skip notes by a flag and by a time fixed at start-up:
// the clock decides nothing. Silent.
func (m *Memory) unrelatedFilters(ctx context.Context, history []anthropic.MessageParam) {
	var sb strings.Builder
	sb.WriteString(guidance)
	for i, n := range m.notes {
		if n.Archived || i > 50 {
			continue
		}
		if n.Touched.Before(m.imported) {
			continue
		}
		sb.WriteString(n.Text + "\n")
	}
	client.Messages.New(ctx, anthropic.MessageNewParams{
		Model:    anthropic.ModelClaudeSonnet4_5,
		System:   []anthropic.TextBlockParam{{Text: sb.String(), CacheControl: anthropic.NewCacheControlEphemeralParam()}},
		Messages: history,
	})
}

// clockAfterWrite checks the clock only after the text is written, to
// stop the loop: what was written does not depend on it. Silent.
func (m *Memory) clockAfterWrite(ctx context.Context, history []anthropic.MessageParam) {
	deadline := time.Now().Add(time.Second)
	var sb strings.Builder
	sb.WriteString(guidance)
	for _, n := range m.notes {
		sb.WriteString(n.Text + "\n")
	}
	if time.Now().After(deadline) {
		return
	}
	client.Messages.New(ctx, anthropic.MessageNewParams{
		Model:    anthropic.ModelClaudeSonnet4_5,
		System:   []anthropic.TextBlockParam{{Text: sb.String(), CacheControl: anthropic.NewCacheControlEphemeralParam()}},
		Messages: history,
	})
}
