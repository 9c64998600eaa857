package genkitcase

import (
	"context"
	"iter"

	"github.com/firebase/genkit/go/ai"
	"github.com/firebase/genkit/go/genkit"
)

type streamFunc func(ctx context.Context, g *genkit.Genkit, opts ...ai.GenerateOption) iter.Seq2[*ai.ModelResponse, error]

// Client keeps genkit.GenerateStream in a field, a seam its tests replace:
// a call of the field is that send.
type Client struct {
	g          *genkit.Genkit
	streamImpl streamFunc
	tools      map[string]ai.ToolRef
}

// NewClient stores the send.
func NewClient(g *genkit.Genkit) *Client {
	return &Client{g: g, streamImpl: genkit.GenerateStream}
}

func (c *Client) toolRefs() []ai.ToolRef {
	var refs []ai.ToolRef
	for _, t := range c.tools { // want `"c.tools" is emitted in nondeterministic order \(map iteration order\) and stands ahead of the conversation history`
		refs = append(refs, t)
	}
	return refs
}

// StreamChat lists the tools in map order on every call, ahead of the
// conversation.
func (c *Client) StreamChat(ctx context.Context, history []*ai.Message) {
	for range c.streamImpl(ctx, c.g, ai.WithModelName("googleai/gemini-2.5-flash"), ai.WithTools(c.toolRefs()...), ai.WithMessages(history...)) {
	}
}
