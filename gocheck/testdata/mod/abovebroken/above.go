// Package abovebroken imports a package with a type error; its own code
// type-checks, so it is still analyzed (go/packages marks it ill-typed).
package abovebroken

import "example.com/mod/broken"

// PromptAbove is reported although a dependency does not type-check.
func PromptAbove() string { return "above" }

// useBroken keeps the import.
func useBroken() string { return broken.PromptBroken() }
