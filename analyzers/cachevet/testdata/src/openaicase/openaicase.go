package openaicase

import (
	"context"
	"time"

	openai "github.com/openai/openai-go/v3"
	goopenai "github.com/sashabaranov/go-openai"
)

func chat(ctx context.Context, c *openai.Client, q string) {
	c.Chat.Completions.New(ctx, openai.ChatCompletionNewParams{
		Model: openai.ChatModelGPT4o,
		Messages: []openai.ChatCompletionMessageParamUnion{
			openai.SystemMessage("Now: " + time.Now().String() + "\n" + policies), // want `time "time.Now"`
			openai.UserMessage(q),
		},
	})
}

func chatStable(ctx context.Context, c *openai.Client, q string) {
	c.Chat.Completions.New(ctx, openai.ChatCompletionNewParams{
		Model: openai.ChatModelGPT4o,
		Messages: []openai.ChatCompletionMessageParamUnion{
			openai.SystemMessage(policies),
			openai.UserMessage("Now: " + time.Now().String() + "\n" + q),
		},
	})
}

func sasha(ctx context.Context, c *goopenai.Client, q string) {
	c.CreateChatCompletion(ctx, goopenai.ChatCompletionRequest{
		Model: goopenai.GPT4o,
		Messages: []goopenai.ChatCompletionMessage{
			{Role: goopenai.ChatMessageRoleSystem, Content: time.Now().String() + policies}, // want `time "time.Now"`
			{Role: goopenai.ChatMessageRoleUser, Content: q},
		},
	})
}
