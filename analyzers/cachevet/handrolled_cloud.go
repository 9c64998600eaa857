package cachevet

import (
	"go/ast"

	"github.com/cachevet/cachevet/rules"
)

// Hand-rolled Bedrock Converse and Gemini generateContent bodies: the
// same formats package requests reads from files (see requests/bedrock.go
// and requests/gemini.go), written as Go maps or structs with json tags.

// bedrockBody maps a Converse body: toolConfig.tools, system, messages; a
// cachePoint element is the breakpoint of the block before it.
func (b *builder) bedrockBody(f map[string]ast.Expr) {
	req := b.r.req
	if id := f["modelId"]; id != nil {
		b.model(id)
	}
	if req.Provider = rules.ProviderOf(req.Model); req.Provider == "" {
		req.Provider = "anthropic"
	}
	if tc := b.literal(f["toolConfig"]); tc != nil {
		b.tools(b.jsonFields(tc)["tools"], func(x ast.Expr) {
			if !b.cachePoint(x) {
				b.jsonTool(x)
			}
		})
	}
	if sys := f["system"]; sys != nil && !b.orderedElems(sys, func(x ast.Expr) { b.bedrockGoBlock(rules.SectionSystem, "system", x) }, func(p piece) {
		b.block(rules.SectionSystem, "system", rules.BlockText, sys, b.parts(layout{p}))
	}) {
		b.block(rules.SectionSystem, "system", rules.BlockText, sys, b.text(sys))
	}
	if msgs := f["messages"]; msgs != nil {
		b.messages(msgs, func(x ast.Expr) {
			defer b.nextMessage()
			lit := b.literal(x)
			if lit == nil {
				b.history(x)
				return
			}
			mf := b.jsonFields(lit)
			role, _ := b.e.stringConst(mf["role"])
			if role == "" {
				role = "user"
			}
			if content := mf["content"]; content != nil && !b.orderedElems(content, func(el ast.Expr) { b.bedrockGoBlock(rules.SectionMessages, role, el) }, func(p piece) {
				b.roleBlock(role, content, b.parts(layout{p}))
			}) {
				b.roleBlock(role, content, b.text(content))
			}
		})
	}
	req.BreakpointsKnown = len(req.Breakpoints()) > 0
}

// bedrockGoBlock maps one Converse content block: its text, or a
// cachePoint.
func (b *builder) bedrockGoBlock(sec rules.Section, role string, x ast.Expr) {
	if b.cachePoint(x) {
		return
	}
	lit := b.literal(x)
	if lit == nil {
		b.block(sec, role, rules.BlockText, x, b.text(x))
		return
	}
	if t := b.jsonFields(lit)["text"]; t != nil {
		b.block(sec, role, rules.BlockText, x, b.text(t))
		return
	}
	b.block(sec, role, rules.BlockText, x, b.sourceText(x))
}

// cachePoint reports whether x is a {"cachePoint": …} element, and makes
// it the breakpoint of the block before it.
func (b *builder) cachePoint(x ast.Expr) bool {
	lit := b.literal(x)
	if lit == nil {
		return false
	}
	cp := b.jsonFields(lit)["cachePoint"]
	if cp == nil {
		return false
	}
	if blocks := b.r.req.Blocks; len(blocks) > 0 && blocks[len(blocks)-1].Breakpoint == nil {
		bp := &rules.Breakpoint{Span: b.a.span(cp.Pos(), cp.End())}
		if l := b.literal(cp); l != nil {
			bp.TTL, _ = b.e.stringConst(b.jsonFields(l)["ttl"])
		}
		blocks[len(blocks)-1].Breakpoint = bp
	}
	return true
}

// geminiBody maps a generateContent body: the explicit cache it names,
// tools, systemInstruction, then contents.
func (b *builder) geminiBody(f map[string]ast.Expr) {
	b.r.req.Provider = "google"
	if cc := f["cachedContent"]; cc != nil {
		b.namedCache(cc)
	}
	b.tools(f["tools"], b.sourceTool)
	if si := b.literal(f["systemInstruction"]); si != nil {
		b.geminiParts(rules.SectionSystem, "system", b.jsonFields(si)["parts"])
	}
	if contents := f["contents"]; contents != nil {
		b.messages(contents, func(x ast.Expr) {
			defer b.nextMessage()
			lit := b.literal(x)
			if lit == nil {
				b.history(x)
				return
			}
			cf := b.jsonFields(lit)
			role, _ := b.e.stringConst(cf["role"])
			if role == "" {
				role = "user"
			} else if role == "model" {
				role = "assistant"
			}
			b.geminiParts(rules.SectionMessages, role, cf["parts"])
		})
	}
	b.r.req.BreakpointsKnown = true
}

// geminiParts maps a list of parts, each part's text a block.
func (b *builder) geminiParts(sec rules.Section, role string, parts ast.Expr) {
	if parts == nil {
		return
	}
	if !b.orderedElems(parts, func(x ast.Expr) {
		if lit := b.literal(x); lit != nil {
			if t := b.jsonFields(lit)["text"]; t != nil {
				b.block(sec, role, rules.BlockText, x, b.text(t))
				return
			}
		}
		b.block(sec, role, rules.BlockText, x, b.text(x))
	}, func(p piece) {
		b.block(sec, role, rules.BlockText, parts, b.parts(layout{p}))
	}) {
		b.block(sec, role, rules.BlockText, parts, b.text(parts))
	}
}
