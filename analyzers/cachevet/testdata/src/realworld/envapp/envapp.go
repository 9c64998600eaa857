// Package envapp wires the generic provider with the environment prompt;
// it imports no SDK.
package envapp

import (
	"realworld/envprompt"
	"realworld/genprovider"
)

// Coder builds the coding agent's provider: the working directory and
// the date end its system prompt, then the context files in arrival order.
func Coder() any {
	return genprovider.New(
		genprovider.WithMaxTokens(4096),
		genprovider.WithSystem(envprompt.ForAgent(envprompt.Coder)), // want `cwd "os.Getwd" \(os.Getwd\) is fixed once per process and stands ahead of .*conversation history .*every process start writes the prefix after it` `"parts" is emitted in nondeterministic order, drawn once per process`
	)
}

// Titler's prompt is one stable sentence on this path too, but ForAgent
// stands for its richest path: the coder's.
func Titler() any {
	return genprovider.New(genprovider.WithSystem("Write a title of at most eight words."))
}

// Started puts a timestamp with seconds ahead of the history.
func Started() any {
	return genprovider.New(genprovider.WithSystem(envprompt.Short(true))) // want `time "time.Now" \(time.Now\) changes every request and stands ahead of the conversation history`
}

// Built takes the prompt from a (string, error) builder.
func Built() any {
	sys, err := envprompt.Build("ana") // want `time "time.Now" \(time.Now\) changes every request`
	if err != nil {
		return nil
	}
	return genprovider.New(genprovider.WithSystem(sys))
}
