// Command cachevet finds prompt-caching mistakes in prompt files, request
// bodies and Go code, and estimates what fixing each one saves.
//
// Exit codes: 0 nothing at or above --fail-on, 1 findings at or above it,
// 2 the tool could not do its job. See `cachevet help`.
package main

import (
	"os"

	"github.com/cachevet/cachevet/cli"
)

func main() { os.Exit(cli.Main(os.Args[1:], os.Stdout, os.Stderr)) }
