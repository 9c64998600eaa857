// Package stored keeps its system prompt in fields: a string field one
// method assigns and another reads, and a generic container one method
// Sets and another Gets.
package stored

import (
	"context"
	"fmt"
	"sync"
	"time"

	"shapes/llm"
)

// Value is a generic concurrent cell.
type Value[T any] struct {
	mu sync.Mutex
	v  T
}

// Set stores v.
func (c *Value[T]) Set(v T) { c.mu.Lock(); c.v = v; c.mu.Unlock() }

// Get loads the value.
func (c *Value[T]) Get() T { c.mu.Lock(); defer c.mu.Unlock(); return c.v }

const rules = `You are a support agent for a storage product. Answer from the manual.
Escalate billing questions. Never promise refunds. Keep answers under 200 words.`

// Session talks to a provider.
type Session struct {
	p       llm.Provider
	system  string
	cached  Value[string]
	history []llm.Message
}

// Prepare builds the system prompt for the next turn.
func (s *Session) Prepare() {
	s.system = fmt.Sprintf("Current time: %s\n%s", time.Now().Format(time.RFC3339), rules) // want `time "time.Now" \(time.Now\) changes every request`
}

// Refresh stores the prompt in the container.
func (s *Session) Refresh() {
	s.cached.Set("Request id: " + fmt.Sprint(time.Now().UnixNano()) + "\n" + rules) // want `time "time.Now" \(time.Now\) changes every request`
}

// SetRules stores a prompt its caller decides: configuration.
func (s *Session) SetRules(p string) { s.system = p }

// Run sends the prompt a method stored.
func (s *Session) Run(ctx context.Context, input string) error {
	s.Prepare()
	s.history = append(s.history, llm.Message{Role: "user", Content: input})
	_, err := s.p.Complete(ctx, s.system, s.history)
	return err
}

// RunCached sends the prompt kept in the container.
func (s *Session) RunCached(ctx context.Context, input string) error {
	s.Refresh()
	s.history = append(s.history, llm.Message{Role: "user", Content: input})
	_, err := s.p.Complete(ctx, s.cached.Get(), s.history)
	return err
}
