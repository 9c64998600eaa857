// Package hostile is a realistic cache-hostile agent: it puts the date, a
// request id, the user's profile and the working directory ahead of its
// long instructions, emits tools in map order and marks a volatile block
// as a cache point.
package hostile

import (
	"context"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/anthropics/anthropic-sdk-go"
	"github.com/google/uuid"
)

var client = anthropic.NewClient()

type User struct {
	Name  string
	Email string
}

type Agent struct {
	tools map[string]anthropic.ToolInputSchemaParam
}

func (a *Agent) header(u User) string {
	wd, _ := os.Getwd()
	return fmt.Sprintf("Date: %s\nRequest: %s\nUser: %s\nDirectory: %s\n",
		time.Now().Format(time.RFC1123), uuid.NewString(), u.Name, wd) // want `time "time.Now" \(time.Now\) changes every request and stands ahead of`
}

// Answer rebuilds the whole prompt for every question.
func (a *Agent) Answer(ctx context.Context, u User, question string) error {
	var tools []anthropic.ToolUnionParam
	for name, schema := range a.tools { // want `"a.tools" is emitted in nondeterministic order \(map iteration order\)`
		tools = append(tools, anthropic.ToolUnionParamOfTool(schema, name))
	}
	var b strings.Builder
	b.WriteString(a.header(u))
	b.WriteString(policies)
	_, err := client.Messages.New(ctx, anthropic.MessageNewParams{
		Model: anthropic.ModelClaudeSonnet4_5,
		Tools: tools,
		System: []anthropic.TextBlockParam{
			{Text: b.String()},
			{Text: "Session " + uuid.NewString(), CacheControl: anthropic.NewCacheControlEphemeralParam()},
		},
		Messages: []anthropic.MessageParam{anthropic.NewUserMessage(anthropic.NewTextBlock(question))},
	})
	return err
}
