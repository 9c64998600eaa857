// Package agent builds its conversation with the llm package's
// constructors.
package agent

import (
	"context"
	"time"

	"shapes/msgctor/llm"
)

// Agent keeps a conversation.
type Agent struct {
	p       llm.Provider
	history []llm.Message
}

// Ask puts the time of day into the system message.
func (a *Agent) Ask(ctx context.Context, q string) (string, error) {
	msgs := []llm.Message{llm.SystemMessage("You are a scheduling assistant. It is " + time.Now().Format(time.Kitchen) + ".")} // want `time "time.Now" \(time.Now\) changes every request`
	msgs = append(msgs, a.history...)
	msgs = append(msgs, llm.UserMessage(q))
	return a.p.Chat(ctx, msgs)
}

// AskStable keeps the system message fixed: silent.
func (a *Agent) AskStable(ctx context.Context, q string) (string, error) {
	msgs := []llm.Message{llm.SystemMessage("You are a scheduling assistant.")}
	msgs = append(msgs, a.history...)
	msgs = append(msgs, llm.UserMessage(q))
	return a.p.Chat(ctx, msgs)
}
