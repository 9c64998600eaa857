package rules

// SystemRole reports whether a chat message role carries instructions:
// system or developer.
func SystemRole(role string) bool { return role == "system" || role == "developer" }

// ChatSection is the section a chat message of role renders in, for every
// reader of message lists (request bodies, chat prompt files, Go SDK calls).
// The system and developer messages that open the list are the system
// section. One that comes after a message of another role stays a message
// in its place: OpenAI renders tools and schemas, then the messages in the
// order they are sent, so a late system message is part of the
// conversation, not of the instructions ahead of it. afterOthers says
// whether a message of another role came before.
func ChatSection(role string, afterOthers bool) Section {
	if SystemRole(role) && !afterOthers {
		return SectionSystem
	}
	return SectionMessages
}

// InMessages reports whether the request has a block in the messages
// section yet: the afterOthers of ChatSection for readers that build a
// request block by block.
func (r *Request) InMessages() bool {
	for i := len(r.Blocks) - 1; i >= 0; i-- {
		if r.Blocks[i].Section == SectionMessages {
			return true
		}
	}
	return false
}
