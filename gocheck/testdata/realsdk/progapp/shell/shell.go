// Package shell offers user-defined shell commands as tools.
package shell

import (
	"context"
	"fmt"
	"strings"

	"example.com/realsdk/progapp/toolset"
)

// Command is a user-defined shell command.
type Command struct {
	Description string
	Script      string
}

// Commands is a toolset.Set over configured commands.
type Commands struct{ cmds map[string]Command }

// New returns the set.
func New(cmds map[string]Command) *Commands { return &Commands{cmds: cmds} }

// Tools lists one tool per command.
func (c *Commands) Tools(ctx context.Context) ([]toolset.Tool, error) {
	var out []toolset.Tool
	for name, cmd := range c.cmds {
		out = append(out, toolset.Tool{Name: name, Description: cmd.Description})
	}
	return out, nil
}

// Instructions describes the commands for the system prompt.
func (c *Commands) Instructions() string {
	var sb strings.Builder
	sb.WriteString("## Custom shell tools\n")
	for name, cmd := range c.cmds {
		fmt.Fprintf(&sb, "- %s: %s\n", name, cmd.Description)
	}
	return sb.String()
}
