// Package tool is a stub of github.com/cloudwego/eino/components/tool.
package tool

import (
	"context"

	"github.com/cloudwego/eino/schema"
)

type BaseTool interface {
	Info(ctx context.Context) (*schema.ToolInfo, error)
}
