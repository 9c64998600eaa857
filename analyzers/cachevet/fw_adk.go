package cachevet

import (
	"go/ast"
	"go/token"
	"go/types"
	"strings"

	"github.com/cachevet/cachevet/analyzers/internal/flow"
	"github.com/cachevet/cachevet/rules"
)

// Google ADK for Go (v0.3). An agent is built once by llmagent.New and a
// runner sends a Gemini request for it every turn. What the request
// holds, read from its source:
//   - the tools of Config.Tools and of each Config.Toolsets entry (an MCP
//     toolset lists its server's tools at run time);
//   - the system instruction: the root agent's GlobalInstruction, then the
//     agent's Instruction, each with {name} placeholders filled from the
//     session state ({app:name} from app state, {artifact.name} with an
//     artifact's text); an InstructionProvider replaces it and is called
//     every turn;
//   - the contents: the session's events (the conversation), then the new
//     user message.
//
// The request is placed at llmagent.New, where what it sends is written.
const (
	adkPkg   = "google.golang.org/adk"
	adkAgent = adkPkg + "/agent/llmagent"
)

func init() {
	register(&library{imports: []string{adkPkg + "/"}, sends: map[string]mapper{
		adkAgent + ".New": (*builder).adkAgent,
	}})
}

func (b *builder) adkAgent(c *ast.CallExpr) bool {
	if len(c.Args) != 1 {
		return false
	}
	cfg := b.literal(c.Args[0])
	if cfg == nil {
		return false
	}
	f := b.fields(cfg)
	b.r.req.Provider = "google"
	b.adkModel(f["Model"])
	b.tools(f["Tools"], b.adkTool)
	if sets := f["Toolsets"]; sets != nil {
		if !b.orderedElems(sets, b.adkToolset, func(p flow.Piece) {
			b.block(rules.SectionTools, "", rules.BlockTool, sets, b.parts(flow.Layout{p}))
		}) {
			b.runtimeTools(sets, "toolsets")
		}
	}
	for _, name := range []string{"Global", ""} {
		if p := f[name+"InstructionProvider"]; p != nil {
			b.block(rules.SectionSystem, "system", rules.BlockText, p, b.adkProvider(p))
			continue
		}
		if x := f[name+"Instruction"]; x != nil {
			b.block(rules.SectionSystem, "system", rules.BlockText, x, b.adkInstruction(x, b.adkOutputKeys()))
		}
	}
	if len(b.r.req.Blocks) == 0 {
		return false
	}
	b.sessionHistory(c, "session history")
	return true
}

// adkModel reads the model name of gemini.NewModel(ctx, name, cfg).
func (b *builder) adkModel(x ast.Expr) {
	if x == nil {
		return
	}
	if key, c := b.callKey(b.e.DefiningExpr(x)); key == adkPkg+"/model/gemini.NewModel" && len(c.Args) >= 2 {
		b.model(c.Args[1])
	}
}

// adkTool maps a tool: functiontool.New(Config{Name, Description}, fn)
// sends its name, description and the argument type's schema.
func (b *builder) adkTool(x ast.Expr) {
	if key, c := b.callKey(b.e.DefiningExpr(x)); key == adkPkg+"/tool/functiontool.New" && len(c.Args) == 2 {
		if lit := b.literal(c.Args[0]); lit != nil {
			b.block(rules.SectionTools, "", rules.BlockTool, x, b.toolParts(b.fields(lit), []string{"Name", "Description"}))
			return
		}
	}
	b.sourceTool(x)
}

// adkToolset stands for a toolset's tools, listed at run time.
func (b *builder) adkToolset(x ast.Expr) {
	why := "toolset"
	if key, _ := b.callKey(b.e.DefiningExpr(x)); key == adkPkg+"/tool/mcptoolset.New" {
		why = mcpWhy
	}
	b.runtimeTools(x, why)
}

// adkInstruction lays out an instruction with its session state
// placeholders.
func (b *builder) adkInstruction(x ast.Expr, outputs map[string]bool) []rules.Part {
	l := agentParams(b.e.Eval(x))
	var out flow.Layout
	for _, p := range l {
		if p.Slot != nil || p.Param >= 0 {
			out = append(out, p)
			continue
		}
		for _, q := range b.placed(p, adkSplit(p, b.a.Names)) {
			if q.Slot != nil && outputs[strings.TrimSuffix(strings.TrimSpace(strings.Trim(q.Text, "{}")), "?")] {
				// State another agent's OutputKey writes: the model's
				// answer of this run, new on every run.
				s := *q.Slot
				s.Kind, s.Lifetime, s.Why = rules.KindQuery, rules.LifeRequest, "ADK session state an agent's OutputKey writes (its answer in this run)"
				q.Slot = &s
			}
			out = append(out, q)
		}
	}
	return b.parts(out)
}

// adkOutputKeys are the OutputKey values of the package's agent
// configurations: the session state keys agents write their answers to.
func (b *builder) adkOutputKeys() map[string]bool {
	if b.a.adkOutputs != nil {
		return b.a.adkOutputs
	}
	b.a.adkOutputs = map[string]bool{}
	for _, f := range b.a.pass.Files {
		ast.Inspect(f, func(n ast.Node) bool {
			kv, ok := n.(*ast.KeyValueExpr)
			if !ok {
				return true
			}
			if id, ok := kv.Key.(*ast.Ident); ok && id.Name == "OutputKey" {
				if s, ok := b.e.StringConst(kv.Value); ok && s != "" {
					b.a.adkOutputs[s] = true
				}
			}
			return true
		})
	}
	return b.a.adkOutputs
}

// adkSplit splits stable text around {name} placeholders as ADK fills
// them: a name that is not a state or artifact reference stays text.
func adkSplit(p flow.Piece, names rules.NameOverrides) flow.Layout {
	var out flow.Layout
	text := p.Text
	for {
		i := strings.IndexByte(text, '{')
		if i < 0 {
			break
		}
		j := strings.IndexByte(text[i:], '}')
		if j < 0 {
			break
		}
		raw := text[i : i+j+1]
		name := strings.TrimSpace(strings.Trim(raw, "{}"))
		slot := adkSlot(raw, strings.TrimSuffix(name, "?"), names)
		if slot == nil {
			q := p
			q.Text = text[:i+j+1]
			out = append(out, q)
			text = text[i+j+1:]
			continue
		}
		if i > 0 {
			q := p
			q.Text = text[:i]
			out = append(out, q)
		}
		q := p
		q.Text, q.Slot = raw, slot
		out = append(out, q)
		text = text[i+j+1:]
	}
	if text != "" {
		q := p
		q.Text = text
		out = append(out, q)
	}
	return out
}

// adkSlot is the slot of a placeholder, nil when ADK leaves it as text.
func adkSlot(raw, name string, names rules.NameOverrides) *rules.Slot {
	if a, ok := strings.CutPrefix(name, "artifact."); ok && a != "" {
		return &rules.Slot{Name: raw, Kind: rules.KindFile, Lifetime: rules.LifeSession, Why: "ADK artifact"}
	}
	prefix, bare := "", name
	if p, rest, ok := strings.Cut(name, ":"); ok {
		switch p {
		case "app", "user", "temp":
			prefix, bare = p, rest
		default:
			return nil
		}
	}
	if !flow.IsIdent(bare) {
		return nil
	}
	kind, life := rules.ClassifyName(bare, names)
	switch {
	case prefix == "app":
		life = rules.LifeProcess
	case life == rules.LifeUnknown || life == rules.LifeStable:
		life = rules.LifeSession
	}
	return &rules.Slot{Name: raw, Kind: kind, Lifetime: life, Why: "ADK session state"}
}

// adkProvider is an InstructionProvider: a function of this package with
// one return is evaluated; anything else is built every turn.
func (b *builder) adkProvider(x ast.Expr) []rules.Part {
	if id, ok := ast.Unparen(x).(*ast.Ident); ok {
		if fn, ok := b.a.pass.TypesInfo.Uses[id].(*types.Func); ok {
			if decl := b.a.Decls[fn]; decl != nil && decl.Body != nil {
				if ret := b.firstResult(decl); ret != nil {
					sub := &flow.Evaluator{A: b.a.Engine, Fn: b.a.FuncInfoFor(decl), Visiting: map[types.Object]bool{}}
					return b.parts(sub.Eval(ret))
				}
			}
		}
	}
	return b.parts(flow.SlotAt(x, &rules.Slot{Name: b.a.ShortText(x), Kind: rules.KindOther, Lifetime: rules.LifeUnknown, Why: "instruction provider"}))
}

// firstResult is the first result of a function's only return that
// returns a value and a nil error (return s, nil).
func (b *builder) firstResult(decl *ast.FuncDecl) ast.Expr {
	var ret *ast.ReturnStmt
	n := 0
	ast.Inspect(decl.Body, func(x ast.Node) bool {
		if _, ok := x.(*ast.FuncLit); ok {
			return false
		}
		if r, ok := x.(*ast.ReturnStmt); ok && len(r.Results) == 2 {
			if id, ok := r.Results[1].(*ast.Ident); ok && id.Name == "nil" {
				ret, n = r, n+1
			}
		}
		return true
	})
	if n != 1 {
		return nil
	}
	return ret.Results[0]
}

// placed gives the slots split out of a piece's text their own positions
// in the string literal (see textPos), so a finding stands at the
// placeholder rather than at the start of a long instruction.
func (b *builder) placed(whole flow.Piece, parts flow.Layout) flow.Layout {
	off := 0
	out := make(flow.Layout, len(parts))
	for i, q := range parts {
		if q.Slot != nil {
			if pos := b.a.TextPos(whole, off); pos != whole.Pos {
				q.Pos, q.End = pos, pos+token.Pos(len(q.Text))
			}
		}
		off += len(q.Text)
		out[i] = q
	}
	return out
}
