package genaicase

import (
	"context"
	"time"

	"github.com/google/uuid"
	"google.golang.org/genai"
)

const model = "gemini-2.5-flash"

func systemDate(ctx context.Context, client *genai.Client, q string) {
	client.Models.GenerateContent(ctx, model, genai.Text(q), &genai.GenerateContentConfig{
		SystemInstruction: genai.NewContentFromText("Today is "+time.Now().Format(time.DateOnly)+"\n"+policies, genai.RoleUser), // want `time "time.Now" \(date without a time of day\) changes once a day`
	})
}

func systemStable(ctx context.Context, client *genai.Client, q string) {
	client.Models.GenerateContent(ctx, model, genai.Text("Now: "+time.Now().String()+"\n"+q), &genai.GenerateContentConfig{
		SystemInstruction: &genai.Content{Parts: []*genai.Part{{Text: policies}}},
	})
}

func contentsList(ctx context.Context, client *genai.Client, q string) {
	contents := []*genai.Content{
		genai.NewContentFromText(policies, genai.RoleUser),
		genai.NewContentFromText("Understood.", genai.RoleModel),
		genai.NewContentFromText(q, genai.RoleUser),
	}
	client.Models.GenerateContent(ctx, model, contents, nil)
}

func contentsWithID(ctx context.Context, client *genai.Client, q string) {
	contents := []*genai.Content{
		genai.NewContentFromParts([]*genai.Part{genai.NewPartFromText("Trace " + uuid.NewString()), {Text: policies}}, genai.RoleUser), // want `id "uuid.NewString"`
		genai.NewContentFromText("Understood.", genai.RoleModel),
		genai.NewContentFromText(q, genai.RoleUser),
	}
	client.Models.GenerateContent(ctx, model, contents, nil)
}

func streamed(ctx context.Context, client *genai.Client, q string) {
	config := &genai.GenerateContentConfig{
		SystemInstruction: &genai.Content{Parts: []*genai.Part{
			{Text: "Request " + uuid.NewString()}, // want `id "uuid.NewString"`
			{Text: policies},
		}},
	}
	client.Models.GenerateContentStream(ctx, model, genai.Text(q), config)
}

func smallCache(ctx context.Context, client *genai.Client) {
	client.Caches.Create(ctx, model, &genai.CreateCachedContentConfig{ // want `cache breakpoint covers \S+ tokens, below the 2,048-token minimum of gemini-2.5-flash`
		SystemInstruction: genai.NewContentFromText("You answer in one sentence.", genai.RoleUser),
		TTL:               time.Hour,
	})
}

func cacheAndUse(ctx context.Context, client *genai.Client, q string) {
	cache, _ := client.Caches.Create(ctx, model, &genai.CreateCachedContentConfig{
		SystemInstruction: genai.NewContentFromText("Built "+time.Now().Format(time.DateOnly)+"\n"+policies, genai.RoleUser),
		Contents:          []*genai.Content{genai.NewContentFromText(policies, genai.RoleUser)},
		TTL:               30 * time.Minute,
	})
	client.Models.GenerateContent(ctx, model, genai.Text(q), &genai.GenerateContentConfig{CachedContent: cache.Name})
}

func cacheOfDocuments(ctx context.Context, client *genai.Client, docs []*genai.Content) {
	client.Caches.Create(ctx, model, &genai.CreateCachedContentConfig{Contents: docs})
}

func configElsewhere(ctx context.Context, client *genai.Client, config *genai.GenerateContentConfig, q string) {
	client.Models.GenerateContent(ctx, model, genai.Text(q), config)
}

// chatSession: a chat created with a request id in its system instruction
// sends it ahead of the growing history on every SendMessage.
func chatSession(ctx context.Context, client *genai.Client, q string) {
	chat, _ := client.Chats.Create(ctx, model, &genai.GenerateContentConfig{
		SystemInstruction: genai.NewContentFromText("Request "+uuid.NewString()+"\n"+policies, genai.RoleUser), // want `id "uuid.NewString" \(uuid.NewString\) changes every request and stands ahead of .*chat history`
	}, nil)
	chat.SendMessage(ctx, genai.Part{Text: q})
}

// chatStable keeps the system instruction stable: silent.
func chatStable(ctx context.Context, client *genai.Client, q string) {
	chat, _ := client.Chats.Create(ctx, model, &genai.GenerateContentConfig{
		SystemInstruction: genai.NewContentFromText(policies, genai.RoleUser),
	}, nil)
	chat.SendMessage(ctx, genai.Part{Text: q})
}
