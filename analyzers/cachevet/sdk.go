package cachevet

import (
	"go/ast"
	"go/token"
	"go/types"
	"strings"

	"github.com/cachevet/cachevet/analyzers/internal/flow"
	"github.com/cachevet/cachevet/rules"
)

// sdkRequest is a recognized request with what fixes need.
type sdkRequest struct {
	req  *rules.Request
	call *ast.CallExpr
	file *ast.File
	// sdkName is the file's import name of the SDK package.
	sdkName string
	// beta marks an Anthropic Beta service request.
	beta bool
	// lib is the package that turns the request into the provider's
	// (langchaingo's provider package), when known.
	lib string
	// notes are related locations added to a missing-breakpoint finding
	// (cache control the library drops).
	notes []rules.Related
	// zeroMarkers are cache markers the SDK leaves out of the JSON (a zero
	// CacheControlEphemeralParam{}): each is reported at the marker.
	zeroMarkers []rules.Related
	// zeroFixes are the replacements of zero marker literals, by span.
	zeroFixes map[rules.Span]string
	// systemLits are the TextBlockParam literals of system blocks, by the
	// block's span (a finding on the block carries it).
	systemLits map[rules.Span]*ast.CompositeLit
	// ranges are the map ranges behind order slots, by slot span.
	ranges map[rules.Span]*ast.RangeStmt
	// sinks are the slots standing for an exported function's parameter.
	sinks map[*rules.Slot]*flow.SinkRef
	// local keeps only the findings at this package's own code: a
	// request completed from a SinkFact.
	local bool
	// bound marks a request judged with one caller's arguments (see
	// callerEvaluators): it adds findings, not a request of its own.
	bound bool
	// assembled are the literals the request's parameters were read
	// from, where a helper's caller builds them (see paramsArg).
	assembled []ast.Node
	// toolLoops are the loops around the send that re-send the list
	// after the turn's input, with nothing earlier requests sent in it
	// (see loopTurns).
	toolLoops []loopIn
}

// requests maps every send call the index found, in source order.
func (a *analysis) requests() []*sdkRequest {
	var out []*sdkRequest
	for _, site := range a.sendSites {
		if r := a.siteRequest(site, a.EvaluatorAt(site.fd), false); r != nil {
			out = append(out, r)
		}
		// A wrapper that sends what its callers pass (a Run(ctx,
		// messages) method, exported or called from several places) is
		// also judged with each caller's arguments: the request its
		// callers make is where the values are built.
		for _, e := range a.callerEvaluators(site.fd) {
			if r := a.siteRequest(site, e, true); r != nil {
				out = append(out, r)
			}
		}
	}
	return out
}

// siteRequest maps one send call with an evaluator for its function, nil
// when the call is no request; bound marks a request judged with one
// caller's arguments, which only adds findings (the request itself is the
// unbound one's).
func (a *analysis) siteRequest(site sendSite, e *flow.Evaluator, bound bool) *sdkRequest {
	b := a.newBuilderWith(site.file, site.fd, site.call, e)
	b.r.bound = bound
	if fn := flow.Callee(a.pass.TypesInfo, site.call); fn != nil && fn.Pkg() != nil {
		b.r.sdkName = importName(site.file, fn.Pkg().Path())
	}
	if !site.send(b, site.call) {
		return nil
	}
	if req := b.r.req; req.BreakpointsKnown && req.Auto == nil && len(req.Breakpoints()) == 0 &&
		(a.setsMarker(site.fd) || b.e.Fn != nil && a.setsMarker(b.e.Fn.Decl)) {
		// The code that builds the request sets a marker the
		// mapping could not place (on a block built in a loop,
		// under a condition): where breakpoints go is not known,
		// and "none" would be a false claim.
		req.BreakpointsKnown = false
	}
	pastTurns(b.r.req)
	a.fixedPerConversation(b.r.req, b.anchors(site.call, e), b.r.toolLoops)
	return b.r
}

// maxCallerBindings bounds how many callers a sending function is judged
// with.
const maxCallerBindings = 4

// callerEvaluators are evaluators of a sending function bound to each of
// its call sites in the package, for a function evaluatorAt leaves
// unbound: an exported one, or one called from several places. A
// recursive call is no caller.
func (a *analysis) callerEvaluators(fd *ast.FuncDecl) []*flow.Evaluator {
	fn, _ := a.pass.TypesInfo.Defs[fd.Name].(*types.Func)
	if fn == nil {
		return nil
	}
	sites := a.CallSites[fn]
	if !fn.Exported() && len(sites) == 1 {
		return nil // evaluatorAt binds it already
	}
	var out []*flow.Evaluator
	for _, s := range sites {
		if s.Fd == fd || len(out) == maxCallerBindings {
			continue
		}
		e := &flow.Evaluator{A: a.Engine, Fn: a.FuncInfoFor(fd), Visiting: map[types.Object]bool{}}
		caller := &flow.Evaluator{A: a.Engine, Fn: a.FuncInfoFor(s.Fd), Visiting: map[types.Object]bool{}}
		e.Bind(caller, fd, fn, s.Call)
		out = append(out, e)
	}
	return out
}

// turnInput is the Why of the slot history() puts after a conversation for
// the turn's new message.
const turnInput = "the turn's input"

// pastTurns makes a turn's input, or a message of the conversation, that
// more messages follow (a tool loop
// appends the model's reply and the tool results to the same slice) part of
// the conversation: within the loop it is the same on every request. Only
// the input of the last message stays the new, per-request part.
func pastTurns(req *rules.Request) {
	last := -1
	for i := range req.Blocks {
		if req.Blocks[i].Section == rules.SectionMessages {
			last = req.Blocks[i].Message
		}
	}
	for i := range req.Blocks {
		blk := &req.Blocks[i]
		if blk.Section != rules.SectionMessages || blk.Message == last {
			continue
		}
		for j := range blk.Parts {
			if s := blk.Parts[j].Slot; s != nil && (s.Why == turnInput || s.Kind == rules.KindHistory && s.Lifetime == rules.LifeRequest) {
				past := *s
				past.Kind, past.Lifetime, past.Why = rules.KindHistory, rules.LifeStable, "an earlier turn of the conversation"
				blk.Parts[j].Slot = &past
			}
		}
	}
}

func (a *analysis) newBuilder(f *ast.File, fd *ast.FuncDecl, c *ast.CallExpr) *builder {
	return a.newBuilderWith(f, fd, c, a.EvaluatorAt(fd))
}

// newBuilderWith is newBuilder with the function's evaluator given.
func (a *analysis) newBuilderWith(f *ast.File, fd *ast.FuncDecl, c *ast.CallExpr, e *flow.Evaluator) *builder {
	b := &builder{
		a: a, fd: fd, e: e,
		r:       &sdkRequest{call: c, file: f, systemLits: map[rules.Span]*ast.CompositeLit{}, ranges: map[rules.Span]*ast.RangeStmt{}},
		litVars: map[*ast.CompositeLit][]litVar{},
	}
	sp := a.Span(c.Pos(), c.End())
	b.r.req = &rules.Request{Source: "go", BreakpointsKnown: true, Span: sp, File: sp.File}
	return b
}

// importName is the name a file uses for an import path.
func importName(f *ast.File, path string) string {
	for _, imp := range f.Imports {
		if strings.Trim(imp.Path.Value, `"`) != path {
			continue
		}
		if imp.Name != nil {
			return imp.Name.Name
		}
	}
	return lastElem(flow.TrimVersion(path))
}

func lastElem(path string) string {
	path = path[strings.LastIndexByte(path, '/')+1:]
	return strings.ReplaceAll(path, "-sdk-go", "")
}

// builder maps one request's parameters onto the request model.
type builder struct {
	a *analysis
	// fd is the function the send call is in.
	fd  *ast.FuncDecl
	e   *flow.Evaluator
	r   *sdkRequest
	msg int
	// ant are the Anthropic names in use (Messages or Beta).
	ant antNames
	// litVars are the variables request literals were reached through.
	litVars map[*ast.CompositeLit][]litVar
	// loopList, while a message or tool list is mapped, maps the input
	// list its elements are appended from in a loop (see listOf).
	loopList func(list, el ast.Expr)
	// loose reads the agent's own types by shape: field names folded and
	// synonyms taken (see looseName).
	loose bool
}

// literal follows an expression to the composite literal it is: &T{},
// a local variable defined by one.
// A variable declared without a value (var params T) and filled field by
// field stands for an empty literal of its type.
func (b *builder) literal(x ast.Expr) *ast.CompositeLit {
	lit, _ := b.literalHeld(x)
	return lit
}

// literalHeld is literal with the variable nearest the use that the
// literal was reached through, nil for none.
func (b *builder) literalHeld(x ast.Expr) (*ast.CompositeLit, *litVar) {
	var held *litVar // the variable nearest the use
	for range 4 {
		x = ast.Unparen(x)
		switch y := x.(type) {
		case *ast.CompositeLit:
			if held != nil {
				b.litVars[y] = append(b.litVars[y], *held)
			}
			return y, held
		case *ast.UnaryExpr:
			x = y.X
		case *ast.StarExpr:
			x = y.X // *req: the literal req points to
		case *ast.Ident:
			v, _ := b.a.pass.TypesInfo.ObjectOf(y).(*types.Var)
			d := b.e.Fn.LastDef(v, y.Pos())
			if held == nil && v != nil {
				held = &litVar{v: v, fi: b.e.Fn, use: y.Pos()}
				if d != nil {
					held.from = d.Pos
				}
			}
			if d == nil || d.Result > 0 {
				if d == nil && v != nil && held.v == v && len(b.e.Fn.Fields[v]) > 0 {
					lit := &ast.CompositeLit{Lbrace: y.Pos(), Rbrace: y.End()}
					b.litVars[lit] = append(b.litVars[lit], *held)
					return lit, held
				}
				return nil, held
			}
			x = d.Rhs
		default:
			return nil, held
		}
	}
	return nil, held
}

// litVar is the local variable a request literal was reached through, so
// that assignments to its fields before the send count.
type litVar struct {
	v         *types.Var
	fi        *flow.FuncInfo
	from, use token.Pos
}

// fields maps a literal's fields to their values, with the assignments
// to the fields of the variable holding it (params.System = ...) between
// its definition and the send applied.
func (b *builder) fields(lit *ast.CompositeLit) map[string]ast.Expr {
	f := b.e.CompositeFields(lit)
	// The variables are listed from the literal's own function out to
	// the caller nearest the send: later assignments win.
	for _, lv := range b.litVars[lit] {
		for _, fd := range lv.fi.Fields[lv.v] {
			if fd.Pos > lv.from && fd.End <= lv.use {
				f[fd.Name] = fd.Rhs
			}
		}
	}
	return f
}

func (b *builder) parts(l flow.Layout) []rules.Part {
	if b.e.Constructor {
		l = flow.Fixed(l, "set at construction")
	}
	out := make([]rules.Part, 0, len(l))
	for _, p := range l {
		sp := b.a.Span(p.Pos, p.End)
		if p.Slot != nil && p.Slot.Runtime == "" && p.Slot.Kind == rules.KindDocuments && !p.Slot.Order {
			s := *p.Slot // retrieved documents: file contents of assumed size
			s.Runtime = rules.RuntimeFile
			p.Slot = &s
		}
		out = append(out, rules.Part{Text: p.Text, Slot: p.Slot, Span: sp})
		if p.Sink != nil && p.Slot != nil {
			if b.r.sinks == nil {
				b.r.sinks = map[*rules.Slot]*flow.SinkRef{}
			}
			b.r.sinks[p.Slot] = p.Sink
		}
		if p.Rng != nil {
			b.r.ranges[sp] = p.Rng
		}
	}
	return out
}

// text evaluates a string field, unwrapping option helpers
// (anthropic.String, openai.String, param.NewOpt).
func (b *builder) text(x ast.Expr) []rules.Part {
	return b.parts(b.e.Eval(b.unwrapOpt(x)))
}

func (b *builder) unwrapOpt(x ast.Expr) ast.Expr {
	c, ok := ast.Unparen(x).(*ast.CallExpr)
	if !ok || len(c.Args) != 1 {
		return x
	}
	fn := flow.Callee(b.a.pass.TypesInfo, c)
	if fn == nil {
		return x
	}
	switch k := flow.FuncKey(fn); {
	case strings.HasSuffix(k, "/param.NewOpt"), k == anthropicPkg+".String", k == openaiPkg+".String":
		return c.Args[0]
	}
	return x
}

func (b *builder) block(sec rules.Section, role, kind string, n ast.Node, parts []rules.Part) *rules.Block {
	msg := -1
	if sec == rules.SectionMessages {
		msg = b.msg
	}
	b.r.req.Blocks = append(b.r.req.Blocks, rules.Block{Section: sec, Role: role, Kind: kind, Message: msg, Parts: parts, Span: b.a.Span(n.Pos(), n.End())})
	return &b.r.req.Blocks[len(b.r.req.Blocks)-1]
}

func (b *builder) model(x ast.Expr) {
	if x == nil {
		return
	}
	if s, ok := b.e.StringConst(x); ok {
		b.r.req.Model = s
		b.r.req.ModelSpan = b.a.Span(x.Pos(), x.End())
	}
}

// orderedElems walks a slice's elements, calling one for each element and
// order once per nondeterministic loop that appends to it.
func (b *builder) orderedElems(x ast.Expr, one func(ast.Expr), order func(flow.Piece)) bool {
	if sel, isSel := ast.Unparen(x).(*ast.SelectorExpr); isSel {
		if o := b.e.ConstructedOrder(sel); o != nil {
			p := b.e.OrderSlot(o, b.a.ShortText(x))
			s := *p.Slot
			s.Lifetime, s.Why = rules.LifeProcess, o.Why+" when "+sel.Sel.Name+" is built"
			p.Slot, p.Rng = &s, nil
			order(p)
			return true
		}
	}
	if sel, isSel := ast.Unparen(x).(*ast.SelectorExpr); isSel && b.loopList != nil {
		if lit, sub := b.e.ResetList(sel); lit != nil {
			// A list a method starts afresh (s.messages = []M{system})
			// and others append to: its first elements, then the rest.
			saved := b.e
			b.e = sub
			for _, el := range lit.Elts {
				if !b.inHelper(el, one) {
					one(el)
				}
			}
			b.e = saved
			b.loopList(x, x)
			return true
		}
	}
	ok := false
	if b.inHelper(x, func(ret ast.Expr) { ok = b.orderedElems(ret, one, order) }) {
		return ok
	}
	// The list mapping applies to this list, not to lists inside its
	// elements (a message's content parts).
	loopList := b.loopList
	b.loopList = nil
	defer func() { b.loopList = loopList }()
	els, ok := b.e.Elems(x)
	if !ok {
		return false
	}
	var last *flow.OrderCtx
	var lastLoop *ast.RangeStmt
	for _, el := range els {
		if el.Order != nil {
			if el.Order != last {
				order(b.e.OrderSlot(el.Order, b.a.ShortText(x)))
				last = el.Order
			}
			continue
		}
		if el.Carried {
			if loopList != nil {
				loopList(el.X, el.X)
			}
			continue
		}
		if el.Loop != nil && loopList != nil {
			// Elements appended while ranging over an input slice stand
			// for that list: the conversation, or a run-time tool list.
			if el.Loop != lastLoop {
				loopList(el.Loop.X, el.X)
				lastLoop = el.Loop
			}
			continue
		}
		if !b.inHelper(el.X, one) {
			one(el.X)
		}
	}
	return true
}

// listOrder is the order slot of a list ranged over to build a request's
// list when its elements come in nondeterministic order (a getter of a
// list filled in map order); a parameter is followed to its argument.
func (b *builder) listOrder(list ast.Expr) (flow.Piece, bool) {
	e := b.e
	if id, ok := ast.Unparen(list).(*ast.Ident); ok && e.Caller != nil {
		if v, ok := b.a.pass.TypesInfo.Uses[id].(*types.Var); ok {
			if arg, bound := e.Args[v]; bound {
				list, e = arg, e.Caller
			}
		}
	}
	els, _ := e.Elems(list)
	for _, el := range els {
		if el.Order != nil {
			return e.OrderSlot(el.Order, b.a.ShortText(list)), true
		}
	}
	return flow.Piece{}, false
}

// listOf sets what an element list built by ranging over a slice stands
// for while one list is mapped; the returned function restores the last.
func (b *builder) listOf(f func(list, el ast.Expr)) (restore func()) {
	prev := b.loopList
	b.loopList = f
	return func() { b.loopList = prev }
}

// messages maps a message list: each element with one; messages appended
// in nondeterministic order as one user turn holding the order hazard;
// messages appended while ranging over an input slice, and a list that
// cannot be followed, as the conversation so far. It reports whether the
// elements were listed (false: the whole list became the history).
func (b *builder) messages(x ast.Expr, one func(ast.Expr)) bool {
	first := len(b.r.req.Blocks)
	restore := b.listOf(func(list, el ast.Expr) {
		if b.systemPerItem(list, el) {
			one(el) // one system message per tool set: not the conversation
			return
		}
		if b.turnPlaced(first) {
			if own, loop := b.ownLoop(list); own {
				if loop.loop != nil && !b.sharedHistory(first) {
					b.loopTurns(list, loop)
				} else {
					b.continuation(list)
				}
				return
			}
		}
		b.history(list)
	})
	listed := b.orderedElems(x, one, func(p flow.Piece) {
		b.block(rules.SectionMessages, "user", rules.BlockText, x, b.parts(flow.Layout{p}))
		b.nextMessage()
	})
	restore()
	if !listed {
		b.history(x)
	}
	b.markLast(x)
	return listed
}

// turnPlaced reports whether a message of the list mapped from block
// first on holds the turn's input: a per-request query in a message.
func (b *builder) turnPlaced(first int) bool {
	for _, blk := range b.r.req.Blocks[first:] {
		if blk.Section != rules.SectionMessages {
			continue
		}
		for _, p := range blk.Parts {
			if s := p.Slot; s != nil && s.Kind == rules.KindQuery && s.Lifetime == rules.LifeRequest && s.Why != turnInput {
				return true
			}
		}
	}
	return false
}

// ownLoop reports whether messages added to a list by a loop are the
// sending function's own: what earlier iterations of its loop appended
// (the list itself), or one message per element of a local value (the
// tool calls of a reply it received), not a list handed in from a caller,
// a field or a package variable.
func (b *builder) ownLoop(list ast.Expr) (own bool, carried loopIn) {
	id := flow.RootIdent(ast.Unparen(list))
	if id == nil {
		return false, loopIn{}
	}
	v, _ := b.a.pass.TypesInfo.Uses[id].(*types.Var)
	if v == nil || v.IsField() || v.Parent() == v.Pkg().Scope() {
		return false, loopIn{}
	}
	// The list may be the caller's, bound to the sending function's
	// parameter, or a helper's: the function that defines it decides.
	evs := []*flow.Evaluator{}
	for e := b.e; e != nil; e = e.Caller {
		evs = append(evs, e)
	}
	if b.e.Frames != nil {
		evs = append(evs, *b.e.Frames...)
	}
	for _, e := range evs {
		if e.Fn != nil && len(e.Fn.Defs[v]) > 0 {
			if e.Fn.IsParam(v) {
				return false, loopIn{}
			}
			if l := e.Fn.CarriedLoop(v, id.Pos()); l != nil {
				carried = loopIn{l, e.Fn.Decl}
			}
			return true, carried
		}
	}
	return false, loopIn{}
}

// sharedHistory reports whether the list mapped from block first on holds
// a conversation earlier requests sent.
func (b *builder) sharedHistory(first int) bool {
	for _, blk := range b.r.req.Blocks[first:] {
		for _, p := range blk.Parts {
			if p.Slot != nil && p.Slot.Runtime == rules.RuntimeHistory {
				return true
			}
		}
	}
	return false
}

// loopTurns stands for the turns a request's own tool loop re-sends after
// the turn's input when nothing earlier requests sent is in the list: the
// conversation of that loop, which caches from one iteration to the next.
// What the function computes before the loop is fixed for it (see
// fixedPerConversation).
func (b *builder) loopTurns(list ast.Expr, loop loopIn) {
	b.block(rules.SectionMessages, "assistant", rules.BlockText, list, b.parts(flow.SlotAt(list, &rules.Slot{
		Name: b.a.ShortText(list), Kind: rules.KindHistory, Lifetime: rules.LifeStable, Runtime: rules.RuntimeHistory,
		Why: "the turns of this request's tool loop"})))
	b.nextMessage()
	b.r.toolLoops = append(b.r.toolLoops, loop)
}

// continuation stands for the messages a request's own tool loop appends
// after the turn's input (the model's reply, the tool results): they
// follow the new input, so they are this request's, never the
// conversation that earlier requests share, and they hide no stable
// content behind the input.
func (b *builder) continuation(list ast.Expr) {
	b.block(rules.SectionMessages, "assistant", rules.BlockText, list, b.parts(flow.SlotAt(list, &rules.Slot{
		Name: "what this request's tool loop appends to " + b.a.ShortText(list), Kind: rules.KindOther, Lifetime: rules.LifeRequest,
		Why: "the request's own tool loop, after the turn's input"})))
	b.nextMessage()
}

// systemPerItem reports whether a message appended while ranging over a
// list is a system message made from each item of something other than a
// conversation (instructions per tool set): a literal with the system or
// developer role, or a SystemMessage constructor, ranging over a list
// whose elements are not messages.
func (b *builder) systemPerItem(list, el ast.Expr) bool {
	if t := b.a.pass.TypesInfo.TypeOf(list); t == nil || b.a.shapeOf(t) == shapeMessages {
		return false
	}
	if t, ok := b.a.pass.TypesInfo.TypeOf(list).Underlying().(*types.Slice); ok && types.Identical(t.Elem(), b.a.pass.TypesInfo.TypeOf(el)) {
		return false // copied over from a list of the same messages
	}
	if c, ok := ast.Unparen(el).(*ast.CallExpr); ok {
		if fn := flow.Callee(b.a.pass.TypesInfo, c); fn != nil {
			return fn.Name() == "SystemMessage" || fn.Name() == "DeveloperMessage"
		}
		return false
	}
	lit, ok := ast.Unparen(el).(*ast.CompositeLit)
	if !ok {
		return false
	}
	role, _ := b.e.StringConst(b.jsonFields(lit)["role"])
	return role == "system" || role == "developer"
}

// tools maps a tool list: each tool's source stands for its definition,
// which is stable unless appended in nondeterministic order.
func (b *builder) tools(x ast.Expr, tool func(ast.Expr)) {
	if x == nil || b.a.pass.TypesInfo.Types[x].IsNil() {
		return // no tools
	}
	mcp := false // one runtime segment stands for an MCP server's list
	defer b.listOf(func(list, el ast.Expr) {
		if p, ok := b.listOrder(list); ok {
			// Converted one by one from a list in nondeterministic order.
			b.block(rules.SectionTools, "", rules.BlockTool, x, b.parts(flow.Layout{p}))
			return
		}
		why := "tool list built at run time"
		if b.fromMCP(el) || b.fromMCP(list) {
			if mcp {
				return
			}
			mcp, why = true, mcpWhy
		}
		b.runtimeTools(list, why)
	})()
	ok := b.orderedElems(x, func(el ast.Expr) {
		switch {
		case !b.fromMCP(el):
			tool(el)
		case !mcp:
			mcp = true
			b.runtimeTools(el, mcpWhy)
		}
	}, func(p flow.Piece) {
		b.block(rules.SectionTools, "", rules.BlockTool, x, b.parts(flow.Layout{p}))
	})
	if !ok {
		why := "tool list built at run time"
		if b.fromMCP(x) {
			why = mcpWhy
		}
		b.runtimeTools(x, why)
	}
}

// toolParts are the parts of one tool definition: the text of its name
// and description fields, then the source of its schema fields (what is
// sent as JSON, approximated by the Go code that builds it).
func (b *builder) toolParts(f map[string]ast.Expr, texts []string, schemas ...string) []rules.Part {
	var parts []rules.Part
	for _, name := range texts {
		if v := f[name]; v != nil {
			parts = append(parts, b.text(v)...)
		}
	}
	for _, name := range schemas {
		parts = append(parts, b.sourceText(f[name])...)
	}
	return parts
}

// sourceText stands for a definition written as Go code (a JSON schema
// literal): its text approximates the size of what is sent.
func (b *builder) sourceText(x ast.Expr) []rules.Part {
	if x == nil {
		return nil
	}
	tf := b.a.pass.Fset.File(x.Pos())
	if tf == nil {
		return nil
	}
	var text string
	for _, f := range b.a.pass.Files {
		if b.a.pass.Fset.File(f.Pos()) == tf {
			text = types.ExprString(x)
		}
	}
	return []rules.Part{{Text: text, Span: b.a.Span(x.Pos(), x.End())}}
}

// history stands for messages the analyzer cannot list. A list of them
// (a slice kept in a field, passed in, returned by a call) is the
// conversation carried from turn to turn: a history segment, stable within
// the conversation, of assumed size, whose last message is the turn's new
// input. A single message not known is the turn's input.
func (b *builder) history(x ast.Expr) {
	name := b.a.ShortText(x)
	if !b.isList(x) {
		b.block(rules.SectionMessages, "user", rules.BlockText, x, b.parts(flow.SlotAt(x, &rules.Slot{Name: name, Kind: rules.KindHistory, Lifetime: rules.LifeRequest, Why: "conversation"})))
		return
	}
	hist := &rules.Slot{Name: name, Kind: rules.KindHistory, Lifetime: rules.LifeStable, Runtime: rules.RuntimeHistory, Why: "conversation history"}
	if b.scripted(x) {
		// A few turns this function scripts itself, not a conversation
		// that grows without bound: its size is not assumed.
		hist.Runtime, hist.Why = "", "turns this function sends in sequence"
	}
	b.block(rules.SectionMessages, "user", rules.BlockText, x, b.parts(flow.SlotAt(x, hist)))
	b.nextMessage()
	b.block(rules.SectionMessages, "user", rules.BlockText, x, b.parts(flow.SlotAt(x, &rules.Slot{Name: "last message of " + name, Kind: rules.KindQuery, Lifetime: rules.LifeRequest, Why: turnInput})))
}

// scripted reports whether a message list is a local variable the
// sending function starts from a literal and sends outside any loop: a
// fixed exchange (a demo asking three questions in a row), where the
// conversation does not grow turn after turn. A list kept in a field,
// passed in, or sent from a loop is the open-ended conversation.
func (b *builder) scripted(x ast.Expr) bool {
	id, ok := ast.Unparen(x).(*ast.Ident)
	if !ok || b.fd == nil || b.fd.Body == nil || b.e.Fn == nil || b.e.Fn.Decl != b.fd {
		return false
	}
	v, _ := b.a.pass.TypesInfo.Uses[id].(*types.Var)
	if v == nil || b.e.Fn.IsParam(v) || v.Parent() == v.Pkg().Scope() {
		return false
	}
	defs := b.e.Fn.Defs[v]
	if len(defs) == 0 {
		return false
	}
	if _, lit := ast.Unparen(defs[0].Rhs).(*ast.CompositeLit); !lit {
		return false
	}
	call := b.r.call
	inLoop := false
	ast.Inspect(b.fd.Body, func(n ast.Node) bool {
		switch l := n.(type) {
		case *ast.ForStmt:
			inLoop = inLoop || flow.Within(l.Body, call.Pos())
		case *ast.RangeStmt:
			inLoop = inLoop || flow.Within(l.Body, call.Pos())
		case *ast.FuncLit:
			inLoop = inLoop || flow.Within(l.Body, call.Pos()) // a callback may run any number of times
		}
		return !inLoop
	})
	return !inLoop
}

// isList reports whether x is a slice: a list spread into a request, not
// one element of it.
func (b *builder) isList(x ast.Expr) bool {
	t := b.a.pass.TypesInfo.TypeOf(x)
	if t == nil {
		return false
	}
	_, ok := t.Underlying().(*types.Slice)
	return ok
}

// runtimeTools stands for a tool list whose size is known only at run
// time: ranged from a registry, an MCP server's list, a method's result.
func (b *builder) runtimeTools(x ast.Expr, why string) {
	b.block(rules.SectionTools, "", rules.BlockTool, x, b.parts(flow.SlotAt(x, &rules.Slot{
		Name: b.a.ShortText(x), Kind: rules.KindOther, Lifetime: rules.LifeStable, Runtime: rules.RuntimeTools, Why: why,
	})))
}

func (b *builder) callKey(x ast.Expr) (string, *ast.CallExpr) {
	c, ok := ast.Unparen(x).(*ast.CallExpr)
	if !ok {
		return "", nil
	}
	fn := flow.Callee(b.a.pass.TypesInfo, c)
	if fn == nil {
		return "", c
	}
	return flow.FuncKey(fn), c
}

func (b *builder) typeKey(lit *ast.CompositeLit) string {
	t := b.a.pass.TypesInfo.TypeOf(lit)
	if t == nil {
		return ""
	}
	n, ok := types.Unalias(t).(*types.Named)
	if !ok || n.Obj().Pkg() == nil {
		return ""
	}
	return flow.TrimVersion(n.Obj().Pkg().Path()) + "." + n.Obj().Name()
}

func (b *builder) nextMessage() { b.msg++ }

// roleBlock adds a message; rules.ChatSection says its section.
func (b *builder) roleBlock(role string, n ast.Node, parts []rules.Part) {
	b.block(rules.ChatSection(role, b.r.req.InMessages()), role, rules.BlockText, n, parts)
}

func (b *builder) sourceTool(x ast.Expr) {
	if b.isList(x) {
		b.runtimeTools(x, "tool list built at run time") // spread into the list
		return
	}
	b.block(rules.SectionTools, "", rules.BlockTool, x, b.sourceText(x))
}
