// Package openai is a stub of github.com/openai/openai-go/v3.
package openai

import "context"

type ChatModel = string

const ChatModelGPT4o ChatModel = "gpt-4o"

type Opt[T comparable] struct{ Value T }

func String(s string) Opt[string] { return Opt[string]{Value: s} }

type ChatCompletionContentPartTextPromptCacheBreakpointParam struct {
	Ttl  string `json:"ttl,omitzero"`
	Mode string `json:"mode"`
}

type ChatCompletionContentPartTextParam struct {
	Text                  string                                                  `json:"text"`
	PromptCacheBreakpoint ChatCompletionContentPartTextPromptCacheBreakpointParam `json:"prompt_cache_breakpoint,omitzero"`
}
type ChatCompletionContentPartUnionParam struct {
	OfText *ChatCompletionContentPartTextParam
}
type ChatCompletionAssistantMessageParamContentArrayOfContentPartUnion struct{}

type ChatCompletionMessageParamUnion struct{ content any }

func SystemMessage[T string | []ChatCompletionContentPartTextParam](content T) ChatCompletionMessageParamUnion {
	return ChatCompletionMessageParamUnion{content}
}
func DeveloperMessage[T string | []ChatCompletionContentPartTextParam](content T) ChatCompletionMessageParamUnion {
	return ChatCompletionMessageParamUnion{content}
}
func UserMessage[T string | []ChatCompletionContentPartUnionParam](content T) ChatCompletionMessageParamUnion {
	return ChatCompletionMessageParamUnion{content}
}
func AssistantMessage[T string | []ChatCompletionAssistantMessageParamContentArrayOfContentPartUnion](content T) ChatCompletionMessageParamUnion {
	return ChatCompletionMessageParamUnion{content}
}

type ChatCompletionToolUnionParam struct{}

type ChatCompletionNewParamsPromptCacheOptions struct {
	Mode string `json:"mode,omitzero"`
	Ttl  string `json:"ttl,omitzero"`
}

type ChatCompletionNewParamsPromptCacheRetention string

type ChatCompletionNewParams struct {
	Messages             []ChatCompletionMessageParamUnion
	Model                ChatModel
	PromptCacheKey       Opt[string]
	PromptCacheOptions   ChatCompletionNewParamsPromptCacheOptions   `json:"prompt_cache_options,omitzero"`
	PromptCacheRetention ChatCompletionNewParamsPromptCacheRetention `json:"prompt_cache_retention,omitzero"`
	Tools                []ChatCompletionToolUnionParam
}

type ChatCompletion struct{}

type ChatCompletionService struct{}

func (r *ChatCompletionService) New(ctx context.Context, body ChatCompletionNewParams) (*ChatCompletion, error) {
	return nil, nil
}

type ChatService struct{ Completions ChatCompletionService }

type Client struct{ Chat ChatService }
