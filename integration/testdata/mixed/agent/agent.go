// Package agent builds a support prompt the cache-hostile way: the
// timestamp comes first.
package agent

import (
	"fmt"
	"time"
)

// policies is long, stable text that should be cached.
const policies = `Answer in two short paragraphs at most and end with the next step.
Quote the exact policy section number when you rely on it.
Escalate to a human agent for legal threats, chargebacks or safety issues.`

// System returns the system prompt.
func System(user string) string {
	return fmt.Sprintf("Heure : %s. Client : %s.\n%s", time.Now().Format(time.RFC3339), user, policies)
}
