// Package sys builds a system prompt another package sends.
package sys

import "time"

// Header leads every prompt.
const Header = "You are a support agent.\n"

// System puts the user's name and the date ahead of the policies.
func System(userName, policies string) string { // want System:`prompt\(`
	return Header + "Date: " + time.Now().Format("2006-01-02") + "\n" + policies + "\nUser: " + userName
}
