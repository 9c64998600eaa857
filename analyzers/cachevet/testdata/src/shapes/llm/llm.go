// Package llm is an agent's model interface with types of its own.
package llm

import "context"

// Message is one turn.
type Message struct {
	Role    string
	Content string
}

// ToolDef describes a tool.
type ToolDef struct {
	Name        string
	Description string
	Category    string
	InputSchema map[string]any
}

// Request is what the agent asks a provider.
type Request struct {
	Messages []Message
	Tools    []ToolDef
}

// Response is the answer.
type Response struct{ Text string }

// Provider is a model backend.
type Provider interface {
	Chat(ctx context.Context, req Request) (*Response, error)
	Complete(ctx context.Context, systemPrompt string, msgs []Message) (*Response, error)
}

// Store keeps conversations; it sends nothing.
type Store interface {
	Save(ctx context.Context, id string, msgs []Message) error
}

// Option configures a job another function sends.
type Option func(*Job)

// Job is a request being prepared.
type Job struct{ History []Message }

// WithHistory hands the conversation to a job.
func WithHistory(msgs []Message) Option { return func(j *Job) { j.History = msgs } }

// CountTokens estimates the tokens of messages.
func CountTokens(msgs ...Message) int {
	n := 0
	for _, m := range msgs {
		n += len(m.Content) / 4
	}
	return n
}

// DropEmpty removes messages with no content.
func DropEmpty(msgs []Message) []Message { // want DropEmpty:"order of parameter 0"
	var out []Message
	for _, m := range msgs {
		if m.Content != "" {
			out = append(out, m)
		}
	}
	return out
}
