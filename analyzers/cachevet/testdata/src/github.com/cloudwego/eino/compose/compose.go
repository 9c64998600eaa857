// Package compose is a stub of github.com/cloudwego/eino/compose.
package compose

import "github.com/cloudwego/eino/components/tool"

type ToolsNodeConfig struct {
	Tools []tool.BaseTool
}
