package cachevet

import (
	"go/ast"
	"strings"

	"github.com/cachevet/cachevet/analyzers/internal/flow"
	"github.com/cachevet/cachevet/rules"
)

// anthropicPkg is the Anthropic SDK's import path (major version removed).
const anthropicPkg = "github.com/anthropics/anthropic-sdk-go"

func init() {
	register(&library{
		imports: []string{anthropicPkg},
		sends: map[string]mapper{
			anthropicPkg + ".(MessageService).New":              anthropicSend(anthropicNames),
			anthropicPkg + ".(MessageService).NewStreaming":     anthropicSend(anthropicNames),
			anthropicPkg + ".(BetaMessageService).New":          anthropicSend(betaNames),
			anthropicPkg + ".(BetaMessageService).NewStreaming": anthropicSend(betaNames),
		},
	})
}

// anthropicSend maps Messages.New(ctx, params) or its Beta twin.
func anthropicSend(names antNames) mapper {
	return func(b *builder, c *ast.CallExpr) bool {
		params := b.paramsArg(c, 1)
		if params == nil {
			return false
		}
		b.r.req.Provider = "anthropic"
		b.r.beta = names.beta
		b.anthropic(params, names)
		b.anthropicDiagnostics(b.fields(params), c)
		return true
	}
}

// antNames are the Anthropic SDK names the mapping matches: the Messages
// API's, or the Beta service's (the same shapes, Beta-prefixed).
type antNames struct{ beta bool }

var (
	anthropicNames = antNames{}
	betaNames      = antNames{beta: true}
)

// typ is a type's key: TextBlockParam, or BetaTextBlockParam.
func (n antNames) typ(name string) string {
	if n.beta {
		name = "Beta" + name
	}
	return anthropicPkg + "." + name
}

// fn is a constructor's key: NewTextBlock, or NewBetaTextBlock;
// ToolUnionParamOfTool, or BetaToolUnionParamOfTool.
func (n antNames) fn(name string) string {
	if n.beta {
		if rest, ok := strings.CutPrefix(name, "New"); ok {
			name = "NewBeta" + rest
		} else {
			name = "Beta" + name
		}
	}
	return anthropicPkg + "." + name
}

// anthropic maps MessageNewParams (or BetaMessageNewParams): tools, then
// system, then messages.
func (b *builder) anthropic(params *ast.CompositeLit, names antNames) {
	b.ant = names
	f := b.fields(params)
	b.model(f["Model"])
	b.tools(f["Tools"], b.anthropicTool)
	if sys := f["System"]; sys != nil {
		// System blocks converted one by one from an input list (the system
		// messages of a provider-neutral conversation) are the system prompt
		// the caller passed: stable, of unknown size.
		restore := b.listOf(func(list, _ ast.Expr) {
			b.block(rules.SectionSystem, "system", rules.BlockText, list, b.parts(flow.SlotAt(list, &rules.Slot{
				Name: b.a.ShortText(list), Kind: rules.KindOther, Lifetime: rules.LifeStable, Why: "system prompt passed in",
			})))
		})
		defer restore()
		if !b.orderedElems(sys, b.anthropicSystem, func(p flow.Piece) {
			b.block(rules.SectionSystem, "system", rules.BlockText, sys, b.parts(flow.Layout{p}))
		}) {
			b.block(rules.SectionSystem, "system", rules.BlockText, sys, b.text(sys))
		}
	}
	if msgs := f["Messages"]; msgs != nil {
		b.messages(msgs, b.anthropicMessage)
	}
	b.r.req.Auto = b.marker(params, f)
}

// marker reads the CacheControl field of lit (whose fields are f): a
// breakpoint, or nil when there is none or the SDK never sends it.
// anthropic-sdk-go tags CacheControl `json:"cache_control,omitzero"` in
// every release from v0.2.0-beta.1 (the first with plain struct params) to
// v1.84.0, read from the SDK's source; earlier releases wrap the field in
// param.Field, where a literal is no field value. See zeroMarker.
func (b *builder) marker(lit *ast.CompositeLit, f map[string]ast.Expr) *rules.Breakpoint {
	cc := f["CacheControl"]
	if cc == nil || b.zeroMarker(lit, "CacheControl", cc, "anthropic-sdk-go", "") {
		return nil
	}
	return b.breakpoint(cc)
}

// breakpoint reads a CacheControlEphemeralParam value.
func (b *builder) breakpoint(x ast.Expr) *rules.Breakpoint {
	bp := &rules.Breakpoint{Span: b.a.Span(x.Pos(), x.End())}
	if lit := b.literal(x); lit != nil {
		if ttl := b.fields(lit)["TTL"]; ttl != nil {
			bp.TTL, _ = b.e.StringConst(ttl)
		}
	}
	return bp
}

func (b *builder) anthropicTool(x ast.Expr) {
	if key, c := b.callKey(x); key == b.ant.fn("ToolUnionParamOfTool") && len(c.Args) == 2 {
		parts := append(b.text(c.Args[1]), b.sourceText(c.Args[0])...)
		b.block(rules.SectionTools, "", rules.BlockTool, x, parts)
		return
	}
	lit := b.literal(x)
	if lit != nil && b.typeKey(lit) == b.ant.typ("ToolUnionParam") {
		if t := b.fields(lit)["OfTool"]; t != nil {
			lit = b.literal(t)
		}
	}
	if lit == nil || b.typeKey(lit) != b.ant.typ("ToolParam") {
		b.sourceTool(x)
		return
	}
	f := b.fields(lit)
	blk := b.block(rules.SectionTools, "", rules.BlockTool, x, b.toolParts(f, []string{"Name", "Description"}, "InputSchema"))
	blk.Breakpoint = b.marker(lit, f)
}

func (b *builder) anthropicSystem(x ast.Expr) {
	lit := b.literal(x)
	if lit == nil {
		b.block(rules.SectionSystem, "system", rules.BlockText, x, b.text(x))
		return
	}
	f := b.fields(lit)
	blk := b.block(rules.SectionSystem, "system", rules.BlockText, x, b.text(f["Text"]))
	b.r.systemLits[blk.Span] = lit
	blk.Breakpoint = b.marker(lit, f)
}

func (b *builder) anthropicMessage(x ast.Expr) {
	defer b.nextMessage()
	key, c := b.callKey(x)
	switch key {
	case b.ant.fn("NewUserMessage"), b.ant.fn("NewAssistantMessage"):
		role := "user"
		if strings.HasSuffix(key, "Assistant") {
			role = "assistant"
		}
		for _, arg := range c.Args {
			b.anthropicContent(role, arg)
		}
		return
	}
	lit := b.literal(x)
	if lit == nil {
		b.history(x)
		return
	}
	f := b.fields(lit)
	role := "user"
	if r, ok := b.e.StringConst(f["Role"]); ok {
		role = r
	}
	if content := f["Content"]; content != nil {
		if !b.orderedElems(content, func(el ast.Expr) { b.anthropicContent(role, el) }, func(p flow.Piece) {
			b.block(rules.SectionMessages, role, rules.BlockText, content, b.parts(flow.Layout{p}))
		}) {
			b.block(rules.SectionMessages, role, rules.BlockText, content, b.text(content))
		}
	}
}

func (b *builder) anthropicContent(role string, x ast.Expr) {
	if key, c := b.callKey(x); key == b.ant.fn("NewTextBlock") && len(c.Args) == 1 {
		b.block(rules.SectionMessages, role, rules.BlockText, x, b.text(c.Args[0]))
		return
	}
	lit := b.literal(x)
	if lit != nil && b.typeKey(lit) == b.ant.typ("ContentBlockParamUnion") {
		if t := b.fields(lit)["OfText"]; t != nil {
			lit = b.literal(t)
		}
	}
	if lit == nil || b.typeKey(lit) != b.ant.typ("TextBlockParam") {
		b.block(rules.SectionMessages, role, rules.BlockText, x, b.text(x))
		return
	}
	f := b.fields(lit)
	blk := b.block(rules.SectionMessages, role, rules.BlockText, x, b.text(f["Text"]))
	blk.Breakpoint = b.marker(lit, f)
}
