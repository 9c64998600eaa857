package genkitcase

import (
	"context"
	"time"

	"github.com/firebase/genkit/go/ai"
	"github.com/firebase/genkit/go/genkit"
	"github.com/firebase/genkit/go/plugins/mcp"
)

type weatherIn struct{ City string }

func lookup(ctx *ai.ToolContext, in weatherIn) (string, error) { return "", nil }

// clockSystem: ai.WithSystem is the first message; its timestamp changes
// the prefix ahead of the instructions.
func clockSystem(ctx context.Context, g *genkit.Genkit, q string) {
	genkit.Generate(ctx, g,
		ai.WithModelName("googleai/gemini-2.5-flash"),
		ai.WithSystem("Time: %s\n%s", time.Now().Format(time.RFC3339), guide), // want `time "time.Now"`
		ai.WithPrompt(q),
	)
}

// stableSystem: tools, a stable system prompt, the conversation, then the
// question: Gemini caches the prefix on its own.
func stableSystem(ctx context.Context, history []*ai.Message, q string) {
	g := genkit.Init(ctx, genkit.WithDefaultModel("googleai/gemini-2.5-flash"))
	weather := genkit.DefineTool(g, "weather", "Current weather for a city.", lookup)
	genkit.GenerateText(ctx, g,
		ai.WithTools(weather),
		ai.WithSystem(guide),
		ai.WithMessages(history...),
		ai.WithPrompt(q),
	)
}

// ttlDropped: the Anthropic plugin never sends cache_control, so the
// cache TTL on the system message is dropped.
func ttlDropped(ctx context.Context, g *genkit.Genkit, q string) {
	genkit.Generate(ctx, g,
		ai.WithModelName("anthropic/claude-sonnet-4-5"),
		ai.WithMessages(
			ai.NewSystemTextMessage(guide).WithCacheTTL(300), // want `no cache_control breakpoint`
			ai.NewUserTextMessage(q),
		),
	)
}

// definedPrompt: the prompt's system template puts the user's name
// ahead of the instructions.
func definedPrompt(ctx context.Context, g *genkit.Genkit, userName, q string) {
	p := genkit.DefinePrompt(g, "support",
		ai.WithModelName("googleai/gemini-2.5-flash"),
		ai.WithSystem("You are helping {{name}}.\n"+guide),
		ai.WithPrompt("{{question}}"),
	)
	p.Execute(ctx, ai.WithInput(map[string]any{"name": userName, "question": q})) // want `user "userName"`
}

// mcpTools: the tools of the MCP servers a host connects to lead the
// request, a runtime tools segment; the system prompt after them is
// stable.
func mcpTools(ctx context.Context, g *genkit.Genkit, host *mcp.MCPHost, q string) {
	tools, _ := host.GetActiveTools(ctx, g)
	refs := make([]ai.ToolRef, 0, len(tools))
	for _, t := range tools {
		refs = append(refs, t)
	}
	genkit.Generate(ctx, g, ai.WithModelName("googleai/gemini-2.5-flash"), ai.WithTools(refs...), ai.WithSystem(guide), ai.WithPrompt(q))
	genkit.Generate(ctx, g, ai.WithModelName("googleai/gemini-2.5-flash"), ai.WithSystem(guide), ai.WithPrompt(q))
}
