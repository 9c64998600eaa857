package cachevet

import (
	"go/ast"
	"go/constant"
	"time"

	"github.com/cachevet/cachevet/analyzers/internal/flow"
	"github.com/cachevet/cachevet/rules"
)

// genaiPkg is Google's genai SDK's import path.
const genaiPkg = "google.golang.org/genai"

func init() {
	register(&library{
		imports: []string{genaiPkg},
		sends: map[string]mapper{
			genaiPkg + ".(Models).GenerateContent":       (*builder).genaiGenerate,
			genaiPkg + ".(Models).GenerateContentStream": (*builder).genaiGenerate,
			genaiPkg + ".(Caches).Create":                (*builder).genaiCache,
			genaiPkg + ".(Chats).Create":                 (*builder).genaiChat,
		},
	})
}

// genaiGenerate maps Models.GenerateContent(ctx, model, contents, config):
// the explicit cache the config names, tools, the system instruction, then
// the contents.
func (b *builder) genaiGenerate(c *ast.CallExpr) bool {
	if len(c.Args) != 4 {
		return false
	}
	b.r.req.Provider = "google"
	b.model(c.Args[1])
	b.genaiConfig(c.Args[3])
	b.genaiContents(c.Args[2])
	return len(b.r.req.Blocks) > 0
}

// genaiConfig maps a *GenerateContentConfig: the explicit cache it names,
// tools, the system instruction.
func (b *builder) genaiConfig(x ast.Expr) {
	cfg := b.literal(x)
	if cfg == nil {
		return
	}
	f := b.fields(cfg)
	if cc := f["CachedContent"]; cc != nil {
		b.namedCache(cc)
	}
	b.tools(f["Tools"], b.sourceTool)
	b.genaiSystem(f["SystemInstruction"])
}

// genaiChat maps Chats.Create(ctx, model, config, history): every
// SendMessage of the chat sends the config's tools and system instruction,
// the history so far (what Create was given, then each turn) and the new
// message.
func (b *builder) genaiChat(c *ast.CallExpr) bool {
	if len(c.Args) != 4 {
		return false
	}
	b.r.req.Provider = "google"
	b.model(c.Args[1])
	b.genaiConfig(c.Args[2])
	if len(b.r.req.Blocks) == 0 {
		return false // nothing known before the conversation
	}
	b.sessionHistory(c, "chat history")
	return true
}

// namedCache stands for an explicit cache a request reads: stable content
// of unknown size ending at a cache point. Its own Caches.Create call, if
// the analyzer sees it, is checked as a request of its own.
func (b *builder) namedCache(x ast.Expr) {
	slot := &rules.Slot{Name: b.a.ShortText(x), Kind: rules.KindOther, Lifetime: rules.LifeStable, Why: "explicit cache"}
	blk := b.block(rules.SectionSystem, "system", rules.BlockText, x, b.parts(flow.SlotAt(x, slot)))
	blk.Breakpoint = &rules.Breakpoint{TTL: "1h", Span: b.a.Span(x.Pos(), x.End())}
}

// genaiCache maps Caches.Create(ctx, model, config): a request that stores
// tools, the system instruction and contents, with a cache point at the
// end of them.
func (b *builder) genaiCache(c *ast.CallExpr) bool {
	if len(c.Args) != 3 {
		return false
	}
	cfg := b.literal(c.Args[2])
	if cfg == nil {
		return false // a config built elsewhere
	}
	b.r.req.Provider, b.r.req.Stored = "google", true
	b.model(c.Args[1])
	f := b.fields(cfg)
	b.tools(f["Tools"], b.sourceTool)
	b.genaiSystem(f["SystemInstruction"])
	if x := f["Contents"]; x != nil {
		b.genaiContents(x)
	}
	if len(b.r.req.Blocks) == 0 {
		return false
	}
	last := &b.r.req.Blocks[len(b.r.req.Blocks)-1]
	last.Breakpoint = &rules.Breakpoint{TTL: b.genaiTTL(f["TTL"]), Span: b.a.Span(c.Args[2].Pos(), c.Args[2].End())}
	return true
}

// genaiTTL names a cache lifetime given as a time.Duration; an unset TTL
// is the API's default of one hour.
func (b *builder) genaiTTL(x ast.Expr) string {
	if x == nil {
		return "1h"
	}
	tv, ok := b.a.pass.TypesInfo.Types[x]
	if !ok || tv.Value == nil {
		return ""
	}
	n, ok := constant.Int64Val(constant.ToInt(tv.Value))
	if !ok {
		return ""
	}
	return time.Duration(n).String()
}

// genaiSystem maps GenerateContentConfig.SystemInstruction, a *Content.
func (b *builder) genaiSystem(x ast.Expr) {
	if x == nil {
		return
	}
	b.genaiContent(rules.SectionSystem, x)
}

// genaiContents maps a []*Content: genai.Text(s), a slice literal, a local
// slice built by appends; anything else is the conversation.
func (b *builder) genaiContents(x ast.Expr) {
	if key, c := b.callKey(x); key == genaiPkg+".Text" && len(c.Args) == 1 {
		b.block(rules.SectionMessages, "user", rules.BlockText, x, b.text(c.Args[0]))
		b.nextMessage()
		return
	}
	ok := b.orderedElems(x, func(el ast.Expr) {
		defer b.nextMessage()
		b.genaiContent(rules.SectionMessages, el)
	}, func(p flow.Piece) {
		b.block(rules.SectionMessages, "user", rules.BlockText, x, b.parts(flow.Layout{p}))
		b.nextMessage()
	})
	if ok {
		return
	}
	if b.r.req.Stored {
		// Cached contents are documents more often than a conversation.
		// Their size is not assumed: the API refuses a cache below the
		// minimum, so an assumed size would only invent findings.
		parts := b.parts(b.e.Unknown(x, "cached contents"))
		for i := range parts {
			if s := parts[i].Slot; s != nil && s.Runtime != "" {
				c := *s
				c.Runtime = ""
				parts[i].Slot = &c
			}
		}
		b.block(rules.SectionMessages, "user", rules.BlockDocument, x, parts)
		return
	}
	b.history(x)
}

// genaiContent maps one *Content: NewContentFromText, NewContentFromParts
// or a literal with Role and Parts. In the system section every part is a
// system block.
func (b *builder) genaiContent(sec rules.Section, x ast.Expr) {
	role := func(r ast.Expr) string {
		if sec == rules.SectionSystem {
			return "system"
		}
		s, _ := b.e.StringConst(r)
		switch s {
		case "model":
			return "assistant"
		case "", "user":
			return "user"
		}
		return s
	}
	key, c := b.callKey(x)
	switch {
	case key == genaiPkg+".NewContentFromText" && len(c.Args) == 2:
		b.block(sec, role(c.Args[1]), rules.BlockText, x, b.text(c.Args[0]))
		return
	case key == genaiPkg+".NewContentFromParts" && len(c.Args) == 2:
		b.genaiParts(sec, role(c.Args[1]), c.Args[0])
		return
	}
	lit := b.literal(x)
	if lit == nil {
		if sec == rules.SectionSystem {
			b.block(sec, "system", rules.BlockText, x, b.text(x))
		} else {
			b.history(x)
		}
		return
	}
	f := b.fields(lit)
	if parts := f["Parts"]; parts != nil {
		b.genaiParts(sec, role(f["Role"]), parts)
	}
}

// genaiParts maps a []*Part: text parts become text blocks.
func (b *builder) genaiParts(sec rules.Section, role string, x ast.Expr) {
	ok := b.orderedElems(x, func(el ast.Expr) {
		if key, c := b.callKey(el); key == genaiPkg+".NewPartFromText" && len(c.Args) == 1 {
			b.block(sec, role, rules.BlockText, el, b.text(c.Args[0]))
			return
		}
		if lit := b.literal(el); lit != nil {
			t := b.fields(lit)["Text"]
			if t == nil {
				t = b.jsonFields(lit)["text"] // a part a hand-rolled body writes
			}
			if t != nil {
				b.block(sec, role, rules.BlockText, el, b.text(t))
				return
			}
		}
		b.block(sec, role, rules.BlockText, el, b.text(el))
	}, func(p flow.Piece) {
		b.block(sec, role, rules.BlockText, x, b.parts(flow.Layout{p}))
	})
	if !ok {
		b.block(sec, role, rules.BlockText, x, b.text(x))
	}
}
