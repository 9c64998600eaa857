package langchaincase

import (
	"context"
	"time"

	"github.com/google/uuid"
	"github.com/tmc/langchaingo/llms"
	"github.com/tmc/langchaingo/llms/anthropic"
	"github.com/tmc/langchaingo/llms/bedrock"
	"github.com/tmc/langchaingo/llms/googleai"
	"github.com/tmc/langchaingo/llms/googleai/vertex"
	"github.com/tmc/langchaingo/llms/openai"
	"github.com/tmc/langchaingo/prompts"
)

func systemDate(ctx context.Context, q string) {
	llm, _ := anthropic.New(anthropic.WithModel("claude-sonnet-4-5"))
	llm.GenerateContent(ctx, []llms.MessageContent{
		llms.TextParts(llms.ChatMessageTypeSystem, "Today is "+time.Now().Format(time.DateOnly)+"\n"+policies), // want `time "time.Now" \(date without a time of day\) changes once a day`
		llms.TextParts(llms.ChatMessageTypeHuman, q),
	})
}

// systemCacheDropped: langchaingo v0.1.14 drops cache control on system
// messages, so the long system prompt is never cached.
func systemCacheDropped(ctx context.Context, q string) {
	llm, _ := anthropic.New()
	llm.GenerateContent(ctx, []llms.MessageContent{
		{Role: llms.ChatMessageTypeSystem, Parts: []llms.ContentPart{
			llms.WithCacheControl(llms.TextPart(policies), anthropic.EphemeralCache()), // want `stable tokens of system prompt are sent with no cache_control breakpoint`
		}},
		llms.TextParts(llms.ChatMessageTypeHuman, q),
	})
}

// smallSystemCacheDropped: the marker a user put on a short system prompt
// "to cache the context" is dropped by langchaingo; too small for PC002,
// it is reported on its own (explicit intent is never silent).
func smallSystemCacheDropped(ctx context.Context, q string) {
	llm, _ := anthropic.New(anthropic.WithModel("claude-3-5-sonnet-20241022"))
	llm.GenerateContent(ctx, []llms.MessageContent{
		{Role: llms.ChatMessageTypeSystem, Parts: []llms.ContentPart{
			llms.WithCacheControl(llms.TextPart("You are a careful architect. Answer with trade-offs."), anthropic.EphemeralCache()), // want `langchaingo sends cache control only on human messages; this one is dropped, so the request is sent without it`
		}},
		llms.TextParts(llms.ChatMessageTypeHuman, q),
	})
}

func humanCache(ctx context.Context, q string) {
	llm, _ := anthropic.New()
	llm.GenerateContent(ctx, []llms.MessageContent{
		{Role: llms.ChatMessageTypeHuman, Parts: []llms.ContentPart{
			llms.WithCacheControl(llms.TextContent{Text: policies}, anthropic.EphemeralCache()),
		}},
		llms.TextParts(llms.ChatMessageTypeAI, "Understood."),
		llms.TextParts(llms.ChatMessageTypeHuman, "Now: "+time.Now().String()+"\n"+q),
	})
}

func anyModel(ctx context.Context, llm llms.Model, q string) {
	llm.GenerateContent(ctx, []llms.MessageContent{
		{Role: llms.ChatMessageTypeSystem, Parts: []llms.ContentPart{llms.TextContent{Text: "Trace " + uuid.NewString() + "\n" + policies}}}, // want `id "uuid.NewString"`
		llms.TextParts(llms.ChatMessageTypeHuman, q),
	}, llms.WithModel("gpt-4o"))
}

func anyModelStable(ctx context.Context, llm llms.Model, q string) {
	llm.GenerateContent(ctx, []llms.MessageContent{
		llms.TextParts(llms.ChatMessageTypeSystem, policies),
		llms.TextParts(llms.ChatMessageTypeHuman, q),
	})
}

func singlePrompt(ctx context.Context, llm llms.Model, q string) {
	// The only message is the new turn: nothing ahead of it to cache.
	llms.GenerateFromSinglePrompt(ctx, llm, time.Now().String()+policies+q)
}

var systemTemplate = prompts.NewPromptTemplate("Today is {{.date}}.\n"+policies, []string{"date"})

func templated(ctx context.Context, q string) {
	llm, _ := openai.New(openai.WithModel("gpt-4o"))
	system, _ := systemTemplate.Format(map[string]any{"date": time.Now().Format(time.DateOnly)}) // want `time "time.Now"`
	llm.GenerateContent(ctx, []llms.MessageContent{
		llms.TextParts(llms.ChatMessageTypeSystem, system),
		llms.TextParts(llms.ChatMessageTypeHuman, q),
	})
}

func fstring(ctx context.Context, userName, q string) {
	llm, _ := openai.New()
	tmpl := prompts.PromptTemplate{Template: "User: {user_name}\n" + policies, TemplateFormat: prompts.TemplateFormatFString}
	system, _ := tmpl.Format(map[string]any{"user_name": userName}) // want `user "userName" \(parameter\) changes every session`
	llm.GenerateContent(ctx, []llms.MessageContent{
		llms.TextParts(llms.ChatMessageTypeSystem, system),
		llms.TextParts(llms.ChatMessageTypeHuman, q),
	})
}

func templatedStable(ctx context.Context, q string) {
	llm, _ := openai.New()
	tmpl := prompts.PromptTemplate{Template: "{{ product }} support.\n" + policies + "\nDate: {{ date }}", TemplateFormat: prompts.TemplateFormatJinja2}
	system, _ := tmpl.Format(map[string]any{"product": "Acme", "date": time.Now()})
	llm.GenerateContent(ctx, []llms.MessageContent{
		llms.TextParts(llms.ChatMessageTypeSystem, system),
		llms.TextParts(llms.ChatMessageTypeHuman, q),
	})
}

// bedrockDropped: langchaingo's Bedrock provider sends Claude requests
// without cache control, so the marker on the long human message is
// dropped and nothing is cached.
func bedrockDropped(ctx context.Context, q string) {
	llm, _ := bedrock.New(bedrock.WithModel("us.anthropic.claude-sonnet-4-5-v1:0"))
	llm.GenerateContent(ctx, []llms.MessageContent{
		llms.TextParts(llms.ChatMessageTypeSystem, policies), // want `no cache_control breakpoint`
		llms.TextParts(llms.ChatMessageTypeHuman, q),
	})
}

// bedrockMarker: the marker is dropped; the finding names it.
func bedrockMarker(ctx context.Context, q string) {
	llm, _ := bedrock.New(bedrock.WithModel("anthropic.claude-sonnet-4-5-v1:0"))
	llm.GenerateContent(ctx, []llms.MessageContent{
		{Role: llms.ChatMessageTypeHuman, Parts: []llms.ContentPart{
			llms.WithCacheControl(llms.TextPart(policies), anthropic.EphemeralCache()),
		}},
		llms.TextParts(llms.ChatMessageTypeAI, "Understood."), // want `no cache_control breakpoint`
		llms.TextParts(llms.ChatMessageTypeHuman, q),
	})
}

// vertexClock: langchaingo's Vertex provider sends the system message as
// Gemini's system instruction; the clock ahead of it defeats the cache.
func vertexClock(ctx context.Context, q string) {
	llm, _ := vertex.New(ctx, googleai.WithDefaultModel("gemini-2.5-flash"))
	llm.GenerateContent(ctx, []llms.MessageContent{
		llms.TextParts(llms.ChatMessageTypeSystem, "Now: "+time.Now().String()+"\n"+manual), // want `time "time.Now"`
		llms.TextParts(llms.ChatMessageTypeHuman, q),
	})
}

// vertexStable: Gemini caches a stable prefix on its own.
func vertexStable(ctx context.Context, q string) {
	llm, _ := vertex.New(ctx, googleai.WithDefaultModel("gemini-2.5-flash"))
	llm.GenerateContent(ctx, []llms.MessageContent{
		llms.TextParts(llms.ChatMessageTypeSystem, manual),
		llms.TextParts(llms.ChatMessageTypeHuman, q),
	})
}

// toolsFirst: llms.WithTools puts the tool list ahead of the system
// prompt; tools gathered in map order change the whole prefix.
func toolsFirst(ctx context.Context, registry map[string]llms.Tool, q string) {
	llm, _ := anthropic.New(anthropic.WithModel("claude-sonnet-4-5"))
	var tools []llms.Tool
	for _, t := range registry { // want `map iteration order`
		tools = append(tools, t)
	}
	llm.GenerateContent(ctx, []llms.MessageContent{
		{Role: llms.ChatMessageTypeHuman, Parts: []llms.ContentPart{
			llms.WithCacheControl(llms.TextPart(policies), anthropic.EphemeralCache()),
		}},
		llms.TextParts(llms.ChatMessageTypeAI, "Understood."),
		llms.TextParts(llms.ChatMessageTypeHuman, q),
	}, llms.WithTools(tools))
}

// namedCache: googleai reads a cache created ahead of time; the request
// adds only the question.
func namedCache(ctx context.Context, q string) {
	llm, _ := googleai.New(ctx, googleai.WithDefaultModel("gemini-2.5-flash"))
	llm.GenerateContent(ctx, []llms.MessageContent{
		llms.TextParts(llms.ChatMessageTypeHuman, q),
	}, googleai.WithCachedContent("cachedContents/support-manual"))
}
