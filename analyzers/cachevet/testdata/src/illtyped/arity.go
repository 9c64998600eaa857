package illtyped

import (
	"context"
	"fmt"
	"strings"

	"github.com/anthropics/anthropic-sdk-go"
	openai "github.com/openai/openai-go/v3"
)

// arity calls known functions with too few arguments, as code written
// against another version of a library does.
func arity(ctx context.Context, c *openai.Client) {
	s := fmt.Sprintf()
	t := strings.ReplaceAll(s)
	var b strings.Builder
	fmt.Fprintf(&b)
	client.Messages.New(ctx)
	client.Messages.New()
	c.Chat.Completions.New(ctx, openai.ChatCompletionNewParams{
		Messages: []openai.ChatCompletionMessageParamUnion{openai.SystemMessage(), openai.UserMessage(t + b.String())},
	})
	client.Messages.New(ctx, anthropic.MessageNewParams{
		System:   []anthropic.TextBlockParam{{Text: strings.Repeat(t)}},
		Messages: []anthropic.MessageParam{anthropic.NewUserMessage(anthropic.NewTextBlock())},
	})
}
