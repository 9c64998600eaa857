package cachevet

import (
	"go/ast"
	"strings"

	"github.com/cachevet/cachevet/rules"
)

// cacheDiagnosisBeta starts the anthropic-beta value that asks for cache
// diagnostics (cache-diagnosis-2026-04-07).
const cacheDiagnosisBeta = "cache-diagnosis-"

// anthropicDiagnostics maps what a Messages call says about cache
// diagnostics, for rule PC011: the Diagnostics param (its
// PreviousMessageID, "" when unset), and the beta header asked for with the
// Betas param (Beta service) or option.WithHeader. The header alone does
// nothing: the body must carry diagnostics.previous_message_id.
func (b *builder) anthropicDiagnostics(f map[string]ast.Expr, c *ast.CallExpr) {
	opts := &b.r.req.Options
	if d := f["Diagnostics"]; d != nil {
		span := b.a.Span(d.Pos(), d.End())
		switch lit := b.literal(d); {
		case lit != nil && len(lit.Elts) == 0:
			// DiagnosticsParam{} is the zero value, which the SDK leaves
			// out of the JSON (omitzero): the body carries no diagnostics.
		case lit != nil && b.fields(lit)["PreviousMessageID"] == nil:
			opts.Diagnostics = &rules.Setting{Span: span}
		default: // an id known at run time, or a value built elsewhere
			opts.Diagnostics = &rules.Setting{Value: "set", Span: span}
		}
	}
	if betas := f["Betas"]; betas != nil {
		if lit := b.literal(betas); lit != nil {
			for _, el := range lit.Elts {
				if v, ok := b.e.StringConst(el); ok && strings.HasPrefix(v, cacheDiagnosisBeta) {
					opts.DiagnosticsHeader = &rules.Setting{Value: v, Span: b.a.Span(el.Pos(), el.End())}
				}
			}
		}
	}
	for _, arg := range c.Args[min(2, len(c.Args)):] {
		key, call := b.callKey(arg)
		if key != anthropicPkg+"/option.WithHeader" || len(call.Args) != 2 {
			continue
		}
		k, _ := b.e.StringConst(call.Args[0])
		v, _ := b.e.StringConst(call.Args[1])
		if strings.EqualFold(k, "anthropic-beta") && strings.Contains(v, cacheDiagnosisBeta) {
			opts.DiagnosticsHeader = &rules.Setting{Value: v, Span: b.a.Span(arg.Pos(), arg.End())}
		}
	}
}
