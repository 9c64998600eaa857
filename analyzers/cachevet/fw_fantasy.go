package cachevet

import (
	"go/ast"

	"github.com/cachevet/cachevet/analyzers/internal/flow"
	"github.com/cachevet/cachevet/rules"
)

// charm.land/fantasy (v0.41), Charm's provider abstraction. What it sends,
// read from its source:
//   - an Agent (NewAgent(model, WithSystemPrompt, WithTools...)) sends the
//     tools, then the system prompt as the first message, then
//     AgentCall.Messages, then AgentCall.Prompt as a new user message; it
//     adds no cache control of its own;
//   - LanguageModel.Generate/Stream sends Call.Prompt and Call.Tools as
//     they are;
//   - the Anthropic provider turns anthropic.NewProviderCacheControlOptions
//     on a message (its last part) or a part into cache_control, always
//     ephemeral with the default TTL; other providers ignore it;
//   - the Anthropic provider sends only the leading system messages: a
//     system message after a user or assistant message is skipped.
//
// A PrepareStep callback can rewrite the messages and set cache control
// before each step (Charm's coding agent does), so where breakpoints go is
// then not known.
const fantasyPkg = "charm.land/fantasy"

func init() {
	register(&library{imports: []string{fantasyPkg, fantasyPkg + "/"}, sends: map[string]mapper{
		fantasyPkg + ".(Agent).Generate":         (*builder).fantasyAgent,
		fantasyPkg + ".(Agent).Stream":           (*builder).fantasyAgent,
		fantasyPkg + ".(LanguageModel).Generate": (*builder).fantasyModel,
		fantasyPkg + ".(LanguageModel).Stream":   (*builder).fantasyModel,
	}})
}

// fantasyProviders maps fantasy's provider packages to providers.
var fantasyProviders = map[string]string{
	fantasyPkg + "/providers/anthropic": "anthropic",
	fantasyPkg + "/providers/openai":    "openai",
	fantasyPkg + "/providers/azure":     "openai",
	fantasyPkg + "/providers/google":    "google",
}

// fantasyAgent maps Agent.Generate(ctx, AgentCall) and Agent.Stream(ctx,
// AgentStreamCall).
func (b *builder) fantasyAgent(c *ast.CallExpr) bool {
	if len(c.Args) != 2 {
		return false
	}
	call := b.literal(c.Args[1])
	var f map[string]ast.Expr
	if call != nil {
		f = b.fields(call)
		if f["PrepareStep"] != nil {
			b.r.req.BreakpointsKnown = false
		}
	}
	// The agent and what NewAgent was given, read where it was built.
	def, ev := b.constructedValue(flow.Receiver(c))
	caller := b.e
	b.e = ev
	defer func() { b.e = caller }()
	var opts []optCall
	if key, nc := b.callKey(def); key == fantasyPkg+".NewAgent" && len(nc.Args) > 0 {
		b.fantasyLM(nc.Args[0])
		opts = b.optionCalls(nc.Args[1:], nc.Ellipsis.IsValid())
	}
	b.fantasyProviderKnown()
	for _, o := range opts {
		switch o.key {
		case fantasyPkg + ".WithTools":
			for i, t := range o.call.Args {
				if o.call.Ellipsis.IsValid() && i == len(o.call.Args)-1 {
					b.tools(t, b.fantasyTool)
				} else {
					b.fantasyTool(t)
				}
			}
		case fantasyPkg + ".WithPrepareStep":
			b.r.req.BreakpointsKnown = false
		}
	}
	for _, o := range opts {
		if o.key == fantasyPkg+".WithSystemPrompt" && len(o.call.Args) == 1 {
			b.systemBlock(o.call.Args[0])
		}
	}
	b.e = caller
	if call == nil {
		b.history(c.Args[1]) // the call is built elsewhere: the conversation
		return true
	}
	if msgs := f["Messages"]; msgs != nil {
		b.fantasyMessages(msgs)
	}
	if p := f["Prompt"]; p != nil {
		b.userTurn(p)
	}
	return len(b.r.req.Blocks) > 0
}

// fantasyModel maps LanguageModel.Generate(ctx, Call) and Stream.
func (b *builder) fantasyModel(c *ast.CallExpr) bool {
	if len(c.Args) != 2 {
		return false
	}
	b.fantasyLM(flow.Receiver(c))
	b.fantasyProviderKnown()
	call := b.literal(c.Args[1])
	if call == nil {
		return false
	}
	f := b.fields(call)
	b.tools(f["Tools"], b.fantasyTool)
	if p := f["Prompt"]; p != nil {
		b.fantasyMessages(p)
	}
	return len(b.r.req.Blocks) > 0
}

// fantasyLM finds the provider and model of a LanguageModel value:
// provider.LanguageModel(ctx, "model-id") on a provider made by a
// provider package's New.
func (b *builder) fantasyLM(x ast.Expr) {
	def, ev := b.constructedValue(x)
	caller := b.e
	b.e = ev
	defer func() { b.e = caller }()
	key, c := b.callKey(def)
	if key != fantasyPkg+".(Provider).LanguageModel" || len(c.Args) != 2 {
		return
	}
	b.model(c.Args[1])
	if p, _ := b.providerOf(flow.Receiver(c), fantasyProviders); p != "" {
		b.r.req.Provider = p
	}
}

// fantasyProviderKnown falls back on the model name for the provider;
// with neither, where breakpoints go is not known.
func (b *builder) fantasyProviderKnown() {
	if b.r.req.Provider == "" {
		b.r.req.Provider = rules.ProviderOf(b.r.req.Model)
	}
	if b.r.req.Provider == "" {
		b.r.req.BreakpointsKnown = false
	}
}

// fantasyTool maps one tool: NewAgentTool(name, description, fn) sends
// its name, description and the input type's schema; a FunctionTool
// literal its fields; anything else stands for its definition.
func (b *builder) fantasyTool(x ast.Expr) {
	if key, c := b.callKey(x); key == fantasyPkg+".NewAgentTool" && len(c.Args) >= 2 {
		b.block(rules.SectionTools, "", rules.BlockTool, x, append(b.text(c.Args[0]), b.text(c.Args[1])...))
		return
	}
	lit := b.literal(x)
	if lit == nil || b.typeKey(lit) != fantasyPkg+".FunctionTool" {
		b.sourceTool(x)
		return
	}
	f := b.fields(lit)
	b.block(rules.SectionTools, "", rules.BlockTool, x, b.toolParts(f, []string{"Name", "Description"}, "InputSchema"))
	b.fantasyCache(f["ProviderOptions"])
}

// fantasyMessages maps a Prompt or []Message.
func (b *builder) fantasyMessages(x ast.Expr) {
	b.messages(x, b.fantasyMessage)
}

// fantasyMessage maps NewSystemMessage, NewUserMessage or a Message
// literal; anything else is part of the conversation.
func (b *builder) fantasyMessage(x ast.Expr) {
	key, c := b.callKey(x)
	switch {
	case key == fantasyPkg+".NewSystemMessage":
		for _, p := range c.Args {
			b.fantasyBlock("system", p, b.text(p))
		}
		b.nextMessage()
		return
	case key == fantasyPkg+".NewUserMessage" && len(c.Args) >= 1:
		b.userTurn(c.Args[0])
		return
	}
	lit := b.literal(x)
	if lit == nil || b.typeKey(lit) != fantasyPkg+".Message" {
		b.history(x)
		b.nextMessage()
		return
	}
	defer b.nextMessage()
	f := b.fields(lit)
	role, _ := b.e.StringConst(f["Role"])
	if role == "" {
		role = "user"
	}
	before := len(b.r.req.Blocks)
	if content := f["Content"]; content != nil {
		if !b.orderedElems(content, func(el ast.Expr) { b.fantasyPart(role, el) }, func(p flow.Piece) {
			b.fantasyBlock(role, content, b.parts(flow.Layout{p}))
		}) {
			b.fantasyBlock(role, content, b.text(content))
		}
	}
	if len(b.r.req.Blocks) > before {
		b.fantasyCache(f["ProviderOptions"])
	}
}

// fantasyPart maps one MessagePart: a TextPart literal, with its own
// cache options.
func (b *builder) fantasyPart(role string, x ast.Expr) {
	lit := b.literal(x)
	if lit == nil || b.typeKey(lit) != fantasyPkg+".TextPart" {
		b.fantasyBlock(role, x, b.text(x))
		return
	}
	f := b.fields(lit)
	before := len(b.r.req.Blocks)
	b.fantasyBlock(role, x, b.text(f["Text"]))
	if len(b.r.req.Blocks) > before {
		b.fantasyCache(f["ProviderOptions"])
	}
}

// fantasyBlock adds a message block: leading system messages form the
// system prompt. The Anthropic provider skips a system message that comes
// after the conversation has started; other providers send it in place.
func (b *builder) fantasyBlock(role string, n ast.Node, parts []rules.Part) {
	if role != "system" {
		b.roleBlock(role, n, parts)
		return
	}
	started := false
	for _, blk := range b.r.req.Blocks {
		started = started || blk.Section == rules.SectionMessages
	}
	switch {
	case !started:
		b.block(rules.SectionSystem, "system", rules.BlockText, n, parts)
	case b.r.req.Provider != "anthropic":
		b.block(rules.SectionMessages, "system", rules.BlockText, n, parts)
	}
}

// fantasyCache applies provider options that carry Anthropic cache
// control to the block just added.
func (b *builder) fantasyCache(opts ast.Expr) {
	marker := b.fantasyMarker(opts)
	if marker == nil {
		return
	}
	switch b.r.req.Provider {
	case "anthropic", "":
		b.lastBreakpoint(marker, "")
	default:
		b.dropped(marker, "fantasy's "+b.r.req.Provider+" provider ignores Anthropic cache control options; this marker is dropped")
	}
}

// fantasyMarker finds Anthropic cache control in a ProviderOptions value:
// anthropic.NewProviderCacheControlOptions or a ProviderCacheControlOptions
// literal, in the expression or the local variable holding it.
func (b *builder) fantasyMarker(x ast.Expr) ast.Node {
	if x == nil {
		return nil
	}
	x = b.e.DefiningExpr(x)
	var found ast.Node
	ast.Inspect(x, func(n ast.Node) bool {
		if found != nil {
			return false
		}
		switch n := n.(type) {
		case *ast.CallExpr:
			if key, _ := b.callKey(n); key == fantasyPkg+"/providers/anthropic.NewProviderCacheControlOptions" {
				found = n
			}
		case *ast.CompositeLit:
			if b.typeKey(n) == fantasyPkg+"/providers/anthropic.ProviderCacheControlOptions" {
				found = n
			}
		}
		return true
	})
	return found
}
