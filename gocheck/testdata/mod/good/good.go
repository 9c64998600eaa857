// Package good has two prompt functions for the fake analyzer to report.
package good

// PromptB is reported second: findings are sorted by line.
func PromptB() string { return "b" }

// PromptA is reported on its own line.
func PromptA() string { return "a" }

// helper is not a prompt.
func helper() string { return "" }
