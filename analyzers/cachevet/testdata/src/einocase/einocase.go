package einocase

import (
	"context"
	"time"

	"github.com/cloudwego/eino-ext/components/model/claude"
	"github.com/cloudwego/eino-ext/components/model/openai"
	"github.com/cloudwego/eino/adk"
	"github.com/cloudwego/eino/components/model"
	"github.com/cloudwego/eino/components/prompt"
	"github.com/cloudwego/eino/components/tool"
	"github.com/cloudwego/eino/compose"
	"github.com/cloudwego/eino/schema"
)

var searchTool = &schema.ToolInfo{
	Name: "search_docs",
	Desc: "Search the product documentation.",
	ParamsOneOf: schema.NewParamsOneOfByParams(map[string]*schema.ParameterInfo{
		"query": {Type: schema.String, Desc: "what to look for", Required: true},
	}),
}

// clockSystem: a timestamp at the top of the system prompt, ahead of the
// long instructions and the conversation.
func clockSystem(ctx context.Context, history []*schema.Message, q string) {
	cm, _ := claude.NewChatModel(ctx, &claude.Config{Model: "claude-sonnet-4-5", MaxTokens: 1024})
	msgs := []*schema.Message{
		schema.SystemMessage("It is " + time.Now().Format(time.RFC3339) + ".\n" + guide), // want `time "time.Now"`
	}
	msgs = append(msgs, history...)
	msgs = append(msgs, schema.UserMessage(q))
	cm.Generate(ctx, msgs, claude.WithEnableAutoCache(true))
}

// autoCache: the Claude adapter's auto cache marks the system prompt and
// the last message: a stable prefix, nothing to report.
func autoCache(ctx context.Context, q string) {
	cm, _ := claude.NewChatModel(ctx, &claude.Config{Model: "claude-sonnet-4-5"})
	cm.Generate(ctx, []*schema.Message{schema.SystemMessage(guide), schema.UserMessage(q)}, claude.WithEnableAutoCache(true))
}

// toolsBound: tools bound with WithTools (or BindTools) go first; auto
// cache marks the last tool and the system prompt: the later breakpoint
// covers the first, and both are too short to cache.
func toolsBound(ctx context.Context, q string) {
	cm, _ := claude.NewChatModel(ctx, &claude.Config{Model: "claude-sonnet-4-5"})
	tcm, _ := cm.WithTools([]*schema.ToolInfo{searchTool})
	tcm.Generate(ctx, []*schema.Message{schema.SystemMessage("Be brief."), schema.UserMessage(q)}, claude.WithEnableAutoCache(true)) // want `covers ≈\d+ tokens, below the 1,024-token minimum of claude-sonnet-4-5, so it is silently never cached; add stable content`
}

// explicitBreakpoint: SetMessageBreakpoint marks the system prompt.
func explicitBreakpoint(ctx context.Context, q string) {
	cm, _ := claude.NewChatModel(ctx, &claude.Config{Model: "claude-sonnet-4-5"})
	cm.BindTools([]*schema.ToolInfo{searchTool})
	cm.Stream(ctx, []*schema.Message{claude.SetMessageBreakpoint(schema.SystemMessage(guide)), schema.UserMessage(q)})
}

// droppedBreakpoint: the OpenAI adapter ignores Claude's breakpoint marker.
func droppedBreakpoint(ctx context.Context, q string) {
	cm, _ := openai.NewChatModel(ctx, &openai.ChatModelConfig{Model: "gpt-4o"})
	cm.Generate(ctx, []*schema.Message{claude.SetMessageBreakpoint(schema.SystemMessage("Now " + time.Now().String() + "\n" + guide)), schema.UserMessage(q)}) // want `time "time.Now"`
}

// noMarker: without a breakpoint or auto cache the Claude adapter sends no
// cache_control, and the long system prompt is never cached.
func noMarker(ctx context.Context, q string) {
	cm, _ := claude.NewChatModel(ctx, &claude.Config{Model: "claude-sonnet-4-5"})
	cm.Generate(ctx, []*schema.Message{
		schema.SystemMessage(guide), // want `no cache_control breakpoint`
		schema.UserMessage(q),
	})
}

// templated: the date placeholder of a chat template is filled per
// request, ahead of the instructions and the conversation.
func templated(ctx context.Context, history []*schema.Message, q string) {
	cm, _ := claude.NewChatModel(ctx, &claude.Config{Model: "claude-sonnet-4-5"})
	tpl := prompt.FromMessages(schema.FString,
		schema.SystemMessage("Today is {date}.\n"+guide+"\nAnswer as {role}."),
		schema.MessagesPlaceholder("history", true),
		schema.UserMessage("{question}"),
	)
	msgs, _ := tpl.Format(ctx, map[string]any{
		"date":     time.Now().String(), // want `time "time.Now"`
		"role":     "a support engineer",
		"history":  history,
		"question": q,
	})
	cm.Generate(ctx, msgs, claude.WithEnableAutoCache(true))
}

// templatedStable: only stable values ahead of the conversation.
func templatedStable(ctx context.Context, history []*schema.Message, q string) {
	cm, _ := claude.NewChatModel(ctx, &claude.Config{Model: "claude-sonnet-4-5"})
	tpl := prompt.FromMessages(schema.FString,
		claude.SetMessageBreakpoint(schema.SystemMessage(guide+"\nAnswer as {role}.")),
		schema.MessagesPlaceholder("history", true),
		schema.UserMessage("{question}"),
	)
	msgs, _ := tpl.Format(ctx, map[string]any{"role": "a support engineer", "history": history, "question": q})
	cm.Generate(ctx, msgs)
}

// openaiModel: OpenAI caches a stable prefix on its own; tools come from
// the model.WithTools option.
func openaiModel(ctx context.Context, history []*schema.Message, q string) {
	cm, _ := openai.NewChatModel(ctx, &openai.ChatModelConfig{Model: "gpt-4o"})
	msgs := append([]*schema.Message{schema.SystemMessage(guide)}, history...)
	msgs = append(msgs, schema.UserMessage(q))
	cm.Generate(ctx, msgs, model.WithTools([]*schema.ToolInfo{searchTool}))
}

// anyModel: a model passed in, its adapter unknown.
func anyModel(ctx context.Context, cm model.ToolCallingChatModel, q string) {
	cm.Generate(ctx, []*schema.Message{
		schema.SystemMessage("Session " + time.Now().String() + "\n" + guide), // want `time "time.Now"`
		schema.UserMessage(q),
	})
}

// agentClock: a ChatModelAgent's instruction is an f-string filled from
// the session values every turn; {Time} at its top changes the prefix.
func agentClock(ctx context.Context) {
	cm, _ := claude.NewChatModel(ctx, &claude.Config{Model: "claude-sonnet-4-5"})
	adk.NewChatModelAgent(ctx, &adk.ChatModelAgentConfig{
		Name:        "support",
		Instruction: "The current time is {Time}.\n" + guide, // want `time "\{Time\}" \(Eino session value\) changes every request`
		Model:       cm,
	})
}

// agentUserLast: the per-session value comes after the instructions.
func agentUserLast(ctx context.Context, tools []tool.BaseTool) {
	cm, _ := claude.NewChatModel(ctx, &claude.Config{Model: "claude-sonnet-4-5"})
	adk.NewChatModelAgent(ctx, &adk.ChatModelAgentConfig{
		Name:        "support",
		Instruction: guide + "\nThe current user is {User}.",
		Model:       cm,
		ToolsConfig: adk.ToolsConfig{ToolsNodeConfig: compose.ToolsNodeConfig{Tools: tools}},
	})
}

// bot keeps the chat model its constructor builds.
type bot struct {
	cm      *claude.ChatModel
	history []*schema.Message
}

func newBot(ctx context.Context) *bot {
	cm, _ := claude.NewChatModel(ctx, &claude.Config{Model: "claude-sonnet-4-5"})
	return &bot{cm: cm}
}

// Ask: the model kept in a field is the Claude adapter, which sends no
// cache_control without a marker.
func (b *bot) Ask(ctx context.Context, q string) {
	b.cm.Generate(ctx, []*schema.Message{
		schema.SystemMessage(guide), // want `no cache_control breakpoint`
		schema.UserMessage(q),
	})
}

// loadTemplate stands for a prompt store: the template text is read at run
// time (an embedded file, a registry) and the analyzer cannot see it.
func loadTemplate(name string) string { return templates[name] }

var templates = map[string]string{}

// graphTemplate: in an Eino graph the chat model node is fed by a lambda
// that renders a template; Format's output is the request. A timestamp
// handed to Format lands in the system message ahead of the conversation.
func graphTemplate(ctx context.Context, history []*schema.Message) ([]*schema.Message, error) {
	tpl := prompt.FromMessages(schema.Jinja2,
		schema.SystemMessage(loadTemplate("planner")),
		schema.MessagesPlaceholder("user_input", true),
	)
	return tpl.Format(ctx, map[string]any{
		"CURRENT_TIME": time.Now().Format("2006-01-02 15:04:05"), // want `time "time.Now" \(time.Now, filled into template variable "CURRENT_TIME"\) changes every request and stands ahead of the conversation history`
		"user_input":   history,
	})
}

// graphTemplateStable: only configuration reaches the unseen template.
// Silent.
func graphTemplateStable(ctx context.Context, history []*schema.Message) ([]*schema.Message, error) {
	tpl := prompt.FromMessages(schema.Jinja2,
		schema.SystemMessage(loadTemplate("reporter")),
		schema.MessagesPlaceholder("user_input", true),
	)
	return tpl.Format(ctx, map[string]any{
		"max_steps":  3,
		"user_input": history,
	})
}
