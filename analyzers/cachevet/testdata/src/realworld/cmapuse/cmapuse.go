// Package cmapuse builds tool lists and prompt parts from a cmap.Map.
package cmapuse

import (
	"context"
	"slices"
	"strings"

	"github.com/anthropics/anthropic-sdk-go"

	"realworld/cmap"
)

var client = anthropic.NewClient()

var guide = strings.Repeat("Use the tools to look up orders before answering. ", 150)

// Skill is a named instruction.
type Skill struct{ Name, Text string }

// FromSeq lists the skills ranging over the iterator.
func FromSeq(ctx context.Context, skills *cmap.Map[string, Skill], history []anthropic.MessageParam) {
	var sb strings.Builder
	for name, s := range skills.Seq2() { // want `is emitted in nondeterministic order \(map iteration order inside Seq2\)`
		sb.WriteString(name + ": " + s.Text + "\n")
	}
	client.Messages.New(ctx, anthropic.MessageNewParams{
		Model:    anthropic.ModelClaudeSonnet4_5,
		System:   []anthropic.TextBlockParam{{Text: sb.String() + guide, CacheControl: anthropic.NewCacheControlEphemeralParam()}},
		Messages: history,
	})
}

// FromValues lists the values.
func FromValues(ctx context.Context, skills *cmap.Map[string, Skill], history []anthropic.MessageParam) {
	var lines []string
	for _, s := range skills.Values() { // want `is emitted in nondeterministic order \(map iteration order inside Values\)`
		lines = append(lines, s.Name+": "+s.Text)
	}
	client.Messages.New(ctx, anthropic.MessageNewParams{
		Model:    anthropic.ModelClaudeSonnet4_5,
		System:   []anthropic.TextBlockParam{{Text: strings.Join(lines, "\n") + guide, CacheControl: anthropic.NewCacheControlEphemeralParam()}},
		Messages: history,
	})
}

// Sorted sorts the values first: silent.
func Sorted(ctx context.Context, skills *cmap.Map[string, Skill], history []anthropic.MessageParam) {
	vals := skills.Values()
	slices.SortFunc(vals, func(a, b Skill) int { return strings.Compare(a.Name, b.Name) })
	var lines []string
	for _, s := range vals {
		lines = append(lines, s.Name+": "+s.Text)
	}
	client.Messages.New(ctx, anthropic.MessageNewParams{
		Model:    anthropic.ModelClaudeSonnet4_5,
		System:   []anthropic.TextBlockParam{{Text: strings.Join(lines, "\n") + guide, CacheControl: anthropic.NewCacheControlEphemeralParam()}},
		Messages: history,
	})
}
