// Package assembled builds a request over several functions, as client
// libraries do: a helper returns the request literal, the caller assigns
// more fields to the variable holding it, and a third function sends it.
// The assignments count where they stand, and each value is read in the
// function that holds it.
package assembled

import (
	"context"

	openai "github.com/sashabaranov/go-openai"
)

// Function is a tool the client can call.
type Function struct {
	Name, Description string
	Parameters        map[string]any
}

// Client keeps its tools in a map.
type Client struct {
	client    *openai.Client
	model     string
	functions map[string]Function
	sorted    []Function
}

// Thread is the conversation.
type Thread struct{ Messages []string }

// Generate adds the tools, in map order, to the request a helper built,
// and sends it through another method.
func (c *Client) Generate(ctx context.Context, t *Thread) error {
	req := c.buildRequest(t)
	if len(c.functions) > 0 {
		req.Tools = c.tools()
	}
	return c.send(ctx, req)
}

// GenerateSorted adds tools kept in a slice: their order is fixed.
func (c *Client) GenerateSorted(ctx context.Context, t *Thread) error {
	req := c.buildRequest(t)
	req.Tools = c.sortedTools()
	return c.sendSorted(ctx, req)
}

func (c *Client) buildRequest(t *Thread) openai.ChatCompletionRequest {
	var msgs []openai.ChatCompletionMessage
	for _, m := range t.Messages {
		msgs = append(msgs, openai.ChatCompletionMessage{Role: openai.ChatMessageRoleUser, Content: m})
	}
	return openai.ChatCompletionRequest{Model: c.model, Messages: msgs}
}

func (c *Client) tools() []openai.Tool {
	var tools []openai.Tool
	for _, f := range c.functions { // want `"c.functions" is emitted in nondeterministic order \(map iteration order\) and stands ahead of the conversation history`
		tools = append(tools, openai.Tool{Type: "function", Function: &openai.FunctionDefinition{Name: f.Name, Description: f.Description, Parameters: f.Parameters}})
	}
	return tools
}

func (c *Client) sortedTools() []openai.Tool {
	var tools []openai.Tool
	for _, f := range c.sorted {
		tools = append(tools, openai.Tool{Type: "function", Function: &openai.FunctionDefinition{Name: f.Name, Description: f.Description, Parameters: f.Parameters}})
	}
	return tools
}

func (c *Client) send(ctx context.Context, req openai.ChatCompletionRequest) error {
	_, err := c.client.CreateChatCompletion(ctx, req)
	return err
}

func (c *Client) sendSorted(ctx context.Context, req openai.ChatCompletionRequest) error {
	_, err := c.client.CreateChatCompletion(ctx, req)
	return err
}
