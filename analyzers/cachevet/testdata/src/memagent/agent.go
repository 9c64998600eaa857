// Package memagent answers each inbound message with memories recalled by
// a search on it, put into the system prompt ahead of the history, and
// tools listed in map order: both break the cache of the conversation.
package memagent

import (
	"context"
	"fmt"

	"memagent/llm"
	"memagent/tools"
)

// Memory is a recalled memory.
type Memory struct{ ID, Content string }

// Store recalls memories.
type Store interface {
	Recall(ctx context.Context, query string, limit int) ([]Memory, error)
}

// Inbound is a chat platform's message.
type Inbound struct{ ChannelID, Content string }

// Agent is a chat bot.
type Agent struct {
	llm     *llm.Client
	memory  Store
	soul    string
	history []llm.Message
}

// Handle answers one message.
func (a *Agent) Handle(ctx context.Context, msg *Inbound, reg *tools.Registry) error {
	memories, _ := a.memory.Recall(ctx, msg.Content, 10)
	systemPrompt := a.soul
	for _, m := range memories {
		systemPrompt += fmt.Sprintf("- [%s] %s\n", m.ID, m.Content) // want `documents "m.ID" \(field\) changes every request and stands ahead of`
	}
	msgs := append(a.history, llm.Message{Role: "user", Content: msg.Content})
	for i := 0; i < 5; i++ {
		if _, err := a.llm.Chat(ctx, buildMessages(systemPrompt, msgs), reg.Definitions()); err != nil { // want `"reg.Definitions\(\)" is emitted in nondeterministic order \(map iteration order inside Definitions\)`
			return err
		}
	}
	return nil
}

// Plain sends no tools: nil is no tool list.
func (a *Agent) Plain(ctx context.Context, text string) error {
	_, err := a.llm.Chat(ctx, buildMessages(a.soul, append(a.history, llm.Message{Role: "user", Content: text})), nil)
	return err
}

func buildMessages(systemPrompt string, history []llm.Message) []llm.Message {
	msgs := make([]llm.Message, 0, len(history)+1)
	msgs = append(msgs, llm.Message{Role: "system", Content: systemPrompt})
	msgs = append(msgs, history...)
	return msgs
}
