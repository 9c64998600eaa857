// Package fantasy is a stub of charm.land/fantasy (v0.41): the types and
// functions the analyzer maps, with the real signatures.
package fantasy

import "context"

type ProviderOptionsData interface{ Options() }

type ProviderOptions map[string]ProviderOptionsData

type MessageRole string

const (
	MessageRoleSystem    MessageRole = "system"
	MessageRoleUser      MessageRole = "user"
	MessageRoleAssistant MessageRole = "assistant"
	MessageRoleTool      MessageRole = "tool"
)

type MessagePart interface{ GetType() string }

type TextPart struct {
	Text            string
	ProviderOptions ProviderOptions
}

func (TextPart) GetType() string { return "text" }

type FilePart struct{ Data []byte }

func (FilePart) GetType() string { return "file" }

type Message struct {
	Role            MessageRole
	Content         []MessagePart
	ProviderOptions ProviderOptions
}

type Prompt []Message

func NewUserMessage(prompt string, files ...FilePart) Message { return Message{Role: MessageRoleUser} }

func NewSystemMessage(prompt ...string) Message { return Message{Role: MessageRoleSystem} }

type Tool interface{ GetType() string }

type FunctionTool struct {
	Name            string
	Description     string
	InputSchema     map[string]any
	ProviderOptions ProviderOptions
}

func (FunctionTool) GetType() string { return "function" }

type Call struct {
	Prompt          Prompt
	Tools           []Tool
	ProviderOptions ProviderOptions
}

type Response struct{}

type StreamResponse func(yield func(any) bool)

type LanguageModel interface {
	Generate(context.Context, Call) (*Response, error)
	Stream(context.Context, Call) (StreamResponse, error)
	Provider() string
	Model() string
}

type Provider interface {
	Name() string
	LanguageModel(ctx context.Context, modelID string) (LanguageModel, error)
}

type ToolCall struct{ Input string }

type ToolResponse struct{ Content string }

type ToolInfo struct{ Name, Description string }

type AgentTool interface {
	Info() ToolInfo
	Run(ctx context.Context, params ToolCall) (ToolResponse, error)
	ProviderOptions() ProviderOptions
}

func NewAgentTool[TInput any](name, description string, fn func(ctx context.Context, input TInput, call ToolCall) (ToolResponse, error)) AgentTool {
	return nil
}

type PrepareStepFunction = func(ctx context.Context, options PrepareStepFunctionOptions) (context.Context, PrepareStepResult, error)

type PrepareStepFunctionOptions struct{ Messages []Message }

type PrepareStepResult struct{ Messages []Message }

type AgentCall struct {
	Prompt          string
	Files           []FilePart
	Messages        []Message
	ProviderOptions ProviderOptions
	PrepareStep     PrepareStepFunction
}

type AgentStreamCall struct {
	Prompt          string
	Files           []FilePart
	Messages        []Message
	ProviderOptions ProviderOptions
	PrepareStep     PrepareStepFunction
	OnTextDelta     func(id, text string) error
}

type AgentResult struct{}

type Agent interface {
	Generate(context.Context, AgentCall) (*AgentResult, error)
	Stream(context.Context, AgentStreamCall) (*AgentResult, error)
}

type agentSettings struct{}

type AgentOption = func(*agentSettings)

func NewAgent(model LanguageModel, opts ...AgentOption) Agent { return nil }

func WithSystemPrompt(prompt string) AgentOption { return nil }

func WithTools(tools ...AgentTool) AgentOption { return nil }

func WithPrepareStep(fn PrepareStepFunction) AgentOption { return nil }

func WithMaxOutputTokens(tokens int64) AgentOption { return nil }
