// Package cli holds cachevet's cobra commands: one file per command, each
// with its options struct and a run function that tests call directly.
package cli

import (
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/spf13/cobra"
)

// Exit codes.
const (
	exitClean    = 0 // nothing at or above --fail-on
	exitFindings = 1 // findings (or malformed input files) at or above --fail-on
	exitFailure  = 2 // bad flags, unreadable config, no input
)

// exitError carries an exit code out of a command.
type exitError struct {
	code int
	err  error
}

func (e *exitError) Error() string {
	if e.err == nil {
		return fmt.Sprintf("exit %d", e.code)
	}
	return e.err.Error()
}

// failure is an error that makes the tool exit 2.
func failure(format string, args ...any) error {
	return &exitError{code: exitFailure, err: fmt.Errorf(format, args...)}
}

// streams is where commands read and write.
type streams struct {
	// In is standard input, read by `count -`; nil reads nothing.
	In       io.Reader
	Out, Err io.Writer
	// Getenv reads the environment; tests replace it.
	Getenv func(string) string
	// Dir is the working directory paths are reported relative to.
	Dir string
}

// Main runs cachevet with args and returns the exit code.
func Main(args []string, stdout, stderr io.Writer) int {
	dir, _ := os.Getwd()
	return run(args, &streams{In: os.Stdin, Out: stdout, Err: stderr, Getenv: os.Getenv, Dir: dir})
}

// run executes one command line.
func run(args []string, io *streams) int {
	root := newRootCmd(io)
	root.SetArgs(args)
	err := root.Execute()
	if err == nil {
		return exitClean
	}
	var ee *exitError
	if errors.As(err, &ee) {
		if ee.err != nil {
			fmt.Fprintln(io.Err, "cachevet:", ee.err)
		}
		return ee.code
	}
	// cobra's own errors: unknown command, bad flag.
	fmt.Fprintln(io.Err, "cachevet:", err)
	return exitFailure
}

// newRootCmd builds the command tree.
func newRootCmd(io *streams) *cobra.Command {
	root := &cobra.Command{
		Use:   "cachevet",
		Short: "Find prompt-caching mistakes and what fixing them saves",
		Long: `cachevet finds prompt-caching mistakes before they ship: volatile content ahead
of a cacheable prefix, missing or misplaced cache breakpoints, breakpoints below
the model's minimum, unstable tool order. Every finding estimates what the fix
saves in dollars per day and milliseconds of time to first token, under traffic
assumptions it prints.`,
		SilenceErrors: true,
		SilenceUsage:  true,
	}
	root.SetOut(io.Out)
	root.SetErr(io.Err)
	root.SetFlagErrorFunc(func(c *cobra.Command, err error) error {
		return failure("%v (see %s --help)", err, c.CommandPath())
	})
	root.AddCommand(
		newScanCmd(io, nil),
		newGoCmd(io, nil),
		newRulesCmd(io),
		newExplainCmd(io),
		newModelsCmd(io),
		newCountCmd(io),
		newReplayCmd(io, nil),
		newBaselineCmd(io),
		newDeltaCmd(io, nil),
		newVersionCmd(io),
	)
	return root
}
