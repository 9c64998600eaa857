package illtyped

import (
	"context"

	gone "example.com/gone/prompts"
)

// Block is one part of a message's content.
type Block struct {
	Type string
	Text string
}

// TextBlock makes a text part.
func TextBlock(text string) Block { return Block{Type: "text", Text: text} }

// Turn is a message whose content is a list of parts.
type Turn struct {
	Role    string
	Content []Block
}

// Sampler is the agent's own model interface.
type Sampler interface {
	Sample(ctx context.Context, msgs []Turn) (*Reply, error)
}

// sample sends what a library's request carries: its system prompt comes
// from a value of a type that could not be loaded, so it is unknown
// content, not a query.
func sample(ctx context.Context, s Sampler, params gone.SamplingParams) (*Reply, error) {
	var msgs []Turn
	msgs = append(msgs, Turn{Role: "system", Content: []Block{TextBlock(params.SystemPrompt)}})
	for _, m := range params.Messages {
		msgs = append(msgs, Turn{Role: m.Role, Content: []Block{TextBlock(m.Content.Text)}})
	}
	return s.Sample(ctx, msgs)
}
