// Package ai is a stub of github.com/firebase/genkit/go/ai (v1.4).
package ai

import "context"

type Role string

const (
	RoleSystem Role = "system"
	RoleUser   Role = "user"
	RoleModel  Role = "model"
)

type Part struct{ Text string }

func NewTextPart(text string) *Part { return &Part{Text: text} }

type Message struct {
	Role     Role
	Content  []*Part
	Metadata map[string]any
}

func NewSystemTextMessage(text string) *Message { return &Message{Role: RoleSystem} }

func NewUserTextMessage(text string) *Message { return &Message{Role: RoleUser} }

func NewModelTextMessage(text string) *Message { return &Message{Role: RoleModel} }

func (m *Message) WithCacheTTL(ttlSeconds int) *Message { return m }

type GenerateOption interface{ applyGenerate() }

type PromptOption interface{ applyPrompt() }

type PromptExecuteOption interface{ applyExecute() }

type opt struct{}

func (opt) applyGenerate() {}
func (opt) applyPrompt()   {}
func (opt) applyExecute()  {}

type CommonGenOption interface {
	GenerateOption
	PromptOption
	PromptExecuteOption
}

type PromptingOption interface {
	GenerateOption
	PromptOption
}

func WithSystem(text string, args ...any) PromptingOption { return opt{} }

func WithPrompt(text string, args ...any) PromptingOption { return opt{} }

func WithMessages(messages ...*Message) CommonGenOption { return opt{} }

type ToolRef interface{ Name() string }

type Tool interface {
	ToolRef
	Definition() map[string]any
}

func WithTools(tools ...ToolRef) CommonGenOption { return opt{} }

func WithModelName(name string) CommonGenOption { return opt{} }

func WithInput(input any) PromptExecuteOption { return opt{} }

type ToolContext struct{ context.Context }

type ToolFunc[In, Out any] = func(ctx *ToolContext, input In) (Out, error)

type ToolDef[In, Out any] struct{ name string }

func (t *ToolDef[In, Out]) Name() string { return t.name }

type ModelResponse struct{}

func (r *ModelResponse) Text() string { return "" }

type Prompt interface {
	Name() string
	Execute(ctx context.Context, opts ...PromptExecuteOption) (*ModelResponse, error)
}
