// Package app wires a provider with a prompt from another package; it
// imports no SDK.
package app

import (
	"realworld/prompt"
	"realworld/provider"
)

// Settings are loaded at start-up.
type Settings struct{ Dir string }

// Start builds the provider.
func Start(cfg *Settings) *provider.Provider {
	return provider.New(provider.WithSystemMessage(prompt.System(cfg.Dir))) // want `time "time.Now" \(date without a time of day\) changes once a day`
}

// Plain hands in a stable prompt: silent.
func Plain() *provider.Provider {
	return provider.New(provider.WithSystemMessage("You answer questions about invoices."))
}
