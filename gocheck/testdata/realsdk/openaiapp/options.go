package openaiapp

import (
	"context"

	"github.com/openai/openai-go/v3"
)

// ExplicitBreakpoint marks the end of the instructions on GPT-5.6 in
// explicit mode: silent.
func ExplicitBreakpoint(ctx context.Context, c *openai.Client, question string) (*openai.ChatCompletion, error) {
	return c.Chat.Completions.New(ctx, openai.ChatCompletionNewParams{
		Model:              "gpt-5.6-sol",
		PromptCacheOptions: openai.ChatCompletionNewParamsPromptCacheOptions{Mode: "explicit"},
		Messages: []openai.ChatCompletionMessageParamUnion{
			openai.DeveloperMessage([]openai.ChatCompletionContentPartTextParam{{
				Text:                  instructions,
				PromptCacheBreakpoint: openai.ChatCompletionContentPartTextPromptCacheBreakpointParam{Mode: "explicit"},
			}}),
			openai.UserMessage(question),
		},
	})
}

// ZeroBreakpoint marks them with the zero value, which the SDK's JSON
// leaves out: explicit mode then caches nothing.
func ZeroBreakpoint(ctx context.Context, c *openai.Client, question string) (*openai.ChatCompletion, error) {
	return c.Chat.Completions.New(ctx, openai.ChatCompletionNewParams{
		Model:              "gpt-5.6-sol",
		PromptCacheOptions: openai.ChatCompletionNewParamsPromptCacheOptions{Mode: "explicit"},
		Messages: []openai.ChatCompletionMessageParamUnion{
			openai.DeveloperMessage([]openai.ChatCompletionContentPartTextParam{{
				Text:                  instructions,
				PromptCacheBreakpoint: openai.ChatCompletionContentPartTextPromptCacheBreakpointParam{}, // expect: PC003
			}}),
			openai.UserMessage(question),
		},
	})
}

// BadTTL asks GPT-5.6 for a lifetime it does not offer.
func BadTTL(ctx context.Context, c *openai.Client, question string) (*openai.ChatCompletion, error) {
	return c.Chat.Completions.New(ctx, openai.ChatCompletionNewParams{
		Model:              "gpt-5.6-sol",
		PromptCacheOptions: openai.ChatCompletionNewParamsPromptCacheOptions{Ttl: "1h"}, // expect: PC011
		Messages: []openai.ChatCompletionMessageParamUnion{
			openai.DeveloperMessage(instructions),
			openai.UserMessage(question),
		},
	})
}
