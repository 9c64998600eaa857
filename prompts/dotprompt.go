package prompts

import (
	"strings"

	"github.com/cachevet/cachevet/rules"
)

// readDotprompt reads a Google dotprompt (.prompt) file: YAML front matter
// (model, input.schema, config) and a Handlebars body. Text before any
// {{role}} marker is a user message, as dotprompt renders it;
// {{role "system"}} starts the system prompt, {{role "model"}} an assistant
// message; {{history}} is the conversation history, after which dotprompt
// continues in a model message; {{media url=…}} is an image part.
func readDotprompt(f *file, opts Options, el *errList) []*rules.Request {
	front, bodyStart := splitFrontMatter(f, true, el)
	req := newRequest(f)
	if front != nil {
		modelFrom(req, f, key(front, "model"))
	}
	src := fileSource(f, bodyStart, len(f.data))
	p := parse(src, 0, len(src.text), syntaxes[FormatHandlebars], el)
	b := newBlockBuilder(rules.SectionMessages, "user")
	e := p.emitter(b, opts.Names)
	e.output = func(n *node) bool { return dotpromptDirective(e, n) }
	e.nodes(p.nodes, false)
	req.Blocks = b.finish()
	if len(req.Blocks) == 0 {
		return nil
	}
	return []*rules.Request{req}
}

// dotpromptDirective handles dotprompt's helpers that shape messages rather
// than print values.
func dotpromptDirective(e *emitter, n *node) bool {
	helper, args := firstWord(n.tag.expr + " ")
	switch helper {
	case "role":
		role := strings.ToLower(unquote(strings.TrimSpace(args)))
		if i := strings.IndexByte(role, ' '); i >= 0 {
			role = role[:i] // metadata after the role name
		}
		if role == "model" {
			role = "assistant"
		}
		e.b.switchRole(role)
	case "history":
		e.b.role("user")
		cl := e.cl.path([]string{"history"})
		s := cl.slot()
		s.Why, s.Runtime = "conversation history", rules.RuntimeHistory
		e.b.slot(e.src, n.start, n.end, s)
		e.b.role("assistant")
	case "media":
		cl := e.cl.info(analyze(args, dHandlebars))
		e.b.kindBlock(rules.BlockImage, e.src, n.start, n.end, withWhy(cl.slot(), "media"))
	case "section":
		// A pending-part marker for tools output; it prints nothing.
	default:
		return false
	}
	return true
}

func withWhy(s *rules.Slot, why string) *rules.Slot {
	s.Why = joinWhy(why, s.Why)
	return s
}

// unquote strips one pair of matching quotes.
func unquote(s string) string {
	if len(s) >= 2 && (s[0] == '"' || s[0] == '\'') && s[len(s)-1] == s[0] {
		return s[1 : len(s)-1]
	}
	return s
}

// switchRole changes the role of the current block when it holds nothing
// yet (dotprompt and Prompty both do that), else starts a new message.
func (b *blockBuilder) switchRole(role string) {
	if blank(b.cur.b.Parts) {
		b.cur.b.Parts = nil
		b.cur.b.Role = role
		b.cur.b.Section = sectionOf(role)
		b.cur.b.Kind = kindOf(b.cur.b.Section)
		b.cur.newMessage = true
		b.cur.lastEnd = -1
		return
	}
	b.role(role)
}

// sectionOf places a role in render order: system and developer
// instructions go to the system prompt, every other role is a message.
func sectionOf(role string) rules.Section {
	switch role {
	case "system", "developer":
		return rules.SectionSystem
	case "tools":
		return rules.SectionTools // Prompty's tools: section holds tool definitions
	}
	return rules.SectionMessages
}

func kindOf(s rules.Section) string {
	if s == rules.SectionTools {
		return rules.BlockTool
	}
	return rules.BlockText
}
