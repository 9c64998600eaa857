package cachevet

import (
	"fmt"
	"go/ast"
	"go/types"
	"reflect"
	"slices"
	"strings"

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
// field is sent. fix is a format for the advice, given the constructor
// name New<Type>() where one is the SDK's way.
func (b *builder) zeroMarker(parent *ast.CompositeLit, field string, x ast.Expr, sdk, fix string) bool {
	zero := b.literal(x)
	if zero == nil || len(zero.Elts) != 0 || zero.Type == nil || !omitsZero(b.a.pass.TypesInfo.TypeOf(parent), field) {
		return false
	}
	name := types.ExprString(zero.Type)
	dot := strings.LastIndexByte(name, '.') + 1
	advice := fix
	if strings.Contains(fix, "%s") {
		advice = fmt.Sprintf(fix, name[:dot]+"New"+name[dot:]+"()")
	}
	b.r.zeroMarkers = append(b.r.zeroMarkers, rules.Related{Span: b.a.span(x.Pos(), x.End()), Message: fmt.Sprintf(
		"%s{} is the zero value, which %s leaves out of the JSON (the field is omitzero); %s", name, sdk, advice)})
	return true
}

// omitsZero reports whether the struct type t has a field of that name
// whose JSON tag leaves its zero value out (omitzero).
func omitsZero(t types.Type, field string) bool {
	st := structOf(t)
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
