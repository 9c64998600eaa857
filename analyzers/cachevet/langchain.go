package cachevet

import (
	"go/ast"
	"go/types"
	"strings"

	"github.com/cachevet/cachevet/analyzers/internal/flow"
	"github.com/cachevet/cachevet/rules"
)

func init() {
	sends := map[string]mapper{}
	for key, m := range langchainSends {
		sends[key] = func(b *builder, c *ast.CallExpr) bool { return b.langchain(c, m) }
	}
	register(&library{imports: []string{flow.LangchainPkg + "/"}, sends: sends})
}

// lcSend says where a langchaingo send function takes its inputs:
// argument indexes, -1 when absent (llm -1: the receiver).
type lcSend struct {
	messages, prompt, llm, opts int
}

var (
	lcGenerate = lcSend{messages: 1, prompt: -1, llm: -1, opts: 2}
	lcCall     = lcSend{messages: -1, prompt: 1, llm: -1, opts: 2}
)

// langchainSends are langchaingo's functions that send a request.
var langchainSends = map[string]lcSend{
	flow.Lc("llms.(Model).GenerateContent"):             lcGenerate,
	flow.Lc("llms/anthropic.(LLM).GenerateContent"):     lcGenerate,
	flow.Lc("llms/openai.(LLM).GenerateContent"):        lcGenerate,
	flow.Lc("llms/googleai.(GoogleAI).GenerateContent"): lcGenerate,
	flow.Lc("llms.(Model).Call"):                        lcCall,
	flow.Lc("llms/anthropic.(LLM).Call"):                lcCall,
	flow.Lc("llms/openai.(LLM).Call"):                   lcCall,
	flow.Lc("llms/googleai.(GoogleAI).Call"):            lcCall,
	flow.Lc("llms.GenerateFromSinglePrompt"):            {messages: -1, prompt: 2, llm: 1, opts: 3},
	// Bedrock and Vertex (v0.1.14): neither sends cache control. Local and
	// other providers (ollama, mistral) have no model in the catalog.
	flow.Lc("llms/bedrock.(LLM).GenerateContent"):            lcGenerate,
	flow.Lc("llms/bedrock.(LLM).Call"):                       lcCall,
	flow.Lc("llms/googleai/vertex.(Vertex).GenerateContent"): lcGenerate,
	flow.Lc("llms/googleai/vertex.(Vertex).Call"):            lcCall,
}

// lcProviders maps a langchaingo provider package to its provider and the
// option that names the model.
var lcProviders = map[string]struct{ provider, modelOpt string }{
	flow.Lc("llms/anthropic"): {"anthropic", flow.Lc("llms/anthropic.WithModel")},
	flow.Lc("llms/openai"):    {"openai", flow.Lc("llms/openai.WithModel")},
	flow.Lc("llms/googleai"):  {"google", flow.Lc("llms/googleai.WithDefaultModel")},
	// Bedrock serves several providers: the model id names it.
	flow.Lc("llms/bedrock"):         {"", flow.Lc("llms/bedrock.WithModel")},
	flow.Lc("llms/googleai/vertex"): {"google", flow.Lc("llms/googleai.WithDefaultModel")},
}

// lcRoles maps llms.ChatMessageType values to request roles.
var lcRoles = map[string]string{
	"system": "system", "human": "user", "ai": "assistant", "tool": "tool", "function": "tool", "generic": "user",
}

// langchain maps a langchaingo request. The provider comes from the
// model's type or constructor; when neither is visible (an llms.Model
// passed in), from llms.WithModel or the configured model, and where
// breakpoints go is not known.
func (b *builder) langchain(c *ast.CallExpr, m lcSend) bool {
	llm := flow.Receiver(c)
	if m.llm >= 0 && m.llm < len(c.Args) {
		llm = c.Args[m.llm]
	}
	if llm != nil {
		b.lcProvider(llm)
	}
	var tools, cache ast.Expr
	if m.opts >= 0 {
		for _, opt := range c.Args[min(m.opts, len(c.Args)):] {
			key, oc := b.callKey(opt)
			if oc == nil || len(oc.Args) != 1 {
				continue
			}
			switch key {
			case flow.Lc("llms.WithModel"):
				b.model(oc.Args[0])
			case flow.Lc("llms.WithTools"):
				tools = oc.Args[0]
			case flow.Lc("llms/googleai.WithCachedContent"):
				// Only the googleai provider reads the named cache.
				if b.r.lib == flow.Lc("llms/googleai") {
					cache = oc.Args[0]
				}
			}
		}
	}
	b.tools(tools, b.sourceTool)
	if cache != nil {
		b.namedCache(cache)
	}
	req := b.r.req
	if req.Provider == "" {
		req.Provider = rules.ProviderOf(req.Model)
	}
	if req.Provider == "" {
		req.BreakpointsKnown = false
	}
	switch {
	case m.messages >= 0 && m.messages < len(c.Args):
		msgs := c.Args[m.messages]
		b.messages(msgs, b.lcMessage)
	case m.prompt >= 0 && m.prompt < len(c.Args):
		b.block(rules.SectionMessages, "user", rules.BlockText, c.Args[m.prompt], b.text(c.Args[m.prompt]))
	}
	return len(req.Blocks) > 0
}

// lcProvider sets the provider (and model) from the model value's type, or
// from the constructor call that defines it.
func (b *builder) lcProvider(x ast.Expr) {
	if t := b.a.pass.TypesInfo.TypeOf(x); t != nil {
		if p, ok := t.(*types.Pointer); ok {
			t = p.Elem()
		}
		if n, ok := types.Unalias(t).(*types.Named); ok && n.Obj().Pkg() != nil {
			if p, ok := lcProviders[n.Obj().Pkg().Path()]; ok {
				b.r.req.Provider = p.provider
				b.r.lib = n.Obj().Pkg().Path()
			}
		}
	}
	newCall := b.e.DefiningExpr(x)
	key, c := b.callKey(newCall)
	if c == nil {
		return
	}
	for path, p := range lcProviders {
		if key != path+".New" && key != path+".NewWithContext" {
			continue
		}
		b.r.req.Provider, b.r.lib = p.provider, path
		for _, opt := range c.Args {
			if okey, oc := b.callKey(opt); okey == p.modelOpt && len(oc.Args) == 1 {
				b.model(oc.Args[0])
			}
		}
	}
	if b.r.lib == flow.Lc("llms/bedrock") {
		b.bedrockModel()
	}
}

// lcMessage maps one llms.MessageContent: llms.TextParts(role, ...) or a
// literal with Role and Parts.
func (b *builder) lcMessage(x ast.Expr) {
	defer b.nextMessage()
	if key, c := b.callKey(x); key == flow.Lc("llms.TextParts") && len(c.Args) >= 1 {
		role := b.lcRole(c.Args[0])
		for _, p := range c.Args[1:] {
			b.roleBlock(role, p, b.text(p))
		}
		return
	}
	lit := b.literal(x)
	if lit == nil {
		b.history(x)
		return
	}
	f := b.fields(lit)
	role := b.lcRole(f["Role"])
	parts := f["Parts"]
	if parts == nil {
		return
	}
	first := true
	if !b.orderedElems(parts, func(el ast.Expr) {
		if role == "system" && b.r.req.Provider == "anthropic" && !first {
			return // langchaingo sends only a system message's first part to Anthropic
		}
		first = false
		b.lcPart(role, el)
	}, func(p flow.Piece) {
		b.roleBlock(role, parts, b.parts(flow.Layout{p}))
	}) {
		b.roleBlock(role, parts, b.text(parts))
	}
}

func (b *builder) lcRole(x ast.Expr) string {
	s, _ := b.e.StringConst(x)
	if r, ok := lcRoles[s]; ok {
		return r
	}
	return "user"
}

// lcPart maps one llms.ContentPart. Cache control (llms.WithCacheControl,
// llms.CachedContent) reaches Anthropic only on human messages: langchaingo
// v0.1.14 drops it on system messages and has no way to send a TTL.
func (b *builder) lcPart(role string, x ast.Expr) {
	inner, control := x, ast.Expr(nil)
	if key, c := b.callKey(x); key == flow.Lc("llms.WithCacheControl") && len(c.Args) == 2 {
		inner, control = c.Args[0], c.Args[1]
	} else if lit := b.literal(x); lit != nil && b.typeKey(lit) == flow.Lc("llms.CachedContent") {
		f := b.fields(lit)
		inner, control = f["ContentPart"], f["CacheControl"]
	}
	var parts []rules.Part
	switch key, c := b.callKey(inner); {
	case inner == nil:
		return
	case key == flow.Lc("llms.TextPart") && len(c.Args) == 1:
		parts = b.text(c.Args[0])
	default:
		if lit := b.literal(inner); lit != nil && b.typeKey(lit) == flow.Lc("llms.TextContent") {
			parts = b.text(b.fields(lit)["Text"])
		} else {
			parts = b.text(inner)
		}
	}
	before := len(b.r.req.Blocks)
	b.roleBlock(role, x, parts)
	if control == nil || len(b.r.req.Blocks) == before {
		return
	}
	switch {
	case b.r.lib != "" && b.r.lib != flow.Lc("llms/anthropic"):
		b.dropped(control, "langchaingo's "+strings.TrimPrefix(b.r.lib, flow.Lc("llms/"))+" provider does not send cache control; this marker is dropped")
	case role == "user" && b.r.req.Provider == "anthropic":
		b.r.req.Blocks[len(b.r.req.Blocks)-1].Breakpoint = &rules.Breakpoint{Span: b.a.Span(control.Pos(), control.End())}
	case b.r.req.Provider == "anthropic":
		b.dropped(control, "langchaingo sends cache control only on human messages; this one is dropped")
	}
}

// bedrockModel turns a Bedrock model id (us.anthropic.claude-sonnet-4-5-
// 20250929-v1:0) into the provider and the model's own id.
func (b *builder) bedrockModel() {
	id := b.r.req.Model
	for _, region := range []string{"us.", "eu.", "apac.", "global."} {
		id = strings.TrimPrefix(id, region)
	}
	vendor, rest, ok := strings.Cut(id, ".")
	if !ok {
		return
	}
	if i := strings.LastIndex(rest, "-v"); i > 0 && strings.Contains(rest[i:], ":") {
		rest = rest[:i]
	}
	b.r.req.Model = rest
	if vendor == "anthropic" {
		b.r.req.Provider = "anthropic"
	}
}
