// Package syntax does not parse.
package syntax

func PromptSyntax() string {
	return "unterminated
}
