// Package configured is checked with the .cachevet.yaml next to it.
package configured

import (
	"context"

	"github.com/anthropics/anthropic-sdk-go"
)

var client = anthropic.NewClient()

// tenantName would be per-user data, but the config lists tenant* as stable.
func tenant(ctx context.Context, tenantName, q string) {
	client.Messages.New(ctx, anthropic.MessageNewParams{
		Model:    anthropic.ModelClaudeSonnet4_5,
		System:   []anthropic.TextBlockParam{{Text: "Tenant: " + tenantName + "\n" + policies, CacheControl: anthropic.NewCacheControlEphemeralParam()}},
		Messages: []anthropic.MessageParam{anthropic.NewUserMessage(anthropic.NewTextBlock(q))},
	})
}

// buildLabel says nothing by its name; the config lists build* as volatile
// and raises PC001 to an error.
func build(ctx context.Context, buildLabel, q string) {
	client.Messages.New(ctx, anthropic.MessageNewParams{
		Model:    anthropic.ModelClaudeSonnet4_5,
		System:   []anthropic.TextBlockParam{{Text: "Build: " + buildLabel + "\n" + policies, CacheControl: anthropic.NewCacheControlEphemeralParam()}}, // want `value "buildLabel" \(parameter\) changes every request and stands ahead of .* \(about \$[0-9.]+/day at 5 rpm\)`
		Messages: []anthropic.MessageParam{anthropic.NewUserMessage(anthropic.NewTextBlock(q))},
	})
}

// missing has no breakpoint, but the config turns PC002 off.
func missing(ctx context.Context, q string) {
	client.Messages.New(ctx, anthropic.MessageNewParams{
		Model:    anthropic.ModelClaudeSonnet4_5,
		System:   []anthropic.TextBlockParam{{Text: policies}},
		Messages: []anthropic.MessageParam{anthropic.NewUserMessage(anthropic.NewTextBlock(q))},
	})
}
