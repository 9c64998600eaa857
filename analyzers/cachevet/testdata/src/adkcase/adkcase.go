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
