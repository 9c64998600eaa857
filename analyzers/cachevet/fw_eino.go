package cachevet

import (
	"fmt"
	"go/ast"
	"slices"
	"strconv"

	"github.com/cachevet/cachevet/analyzers/internal/flow"
	"github.com/cachevet/cachevet/prompts"
	"github.com/cachevet/cachevet/rules"
)

// CloudWeGo Eino (eino v0.7, eino-ext claude v0.1.10, openai v0.1.7). What
// it sends, read from its source:
//   - a chat model's Generate/Stream(ctx, []*schema.Message, opts...) sends
//     the tools bound by BindTools, WithTools or the model.WithTools option,
//     then the messages in order;
//   - the Claude adapter sends the system messages before the first user
//     message as the system prompt; a system message after it is sent as a
//     user message;
//   - claude.SetMessageBreakpoint and claude.SetToolInfoBreakpoint mark a
//     message's last block or a tool with cache_control (ephemeral, default
//     TTL); claude.WithEnableAutoCache(true) marks the last tool, the last
//     system block and the last message where none is marked. Other
//     adapters ignore these markers;
//   - prompt.FromMessages(format, templates...).Format(ctx, vars) renders
//     each message template with vars; MessagesPlaceholder inserts a
//     message list (the conversation).
const (
	einoPkg       = "github.com/cloudwego/eino"
	einoExtPkg    = "github.com/cloudwego/eino-ext"
	einoModel     = einoPkg + "/components/model"
	einoSchema    = einoPkg + "/schema"
	einoPrompt    = einoPkg + "/components/prompt"
	einoClaude    = einoExtPkg + "/components/model/claude"
	einoOpenAI    = einoExtPkg + "/components/model/openai"
	einoBreakNote = "Eino's %s adapter ignores Claude cache breakpoints; this one is dropped"
)

func init() {
	sends := map[string]mapper{}
	for _, recv := range []string{einoModel + ".(BaseChatModel)", einoModel + ".(ChatModel)", einoModel + ".(ToolCallingChatModel)",
		einoClaude + ".(ChatModel)", einoOpenAI + ".(ChatModel)"} {
		sends[recv+".Generate"] = (*builder).eino
		sends[recv+".Stream"] = (*builder).eino
	}
	sends[einoPkg+"/adk.NewChatModelAgent"] = (*builder).einoAgent
	// In an Eino graph the model node is fed by a chat template's Format:
	// what Format renders is the request's messages, whatever model the
	// graph wires in (compose.AddChatModelNode).
	for _, recv := range []string{einoPrompt + ".(DefaultChatTemplate)", einoPrompt + ".(ChatTemplate)"} {
		sends[recv+".Format"] = (*builder).einoFormat
	}
	// A template wired into a graph or chain as a node: the graph calls
	// Format with what the node before it returns.
	sends[einoPkg+"/compose.(graph).AddChatTemplateNode"] = einoNode(1)
	sends[einoPkg+"/compose.(Chain).AppendChatTemplate"] = einoNode(0)
	register(&library{imports: []string{einoPkg + "/", einoExtPkg + "/"}, sends: sends})
}

// einoAdapters maps Eino's model adapter packages to providers.
var einoAdapters = map[string]string{
	einoClaude: "anthropic",
	einoOpenAI: "openai",
}

// eino maps a chat model's Generate or Stream call.
func (b *builder) eino(c *ast.CallExpr) bool {
	if len(c.Args) < 2 {
		return false
	}
	tools, auto := b.einoModel(c)
	var autoAt ast.Node = c
	if b.r.req.Provider == "" {
		b.r.req.BreakpointsKnown = false
	}
	for _, o := range b.optionCalls(c.Args[2:], c.Ellipsis.IsValid()) {
		switch {
		case o.key == einoModel+".WithTools" && len(o.call.Args) == 1:
			tools = o.call.Args[0]
		case o.key == einoModel+".WithModel" && len(o.call.Args) == 1:
			b.model(o.call.Args[0])
		case o.key == einoClaude+".WithEnableAutoCache" && len(o.call.Args) == 1:
			autoAt = o.call
			if v, ok := b.a.pass.TypesInfo.Types[o.call.Args[0]]; ok && v.Value != nil {
				auto = v.Value.String() == "true"
			} else {
				auto = true
			}
		}
	}
	if auto && b.r.req.Provider != "anthropic" {
		auto = false
	}
	start := len(b.r.req.Blocks)
	b.tools(tools, b.einoTool)
	b.autoBreakpoint(start, auto, autoAt)
	b.einoMessages(c.Args[1], auto, autoAt)
	return len(b.r.req.Blocks) > 0
}

// einoFormat maps a chat template's Format call as the messages a graph's
// model receives. The model is not known here, so neither is where
// breakpoints go: the rules that need them stay silent.
func (b *builder) einoFormat(c *ast.CallExpr) bool {
	if len(c.Args) < 2 {
		return false
	}
	b.r.req.BreakpointsKnown = false
	return b.einoTemplate(flow.Receiver(c), b.e.DefiningExpr(c.Args[1]), false, c) && len(b.r.req.Blocks) > 0
}

// einoNode maps a graph's template node (argument i): rendered with the
// variables a node of the package returns as a map literal whose keys
// fill the template's placeholders (a lambda returning {"date": ...,
// "history": ...}).
func einoNode(i int) mapper {
	return func(b *builder, c *ast.CallExpr) bool {
		if i >= len(c.Args) {
			return false
		}
		b.r.req.BreakpointsKnown = false
		ok := false
		if !b.inHelper(c.Args[i], func(ret ast.Expr) { ok = b.einoTemplate(ret, nil, false, c) }) {
			ok = b.einoTemplate(c.Args[i], nil, false, c)
		}
		return ok && len(b.r.req.Blocks) > 0
	}
}

// einoGraphVars is the map literal of the package (returned by a lambda
// node, handed to the compiled graph's Invoke or Stream) whose keys name
// the most placeholders of a template's texts, at least two (or all of
// them): the variables the graph hands the template node.
func (b *builder) einoGraphVars(texts []string, syntax string) ast.Expr {
	names := map[string]bool{}
	for _, text := range texts {
		pieces, _ := prompts.ScanTemplate(prompts.Template{Text: text, Format: flow.TemplateFormats[syntax], Names: b.a.Names})
		for _, p := range pieces {
			if p.Field != "" {
				names[p.Field] = true
			}
		}
	}
	var best ast.Expr
	bestN := 0
	for _, lit := range b.a.mapLits {
		n := 0
		for k := range b.e.CompositeFields(lit) {
			if names[k] {
				n++
			}
		}
		if n > bestN && (n >= 2 || n == len(names)) {
			best, bestN = lit, n
		}
	}
	return best
}

// autoBreakpoint marks the last block added since start when auto cache
// is on and none of them carries a breakpoint, as the Claude adapter does.
func (b *builder) autoBreakpoint(start int, auto bool, n ast.Node) {
	if !auto || len(b.r.req.Blocks) == start {
		return
	}
	for _, blk := range b.r.req.Blocks[start:] {
		if blk.Breakpoint != nil {
			return
		}
	}
	b.lastBreakpoint(n, "")
}

// einoModel follows the model value to its construction: the adapter
// (provider and Config.Model), tools bound with WithTools or BindTools,
// and auto cache set at construction (never: it is a call option).
func (b *builder) einoModel(c *ast.CallExpr) (tools ast.Expr, auto bool) {
	caller := b.e
	defer func() { b.e = caller }()
	// Tools found where a model kept in a field was built are mapped in
	// that context, now.
	done := func() (ast.Expr, bool) {
		if b.e != caller && tools != nil {
			b.tools(tools, b.einoTool)
			return nil, false
		}
		return tools, false
	}
	recv := flow.Receiver(c)
	for range 4 {
		if recv == nil {
			return done()
		}
		if tools == nil {
			tools = b.boundTools(recv, c)
		}
		def, ev := b.constructedValue(recv)
		b.e = ev
		key, dc := b.callKey(def)
		switch {
		case dc == nil:
			b.einoAdapterType(recv)
			return done()
		case keyPkg(key) == einoModel || keyPkg(key) == einoClaude || keyPkg(key) == einoOpenAI:
			if len(dc.Args) == 1 && tools == nil && (key == einoModel+".(ToolCallingChatModel).WithTools" || key == einoClaude+".(ChatModel).WithTools" || key == einoOpenAI+".(ChatModel).WithTools") {
				tools = dc.Args[0]
				recv = flow.Receiver(dc)
				continue
			}
			if p, ok := einoAdapters[keyPkg(key)]; ok && len(dc.Args) == 2 {
				b.r.req.Provider = p
				if cfg := b.literal(dc.Args[1]); cfg != nil {
					b.model(b.fields(cfg)["Model"])
				}
			}
			return done()
		default:
			b.einoAdapterType(recv)
			return done()
		}
	}
	return done()
}

func (b *builder) einoAdapterType(x ast.Expr) {
	if p, _ := b.providerOf(x, einoAdapters); p != "" {
		b.r.req.Provider = p
	}
}

// boundTools finds recv.BindTools(tools) ahead of the send call in the
// same function.
func (b *builder) boundTools(recv ast.Expr, send *ast.CallExpr) ast.Expr {
	id, ok := ast.Unparen(recv).(*ast.Ident)
	if !ok {
		return nil
	}
	obj := b.a.pass.TypesInfo.ObjectOf(id)
	var tools ast.Expr
	b.inEnclosingFunc(send, func(n ast.Node) {
		c, ok := n.(*ast.CallExpr)
		if !ok || c.Pos() >= send.Pos() || len(c.Args) != 1 {
			return
		}
		sel, ok := ast.Unparen(c.Fun).(*ast.SelectorExpr)
		if !ok || sel.Sel.Name != "BindTools" {
			return
		}
		if rid, ok := ast.Unparen(sel.X).(*ast.Ident); ok && obj != nil && b.a.pass.TypesInfo.ObjectOf(rid) == obj {
			tools = c.Args[0]
		}
	})
	return tools
}

// inEnclosingFunc walks the function declaration that holds n.
func (b *builder) inEnclosingFunc(n ast.Node, f func(ast.Node)) {
	for _, d := range b.r.file.Decls {
		fd, ok := d.(*ast.FuncDecl)
		if !ok || fd.Body == nil || n.Pos() < fd.Pos() || n.End() > fd.End() {
			continue
		}
		ast.Inspect(fd.Body, func(m ast.Node) bool {
			if m != nil {
				f(m)
			}
			return true
		})
	}
}

// einoTool maps one *schema.ToolInfo: a literal's name, description and
// parameters, with claude.SetToolInfoBreakpoint's cache control.
func (b *builder) einoTool(x ast.Expr) {
	if key, c := b.callKey(x); key == einoClaude+".SetToolInfoBreakpoint" && len(c.Args) == 1 {
		b.einoTool(c.Args[0])
		b.einoMark(c)
		return
	}
	lit := b.literal(b.e.DefiningExpr(x))
	if lit == nil || b.typeKey(lit) != einoSchema+".ToolInfo" {
		b.sourceTool(x)
		return
	}
	b.block(rules.SectionTools, "", rules.BlockTool, x, b.toolParts(b.fields(lit), []string{"Name", "Desc"}, "ParamsOneOf"))
}

// einoMark applies a Claude breakpoint marker to the block just added.
func (b *builder) einoMark(marker *ast.CallExpr) {
	switch b.r.req.Provider {
	case "anthropic", "":
		b.lastBreakpoint(marker, "")
	default:
		b.dropped(marker, fmt.Sprintf(einoBreakNote, b.r.req.Provider))
	}
}

// einoMessages maps the []*schema.Message input; with auto cache the
// Claude adapter marks the last system block and the last message.
func (b *builder) einoMessages(x ast.Expr, auto bool, n ast.Node) {
	if key, c := b.callKey(b.e.DefiningExpr(x)); (key == einoPrompt+".(DefaultChatTemplate).Format" || key == einoPrompt+".(ChatTemplate).Format") && len(c.Args) >= 2 {
		if b.einoTemplate(flow.Receiver(c), b.e.DefiningExpr(c.Args[1]), auto, n) {
			return
		}
	}
	g := b.einoGroups(auto, n)
	ok := b.orderedElems(x, func(el ast.Expr) {
		g.next(b.einoRole(el))
		b.einoMessage(el)
	}, func(p flow.Piece) {
		g.next("user")
		b.block(rules.SectionMessages, "user", rules.BlockText, x, b.parts(flow.Layout{p}))
		b.nextMessage()
	})
	if !ok {
		g.next("user")
		b.history(x)
	}
	g.end()
}

// einoGroup tracks the system and message groups the Claude adapter's
// auto cache marks.
type einoGroup struct {
	b          *builder
	auto       bool
	n          ast.Node
	sys, msgs  int
	inMessages bool
}

func (b *builder) einoGroups(auto bool, n ast.Node) *einoGroup {
	return &einoGroup{b: b, auto: auto, n: n, sys: len(b.r.req.Blocks)}
}

// next is called before each message with its role.
func (g *einoGroup) next(role string) {
	if g.inMessages || role == "system" {
		return
	}
	g.inMessages = true
	g.b.autoBreakpoint(g.sys, g.auto, g.n)
	g.msgs = len(g.b.r.req.Blocks)
}

func (g *einoGroup) end() {
	if g.inMessages {
		g.b.autoBreakpoint(g.msgs, g.auto, g.n)
	} else {
		g.b.autoBreakpoint(g.sys, g.auto, g.n)
	}
}

// einoRole is the role a message expression will have, "" when unknown.
func (b *builder) einoRole(x ast.Expr) string {
	key, c := b.callKey(x)
	switch key {
	case einoSchema + ".SystemMessage":
		return "system"
	case einoSchema + ".UserMessage":
		return "user"
	case einoSchema + ".AssistantMessage":
		return "assistant"
	case einoSchema + ".ToolMessage":
		return "tool"
	case einoClaude + ".SetMessageBreakpoint":
		if len(c.Args) == 1 {
			return b.einoRole(c.Args[0])
		}
	}
	if lit := b.literal(x); lit != nil && b.typeKey(lit) == einoSchema+".Message" {
		s, _ := b.e.StringConst(b.fields(lit)["Role"])
		return s
	}
	return ""
}

// einoMessage maps one *schema.Message.
func (b *builder) einoMessage(x ast.Expr) {
	key, c := b.callKey(x)
	if key == einoClaude+".SetMessageBreakpoint" && len(c.Args) == 1 {
		b.einoMessage(c.Args[0])
		b.einoMark(c)
		return
	}
	role := b.einoRole(x)
	var content ast.Expr
	switch {
	case role == "":
		b.history(x)
		b.nextMessage()
		return
	case c != nil && len(c.Args) >= 1:
		content = c.Args[0]
	default:
		content = b.fields(b.literal(x))["Content"]
	}
	if content == nil {
		return
	}
	b.einoBlock(role, x, b.text(content))
}

// einoBlock adds a message block: leading system messages are the system
// prompt; the Claude adapter sends a later one as a user message.
func (b *builder) einoBlock(role string, n ast.Node, parts []rules.Part) {
	started := false
	for _, blk := range b.r.req.Blocks {
		started = started || blk.Section == rules.SectionMessages
	}
	switch {
	case role == "system" && !started:
		b.block(rules.SectionSystem, "system", rules.BlockText, n, parts)
		return
	case role == "system" && b.r.req.Provider == "anthropic":
		role = "user"
	}
	b.block(rules.SectionMessages, role, rules.BlockText, n, parts)
	b.nextMessage()
}

// einoTemplate maps prompt.FromMessages(format, templates...) rendered by
// Format(ctx, vars); false when the template is built elsewhere.
func (b *builder) einoTemplate(tmpl, vars ast.Expr, auto bool, n ast.Node) bool {
	key, from := b.callKey(b.e.DefiningExpr(tmpl))
	if key != einoPrompt+".FromMessages" || len(from.Args) < 1 {
		return false
	}
	syntax := flow.FormatFString
	switch v, _ := b.e.IntConst(from.Args[0]); v {
	case 1:
		syntax = flow.FormatGo
	case 2:
		syntax = flow.FormatJinja2
	}
	templates := from.Args[1:]
	if from.Ellipsis.IsValid() && len(from.Args) == 2 {
		// FromMessages(format, cfg.Templates...): the list's elements.
		els, ok := b.e.Elems(from.Args[1])
		if !ok {
			return false
		}
		templates = nil
		for _, el := range els {
			templates = append(templates, el.X)
		}
	}
	if vars == nil {
		var texts []string
		for _, t := range templates {
			if _, tc := b.callKey(t); tc != nil && len(tc.Args) > 0 {
				if text, ok := b.e.Eval(tc.Args[0]).Text(); ok {
					texts = append(texts, text)
				}
			}
		}
		vars = b.einoGraphVars(texts, syntax)
	}
	g := b.einoGroups(auto, n)
	for _, t := range templates {
		tkey, tc := b.callKey(t)
		var marker *ast.CallExpr
		if tkey == einoClaude+".SetMessageBreakpoint" && len(tc.Args) == 1 {
			marker = tc
			tkey, tc = b.callKey(tc.Args[0])
		}
		role := b.einoRole(t)
		if tkey == einoSchema+".MessagesPlaceholder" {
			// The conversation so far, then the turn's new message.
			g.next("user")
			b.block(rules.SectionMessages, "user", rules.BlockText, t, b.parts(flow.SlotAt(t, &rules.Slot{
				Name: b.a.ShortText(t), Kind: rules.KindHistory, Lifetime: rules.LifeStable, Runtime: rules.RuntimeHistory, Why: "MessagesPlaceholder",
			})))
			b.nextMessage()
			b.block(rules.SectionMessages, "user", rules.BlockText, t, b.parts(flow.SlotAt(t, &rules.Slot{
				Name: "last message of " + b.a.ShortText(t), Kind: rules.KindQuery, Lifetime: rules.LifeRequest, Why: turnInput,
			})))
			b.nextMessage()
			continue
		}
		if role == "" || tc == nil || len(tc.Args) == 0 {
			g.next("user")
			b.history(t)
			b.nextMessage()
			continue
		}
		g.next(role)
		var parts []rules.Part
		if src := b.e.Eval(tc.Args[0]); src.Known() {
			parts = b.parts(b.e.Render(tc, syntax, src, vars))
		} else {
			// The template itself, loaded from a file or a store, is the
			// application's text: stable, of unknown size.
			tmpl := flow.SlotAt(tc.Args[0], &rules.Slot{Name: b.a.ShortText(tc.Args[0]), Kind: rules.KindOther, Lifetime: rules.LifeStable, Why: "template read at run time"})
			parts = b.parts(append(tmpl, b.einoUnseenVars(vars)...))
		}
		b.einoBlock(role, t, parts)
		if marker != nil {
			b.einoMark(marker)
		}
	}
	g.end()
	return true
}

// einoUnseenVars stands for what Format fills into a template the analyzer
// cannot read (loaded from an embedded file, a prompt store): the values
// that change between requests, in key order. A value handed to Format is
// there to be printed, so it is somewhere in that message; conversation
// values are left out (they fill a MessagesPlaceholder).
func (b *builder) einoUnseenVars(vars ast.Expr) flow.Layout {
	fields := b.e.CompositeFields(vars)
	keys := make([]string, 0, len(fields))
	for k := range fields {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	var out flow.Layout
	for _, k := range keys {
		for _, p := range b.e.Eval(fields[k]) {
			if p.Slot == nil || p.Slot.Runtime == rules.RuntimeHistory || p.Slot.Kind == rules.KindHistory || !p.Slot.Lifetime.Volatile() || p.Slot.Lifetime == rules.LifeUnknown {
				continue
			}
			q := p
			s := *p.Slot
			if s.Why == "" {
				s.Why = "filled into template variable " + strconv.Quote(k)
			} else {
				s.Why += ", filled into template variable " + strconv.Quote(k)
			}
			q.Slot = &s
			out = append(out, q)
		}
	}
	return out
}

// einoAgent maps adk.NewChatModelAgent(ctx, &ChatModelAgentConfig{...}):
// every turn its default GenModelInput sends the tools of ToolsConfig, the
// Instruction as the system message, formatted as an f-string with the
// session values when there are any, then the conversation. Chat model
// options (the Claude adapter's auto cache) are passed when the agent
// runs, so where breakpoints go is not known here.
func (b *builder) einoAgent(c *ast.CallExpr) bool {
	if len(c.Args) != 2 {
		return false
	}
	cfg := b.literal(c.Args[1])
	if cfg == nil {
		return false
	}
	f := b.fields(cfg)
	if m := f["Model"]; m != nil {
		if key, dc := b.callKey(b.e.DefiningExpr(m)); dc != nil && len(dc.Args) == 2 {
			if p, ok := einoAdapters[keyPkg(key)]; ok {
				b.r.req.Provider = p
				if lit := b.literal(dc.Args[1]); lit != nil {
					b.model(b.fields(lit)["Model"])
				}
			}
		}
	}
	b.r.req.BreakpointsKnown = false
	if tc := b.literal(f["ToolsConfig"]); tc != nil {
		tf := b.fields(tc)
		if node := b.literal(tf["ToolsNodeConfig"]); node != nil {
			tf = b.fields(node)
		}
		b.tools(tf["Tools"], b.sourceTool)
	}
	if x := f["Instruction"]; x != nil {
		var out flow.Layout
		for _, p := range agentParams(b.e.Eval(x)) {
			if p.Slot != nil || p.Param >= 0 {
				out = append(out, p)
				continue
			}
			out = append(out, einoSessionSplit(p, b.a.Names)...)
		}
		b.block(rules.SectionSystem, "system", rules.BlockText, x, b.parts(out))
	}
	if len(b.r.req.Blocks) == 0 {
		return false
	}
	b.sessionHistory(c, "session history")
	return true
}

// einoSessionSplit splits an instruction's f-string placeholders, filled
// from the session values: what their names say, else once per session. The
// placeholders are read by the one template engine (prompts.ScanTemplate).
func einoSessionSplit(p flow.Piece, names rules.NameOverrides) flow.Layout {
	pieces, errs := prompts.ScanTemplate(prompts.Template{Text: p.Text, Format: prompts.FormatFString, Names: names})
	if len(errs) > 0 {
		return flow.Layout{p}
	}
	var out flow.Layout
	for _, tp := range pieces {
		q := p
		q.Text = tp.Text
		if tp.Slot != nil {
			name := tp.Field
			if name == "" {
				name = tp.Text
			}
			kind, life := rules.ClassifyName(name, names)
			if life == rules.LifeUnknown || life == rules.LifeStable {
				life = rules.LifeSession
			}
			q.Slot = &rules.Slot{Name: tp.Text, Kind: kind, Lifetime: life, Why: "Eino session value"}
		}
		out = append(out, q)
	}
	return out
}
