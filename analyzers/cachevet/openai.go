package cachevet

import (
	"go/ast"
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
	msgs := f["Messages"]
	if msgs == nil {
		return
	}
	b.messages(msgs, b.openaiMessage)
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
