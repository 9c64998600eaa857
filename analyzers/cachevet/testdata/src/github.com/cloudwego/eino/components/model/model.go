// Package model is a stub of github.com/cloudwego/eino/components/model.
package model

import (
	"context"

	"github.com/cloudwego/eino/schema"
)

type Options struct {
	Model *string
	Tools []*schema.ToolInfo
}

type Option struct{ apply func(*Options) }

func WithTools(tools []*schema.ToolInfo) Option { return Option{} }

func WithModel(name string) Option { return Option{} }

func WrapImplSpecificOptFn[T any](optFn func(*T)) Option { return Option{} }

type BaseChatModel interface {
	Generate(ctx context.Context, input []*schema.Message, opts ...Option) (*schema.Message, error)
	Stream(ctx context.Context, input []*schema.Message, opts ...Option) (*schema.StreamReader[*schema.Message], error)
}

type ChatModel interface {
	BaseChatModel
	BindTools(tools []*schema.ToolInfo) error
}

type ToolCallingChatModel interface {
	BaseChatModel
	WithTools(tools []*schema.ToolInfo) (ToolCallingChatModel, error)
}
