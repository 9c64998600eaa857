package cachevet

import (
	"go/ast"
	"strings"

	"github.com/cachevet/cachevet/rules"
)

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
		if !b.orderedElems(sys, b.anthropicSystem, func(p piece) {
			b.block(rules.SectionSystem, "system", rules.BlockText, sys, b.parts(layout{p}))
		}) {
			b.block(rules.SectionSystem, "system", rules.BlockText, sys, b.text(sys))
		}
	}
	if msgs := f["Messages"]; msgs != nil {
		if !b.orderedElems(msgs, b.anthropicMessage, func(p piece) {
			b.block(rules.SectionMessages, "user", rules.BlockText, msgs, b.parts(layout{p}))
			b.nextMessage()
		}) {
			b.history(msgs)
		}
	}
	if cc := f["CacheControl"]; cc != nil {
		b.r.req.Auto = b.breakpoint(cc)
	}
}

// breakpoint reads a CacheControlEphemeralParam value.
func (b *builder) breakpoint(x ast.Expr) *rules.Breakpoint {
	bp := &rules.Breakpoint{Span: b.a.span(x.Pos(), x.End())}
	if lit := b.literal(x); lit != nil {
		if ttl := b.fields(lit)["TTL"]; ttl != nil {
			bp.TTL, _ = b.e.stringConst(ttl)
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
		b.block(rules.SectionTools, "", rules.BlockTool, x, b.sourceText(x))
		return
	}
	f := b.fields(lit)
	var parts []rules.Part
	for _, name := range []string{"Name", "Description"} {
		if v := f[name]; v != nil {
			parts = append(parts, b.text(v)...)
		}
	}
	parts = append(parts, b.sourceText(f["InputSchema"])...)
	blk := b.block(rules.SectionTools, "", rules.BlockTool, x, parts)
	if cc := f["CacheControl"]; cc != nil {
		blk.Breakpoint = b.breakpoint(cc)
	}
}

func (b *builder) anthropicSystem(x ast.Expr) {
	lit := b.literal(x)
	if lit == nil {
		b.block(rules.SectionSystem, "system", rules.BlockText, x, b.text(x))
		return
	}
	f := b.fields(lit)
	b.r.systemLits[len(b.r.req.Blocks)] = lit
	blk := b.block(rules.SectionSystem, "system", rules.BlockText, x, b.text(f["Text"]))
	if cc := f["CacheControl"]; cc != nil {
		blk.Breakpoint = b.breakpoint(cc)
	}
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
	if r, ok := b.e.stringConst(f["Role"]); ok {
		role = r
	}
	if content := f["Content"]; content != nil {
		if !b.orderedElems(content, func(el ast.Expr) { b.anthropicContent(role, el) }, func(p piece) {
			b.block(rules.SectionMessages, role, rules.BlockText, content, b.parts(layout{p}))
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
	if cc := f["CacheControl"]; cc != nil {
		blk.Breakpoint = b.breakpoint(cc)
	}
}

// openaiChat maps ChatCompletionNewParams.
func (b *builder) openaiChat(params *ast.CompositeLit) {
	f := b.fields(params)
	b.model(f["Model"])
	b.tools(f["Tools"], b.sourceTool)
	if rf := f["ResponseFormat"]; rf != nil {
		b.block(rules.SectionTools, "", rules.BlockSchema, rf, b.sourceText(rf))
	}
	msgs := f["Messages"]
	if msgs == nil {
		return
	}
	if !b.orderedElems(msgs, b.openaiMessage, func(p piece) {
		b.block(rules.SectionMessages, "user", rules.BlockText, msgs, b.parts(layout{p}))
		b.nextMessage()
	}) {
		b.history(msgs)
	}
}

var openaiRoles = map[string]string{
	"SystemMessage": "system", "DeveloperMessage": "developer", "UserMessage": "user",
	"AssistantMessage": "assistant", "ToolMessage": "tool",
}

func (b *builder) openaiMessage(x ast.Expr) {
	defer b.nextMessage()
	key, c := b.callKey(x)
	name, ok := strings.CutPrefix(key, openaiPkg+".")
	role := openaiRoles[name]
	if !ok || role == "" || len(c.Args) == 0 {
		b.history(x)
		return
	}
	b.roleBlock(role, x, b.text(c.Args[0]))
}

// roleBlock adds a message; rules.ChatSection says its section.
func (b *builder) roleBlock(role string, n ast.Node, parts []rules.Part) {
	b.block(rules.ChatSection(role, b.r.req.InMessages()), role, rules.BlockText, n, parts)
}

// responses maps responses.ResponseNewParams: tools, instructions, input.
func (b *builder) responses(params *ast.CompositeLit) {
	f := b.fields(params)
	b.model(f["Model"])
	b.tools(f["Tools"], b.sourceTool)
	if in := f["Instructions"]; in != nil {
		b.block(rules.SectionSystem, "system", rules.BlockText, in, b.text(in))
	}
	input := f["Input"]
	if input == nil {
		return
	}
	if lit := b.literal(input); lit != nil {
		if s := b.fields(lit)["OfString"]; s != nil {
			b.block(rules.SectionMessages, "user", rules.BlockText, input, b.text(s))
			return
		}
	}
	b.history(input)
}

// goOpenAI maps sashabaranov/go-openai's ChatCompletionRequest.
func (b *builder) goOpenAI(params *ast.CompositeLit) {
	f := b.fields(params)
	b.model(f["Model"])
	b.tools(f["Tools"], b.sourceTool)
	msgs := f["Messages"]
	if msgs == nil {
		return
	}
	if !b.orderedElems(msgs, func(x ast.Expr) {
		defer b.nextMessage()
		lit := b.literal(x)
		if lit == nil {
			b.history(x)
			return
		}
		mf := b.fields(lit)
		role, _ := b.e.stringConst(mf["Role"])
		b.roleBlock(role, x, b.text(mf["Content"]))
	}, func(p piece) {
		b.block(rules.SectionMessages, "user", rules.BlockText, msgs, b.parts(layout{p}))
		b.nextMessage()
	}) {
		b.history(msgs)
	}
}

func (b *builder) sourceTool(x ast.Expr) {
	b.block(rules.SectionTools, "", rules.BlockTool, x, b.sourceText(x))
}
