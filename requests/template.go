package requests

import (
	"github.com/cachevet/cachevet/internal/textpos"
	"github.com/cachevet/cachevet/prompts"
	"github.com/cachevet/cachevet/rules"
)

// templateParts splits a Nunjucks template string (promptfoo prompts, chat
// prompt JSON, request bodies kept as YAML) into stable text and slots with
// the prompts engine, so a placeholder, loop or bound variable means the
// same in a string as in a template file. With detect, stable text is also
// checked for volatile literals.
func (b *builder) templateParts(n *textpos.Node, detect bool) []rules.Part {
	pieces, errs := prompts.ScanTemplate(prompts.Template{
		Text:   n.Str,
		Format: prompts.FormatJinja,
		Span:   func(start, end int) rules.Span { return b.src.StrSpan(n, start, end) },
		Names:  b.names,
	})
	b.errs = append(b.errs, errs...)
	var parts []rules.Part
	for _, p := range pieces {
		if p.Slot == nil && detect && p.Start >= 0 {
			parts = b.literalParts(n, p.Start, p.End, parts)
			continue
		}
		parts = append(parts, p.Part)
	}
	if len(parts) == 0 {
		parts = []rules.Part{{Span: b.src.NodeSpan(n)}}
	}
	return parts
}

// templateMessages reads what a chat template writes in place of messages
// (a loop over the conversation, a printed list): one block after the
// leading system messages whose slot is the loop or value, as the prompts
// engine classifies it. Its roles are the data's, so the block is a user
// turn.
func (b *builder) templateMessages(m *textpos.Node, i int, leading *bool) {
	sec := sectionFor("user", leading)
	b.add(rules.Block{Section: sec, Role: "user", Kind: rules.BlockText, Message: i,
		Parts: b.templateParts(m, false), Span: b.src.NodeSpan(m)})
}

// templateTools reads what a request template writes in place of tool
// definitions (a loop over tools): one tools block whose slot is the loop.
func (b *builder) templateTools(t *textpos.Node) {
	b.add(rules.Block{Section: rules.SectionTools, Kind: rules.BlockTool, Message: -1,
		Parts: b.templateParts(t, false), Span: b.src.NodeSpan(t)})
}
