// Package anthropic is a stub of github.com/anthropics/anthropic-sdk-go
// with the names and signatures cachevet matches.
package anthropic

import (
	"context"

	"github.com/anthropics/anthropic-sdk-go/option"
)

type Model = string

const ModelClaudeSonnet4_5 Model = "claude-sonnet-4-5"

type MessageParamRole string

const (
	MessageParamRoleUser      MessageParamRole = "user"
	MessageParamRoleAssistant MessageParamRole = "assistant"
)

type CacheControlEphemeralTTL string

const (
	CacheControlEphemeralTTLTTL5m CacheControlEphemeralTTL = "5m"
	CacheControlEphemeralTTLTTL1h CacheControlEphemeralTTL = "1h"
)

type CacheControlEphemeralParam struct {
	TTL  CacheControlEphemeralTTL
	Type string
}

func NewCacheControlEphemeralParam() CacheControlEphemeralParam {
	return CacheControlEphemeralParam{Type: "ephemeral"}
}

type TextBlockParam struct {
	Text         string
	CacheControl CacheControlEphemeralParam `json:"cache_control,omitzero"`
}

type ContentBlockParamUnion struct {
	OfText *TextBlockParam
}

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

func NewAssistantMessage(blocks ...ContentBlockParamUnion) MessageParam {
	return MessageParam{Role: MessageParamRoleAssistant, Content: blocks}
}

type Opt[T comparable] struct{ Value T }

func String(s string) Opt[string] { return Opt[string]{Value: s} }

type ToolInputSchemaParam struct {
	Properties any
	Required   []string
}

type ToolParam struct {
	InputSchema  ToolInputSchemaParam
	Name         string
	Description  Opt[string]
	CacheControl CacheControlEphemeralParam `json:"cache_control,omitzero"`
}

type ToolUnionParam struct {
	OfTool *ToolParam
}

func ToolUnionParamOfTool(inputSchema ToolInputSchemaParam, name string) ToolUnionParam {
	return ToolUnionParam{OfTool: &ToolParam{InputSchema: inputSchema, Name: name}}
}

type DiagnosticsParam struct {
	PreviousMessageID Opt[string] `json:"previous_message_id,omitzero"`
}

type BetaDiagnosticsParam struct {
	PreviousMessageID Opt[string] `json:"previous_message_id,omitzero"`
}

type AnthropicBeta string

const AnthropicBetaCacheDiagnosis2026_04_07 AnthropicBeta = "cache-diagnosis-2026-04-07"

type MessageNewParams struct {
	Diagnostics  DiagnosticsParam `json:"diagnostics,omitzero"`
	MaxTokens    int64
	Messages     []MessageParam
	Model        Model
	CacheControl CacheControlEphemeralParam `json:"cache_control,omitzero"`
	System       []TextBlockParam
	Tools        []ToolUnionParam
}

type Message struct {
	ID      string
	Content []ContentBlockUnion
}

// ContentBlockUnion is a block of the model's answer.
type ContentBlockUnion struct {
	Type string
	Text string
}

type MessageService struct{}

func (r *MessageService) New(ctx context.Context, params MessageNewParams, opts ...option.RequestOption) (*Message, error) {
	return nil, nil
}

func (r *MessageService) NewStreaming(ctx context.Context, params MessageNewParams) any { return nil }

type BetaCacheControlEphemeralParam struct {
	TTL  string
	Type string
}

func NewBetaCacheControlEphemeralParam() BetaCacheControlEphemeralParam {
	return BetaCacheControlEphemeralParam{Type: "ephemeral"}
}

type BetaTextBlockParam struct {
	Text         string
	CacheControl BetaCacheControlEphemeralParam `json:"cache_control,omitzero"`
}

type BetaContentBlockParamUnion struct {
	OfText *BetaTextBlockParam
}

func NewBetaTextBlock(text string) BetaContentBlockParamUnion {
	return BetaContentBlockParamUnion{OfText: &BetaTextBlockParam{Text: text}}
}

type BetaMessageParam struct {
	Content []BetaContentBlockParamUnion
	Role    string
}

func NewBetaUserMessage(blocks ...BetaContentBlockParamUnion) BetaMessageParam {
	return BetaMessageParam{Role: "user", Content: blocks}
}

type BetaMessageNewParams struct {
	Betas        []AnthropicBeta      `header:"anthropic-beta,omitzero" json:"-"`
	Diagnostics  BetaDiagnosticsParam `json:"diagnostics,omitzero"`
	MaxTokens    int64
	Messages     []BetaMessageParam
	Model        Model
	CacheControl BetaCacheControlEphemeralParam `json:"cache_control,omitzero"`
	System       []BetaTextBlockParam
}

type BetaMessage struct{}

type BetaMessageService struct{}

func (r *BetaMessageService) New(ctx context.Context, params BetaMessageNewParams, opts ...option.RequestOption) (*BetaMessage, error) {
	return nil, nil
}

type BetaService struct {
	Messages BetaMessageService
}

type Client struct {
	Messages MessageService
	Beta     BetaService
}

func NewClient() Client { return Client{} }
