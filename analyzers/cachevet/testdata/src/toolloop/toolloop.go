// Package toolloop sends a request's own tool loop: the model's reply and
// the tool results are appended after the turn's input and sent again.
// They follow the input, so they are not a conversation that earlier
// requests share: the input is not ahead of any history.
package toolloop

import (
	"bufio"
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"time"
)

// Message is a chat message.
type Message struct {
	Role    string `json:"role"`
	Content string `json:"content"`
}

// ChatRequest is an OpenAI-compatible request body.
type ChatRequest struct {
	Model    string    `json:"model"`
	Messages []Message `json:"messages"`
}

// Request is the agent's own request type.
type Request struct {
	SystemPrompt string
	Prompt       string
}

func call(ctx context.Context, body any) ([]string, error) {
	b, _ := json.Marshal(body)
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, "https://api.openai.com/v1/chat/completions", bytes.NewReader(b))
	if err != nil {
		return nil, err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return nil, err
	}
	return nil, resp.Body.Close()
}

// followUp sends the reply's tool results once, after the prompt.
func followUp(ctx context.Context, req *Request) error {
	messages := []map[string]any{
		{"role": "system", "content": req.SystemPrompt},
		{"role": "user", "content": req.Prompt},
	}
	calls, err := call(ctx, map[string]any{"model": "gpt-4o", "messages": messages})
	if err != nil {
		return err
	}
	follow := append(messages, map[string]any{"role": "assistant", "content": "calling tools"})
	for _, c := range calls {
		follow = append(follow, map[string]any{"role": "tool", "content": c})
	}
	_, err = call(ctx, map[string]any{"model": "gpt-4o", "messages": follow})
	return err
}

// subAgent runs a task to completion: each iteration appends the reply
// and the tool results after the task and sends again.
func subAgent(ctx context.Context, task string) error {
	messages := []Message{
		{Role: "system", Content: policies},
		{Role: "user", Content: task},
	}
	for i := 0; i < 10; i++ {
		calls, err := call(ctx, ChatRequest{Model: "gpt-4o", Messages: messages})
		if err != nil || len(calls) == 0 {
			return err
		}
		messages = append(messages, Message{Role: "assistant", Content: "calling tools"})
		for _, c := range calls {
			messages = append(messages, Message{Role: "tool", Content: c})
		}
	}
	return nil
}

// chat is a conversation: each turn's input is received and appended in
// the loop, after what earlier turns added. The clock is read once, before
// the loop: it changes once per conversation, and the conversation itself
// still caches; only the stable instructions after it are written again
// for each new conversation.
func chat(ctx context.Context, inputs <-chan string) error {
	messages := []Message{{Role: "system", Content: "Now: " + time.Now().Format(time.RFC3339) + "\n" + policies}} // want `time "time.Now" \(time.Now\) changes every session and stands ahead of 2,470 stable tokens, so every new session writes them`
	for input := range inputs {
		messages = append(messages, Message{Role: "user", Content: input})
		calls, err := call(ctx, ChatRequest{Model: "gpt-4o", Messages: messages})
		if err != nil {
			return err
		}
		for _, c := range calls {
			messages = append(messages, Message{Role: "assistant", Content: c})
		}
	}
	return nil
}

// withHistory puts the question ahead of the conversation handed in: the
// history that follows is shared by earlier requests, so the question
// keeps it from being cached.
func withHistory(ctx context.Context, question string, history []Message) error {
	messages := []Message{{Role: "system", Content: policies}, {Role: "user", Content: question}} // want `query "question" \(parameter\) changes every request and stands ahead of the conversation history`
	for _, m := range history {
		messages = append(messages, m)
	}
	b, _ := json.Marshal(ChatRequest{Model: "gpt-4o", Messages: messages})
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, "https://api.openai.com/v1/chat/completions", bytes.NewReader(b))
	if err != nil {
		return err
	}
	_, err = http.DefaultClient.Do(req)
	return err
}

// repl discovers its tools once, in map order, and then reads lines: the
// order is drawn once per conversation, and only the conversation follows
// it, which still caches within the conversation.
func repl(ctx context.Context, in *bufio.Scanner, registry map[string]string) error {
	var tools []string
	for name := range registry {
		tools = append(tools, name)
	}
	sys := "You can call: " + strings.Join(tools, ", ")
	var history []Message
	for in.Scan() {
		history = append(history, Message{Role: "user", Content: in.Text()})
		messages := append([]Message{{Role: "system", Content: sys}}, history...)
		b, _ := json.Marshal(ChatRequest{Model: "gpt-4o", Messages: messages})
		req, err := http.NewRequestWithContext(ctx, http.MethodPost, "https://api.openai.com/v1/chat/completions", bytes.NewReader(b))
		if err != nil {
			return err
		}
		if _, err := http.DefaultClient.Do(req); err != nil {
			return err
		}
	}
	return nil
}

// handle answers one inbound message: its clock is read for each message,
// and the tool loop after it, which waits on the context, takes no new
// input, so the clock still changes every request.
func handle(ctx context.Context, history []Message, text string) error {
	sys := "Now: " + time.Now().Format(time.RFC3339) + "\n" + policies // want `time "time.Now" \(time.Now\) changes every request and stands ahead of`
	messages := append([]Message{{Role: "system", Content: sys}}, history...)
	messages = append(messages, Message{Role: "user", Content: text})
	for i := 0; i < 5; i++ {
		select {
		case <-ctx.Done():
			return ctx.Err()
		default:
		}
		b, _ := json.Marshal(ChatRequest{Model: "gpt-4o", Messages: messages})
		req, err := http.NewRequestWithContext(ctx, http.MethodPost, "https://api.anthropic.com/v1/chat/completions", bytes.NewReader(b))
		if err != nil {
			return err
		}
		if _, err := http.DefaultClient.Do(req); err != nil {
			return err
		}
		messages = append(messages, Message{Role: "assistant", Content: "tool call"})
	}
	return nil
}

// ToolBody is a request body with tools.
type ToolBody struct {
	Model    string           `json:"model"`
	Tools    []map[string]any `json:"tools"`
	Messages []Message        `json:"messages"`
}

func toolList(registry map[string]map[string]any) []map[string]any {
	var out []map[string]any
	for _, t := range registry { // want `"registry" is emitted in nondeterministic order \(map iteration order\) and stands ahead of 2,469 tokens plus the conversation history \(assumed 10,000; the turns of this request's tool loop\)`
		out = append(out, t)
	}
	return out
}

func postTools(ctx context.Context, body ToolBody) error {
	b, _ := json.Marshal(body)
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, "https://api.openai.com/v1/chat/completions", bytes.NewReader(b))
	if err != nil {
		return err
	}
	_, err = http.DefaultClient.Do(req)
	return err
}

// subAgentTools lists its tools again on every iteration of its tool
// loop, in map order: each iteration's tools differ from the last's, so
// the turns the loop re-sends are never read from the cache. The task,
// set before the loop, is the same in every iteration.
func subAgentTools(ctx context.Context, task string, registry map[string]map[string]any) error {
	messages := []Message{{Role: "system", Content: policies}, {Role: "user", Content: task}}
	for i := 0; i < 10; i++ {
		if err := postTools(ctx, ToolBody{Model: "gpt-4o", Tools: toolList(registry), Messages: messages}); err != nil {
			return err
		}
		messages = append(messages, Message{Role: "assistant", Content: "calling tools"})
	}
	return nil
}

// Summarizer is configured with its prompt.
type Summarizer struct {
	SummarizationPrompt string
}

const defaultSummarizationPrompt = "Summarize the conversation so far, keeping every decision and open question."

// Summarize sends the configured prompt, or the default, ahead of the
// conversation: a receiver's field named for a prompt is configuration,
// not the turn's input.
func (s *Summarizer) Summarize(ctx context.Context, history []Message) error {
	prompt := cmp.Or(s.SummarizationPrompt, defaultSummarizationPrompt)
	messages := append([]Message{{Role: "system", Content: prompt}}, history...)
	b, _ := json.Marshal(ChatRequest{Model: "gpt-4o", Messages: messages})
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, "https://api.openai.com/v1/chat/completions", bytes.NewReader(b))
	if err != nil {
		return err
	}
	_, err = http.DefaultClient.Do(req)
	return err
}
