// Package adk is a stub of github.com/cloudwego/eino/adk (v0.7).
package adk

import (
	"context"

	"github.com/cloudwego/eino/components/model"
	"github.com/cloudwego/eino/compose"
)

type ToolsConfig struct {
	compose.ToolsNodeConfig
	ReturnDirectly map[string]bool
}

type ChatModelAgentConfig struct {
	Name        string
	Description string
	Instruction string
	Model       model.ToolCallingChatModel
	ToolsConfig ToolsConfig
}

type ChatModelAgent struct{}

func NewChatModelAgent(_ context.Context, config *ChatModelAgentConfig) (*ChatModelAgent, error) {
	return &ChatModelAgent{}, nil
}
