// Package prompt is a stub of github.com/cloudwego/eino/components/prompt.
package prompt

import (
	"context"

	"github.com/cloudwego/eino/schema"
)

type Option struct{}

type ChatTemplate interface {
	Format(ctx context.Context, vs map[string]any, opts ...Option) ([]*schema.Message, error)
}

type DefaultChatTemplate struct {
	templates  []schema.MessagesTemplate
	formatType schema.FormatType
}

func FromMessages(formatType schema.FormatType, templates ...schema.MessagesTemplate) *DefaultChatTemplate {
	return &DefaultChatTemplate{templates: templates, formatType: formatType}
}

func (t *DefaultChatTemplate) Format(ctx context.Context, vs map[string]any, opts ...Option) ([]*schema.Message, error) {
	return nil, nil
}
