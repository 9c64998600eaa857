// Package schema is a stub of github.com/cloudwego/eino/schema (v0.7).
package schema

type RoleType string

const (
	Assistant RoleType = "assistant"
	User      RoleType = "user"
	System    RoleType = "system"
	Tool      RoleType = "tool"
)

type ToolCall struct{ ID string }

type Message struct {
	Role       RoleType
	Content    string
	ToolCalls  []ToolCall
	ToolCallID string
	Extra      map[string]any
}

func SystemMessage(content string) *Message { return &Message{Role: System, Content: content} }

func UserMessage(content string) *Message { return &Message{Role: User, Content: content} }

func AssistantMessage(content string, toolCalls []ToolCall) *Message {
	return &Message{Role: Assistant, Content: content, ToolCalls: toolCalls}
}

func ToolMessage(content string, toolCallID string) *Message {
	return &Message{Role: Tool, Content: content, ToolCallID: toolCallID}
}

type ParamsOneOf struct{ schema map[string]any }

func NewParamsOneOfByParams(params map[string]*ParameterInfo) *ParamsOneOf { return &ParamsOneOf{} }

type DataType string

const String DataType = "string"

type ParameterInfo struct {
	Type     DataType
	Desc     string
	Required bool
}

type ToolInfo struct {
	Name  string
	Desc  string
	Extra map[string]any
	*ParamsOneOf
}

type StreamReader[T any] struct{}

type FormatType uint8

const (
	FString    FormatType = 0
	GoTemplate FormatType = 1
	Jinja2     FormatType = 2
)

type MessagesTemplate interface {
	Format(vs map[string]any, formatType FormatType) ([]*Message, error)
}

func (m *Message) Format(vs map[string]any, formatType FormatType) ([]*Message, error) {
	return []*Message{m}, nil
}

type messagesPlaceholder struct{ key string }

func (p *messagesPlaceholder) Format(vs map[string]any, formatType FormatType) ([]*Message, error) {
	return nil, nil
}

func MessagesPlaceholder(key string, optional bool) MessagesTemplate {
	return &messagesPlaceholder{key}
}
