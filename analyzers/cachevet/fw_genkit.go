package cachevet

import (
	"go/ast"
	"strings"
	"time"

	"github.com/cachevet/cachevet/analyzers/internal/flow"
	"github.com/cachevet/cachevet/rules"
)

// Firebase Genkit for Go (v1.4). What it sends, read from its source:
//   - genkit.Generate (GenerateText, GenerateData, the Stream forms) builds
//     the tools of ai.WithTools, then the messages: the system prompt of
//     ai.WithSystem (fmt.Sprintf of its text and arguments) first, then
//     ai.WithMessages, then ai.WithPrompt as a new user message;
//   - a prompt from genkit.DefinePrompt renders its ai.WithSystem and
//     ai.WithPrompt templates (Handlebars {{field}}) with the input of
//     ai.WithInput when executed;
//   - the model name ("googleai/gemini-2.5-flash", "anthropic/claude-...")
//     comes from ai.WithModelName or genkit.WithDefaultModel at Init;
//   - Message.WithCacheTTL marks a message: the Google AI plugin stores the
//     messages up to it in an explicit cache with that TTL; the Anthropic
//     plugin sends every system message as system text and never sends
//     cache_control, so the marker is dropped.
const (
	genkitPkg = "github.com/firebase/genkit/go"
	genkitG   = genkitPkg + "/genkit"
	genkitAI  = genkitPkg + "/ai"
)

func init() {
	register(&library{imports: []string{genkitPkg + "/"}, sends: map[string]mapper{
		genkitG + ".Generate":                (*builder).genkitGenerate,
		genkitG + ".GenerateText":            (*builder).genkitGenerate,
		genkitG + ".GenerateData":            (*builder).genkitGenerate,
		genkitG + ".GenerateStream":          (*builder).genkitGenerate,
		genkitG + ".GenerateDataStream":      (*builder).genkitGenerate,
		genkitAI + ".(Prompt).Execute":       (*builder).genkitExecute,
		genkitAI + ".(Prompt).ExecuteStream": (*builder).genkitExecute,
		genkitAI + ".(DataPrompt).Execute":   (*builder).genkitExecute,
	}})
}

// genkitProviders maps the model name's plugin prefix to a provider.
var genkitProviders = map[string]string{
	"googleai": "google", "vertexai": "google", "anthropic": "anthropic", "openai": "openai",
}

// genkitReq gathers a request's options before they are mapped in the
// order Genkit sends them.
type genkitReq struct {
	system, prompt *ast.CallExpr // ai.WithSystem, ai.WithPrompt
	messages       []*ast.CallExpr
	tools          []*ast.CallExpr
	// input is ai.WithInput's value for a defined prompt's templates.
	input ast.Expr
}

func (g *genkitReq) add(b *builder, o optCall) {
	switch o.key {
	case genkitAI + ".WithSystem":
		g.system = o.call
	case genkitAI + ".WithPrompt":
		g.prompt = o.call
	case genkitAI + ".WithMessages":
		g.messages = append(g.messages, o.call)
	case genkitAI + ".WithTools":
		g.tools = append(g.tools, o.call)
	case genkitAI + ".WithModelName":
		if len(o.call.Args) == 1 {
			b.genkitModel(o.call.Args[0])
		}
	case genkitAI + ".WithInput":
		if len(o.call.Args) == 1 {
			g.input = b.e.DefiningExpr(o.call.Args[0])
		}
	}
}

// genkitGenerate maps genkit.Generate(ctx, g, opts...) and its variants.
func (b *builder) genkitGenerate(c *ast.CallExpr) bool {
	if len(c.Args) < 2 {
		return false
	}
	var g genkitReq
	b.genkitDefault(c.Args[1])
	for _, o := range b.optionCalls(c.Args[2:], c.Ellipsis.IsValid()) {
		g.add(b, o)
	}
	return b.genkitMap(&g, false)
}

// genkitExecute maps Prompt.Execute(ctx, opts...) on a prompt defined by
// genkit.DefinePrompt in view.
func (b *builder) genkitExecute(c *ast.CallExpr) bool {
	key, def := b.callKey(b.e.DefiningExpr(flow.Receiver(c)))
	if key != genkitG+".DefinePrompt" && key != genkitG+".DefineDataPrompt" || len(def.Args) < 2 {
		return false // a prompt loaded from a .prompt file: the file is checked on its own
	}
	var g genkitReq
	b.genkitDefault(def.Args[0])
	for _, o := range b.optionCalls(def.Args[2:], def.Ellipsis.IsValid()) {
		g.add(b, o)
	}
	for _, o := range b.optionCalls(c.Args[1:], c.Ellipsis.IsValid()) {
		g.add(b, o)
	}
	return b.genkitMap(&g, true)
}

// genkitDefault takes the default model of the *Genkit value's Init.
func (b *builder) genkitDefault(x ast.Expr) {
	key, c := b.callKey(b.e.DefiningExpr(x))
	if key != genkitG+".Init" {
		return
	}
	for _, o := range b.optionCalls(c.Args[1:], c.Ellipsis.IsValid()) {
		if o.key == genkitG+".WithDefaultModel" && len(o.call.Args) == 1 && b.r.req.Model == "" {
			b.genkitModel(o.call.Args[0])
		}
	}
}

// genkitModel reads "plugin/model-id".
func (b *builder) genkitModel(x ast.Expr) {
	s, ok := b.e.StringConst(x)
	if !ok {
		return
	}
	plugin, id, ok := strings.Cut(s, "/")
	if !ok {
		return
	}
	b.r.req.Provider = genkitProviders[plugin]
	b.r.req.Model = id
	b.r.req.ModelSpan = b.a.Span(x.Pos(), x.End())
}

func (b *builder) genkitMap(g *genkitReq, templated bool) bool {
	if b.r.req.Provider == "" {
		b.r.req.Provider = rules.ProviderOf(b.r.req.Model)
	}
	if b.r.req.Provider == "" {
		b.r.req.BreakpointsKnown = false
	}
	for _, t := range g.tools {
		for i, x := range t.Args {
			if t.Ellipsis.IsValid() && i == len(t.Args)-1 {
				b.tools(x, b.genkitTool)
			} else {
				b.genkitTool(x)
			}
		}
	}
	text := func(c *ast.CallExpr) []rules.Part {
		if templated && len(c.Args) == 1 {
			if src := b.e.Eval(c.Args[0]); src.Known() && g.input != nil {
				return b.parts(b.e.Render(c, flow.FormatJinja2, src, g.input))
			}
		}
		if len(c.Args) > 1 {
			return b.parts(b.e.Sprintf(c.Args[0], c.Args[1:]))
		}
		return b.text(c.Args[0])
	}
	if g.system != nil && len(g.system.Args) > 0 {
		b.block(rules.SectionSystem, "system", rules.BlockText, g.system, text(g.system))
	}
	for _, m := range g.messages {
		for i, x := range m.Args {
			if m.Ellipsis.IsValid() && i == len(m.Args)-1 {
				if !b.messages(x, b.genkitMessage) {
					b.nextMessage()
				}
				continue
			}
			b.genkitMessage(x)
		}
	}
	if g.prompt != nil && len(g.prompt.Args) > 0 {
		b.block(rules.SectionMessages, "user", rules.BlockText, g.prompt, text(g.prompt))
		b.nextMessage()
	}
	return len(b.r.req.Blocks) > 0
}

// genkitTool maps a tool: genkit.DefineTool(g, name, description, fn)
// in view sends its name, description and input schema.
func (b *builder) genkitTool(x ast.Expr) {
	if key, c := b.callKey(b.e.DefiningExpr(x)); (key == genkitG+".DefineTool" || key == genkitAI+".DefineTool") && len(c.Args) >= 3 {
		b.block(rules.SectionTools, "", rules.BlockTool, x, append(b.text(c.Args[1]), b.text(c.Args[2])...))
		return
	}
	b.sourceTool(x)
}

// genkitMessage maps one *ai.Message: the New...TextMessage helpers, with
// WithCacheTTL; anything else is part of the conversation.
func (b *builder) genkitMessage(x ast.Expr) {
	defer b.nextMessage()
	key, c := b.callKey(x)
	var ttl *ast.CallExpr
	if key == genkitAI+".(Message).WithCacheTTL" && len(c.Args) == 1 {
		ttl = c
		key, c = b.callKey(flow.Receiver(c))
	}
	var role string
	switch key {
	case genkitAI + ".NewSystemTextMessage":
		role = "system"
	case genkitAI + ".NewUserTextMessage":
		role = "user"
	case genkitAI + ".NewModelTextMessage":
		role = "assistant"
	default:
		b.history(x)
		return
	}
	if len(c.Args) != 1 {
		return
	}
	sec := rules.SectionMessages
	if role == "system" && (b.r.req.Provider == "anthropic" || !b.messagesStarted()) {
		sec = rules.SectionSystem // the Anthropic plugin moves every system message there
	}
	b.block(sec, role, rules.BlockText, x, b.text(c.Args[0]))
	if ttl == nil {
		return
	}
	switch b.r.req.Provider {
	case "google":
		n, _ := b.e.IntConst(ttl.Args[0])
		b.lastBreakpoint(ttl, (time.Duration(n) * time.Second).String())
	case "":
		b.lastBreakpoint(ttl, "")
	default:
		b.dropped(ttl, "Genkit's "+b.r.req.Provider+" plugin ignores WithCacheTTL; this cache marker is dropped")
	}
}

func (b *builder) messagesStarted() bool {
	for _, blk := range b.r.req.Blocks {
		if blk.Section == rules.SectionMessages {
			return true
		}
	}
	return false
}
