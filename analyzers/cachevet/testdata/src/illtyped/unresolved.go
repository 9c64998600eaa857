package illtyped

// This file is full of names that do not resolve and of values of the
// missing module's types, in the places the analyzer looks at. It must
// analyze without a panic and report only what it would report with full
// types: ranging over a map is map order whatever its element type.

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"sort"
	"strings"
	"text/template"

	"github.com/anthropics/anthropic-sdk-go"
	openai "github.com/openai/openai-go/v3"

	"example.com/gone/dscope"
	gone "example.com/gone/prompts"
)

type holder struct {
	gone.Base
	Preamble gone.Text
	History  []gone.Message
	Tools    map[string]gone.Tool
	Render   func(gone.Vars) string
	hook     undefinedFunc
}

type Store interface {
	gone.Store
	Load(key gone.Key) ([]gone.Message, error)
}

var (
	pkgPrompt  = gone.Default
	pkgTmpl    = template.Must(template.New("x").Parse(gone.Template))
	pkgTools   = undefinedTools()
	pkgAliased = undefinedVar
)

func (h *holder) system() string {
	var b strings.Builder
	b.WriteString(h.Preamble)
	b.WriteString(undefinedName)
	b.WriteString(gone.Lookup(h.Preamble).Name())
	b.WriteString(h.Base.Owner.UserName)
	fmt.Fprintf(&b, "%s %v", gone.Name(), h.Base.When)
	for k, v := range h.Tools { // want `"h.Tools" is emitted in nondeterministic order \(map iteration order\)`
		b.WriteString(k + v.Describe())
	}
	for _, m := range gone.Messages {
		b.WriteString(m.Text)
	}
	for k := range undefinedMap {
		b.WriteString(k)
	}
	return b.String() + h.Render(gone.Vars{"a": 1})
}

func (h *holder) send(ctx context.Context, q string) {
	msgs := []anthropic.MessageParam{}
	for _, m := range h.History {
		msgs = append(msgs, gone.Convert(m))
	}
	msgs = append(msgs, anthropic.NewUserMessage(anthropic.NewTextBlock(q)))
	client.Messages.New(ctx, anthropic.MessageNewParams{
		Model:     gone.Model,
		MaxTokens: undefinedMax,
		System:    []anthropic.TextBlockParam{{Text: h.system()}, {Text: pkgPrompt, CacheControl: gone.Ephemeral()}},
		Messages:  msgs,
		Tools:     gone.ToolParams(h.Tools),
	})
	client.Messages.New(ctx, gone.Params(h))
	client.Messages.New(ctx, undefinedParams)
	client.Undefined.New(ctx, anthropic.MessageNewParams{System: undefinedSystem})
	h.hook(ctx)
	go h.Render(nil)
	defer undefinedCleanup()
}

func toolsOf(reg gone.Registry) []anthropic.ToolUnionParam {
	var out []anthropic.ToolUnionParam
	for name, t := range reg.All() {
		out = append(out, anthropic.ToolUnionParamOfTool(t.Schema, name))
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Undefined < out[j].Undefined })
	return out
}

func (h *holder) openaiSend(ctx context.Context, c *openai.Client, s dscope.Scope) {
	var parts []openai.ChatCompletionMessageParamUnion
	parts = append(parts, openai.SystemMessage(gone.System(s)))
	parts = append(parts, undefinedParts...)
	parts = append(parts, openai.UserMessage(h.Preamble))
	c.Chat.Completions.New(ctx, openai.ChatCompletionNewParams{
		Model:    undefinedModel,
		Messages: parts,
		Tools:    h.Tools,
	})
	c.Chat.Completions.New(ctx, gone.Request(parts))
}

func rendered(data gone.Data) (string, error) {
	var sb strings.Builder
	if err := pkgTmpl.Execute(&sb, data); err != nil {
		return "", err
	}
	t, err := template.New("y").Funcs(gone.FuncMap).Parse(undefinedText)
	if err != nil {
		return "", err
	}
	err = t.Execute(&sb, map[string]any{"now": gone.Now()})
	return sb.String(), err
}

func body(h *holder) ([]byte, error) {
	data, _ := os.ReadFile(gone.Path)
	return json.Marshal(map[string]any{
		"model":    gone.Model,
		"system":   string(data) + h.Preamble,
		"messages": h.History,
		"tools":    gone.Tools(),
		"extra":    undefinedExtra,
	})
}

func shaped(ctx context.Context, p gone.Provider, s Store, key gone.Key) {
	history, _ := s.Load(key)
	p.Chat(ctx, []Message{{Role: "system", Content: gone.Instructions}, {Role: undefinedRole, Content: undefinedContent}}, history)
	p.Complete(ctx, gone.Request{System: pkgPrompt, Messages: history})
	undefinedProvider.Chat(ctx, []Message{{Role: "user", Content: "hi"}})
	fn := p.Chat
	fn(ctx, nil)
	var f func(context.Context, []Message) error = gone.Send
	f(ctx, []Message{{Role: "user", Content: fmt.Sprint(gone.Now())}})
}

func conversions(x any) string {
	switch v := x.(type) {
	case gone.Text:
		return string(v)
	case undefinedType:
		return v.String()
	}
	a, b := gone.Pair()
	c := gone.Text(a) + b
	d := x.(gone.Text)
	e := undefinedGeneric[gone.Text](c)
	var arr [undefinedLen]string
	return string(c) + string(d) + e + arr[0] + dscope.Get[gone.Text](nil, "k").String()
}

func generic[T gone.Constraint](v T) T { return v }

func closures() func() string {
	p := gone.Prompt{}
	p.Set(undefinedValue)
	return func() string { return generic(p).Text + pkgAliased + fmt.Sprint(pkgTools) }
}

func mismatched() (string, error) {
	x, y, z := gone.Three()
	x = y
	return x, z, undefinedTooMany
}
