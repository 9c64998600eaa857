// Package prompt builds the agents' system prompts: a switch picks the
// base, environment details end the coder's.
package prompt

import (
	"fmt"
	"os"
	"strings"
	"time"
)

// Agent names an agent.
type Agent int

const (
	Coder Agent = iota
	Titler
)

var conventions = strings.Repeat("Follow the repository's conventions and keep changes small and reviewed. ", 120)

// For is an agent's system prompt.
func For(a Agent) string {
	base := ""
	switch a {
	case Coder:
		base = coder()
	default:
		base = "Write a short title."
	}
	if a == Titler {
		return base
	}
	return base + "\n" + conventions
}

func coder() string {
	wd, _ := os.Getwd()
	return fmt.Sprintf("You are a coding agent.\nWorking directory: %s\nStarted: %s", wd, time.Now().Format(time.RFC3339))
}
