// Package statefield sends a request from a state struct a caller fills:
// the tools are set on the caller's variable after the literal, converted
// element by element by index, and read back through the parameter.
package statefield

import (
	"context"

	"github.com/anthropics/anthropic-sdk-go"
)

var client = anthropic.NewClient()

// Tool is one of the bot's tools.
type Tool struct {
	Name, Description string
	Schema            any
}

// ToolStore keeps tools by name.
type ToolStore struct{ tools map[string]Tool }

// GetTools lists the tools in map order.
func (s *ToolStore) GetTools() []Tool { // want GetTools:"map order"
	result := make([]Tool, 0, len(s.tools))
	for _, t := range s.tools {
		result = append(result, t)
	}
	return result
}

type messageState struct {
	messages []anthropic.MessageParam
	system   string
	tools    []Tool
	depth    int
}

// ChatCompletion sends the conversation with the store's tools; the
// request has no breakpoint either.
func ChatCompletion(store *ToolStore, history []anthropic.MessageParam) {
	state := messageState{messages: history, system: "You are the team's support bot."}
	if store != nil {
		state.tools = store.GetTools() // want `"state.tools" is emitted in nondeterministic order \(map iteration order inside GetTools\)`
	}
	go stream(state)
}

func stream(state messageState) {
	client.Messages.New(context.Background(), anthropic.MessageNewParams{
		Model:    anthropic.ModelClaudeSonnet4_5,
		System:   []anthropic.TextBlockParam{{Text: state.system}},
		Messages: state.messages, // want `of prompt prefix are sent with no cache_control breakpoint`
		Tools:    convertTools(state.tools),
	})
}

func convertTools(tools []Tool) []anthropic.ToolUnionParam {
	converted := make([]anthropic.ToolUnionParam, len(tools))
	for i, t := range tools {
		converted[i] = anthropic.ToolUnionParam{OfTool: &anthropic.ToolParam{
			Name:        t.Name,
			Description: anthropic.String(t.Description),
			InputSchema: anthropic.ToolInputSchemaParam{Properties: t.Schema},
		}}
	}
	return converted
}
