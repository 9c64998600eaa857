// Package openai is a stub of github.com/cloudwego/eino-ext/components/model/openai.
package openai

import (
	"context"

	"github.com/cloudwego/eino/components/model"
	"github.com/cloudwego/eino/schema"
)

type ChatModelConfig struct {
	APIKey    string
	Model     string
	MaxTokens int
}

type ChatModel struct{ tools []*schema.ToolInfo }

func NewChatModel(ctx context.Context, config *ChatModelConfig) (*ChatModel, error) {
	return &ChatModel{}, nil
}

func (cm *ChatModel) Generate(ctx context.Context, input []*schema.Message, opts ...model.Option) (*schema.Message, error) {
	return nil, nil
}

func (cm *ChatModel) Stream(ctx context.Context, input []*schema.Message, opts ...model.Option) (*schema.StreamReader[*schema.Message], error) {
	return nil, nil
}

func (cm *ChatModel) WithTools(tools []*schema.ToolInfo) (model.ToolCallingChatModel, error) {
	return &ChatModel{tools: tools}, nil
}

func (cm *ChatModel) BindTools(tools []*schema.ToolInfo) error { return nil }
