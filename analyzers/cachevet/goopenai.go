package cachevet

import (
	"go/ast"
)

// goOpenAIPkg is sashabaranov/go-openai's import path.
const goOpenAIPkg = "github.com/sashabaranov/go-openai"

func init() {
	register(&library{
		imports: []string{goOpenAIPkg},
		sends: map[string]mapper{
			goOpenAIPkg + ".(Client).CreateChatCompletion":       openaiSend((*builder).goOpenAI),
			goOpenAIPkg + ".(Client).CreateChatCompletionStream": openaiSend((*builder).goOpenAI),
		},
	})
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
	b.messages(msgs, func(x ast.Expr) {
		defer b.nextMessage()
		lit := b.literal(x)
		if lit == nil {
			b.history(x)
			return
		}
		mf := b.fields(lit)
		role, _ := b.e.StringConst(mf["Role"])
		b.roleBlock(role, x, b.text(mf["Content"]))
	})
}
