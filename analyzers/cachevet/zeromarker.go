package cachevet

import (
	"fmt"
	"go/ast"
	"go/types"
	"reflect"
	"slices"
	"strings"

	"github.com/cachevet/cachevet/analyzers/internal/flow"
	"github.com/cachevet/cachevet/rules"
)

// zeroMarker reports whether x, the value of field in the literal parent,
// is a cache marker the SDK never sends, and notes it for a finding at the
// marker. The Stainless-generated Go SDKs (anthropic-sdk-go, openai-go)
// tag marker fields `json:"…,omitzero"` and encode a zero struct as
// nothing at all: CacheControl: anthropic.CacheControlEphemeralParam{}
// carries no breakpoint (SDK issue 163), and neither does
// PromptCacheBreakpoint: openai.ChatCompletionContentPartTextPromptCacheBreakpointParam{}
// (checked by marshalling anthropic-sdk-go v1.84.0 and openai-go v3.98.0).
// The field's tag decides, not a version number: a literal that sets any
// field is sent. set is the field to set instead (`Mode: "explicit"`), or
// "" when the SDK's constructor New<Type>() is the way. A literal written
// at the marker gets a suggested fix.
func (b *builder) zeroMarker(parent *ast.CompositeLit, field string, x ast.Expr, sdk, set string) bool {
	zero := b.literal(x)
	if zero == nil || len(zero.Elts) != 0 || zero.Type == nil || !omitsZero(b.a.pass.TypesInfo.TypeOf(parent), field) {
		return false
	}
	name := types.ExprString(zero.Type)
	dot := strings.LastIndexByte(name, '.') + 1
	repl, advice := name[:dot]+"New"+name[dot:]+"()", ""
	if set != "" {
		repl, advice = name+"{"+set+"}", "set "+set
	} else {
		advice = "use " + repl
	}
	span := b.a.Span(x.Pos(), x.End())
	b.r.zeroMarkers = append(b.r.zeroMarkers, rules.Related{Span: span, Message: fmt.Sprintf(
		"%s{} is the zero value, which %s leaves out of the JSON (the field is omitzero); %s", name, sdk, advice)})
	if ast.Unparen(x) == zero {
		if b.r.zeroFixes == nil {
			b.r.zeroFixes = map[rules.Span]string{}
		}
		b.r.zeroFixes[span] = repl
	}
	return true
}

// omitsZero reports whether the struct type t has a field of that name
// whose JSON tag leaves its zero value out (omitzero).
func omitsZero(t types.Type, field string) bool {
	st := flow.StructOf(t)
	if st == nil {
		return false
	}
	for i := range st.NumFields() {
		if st.Field(i).Name() != field {
			continue
		}
		_, opts, _ := strings.Cut(reflect.StructTag(st.Tag(i)).Get("json"), ",")
		return slices.Contains(strings.Split(opts, ","), "omitzero")
	}
	return false
}
