package cachevet

import (
	"go/ast"
	"go/types"
	"strings"

	"github.com/cachevet/cachevet/rules"
)

// openai-go's import paths (major version removed): chat completions and
// the Responses API.
const (
	openaiPkg    = "github.com/openai/openai-go"
	responsesPkg = "github.com/openai/openai-go/responses"
)

func init() {
	register(&library{
		imports: []string{openaiPkg, responsesPkg},
		sends: map[string]mapper{
			openaiPkg + ".(ChatCompletionService).New":          openaiSend((*builder).openaiChat),
			openaiPkg + ".(ChatCompletionService).NewStreaming": openaiSend((*builder).openaiChat),
			responsesPkg + ".(ResponseService).New":             openaiSend((*builder).responses),
			responsesPkg + ".(ResponseService).NewStreaming":    openaiSend((*builder).responses),
		},
	})
}

// openaiSend maps a send(ctx, params) call of an OpenAI SDK with the
// mapping of its parameters.
func openaiSend(mapParams func(*builder, *ast.CompositeLit)) mapper {
	return func(b *builder, c *ast.CallExpr) bool {
		params := b.paramsArg(c, 1)
		if params == nil {
			return false
		}
		b.r.req.Provider = "openai"
		mapParams(b, params)
		return true
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
	b.openaiCacheOptions(f)
	msgs := f["Messages"]
	if msgs == nil {
		return
	}
	b.messages(msgs, b.openaiMessage)
}

// openaiCacheOptions maps PromptCacheOptions (its mode, and a TTL for the
// whole request) and PromptCacheRetention, as rule PC011 judges them.
func (b *builder) openaiCacheOptions(f map[string]ast.Expr) {
	req := b.r.req
	if x := f["PromptCacheRetention"]; x != nil {
		if v, ok := b.e.StringConst(x); ok && v != "" {
			req.Options.Retention = &rules.Setting{Value: v, Span: b.a.Span(x.Pos(), x.End())}
		}
	}
	opts := b.literal(f["PromptCacheOptions"])
	if opts == nil {
		return
	}
	of := b.fields(opts)
	if m, ok := b.e.StringConst(of["Mode"]); ok {
		req.CacheMode = m
	}
	if x := of["Ttl"]; x != nil {
		if v, ok := b.e.StringConst(x); ok && v != "" {
			req.Options.TTL = &rules.Setting{Value: v, Span: b.a.Span(x.Pos(), x.End())}
		}
	}
}

// openaiParts maps a message given as a literal list of content parts:
// each text part a block, its PromptCacheBreakpoint a breakpoint (Chat
// Completions takes them on content parts, openai-go v3.98.0). It reports
// false for content that is no such list.
func (b *builder) openaiParts(role string, content ast.Expr) bool {
	list := b.literal(content)
	if list == nil {
		return false
	}
	if _, ok := b.litType(list).Underlying().(*types.Slice); !ok {
		return false
	}
	sec := rules.ChatSection(role, b.r.req.InMessages())
	for _, el := range list.Elts {
		part := b.literal(el)
		if part != nil && b.typeKey(part) == openaiPkg+".ChatCompletionContentPartUnionParam" {
			part = b.literal(b.fields(part)["OfText"])
		}
		if part == nil || b.typeKey(part) != openaiPkg+".ChatCompletionContentPartTextParam" {
			b.block(sec, role, rules.BlockText, el, b.text(el))
			continue
		}
		f := b.fields(part)
		blk := b.block(sec, role, rules.BlockText, el, b.text(f["Text"]))
		if pb := f["PromptCacheBreakpoint"]; pb != nil && !b.zeroMarker(part, "PromptCacheBreakpoint", pb, "openai-go", `Mode: "explicit"`) {
			bp := &rules.Breakpoint{Span: b.a.Span(pb.Pos(), pb.End())}
			if l := b.literal(pb); l != nil {
				bp.TTL, _ = b.e.StringConst(b.fields(l)["Ttl"])
			}
			if bp.TTL == "" && b.r.req.Options.TTL != nil {
				bp.TTL = b.r.req.Options.TTL.Value
			}
			blk.Breakpoint = bp
		}
	}
	return true
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
	if b.openaiParts(role, c.Args[0]) {
		return
	}
	b.roleBlock(role, x, b.text(c.Args[0]))
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
		f := b.fields(lit)
		if s := f["OfString"]; s != nil {
			b.block(rules.SectionMessages, "user", rules.BlockText, input, b.text(s))
			return
		}
		if items := f["OfInputItemList"]; items != nil {
			input = items // the conversation as a list of input items
		}
	}
	b.history(input)
}
