// Package quiet holds calls that look like sends by shape and are not,
// or are sends with nothing to report.
package quiet

import (
	"context"
	"time"

	"shapes/llm"
)

// Notifier is not a model: its lists carry no role.
type Notifier interface {
	Notify(ctx context.Context, lines []string, at time.Time) error
}

// Run calls non-model interfaces and a model with a dynamic first user
// turn behind a separate, stable system prompt.
func Run(ctx context.Context, n Notifier, p llm.Provider, s llm.Store, question string) error {
	if err := n.Notify(ctx, []string{time.Now().String(), "hello"}, time.Now()); err != nil {
		return err
	}
	msgs := []llm.Message{{Role: "user", Content: question + " (asked at " + time.Now().Format(time.RFC3339) + ")"}}
	if _, err := p.Complete(ctx, "You are a helpful assistant.", msgs); err != nil {
		return err
	}
	return s.Save(ctx, "conversation", msgs)
}

// OnTurn is handed each finished turn to save: it answers nothing.
var OnTurn func(ctx context.Context, turn []llm.Message) error

// Record hands the turn, model output with a timestamp first, to the
// callback: not a send.
func Record(ctx context.Context, answer string) error {
	return OnTurn(ctx, []llm.Message{{Role: "assistant", Content: time.Now().String() + "\n" + answer + "\nThe answer above was checked against the manual and the policies."}})
}

// Opt builds an option of another package with the time first: the
// option is handed to a call made elsewhere, nothing is sent here.
func Opt(issue string, history []llm.Message) llm.Option {
	return llm.WithHistory(append([]llm.Message{{Role: "system", Content: "Issue opened at " + time.Now().String() + ": " + issue + "\nAnswer politely, cite the docs, and never close issues yourself."}}, history...))
}

// Estimate counts the tokens of a conversation: it answers nothing.
func Estimate(sys string, history []llm.Message) int {
	return llm.CountTokens(append([]llm.Message{{Role: "system", Content: time.Now().String() + "\n" + sys + "\nAnswer politely, cite the docs, and never close issues yourself."}}, history...)...)
}

// Trim drops empty turns: a transform of the conversation, not a send.
func Trim(sys string, history []llm.Message) []llm.Message {
	return llm.DropEmpty(append([]llm.Message{{Role: "system", Content: time.Now().String() + "\n" + sys + "\nAnswer politely, cite the docs, and never close issues yourself."}}, history...))
}
