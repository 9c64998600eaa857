// Package gpt56 sets GPT-5.6 cache options through openai-go: explicit
// mode, breakpoints on Chat Completions content parts, TTL and retention.
package gpt56

import (
	"context"

	openai "github.com/openai/openai-go/v3"
)

const model = "gpt-5.6-sol"

// explicitNoBreakpoint turns the implicit breakpoint off and marks
// nothing: the request caches nothing.
func explicitNoBreakpoint(ctx context.Context, c *openai.Client, q string) {
	c.Chat.Completions.New(ctx, openai.ChatCompletionNewParams{
		Model:              model,
		PromptCacheOptions: openai.ChatCompletionNewParamsPromptCacheOptions{Mode: "explicit"},
		Messages: []openai.ChatCompletionMessageParamUnion{
			openai.DeveloperMessage(policies), // want `stable tokens of system prompt are sent with no prompt_cache_breakpoint, so they are never cached`
			openai.UserMessage(q),
		},
	})
}

// explicitBreakpoint marks the end of the policies: silent.
func explicitBreakpoint(ctx context.Context, c *openai.Client, q string) {
	c.Chat.Completions.New(ctx, openai.ChatCompletionNewParams{
		Model:              model,
		PromptCacheOptions: openai.ChatCompletionNewParamsPromptCacheOptions{Mode: "explicit", Ttl: "30m"},
		Messages: []openai.ChatCompletionMessageParamUnion{
			openai.DeveloperMessage([]openai.ChatCompletionContentPartTextParam{{
				Text:                  policies,
				PromptCacheBreakpoint: openai.ChatCompletionContentPartTextPromptCacheBreakpointParam{Mode: "explicit"},
			}}),
			openai.UserMessage(q),
		},
	})
}

// zeroBreakpoint marks the policies with the zero value, which openai-go
// leaves out of the JSON.
func zeroBreakpoint(ctx context.Context, c *openai.Client, q string) {
	c.Chat.Completions.New(ctx, openai.ChatCompletionNewParams{
		Model:              model,
		PromptCacheOptions: openai.ChatCompletionNewParamsPromptCacheOptions{Mode: "explicit"},
		Messages: []openai.ChatCompletionMessageParamUnion{
			openai.DeveloperMessage([]openai.ChatCompletionContentPartTextParam{{
				Text:                  policies,
				PromptCacheBreakpoint: openai.ChatCompletionContentPartTextPromptCacheBreakpointParam{}, // want `openai.ChatCompletionContentPartTextPromptCacheBreakpointParam\{\} is the zero value, which openai-go leaves out of the JSON \(the field is omitzero\); set Mode: "explicit"`
			}}),
			openai.UserMessage(q),
		},
	})
}

// userPartBreakpoint marks a user content part through the union type.
func userPartBreakpoint(ctx context.Context, c *openai.Client, q string) {
	c.Chat.Completions.New(ctx, openai.ChatCompletionNewParams{
		Model:              model,
		PromptCacheOptions: openai.ChatCompletionNewParamsPromptCacheOptions{Mode: "explicit"},
		Messages: []openai.ChatCompletionMessageParamUnion{
			openai.UserMessage([]openai.ChatCompletionContentPartUnionParam{{OfText: &openai.ChatCompletionContentPartTextParam{
				Text:                  policies,
				PromptCacheBreakpoint: openai.ChatCompletionContentPartTextPromptCacheBreakpointParam{Mode: "explicit"},
			}}}),
			openai.AssistantMessage("Understood."),
			openai.UserMessage(q),
		},
	})
}

// badTTL asks for a lifetime GPT-5.6 does not offer: rejected.
func badTTL(ctx context.Context, c *openai.Client, q string) {
	c.Chat.Completions.New(ctx, openai.ChatCompletionNewParams{
		Model:              model,
		PromptCacheOptions: openai.ChatCompletionNewParamsPromptCacheOptions{Ttl: "1h"}, // want `prompt_cache_options.ttl "1h" is not a lifetime gpt-5.6-sol offers \(30m\), so the request is rejected`
		Messages: []openai.ChatCompletionMessageParamUnion{
			openai.DeveloperMessage(policies),
			openai.UserMessage(q),
		},
	})
}

// ttlAndRetention sends both settings: rejected.
func ttlAndRetention(ctx context.Context, c *openai.Client, q string) {
	c.Chat.Completions.New(ctx, openai.ChatCompletionNewParams{
		Model:                model,
		PromptCacheOptions:   openai.ChatCompletionNewParamsPromptCacheOptions{Ttl: "30m"},
		PromptCacheRetention: "24h", // want `prompt_cache_retention "24h" is sent with prompt_cache_options.ttl: gpt-5.6-sol takes only the ttl, and a request with both is rejected`
		Messages: []openai.ChatCompletionMessageParamUnion{
			openai.DeveloperMessage(policies),
			openai.UserMessage(q),
		},
	})
}

// fiveBreakpoints marks five parts in explicit mode: only the last four
// are written.
func fiveBreakpoints(ctx context.Context, c *openai.Client, q string) {
	bp := openai.ChatCompletionContentPartTextPromptCacheBreakpointParam{Mode: "explicit"}
	c.Chat.Completions.New(ctx, openai.ChatCompletionNewParams{
		Model:              model,
		PromptCacheOptions: openai.ChatCompletionNewParamsPromptCacheOptions{Mode: "explicit"},
		Messages: []openai.ChatCompletionMessageParamUnion{
			openai.DeveloperMessage([]openai.ChatCompletionContentPartTextParam{
				{Text: policies, PromptCacheBreakpoint: bp},
				{Text: "Answer in English.", PromptCacheBreakpoint: bp},
				{Text: "Cite the policy.", PromptCacheBreakpoint: bp},
				{Text: "Be brief.", PromptCacheBreakpoint: bp},
				{Text: "Ask when unsure.", PromptCacheBreakpoint: bp}, // want `request has 5 cache breakpoints \(5 explicit\); only the last 4 are written, the earlier ones are ignored`
			}),
			openai.UserMessage(q),
		},
	})
}
