// Package agent builds a support prompt the cache-hostile way: the
// timestamp comes first, ahead of long stable policies.
package agent

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/anthropics/anthropic-sdk-go"
)

// policies is long, stable text that should be cached.
var policies = strings.Repeat(`Answer in two short paragraphs at most and end with the next step.
Quote the exact policy section number when you rely on it.
Escalate to a human agent for legal threats, chargebacks or safety issues.
`, 40)

// System returns the system prompt.
func System() string {
	return fmt.Sprintf("Heure : %s.\n%s", time.Now().Format(time.RFC3339), policies)
}

// Answer sends one question.
func Answer(ctx context.Context, question string) {
	client := anthropic.NewClient()
	client.Messages.New(ctx, anthropic.MessageNewParams{
		Model:    anthropic.ModelClaudeSonnet4_5,
		System:   []anthropic.TextBlockParam{{Text: System()}},
		Messages: []anthropic.MessageParam{anthropic.NewUserMessage(anthropic.NewTextBlock(question))},
	})
}
