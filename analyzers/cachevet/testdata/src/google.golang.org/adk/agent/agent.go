// Package agent is a stub of google.golang.org/adk/agent (v0.3).
package agent

import "context"

type Agent interface{ Name() string }

type ReadonlyContext interface {
	context.Context
	UserID() string
}
