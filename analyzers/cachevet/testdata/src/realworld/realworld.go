// Package realworld holds shapes seen in real agents (self-written).
package realworld

import (
	"context"
	"maps"
	"os"
	"slices"
	"strings"
	"sync"

	"github.com/anthropics/anthropic-sdk-go"
)

var client = anthropic.NewClient()

// ServerInfo describes a connected tool server.
type ServerInfo struct{ Instructions string }

var servers = map[string]ServerInfo{}

// States returns a copy of the server states.
func States() map[string]ServerInfo { return maps.Clone(servers) }

// serverInstructions appends every server's instructions to the system
// prompt in map order, every request.
func serverInstructions(ctx context.Context, history []anthropic.MessageParam) {
	var b strings.Builder
	b.WriteString(policies)
	for name, st := range States() { // want `"States\(\)" is emitted in nondeterministic order \(map iteration order\)`
		b.WriteString("\n## " + name + "\n" + st.Instructions)
	}
	b.WriteString("\nAnswer briefly.")
	client.Messages.New(ctx, anthropic.MessageNewParams{
		Model:        anthropic.ModelClaudeSonnet4_5,
		System:       []anthropic.TextBlockParam{{Text: b.String()}},
		Messages:     history,
		CacheControl: anthropic.NewCacheControlEphemeralParam(),
	})
}

// Tool is a tool a server offers.
type Tool struct{ Name, Description string }

// fromTools converts the tools of every server, in map order.
func fromTools(m map[string][]Tool) []anthropic.ToolUnionParam {
	var out []anthropic.ToolUnionParam
	for _, tools := range m { // want `"m" is emitted in nondeterministic order \(map iteration order\)`
		for _, t := range tools {
			out = append(out, anthropic.ToolUnionParamOfTool(anthropic.ToolInputSchemaParam{}, t.Name))
		}
	}
	return out
}

func mcpTools(ctx context.Context, m map[string][]Tool, q string) {
	client.Messages.New(ctx, anthropic.MessageNewParams{
		Model:    anthropic.ModelClaudeSonnet4_5,
		Tools:    fromTools(m),
		System:   []anthropic.TextBlockParam{{Text: policies, CacheControl: anthropic.NewCacheControlEphemeralParam()}},
		Messages: []anthropic.MessageParam{anthropic.NewUserMessage(anthropic.NewTextBlock(q))},
	})
}

// sortedTools sorts the converted tools by name before use: silent.
func sortedTools(ctx context.Context, m map[string][]Tool, q string) {
	var tools []Tool
	for _, ts := range m {
		tools = append(tools, ts...)
	}
	slices.SortFunc(tools, func(a, b Tool) int { return strings.Compare(a.Name, b.Name) })
	var params []anthropic.ToolUnionParam
	for _, t := range tools {
		params = append(params, anthropic.ToolUnionParamOfTool(anthropic.ToolInputSchemaParam{}, t.Name))
	}
	client.Messages.New(ctx, anthropic.MessageNewParams{
		Model:    anthropic.ModelClaudeSonnet4_5,
		Tools:    params,
		System:   []anthropic.TextBlockParam{{Text: policies, CacheControl: anthropic.NewCacheControlEphemeralParam()}},
		Messages: []anthropic.MessageParam{anthropic.NewUserMessage(anthropic.NewTextBlock(q))},
	})
}

// oneShot sends a single user message: silent.
func oneShot(ctx context.Context, q string) {
	client.Messages.New(ctx, anthropic.MessageNewParams{
		Model:    anthropic.ModelClaudeSonnet4_5,
		Messages: []anthropic.MessageParam{anthropic.NewUserMessage(anthropic.NewTextBlock(q))},
	})
}

// ServerConfig configures one tool server.
type ServerConfig struct{ Command string }

// Config is loaded at start-up.
type Config struct{ Servers map[string]ServerConfig }

// Manager keeps the tools of the configured servers.
type Manager struct{ tools []anthropic.ToolUnionParam }

// NewManager lists the tools once, in the configuration map's order.
func NewManager(cfg *Config) *Manager {
	m := &Manager{}
	for name := range cfg.Servers { // want `"cfg.Servers" is emitted in nondeterministic order, drawn once per process \(map iteration order when tools is built\)`
		m.tools = append(m.tools, anthropic.ToolUnionParamOfTool(anthropic.ToolInputSchemaParam{}, name))
	}
	return m
}

// Ask sends the tools listed at start-up.
func (m *Manager) Ask(ctx context.Context, history []anthropic.MessageParam) {
	client.Messages.New(ctx, anthropic.MessageNewParams{
		Model:    anthropic.ModelClaudeSonnet4_5,
		Tools:    m.tools,
		System:   []anthropic.TextBlockParam{{Text: policies, CacheControl: anthropic.NewCacheControlEphemeralParam()}},
		Messages: history,
	})
}

var (
	once        sync.Once
	contextText string
)

// loadContext reads the context files concurrently, once, and joins them
// in the order they arrive.
func loadContext(paths []string) string {
	once.Do(func() {
		ch := make(chan string)
		for _, p := range paths {
			go func() {
				data, _ := os.ReadFile(p)
				ch <- string(data)
			}()
		}
		var parts []string
		for range paths {
			parts = append(parts, <-ch)
		}
		contextText = strings.Join(parts, "\n")
	})
	return contextText // want `is emitted in nondeterministic order, drawn once per process \(channel arrival order when contextText is set once\)`
}

// withContext puts the context files ahead of the policies.
func withContext(ctx context.Context, paths []string, history []anthropic.MessageParam) {
	client.Messages.New(ctx, anthropic.MessageNewParams{
		Model:    anthropic.ModelClaudeSonnet4_5,
		System:   []anthropic.TextBlockParam{{Text: loadContext(paths) + policies, CacheControl: anthropic.NewCacheControlEphemeralParam()}},
		Messages: history,
	})
}
