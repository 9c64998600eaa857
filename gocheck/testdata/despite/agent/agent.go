// Package agent imports a module that cannot be downloaded (a private or
// vanished dependency): it has type errors, and its prompt is still
// checked.
package agent

import (
	"context"
	"time"

	"example.com/vanished/dscope"
)

const guidelines = `Follow the operator's policies. Be concise. Cite files by path.
Never run destructive commands without asking. Prefer small, reviewable changes.
Explain what you changed and why, and list the files you touched.`

// Message is one turn of the conversation.
type Message struct {
	Role    string
	Content string
}

// Reply is the model's answer.
type Reply struct{ Text string }

// Provider is the agent's own model interface.
type Provider interface {
	Complete(ctx context.Context, systemPrompt string, msgs []Message) (*Reply, error)
}

// Agent is wired by the missing module's dependency injection.
type Agent struct {
	scope   dscope.Scope
	p       Provider
	history []Message
}

// Ask puts the time of day ahead of the stable guidelines.
func (a *Agent) Ask(ctx context.Context, input string) (string, error) {
	a.scope.Call(func(l dscope.Logger) { l.Info("asking") })
	system := "The time is " + time.Now().Format("15:04:05") + ".\n" + guidelines
	a.history = append(a.history, Message{Role: "user", Content: input})
	resp, err := a.p.Complete(ctx, system, a.history)
	if err != nil {
		return "", err
	}
	return resp.Text, nil
}
