// Package other is fine and imports nothing.
package other

// PromptOther is reported.
func PromptOther() string { return "o" }
