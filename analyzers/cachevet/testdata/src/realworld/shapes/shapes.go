// Package shapes holds agent shapes seen in real code: a tool list built
// from a registry map in the constructor, a prompt builder kept in a
// struct field, environment details and a request id in the system prompt.
package shapes

import (
	"context"
	"fmt"
	"os"
	"runtime"
	"strings"
	"time"

	"github.com/google/uuid"
	openai "github.com/sashabaranov/go-openai"
)

var rules = strings.Repeat("Always cite the policy section you rely on when answering billing questions. ", 100)

type User struct {
	Name string
	Plan string
}

type Agent struct {
	client  *openai.Client
	history []openai.ChatCompletionMessage
	memory  []string
	tools   []openai.Tool
}

func NewAgent(registry map[string]openai.Tool) *Agent {
	a := &Agent{client: &openai.Client{}}
	for _, t := range registry { // want `"registry" is emitted in nondeterministic order, drawn once per process`
		a.tools = append(a.tools, t)
	}
	return a
}

type promptBuilder struct{ sb strings.Builder }

func (p *promptBuilder) build(u User) string {
	p.sb.WriteString(fmt.Sprintf("Customer: %s (%s plan)\n", u.Name, u.Plan)) // want `user "u.Name" \(field\) changes every session`
	p.sb.WriteString(rules)
	return p.sb.String()
}

func (a *Agent) system(u User) string {
	host, _ := os.Hostname()
	mem := strings.Join(a.memory, "\n")
	return fmt.Sprintf("Request %s on %s/%s\n%s\nMemory:\n%s", uuid.New().String(), host, runtime.GOOS, rules, mem) // want `id "uuid.New" \(uuid.New\) changes every request and stands ahead of .*conversation history`
}

func (a *Agent) Turn(ctx context.Context, u User, q string) {
	a.history = append(a.history, openai.ChatCompletionMessage{Role: "user", Content: q})
	msgs := append([]openai.ChatCompletionMessage{{Role: "system", Content: a.system(u)}}, a.history...)
	a.client.CreateChatCompletion(ctx, openai.ChatCompletionRequest{Model: "gpt-4o", Messages: msgs, Tools: a.tools})
	a.memory = append(a.memory, q)
}

func (a *Agent) Turn2(ctx context.Context, u User, q string) {
	var pb promptBuilder
	sys := pb.build(u)
	a.client.CreateChatCompletion(ctx, openai.ChatCompletionRequest{Model: "gpt-4o", Messages: []openai.ChatCompletionMessage{
		{Role: "system", Content: sys},
		{Role: "user", Content: q},
	}})
}

func (a *Agent) Turn3(ctx context.Context, q string) {
	sys := "Session started at " + time.Now().Format(time.Kitchen) + "\n" + rules // want `time "time.Now" \(time.Now\) changes every request`
	a.client.CreateChatCompletion(ctx, openai.ChatCompletionRequest{Model: "gpt-4o", Messages: append([]openai.ChatCompletionMessage{{Role: "system", Content: sys}}, a.history...)})
}
