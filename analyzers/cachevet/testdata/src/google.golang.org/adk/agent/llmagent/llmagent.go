// Package llmagent is a stub of google.golang.org/adk/agent/llmagent.
package llmagent

import (
	"google.golang.org/adk/agent"
	"google.golang.org/adk/model"
	"google.golang.org/adk/tool"
)

type InstructionProvider func(ctx agent.ReadonlyContext) (string, error)

type Config struct {
	Name                      string
	Description               string
	Model                     model.LLM
	Instruction               string
	InstructionProvider       InstructionProvider
	GlobalInstruction         string
	GlobalInstructionProvider InstructionProvider
	Tools                     []tool.Tool
	Toolsets                  []tool.Toolset
	OutputKey                 string
}

func New(cfg Config) (agent.Agent, error) { return nil, nil }
