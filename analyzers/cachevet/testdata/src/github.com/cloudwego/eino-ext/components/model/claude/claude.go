// Package claude is a stub of github.com/cloudwego/eino-ext/components/model/claude.
package claude

import (
	"context"

	"github.com/cloudwego/eino/components/model"
	"github.com/cloudwego/eino/schema"
)

type Config struct {
	APIKey    string
	Model     string
	MaxTokens int
}

type ChatModel struct{ tools []*schema.ToolInfo }

func NewChatModel(ctx context.Context, config *Config) (*ChatModel, error) { return &ChatModel{}, nil }

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

type options struct{ EnableAutoCache *bool }

func WithEnableAutoCache(enabled bool) model.Option {
	return model.WrapImplSpecificOptFn(func(o *options) { o.EnableAutoCache = &enabled })
}

func SetMessageBreakpoint(msg *schema.Message) *schema.Message { return msg }

func SetToolInfoBreakpoint(toolInfo *schema.ToolInfo) *schema.ToolInfo { return toolInfo }
