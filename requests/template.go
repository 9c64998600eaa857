package requests

import (
	"github.com/cachevet/cachevet/prompts"
	"github.com/cachevet/cachevet/rules"
)

// templateParts splits a Nunjucks template string (promptfoo prompts, chat
// prompt JSON, request bodies kept as YAML) into stable text and slots with
// the prompts engine, so a placeholder, loop or bound variable means the
// same in a string as in a template file. With detect, stable text is also
// checked for volatile literals.
func (b *builder) templateParts(n *node, detect bool) []rules.Part {
	pieces, errs := prompts.ScanTemplate(prompts.Template{
		Text:   n.str,
		Format: prompts.FormatJinja,
		Span:   func(start, end int) rules.Span { return b.src.strSpan(n, start, end) },
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
		parts = []rules.Part{{Span: b.src.nodeSpan(n)}}
	}
	return parts
}
