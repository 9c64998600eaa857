// Package broken does not type-check.
package broken

// PromptBroken returns an int where a string is declared.
func PromptBroken() string { return 42 }
