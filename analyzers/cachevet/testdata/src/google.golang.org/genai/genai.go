// Package genai is a stub of google.golang.org/genai (v1.77.0) with the
// names and signatures cachevet matches.
package genai

import (
	"context"
	"time"
)

type Role string

const (
	RoleUser  = "user"
	RoleModel = "model"
)

type Part struct {
	Text       string
	InlineData *Blob
}

type Blob struct {
	Data     []byte
	MIMEType string
}

type Content struct {
	Parts []*Part
	Role  string
}

func NewPartFromText(text string) *Part { return &Part{Text: text} }

func NewContentFromText(text string, role Role) *Content {
	return &Content{Parts: []*Part{NewPartFromText(text)}, Role: string(role)}
}

func NewContentFromParts(parts []*Part, role Role) *Content {
	return &Content{Parts: parts, Role: string(role)}
}

func Text(text string) []*Content {
	return []*Content{{Role: RoleUser, Parts: []*Part{{Text: text}}}}
}

type FunctionDeclaration struct {
	Name        string
	Description string
}

type Tool struct {
	FunctionDeclarations []*FunctionDeclaration
}

type GenerateContentConfig struct {
	SystemInstruction *Content
	Temperature       *float32
	Tools             []*Tool
	CachedContent     string
}

type GenerateContentResponse struct{}

type Models struct{}

func (m Models) GenerateContent(ctx context.Context, model string, contents []*Content, config *GenerateContentConfig) (*GenerateContentResponse, error) {
	return nil, nil
}

func (m Models) GenerateContentStream(ctx context.Context, model string, contents []*Content, config *GenerateContentConfig) func(func(*GenerateContentResponse, error) bool) {
	return nil
}

type CreateCachedContentConfig struct {
	TTL               time.Duration
	ExpireTime        time.Time
	DisplayName       string
	Contents          []*Content
	SystemInstruction *Content
	Tools             []*Tool
}

type CachedContent struct {
	Name  string
	Model string
}

type Caches struct{}

func (m Caches) Create(ctx context.Context, model string, config *CreateCachedContentConfig) (*CachedContent, error) {
	return nil, nil
}

type Chats struct{}

type Chat struct{}

func (c *Chats) Create(ctx context.Context, model string, config *GenerateContentConfig, history []*Content) (*Chat, error) {
	return &Chat{}, nil
}

func (c *Chat) SendMessage(ctx context.Context, parts ...Part) (*GenerateContentResponse, error) {
	return nil, nil
}

type ClientConfig struct{ APIKey string }

type Client struct {
	Models *Models
	Caches *Caches
	Chats  *Chats
}

func NewClient(ctx context.Context, cc *ClientConfig) (*Client, error) { return nil, nil }
