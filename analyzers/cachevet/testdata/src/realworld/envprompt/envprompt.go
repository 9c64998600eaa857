// Package envprompt builds per-agent system prompts: a switch picks the
// base prompt, environment details end it, and context files gathered by
// goroutines are appended once per process.
package envprompt

import (
	"fmt"
	"os"
	"strings"
	"sync"
	"time"
)

// Kind names an agent.
type Kind int

const (
	Coder Kind = iota
	Titler
)

// ForAgent is the system prompt of an agent kind.
func ForAgent(k Kind) string { // want ForAgent:`prompt\(`
	base := ""
	switch k {
	case Coder:
		base = coder()
	case Titler:
		base = "Write a title of at most eight words."
	default:
		base = "You are a helpful assistant."
	}
	if k == Coder {
		if extra := projectContext(); extra != "" {
			return fmt.Sprintf("%s\n\n# Project context\n%s", base, extra)
		}
	}
	return base
}

// Short has several returns; the one that builds the prompt counts.
func Short(verbose bool) string { // want Short:`prompt\(`
	if !verbose {
		return ""
	}
	return "Session started " + time.Now().Format(time.RFC3339)
}

func coder() string {
	wd, _ := os.Getwd()
	return strings.Repeat("Follow the repository's conventions. ", 10) +
		fmt.Sprintf("\n<env>\nWorking directory: %s\nToday: %s\n</env>", wd, time.Now().Format("2006-01-02"))
}

var (
	once    sync.Once
	context string
)

func projectContext() string {
	once.Do(func() { context = readAll([]string{"AGENTS.md", "CLAUDE.md", ".cursorrules"}) })
	return context
}

// readAll reads the files concurrently and keeps them in the order they
// arrive.
func readAll(paths []string) string {
	ch := make(chan string)
	var wg sync.WaitGroup
	for _, p := range paths {
		wg.Add(1)
		go func(p string) {
			defer wg.Done()
			if b, err := os.ReadFile(p); err == nil {
				ch <- string(b)
			}
		}(p)
	}
	go func() { wg.Wait(); close(ch) }()
	var parts []string
	for s := range ch {
		parts = append(parts, s)
	}
	return strings.Join(parts, "\n")
}

// Build returns the prompt with an error, as most Go builders do.
func Build(user string) (string, error) { // want Build:`prompt\(`
	if user == "" {
		return "", fmt.Errorf("no user")
	}
	return fmt.Sprintf("Request started %s.\n%s", time.Now().Format(time.RFC3339Nano), strings.Repeat("Be brief and exact. ", 300)), nil
}
