// Package anthropic is a stub of the real SDK's API, enough to compile
// the example.
package anthropic

import "context"

type Model = string

const ModelClaudeSonnet4_5 Model = "claude-sonnet-4-5"

type MessageParamRole string

const MessageParamRoleUser MessageParamRole = "user"

type CacheControlEphemeralParam struct {
	TTL  string
	Type string
}

func NewCacheControlEphemeralParam() CacheControlEphemeralParam {
	return CacheControlEphemeralParam{Type: "ephemeral"}
}

type TextBlockParam struct {
	Text         string
	CacheControl CacheControlEphemeralParam
}

type ContentBlockParamUnion struct{ OfText *TextBlockParam }

func NewTextBlock(text string) ContentBlockParamUnion {
	return ContentBlockParamUnion{OfText: &TextBlockParam{Text: text}}
}

type MessageParam struct {
	Content []ContentBlockParamUnion
	Role    MessageParamRole
}

func NewUserMessage(blocks ...ContentBlockParamUnion) MessageParam {
	return MessageParam{Role: MessageParamRoleUser, Content: blocks}
}

type MessageNewParams struct {
	MaxTokens    int64
	Messages     []MessageParam
	Model        Model
	CacheControl CacheControlEphemeralParam
	System       []TextBlockParam
}

type Message struct{}

type MessageService struct{}

func (r *MessageService) New(ctx context.Context, params MessageNewParams) (*Message, error) {
	return nil, nil
}

type Client struct{ Messages MessageService }

func NewClient() Client { return Client{} }
