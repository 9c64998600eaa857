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
	b.jsonSystem(f["system"])
	b.jsonMessages(f["messages"])
	req.BreakpointsKnown = len(req.Breakpoints()) > 0
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
		bp := &rules.Breakpoint{Span: b.a.Span(cp.Pos(), cp.End())}
		if l := b.literal(cp); l != nil {
			bp.TTL, _ = b.e.StringConst(b.jsonFields(l)["ttl"])
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
		if parts := b.jsonFields(si)["parts"]; parts != nil {
			b.genaiParts(rules.SectionSystem, "system", parts)
		}
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
			role, _ := b.e.StringConst(cf["role"])
			if role == "" {
				role = "user"
			} else if role == "model" {
				role = "assistant"
			}
			if parts := cf["parts"]; parts != nil {
				b.genaiParts(rules.SectionMessages, role, parts)
			}
		})
	}
	b.r.req.BreakpointsKnown = true
}
