// Package planner keeps a conversation in a field: one method starts it
// with the system message, others append turns; the request goes out
// through a hand-rolled client of another package.
package planner

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"realworld/llmclient"
)

type state struct {
	client   *llmclient.Client
	skipped  map[string]bool
	notes    []string
	messages []llmclient.Message
}

var instructions = strings.Repeat("Plan the change step by step and list every file you touch. ", 200)

// systemParts builds the system message's parts; the error path returns
// nothing.
func (s *state) systemParts(chatOnly bool) ([]llmclient.Part, error) {
	if s.client == nil {
		return nil, errors.New("no client")
	}
	parts := []llmclient.Part{}
	if !chatOnly && len(s.skipped) > 0 {
		text := "These paths are skipped:\n"
		for p := range s.skipped { // want `"s.skipped" is emitted in nondeterministic order \(map iteration order\) and stands ahead of 2,800 tokens plus the conversation history`
			text += fmt.Sprintf("- %s\n", p)
		}
		parts = append(parts, llmclient.Part{Type: "text", Text: text})
	}
	parts = append(parts, llmclient.Part{Type: "text", Text: instructions, CacheControl: &llmclient.CacheSpec{Type: "ephemeral"}})
	return parts, nil
}

func (s *state) start(chatOnly bool) error {
	sys, err := s.systemParts(chatOnly)
	if err != nil {
		return err
	}
	s.messages = []llmclient.Message{{Role: "system", Content: sys}}
	return nil
}

func (s *state) addTurn(text string) {
	s.messages = append(s.messages, llmclient.Message{Role: "user", Content: []llmclient.Part{{Type: "text", Text: text}}})
	s.messages = dropEmpty(s.messages)
}

func dropEmpty(ms []llmclient.Message) []llmclient.Message { return ms }

func (s *state) send(ctx context.Context) error {
	return s.client.Stream(ctx, llmclient.ChatRequest{Model: "gpt-4o", Messages: s.messages})
}

// calm lists the skipped paths sorted: silent.
type calm struct {
	client   *llmclient.Client
	skipped  map[string]bool
	messages []llmclient.Message
}

func (c *calm) start() {
	keys := make([]string, 0, len(c.skipped))
	for p := range c.skipped {
		keys = append(keys, p)
	}
	slices.Sort(keys)
	text := "These paths are skipped:\n" + strings.Join(keys, "\n")
	c.messages = []llmclient.Message{{Role: "system", Content: []llmclient.Part{{Type: "text", Text: text + instructions, CacheControl: &llmclient.CacheSpec{Type: "ephemeral"}}}}}
}

func (c *calm) addTurn(text string) {
	c.messages = append(c.messages, llmclient.Message{Role: "user", Content: []llmclient.Part{{Type: "text", Text: text}}})
}

func (c *calm) send(ctx context.Context) error {
	return c.client.Stream(ctx, llmclient.ChatRequest{Model: "gpt-4o", Messages: c.messages})
}
