// Package prompt builds an agent's system prompt.
package prompt

import (
	"fmt"
	"time"
)

// System dates the prompt and names the working directory.
func System(dir string) string { // want System:`prompt\(`
	return fmt.Sprintf("Today is %s. You work in %s.\n%s", time.Now().Format("1/2/2006"), dir, guide)
}
