package flow

import (
	"go/ast"
	"go/token"

	"github.com/cachevet/cachevet/prompts"
)

// DefiningExpr follows a local or package variable to the expression that
// last defined it before use; x itself when there is none.
func (e *Evaluator) DefiningExpr(x ast.Expr) ast.Expr {
	for range 4 {
		id, ok := ast.Unparen(x).(*ast.Ident)
		if !ok {
			return x
		}
		v := e.A.LocalVar(id)
		if v == nil {
			return x
		}
		if e.Fn != nil {
			if d := e.Fn.LastDef(v, id.Pos()); d != nil {
				x = d.Rhs
				continue
			}
		}
		if v.Pkg() != nil && v.Parent() == v.Pkg().Scope() {
			if init, assigned := e.A.pkgVarInit(v); init.expr != nil && !assigned {
				x = init.expr
				continue
			}
		}
		return x
	}
	return x
}

// Template syntaxes as langchaingo's TemplateFormat and text/template
// name them; prompts reads each.
const (
	FormatGo      = "go-template"
	FormatFString = "f-string"
	FormatJinja2  = "jinja2"
)

// TemplateFormats maps them to the prompts engine's syntax names.
var TemplateFormats = map[string]string{
	FormatGo: prompts.FormatGo, "": prompts.FormatGo, FormatFString: prompts.FormatFString, FormatJinja2: prompts.FormatJinja,
}

// promptTemplate is langchaingo's PromptTemplate.Format(values): the
// template's text rendered with the values of a map literal.
func (e *Evaluator) promptTemplate(c *ast.CallExpr) Layout {
	if len(c.Args) != 1 {
		return e.Unknown(c, "template")
	}
	def := ast.Unparen(e.DefiningExpr(Receiver(c)))
	var textx ast.Expr
	format := FormatGo
	switch d := def.(type) {
	case *ast.CallExpr:
		if len(d.Args) == 2 && e.calleeKey(d) == Lc("prompts.NewPromptTemplate") {
			textx = d.Args[0]
		}
	case *ast.CompositeLit:
		f := e.CompositeFields(d)
		textx = f["Template"]
		if s, ok := e.StringConst(f["TemplateFormat"]); ok {
			format = s
		}
	}
	if textx == nil {
		return e.Unknown(c, "template")
	}
	return e.Render(c, format, e.Eval(textx), c.Args[0])
}

// Render fills a template's text with the fields of data (a struct or map
// literal): the prompts engine splits it into stable text and slots, and
// a placeholder that prints a field the literal sets is the layout of that
// field's value. Every other slot keeps the engine's classification. Text
// the engine cannot read without errors is unknown.
func (e *Evaluator) Render(c *ast.CallExpr, format string, src Layout, data ast.Expr) Layout {
	syntax, ok := TemplateFormats[format]
	text, known := src.Text()
	if !ok || !known {
		return e.Unknown(c, "template")
	}
	pieces, errs := prompts.ScanTemplate(prompts.Template{Text: text, Format: syntax, Names: e.A.Names})
	if len(errs) > 0 {
		return e.Unknown(c, "template")
	}
	// A template written as one string literal places its pieces in it;
	// else they stand at the call.
	at := func(off int) token.Pos { return c.Pos() }
	end := func(off int) token.Pos { return c.End() }
	if len(src) == 1 && e.A.TextPos(src[0], 0) == src[0].Pos+1 {
		at = func(off int) token.Pos { return e.A.TextPos(src[0], off) }
		end = at
	}
	fields := e.CompositeFields(data)
	var out Layout
	for _, p := range pieces {
		switch {
		case p.Slot == nil:
			out = append(out, Piece{Text: p.Text, Pos: at(p.Start), End: end(p.End), Param: -1})
		case p.Field != "" && fields[p.Field] != nil:
			out = append(out, e.Eval(fields[p.Field])...)
		default:
			s := *p.Slot
			if s.Name == "" {
				s.Name = p.Text
			}
			out = append(out, Piece{Slot: &s, Pos: at(p.Start), End: end(p.End), Param: -1})
		}
	}
	return out
}
