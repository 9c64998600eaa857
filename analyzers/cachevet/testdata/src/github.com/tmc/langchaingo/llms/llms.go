// Package llms is a stub of github.com/tmc/langchaingo/llms (v0.1.14) with
// the names and signatures cachevet matches.
package llms

import (
	"context"
	"time"
)

type ChatMessageType string

const (
	ChatMessageTypeAI      ChatMessageType = "ai"
	ChatMessageTypeHuman   ChatMessageType = "human"
	ChatMessageTypeSystem  ChatMessageType = "system"
	ChatMessageTypeGeneric ChatMessageType = "generic"
	ChatMessageTypeTool    ChatMessageType = "tool"
)

type ContentPart interface{ isPart() }

type TextContent struct{ Text string }

func (TextContent) isPart() {}

type ImageURLContent struct{ URL string }

func (ImageURLContent) isPart() {}

func TextPart(s string) TextContent { return TextContent{Text: s} }

type MessageContent struct {
	Role  ChatMessageType
	Parts []ContentPart
}

func TextParts(role ChatMessageType, parts ...string) MessageContent {
	m := MessageContent{Role: role}
	for _, p := range parts {
		m.Parts = append(m.Parts, TextPart(p))
	}
	return m
}

type CacheControl struct {
	Type     string
	Duration time.Duration
}

type CachedContent struct {
	ContentPart
	CacheControl *CacheControl
}

func (CachedContent) isPart() {}

func WithCacheControl(content ContentPart, control *CacheControl) CachedContent {
	return CachedContent{ContentPart: content, CacheControl: control}
}

type CallOptions struct{ Model string }

type CallOption func(*CallOptions)

func WithModel(model string) CallOption { return func(o *CallOptions) { o.Model = model } }

func WithTemperature(t float64) CallOption { return func(*CallOptions) {} }

type ContentResponse struct{}

type Model interface {
	GenerateContent(ctx context.Context, messages []MessageContent, options ...CallOption) (*ContentResponse, error)
	Call(ctx context.Context, prompt string, options ...CallOption) (string, error)
}

func GenerateFromSinglePrompt(ctx context.Context, llm Model, prompt string, options ...CallOption) (string, error) {
	return "", nil
}

type FunctionDefinition struct {
	Name        string
	Description string
	Parameters  any
}

type Tool struct {
	Type     string
	Function *FunctionDefinition
}

func WithTools(tools []Tool) CallOption { return func(*CallOptions) {} }
