// Package einograph wires chat templates into Eino graphs and chains: the
// graph calls Format with what a lambda node returns or what the caller
// hands the compiled graph.
package einograph

import (
	"context"
	"strings"
	"time"

	"github.com/cloudwego/eino/components/prompt"
	"github.com/cloudwego/eino/compose"
	"github.com/cloudwego/eino/schema"
)

var assistant = strings.Repeat("Answer questions about the Eino framework with short, runnable examples. ", 60) + `
Current date: {date}
Related documents: {documents}`

type templateConfig struct {
	format    schema.FormatType
	templates []schema.MessagesTemplate
}

func newTemplate(ctx context.Context) (prompt.ChatTemplate, error) {
	cfg := &templateConfig{
		format: schema.FString,
		templates: []schema.MessagesTemplate{
			schema.SystemMessage(assistant),
			schema.MessagesPlaceholder("history", true),
			schema.UserMessage("{content}"),
		},
	}
	return prompt.FromMessages(cfg.format, cfg.templates...), nil
}

type input struct {
	Query   string
	History []*schema.Message
}

// toVariables is the lambda node feeding the template.
func toVariables(in *input) (map[string]any, error) {
	return map[string]any{
		"content": in.Query,
		"history": in.History,
		"date":    time.Now().Format("2006-01-02 15:04:05"), // want `time "time.Now" \(time.Now\) changes every request and stands ahead of .*plus the conversation history`
	}, nil
}

// Build wires the nodes.
func Build(ctx context.Context) error {
	g := compose.NewGraph[*input, *schema.Message]()
	tmpl, err := newTemplate(ctx)
	if err != nil {
		return err
	}
	_ = g.AddLambdaNode("vars", compose.InvokableLambda(toVariables))
	return g.AddChatTemplateNode("template", tmpl)
}

// Chain appends a template whose only variable is a role: stable.
func Chain() {
	tmpl := prompt.FromMessages(schema.FString, schema.SystemMessage(strings.Repeat("You are acting as a {role}. ", 80)), schema.MessagesPlaceholder("conversations", false))
	compose.NewChain[map[string]any, *schema.Message]().AppendChatTemplate(tmpl)
}

var role = "support engineer"

func chainVars() map[string]any { return map[string]any{"role": role} }
