// Package openai is a stub of github.com/sashabaranov/go-openai.
package openai

import "context"

const (
	ChatMessageRoleSystem = "system"
	ChatMessageRoleUser   = "user"
)

const GPT4o = "gpt-4o"

type ChatCompletionMessage struct {
	Role    string
	Content string
}

type Tool struct {
	Type     string
	Function *FunctionDefinition
}

type FunctionDefinition struct {
	Name        string
	Description string
	Parameters  any
}

type ChatCompletionRequest struct {
	Model    string
	Messages []ChatCompletionMessage
	Tools    []Tool
}

type ChatCompletionResponse struct{}

type Client struct{}

func (c *Client) CreateChatCompletion(ctx context.Context, request ChatCompletionRequest) (ChatCompletionResponse, error) {
	return ChatCompletionResponse{}, nil
}
