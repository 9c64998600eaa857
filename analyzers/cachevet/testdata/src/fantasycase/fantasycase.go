package fantasycase

import (
	"context"
	"time"

	"charm.land/fantasy"
	"charm.land/fantasy/providers/anthropic"
	"charm.land/fantasy/providers/openai"
)

type input struct{ Path string }

func readFile(ctx context.Context, in input, call fantasy.ToolCall) (fantasy.ToolResponse, error) {
	return fantasy.ToolResponse{}, nil
}

func model(ctx context.Context) fantasy.LanguageModel {
	p, _ := anthropic.New(anthropic.WithAPIKey("k"))
	m, _ := p.LanguageModel(ctx, "claude-sonnet-4-5")
	return m
}

// clockAgent: the agent sends the system prompt as its first message, so
// a timestamp in it changes the prefix ahead of the whole conversation.
func clockAgent(ctx context.Context, history []fantasy.Message, q string) {
	p, _ := anthropic.New(anthropic.WithAPIKey("k"))
	m, _ := p.LanguageModel(ctx, "claude-sonnet-4-5")
	agent := fantasy.NewAgent(m,
		fantasy.WithSystemPrompt("Now: "+time.Now().Format(time.RFC3339)+"\n"+guide), // want `time "time.Now"`
		fantasy.WithTools(fantasy.NewAgentTool("read_file", "Read a file from the workspace.", readFile)),
	)
	agent.Generate(ctx, fantasy.AgentCall{Messages: history, Prompt: q})
}

// noCacheAgent: a fantasy Agent adds no cache control of its own, so a
// long stable system prompt sent to Anthropic is never cached.
func noCacheAgent(ctx context.Context, q string) {
	p, _ := anthropic.New()
	m, _ := p.LanguageModel(ctx, "claude-sonnet-4-5")
	agent := fantasy.NewAgent(m, fantasy.WithSystemPrompt(guide)) // want `no cache_control breakpoint`
	agent.Generate(ctx, fantasy.AgentCall{Prompt: q})
}

// preparedAgent: PrepareStep sets cache control before each step (as
// Charm's coding agent does): where breakpoints go is not known here.
func preparedAgent(ctx context.Context, history []fantasy.Message, q string) {
	agent := fantasy.NewAgent(model(ctx), fantasy.WithSystemPrompt(guide))
	agent.Stream(ctx, fantasy.AgentStreamCall{
		Messages: history,
		Prompt:   q,
		PrepareStep: func(ctx context.Context, o fantasy.PrepareStepFunctionOptions) (context.Context, fantasy.PrepareStepResult, error) {
			return ctx, fantasy.PrepareStepResult{Messages: o.Messages}, nil
		},
	})
}

var ephemeral = anthropic.NewProviderCacheControlOptions(&anthropic.ProviderCacheControlOptions{CacheControl: anthropic.CacheControl{Type: "ephemeral"}})

// cachedPrompt: cache control on the system message reaches Anthropic.
func cachedPrompt(ctx context.Context, q string) {
	p, _ := anthropic.New()
	m, _ := p.LanguageModel(ctx, "claude-sonnet-4-5")
	m.Generate(ctx, fantasy.Call{Prompt: fantasy.Prompt{
		{Role: fantasy.MessageRoleSystem, Content: []fantasy.MessagePart{fantasy.TextPart{Text: guide}}, ProviderOptions: ephemeral},
		fantasy.NewUserMessage(q),
	}})
}

// cachedAfterClock: the marker is there, but the timestamp ahead of it
// changes the cached prefix every request.
func cachedAfterClock(ctx context.Context, q string) {
	p, _ := anthropic.New()
	m, _ := p.LanguageModel(ctx, "claude-sonnet-4-5")
	m.Stream(ctx, fantasy.Call{Prompt: fantasy.Prompt{
		{Role: fantasy.MessageRoleSystem, Content: []fantasy.MessagePart{
			fantasy.TextPart{Text: "Request time " + time.Now().String()}, // want `time "time.Now"`
			fantasy.TextPart{Text: guide, ProviderOptions: ephemeral},
		}},
		fantasy.NewUserMessage(q),
	}})
}

// openaiStable: OpenAI caches a stable prefix on its own.
func openaiStable(ctx context.Context, history []fantasy.Message, q string) {
	p, _ := openai.New(openai.WithAPIKey("k"))
	m, _ := p.LanguageModel(ctx, "gpt-4o")
	agent := fantasy.NewAgent(m, fantasy.WithSystemPrompt(guide))
	agent.Generate(ctx, fantasy.AgentCall{Messages: history, Prompt: q})
}

// optionSlice: options gathered in a slice (as coding agents build them)
// are followed through the spread.
func optionSlice(ctx context.Context, history []fantasy.Message, tools []fantasy.AgentTool, q string) {
	opts := []fantasy.AgentOption{fantasy.WithMaxOutputTokens(4096)}
	opts = append(opts, fantasy.WithSystemPrompt("Host time "+time.Now().String()+"\n"+guide)) // want `time "time.Now"`
	opts = append(opts, fantasy.WithTools(tools...))
	agent := fantasy.NewAgent(model(ctx), opts...)
	call := fantasy.AgentStreamCall{Messages: history, Prompt: q}
	agent.Stream(ctx, call)
}

// session keeps the agent it builds once, as coding agents do; the prompt
// it was given carries the start-up time.
type session struct {
	agent   fantasy.Agent
	history []fantasy.Message
}

func newSession(ctx context.Context) *session {
	return &session{agent: fantasy.NewAgent(model(ctx), fantasy.WithSystemPrompt("Started "+time.Now().String()+"\n"+guide))} // want `time "time.Now" \(time.Now set at construction\) is fixed once per process`
}

func (s *session) Send(ctx context.Context, q string) {
	s.agent.Stream(ctx, fantasy.AgentStreamCall{Messages: s.history, Prompt: q})
}

// lateSystem: fantasy's Anthropic provider skips a system message that
// follows the conversation's start; only the first reaches the request.
func lateSystem(ctx context.Context, q string) {
	p, _ := anthropic.New()
	m, _ := p.LanguageModel(ctx, "claude-sonnet-4-5")
	m.Generate(ctx, fantasy.Call{Prompt: fantasy.Prompt{
		{Role: fantasy.MessageRoleSystem, Content: []fantasy.MessagePart{fantasy.TextPart{Text: guide}}, ProviderOptions: ephemeral},
		fantasy.NewUserMessage("first question"),
		fantasy.NewSystemMessage("Reminder: " + time.Now().String()),
		fantasy.NewUserMessage(q),
	}})
}
