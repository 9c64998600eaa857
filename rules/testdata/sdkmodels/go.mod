// This module only pins the SDK versions whose model constants
// TestSDKModelConstants checks against the catalog. Nothing here is built.
module example.com/sdkmodels

go 1.26.0

require (
	github.com/anthropics/anthropic-sdk-go v1.84.0
	github.com/openai/openai-go/v3 v3.105.0
	google.golang.org/genai v1.79.1
)
