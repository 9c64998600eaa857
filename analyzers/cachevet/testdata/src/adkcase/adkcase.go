package adkcase

import (
	"context"
	"time"

	"google.golang.org/adk/agent"
	"google.golang.org/adk/agent/llmagent"
	"google.golang.org/adk/model/gemini"
	"google.golang.org/adk/tool"
	"google.golang.org/adk/tool/functiontool"
	"google.golang.org/adk/tool/mcptoolset"
	"google.golang.org/genai"
)

type cityArgs struct{ City string }

func weather(ctx tool.Context, a cityArgs) (string, error) { return "", nil }

// stateAtTop: ADK fills {user_name} from the session state ahead of the
// long instructions, so sessions share nothing.
func stateAtTop(ctx context.Context) {
	m, _ := gemini.NewModel(ctx, "gemini-2.5-flash", &genai.ClientConfig{})
	w, _ := functiontool.New(functiontool.Config{Name: "weather", Description: "Current weather for a city."}, weather)
	llmagent.New(llmagent.Config{
		Name:        "helper",
		Model:       m,
		Instruction: "You are talking to {user_name}.\n" + guide, // want `user "\{user_name\}" \(ADK session state\) changes every session`
		Tools:       []tool.Tool{w},
	})
}

// stateAtEnd: the same placeholder after the instructions.
func stateAtEnd(ctx context.Context) {
	m, _ := gemini.NewModel(ctx, "gemini-2.5-flash", &genai.ClientConfig{})
	ts, _ := mcptoolset.New(mcptoolset.Config{})
	llmagent.New(llmagent.Config{
		Name:        "helper",
		Model:       m,
		Instruction: guide + "\nYou are talking to {user_name}. Literal braces {like this} stay.",
		Toolsets:    []tool.Toolset{ts},
	})
}

func clockInstruction(ctx agent.ReadonlyContext) (string, error) {
	return "Now: " + time.Now().Format(time.RFC3339) + "\n" + guide, nil // want `time "time.Now"`
}

// providerClock: an InstructionProvider runs every turn.
func providerClock(ctx context.Context) {
	m, _ := gemini.NewModel(ctx, "gemini-2.5-flash", &genai.ClientConfig{})
	llmagent.New(llmagent.Config{
		Name:                "helper",
		Model:               m,
		InstructionProvider: clockInstruction,
	})
}

// pipeline: a writer agent stores its answer under OutputKey and the
// reviewer's instruction reads it back ahead of the conversation: a new
// value on every run.
func pipeline(ctx context.Context) {
	m, _ := gemini.NewModel(ctx, "gemini-2.5-flash", &genai.ClientConfig{})
	llmagent.New(llmagent.Config{
		Name:        "writer",
		Model:       m,
		Instruction: "Write the Python function the user asks for.",
		OutputKey:   "generated_code",
	})
	llmagent.New(llmagent.Config{
		Name:        "reviewer",
		Model:       m,
		Instruction: "Review this code:\n{generated_code}\nList problems by severity.", // want `query "\{generated_code\}" \(ADK session state an agent's OutputKey writes \(its answer in this run\)\) changes every request and stands ahead of .*conversation history`
	})
}

const (
	solarInstruction = "Research solar panel efficiency trends and summarise them."
	windInstruction  = "Research offshore wind costs and summarise them."
)

// researchers builds agents with a closure called with constants: its
// instruction parameter is stable.
func researchers(ctx context.Context) {
	m, _ := gemini.NewModel(ctx, "gemini-2.5-flash", &genai.ClientConfig{})
	researcher := func(name, instruction string) (agent.Agent, error) {
		return llmagent.New(llmagent.Config{Name: name, Model: m, Instruction: instruction + "\n" + guide})
	}
	researcher("solar", solarInstruction)
	researcher("wind", windInstruction)
}

// stampedResearchers passes a timestamp to the same kind of closure.
func stampedResearchers(ctx context.Context) {
	m, _ := gemini.NewModel(ctx, "gemini-2.5-flash", &genai.ClientConfig{})
	researcher := func(name, instruction string) (agent.Agent, error) {
		return llmagent.New(llmagent.Config{Name: name, Model: m, Instruction: instruction + "\n" + guide})
	}
	researcher("solar", "Started "+time.Now().Format(time.RFC3339)) // want `time "time.Now"`
}

// rawPipeline: the placeholder on the last line of a raw string is
// reported on its own line, not at the literal's start.
func rawPipeline(ctx context.Context) {
	m, _ := gemini.NewModel(ctx, "gemini-2.5-flash", &genai.ClientConfig{})
	llmagent.New(llmagent.Config{Name: "writer", Model: m, Instruction: "Write the code.", OutputKey: "draft"})
	llmagent.New(llmagent.Config{
		Name:  "editor",
		Model: m,
		Instruction: `Edit the draft below for clarity.
Keep the author's voice.
{draft}`, // want `query "\{draft\}"`
	})
}

// newSpecialist is a factory: its instruction parameter is configuration.
func newSpecialist(ctx context.Context, name, instruction string) (agent.Agent, error) {
	m, _ := gemini.NewModel(ctx, "gemini-2.5-flash", &genai.ClientConfig{})
	return llmagent.New(llmagent.Config{Name: name, Model: m, Instruction: instruction + "\n" + guide})
}
