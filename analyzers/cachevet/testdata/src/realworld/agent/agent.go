// Package agent takes its system prompt by option and sends it from a
// method.
package agent

import (
	"context"

	"github.com/anthropics/anthropic-sdk-go"

	"realworld/prompt"
)

var client = anthropic.NewClient()

// Agent holds its system prompt.
type Agent struct{ system string }

// Option configures an Agent.
type Option func(*Agent)

// WithSystemMessage sets the system prompt.
func WithSystemMessage(s string) Option { return func(a *Agent) { a.system = s } }

// New builds an Agent.
func New(opts ...Option) *Agent {
	a := &Agent{}
	for _, o := range opts {
		o(a)
	}
	return a
}

// Config is loaded at start-up.
type Config struct{ WorkingDir string }

// Start builds the agent once.
func Start(cfg *Config) *Agent {
	return New(WithSystemMessage(prompt.System(cfg.WorkingDir))) // want `time "time.Now" \(date without a time of day\) changes once a day`
}

// Run sends the prompt with the conversation.
func (a *Agent) Run(ctx context.Context, history []anthropic.MessageParam) {
	client.Messages.New(ctx, anthropic.MessageNewParams{
		Model:    anthropic.ModelClaudeSonnet4_5,
		System:   []anthropic.TextBlockParam{{Text: a.system, CacheControl: anthropic.NewCacheControlEphemeralParam()}},
		Messages: history,
	})
}
