package cachevet

import (
	"go/ast"

	"github.com/cachevet/cachevet/prompts"
)

// definingExpr follows a local or package variable to the expression that
// last defined it before use; x itself when there is none.
func (e *evaluator) definingExpr(x ast.Expr) ast.Expr {
	for range 4 {
		id, ok := ast.Unparen(x).(*ast.Ident)
		if !ok {
			return x
		}
		v := e.a.localVar(id)
		if v == nil {
			return x
		}
		if e.fn != nil {
			if d := e.fn.lastDef(v, id.Pos()); d != nil {
				x = d.rhs
				continue
			}
		}
		if v.Pkg() != nil && v.Parent() == v.Pkg().Scope() {
			if init, assigned := e.a.pkgVarInit(v); init.expr != nil && !assigned {
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
	formatGo      = "go-template"
	formatFString = "f-string"
	formatJinja2  = "jinja2"
)

// templateFormats maps them to the prompts engine's syntax names.
var templateFormats = map[string]string{
	formatGo: prompts.FormatGo, "": prompts.FormatGo, formatFString: prompts.FormatFString, formatJinja2: prompts.FormatJinja,
}

// promptTemplate is langchaingo's PromptTemplate.Format(values): the
// template's text rendered with the values of a map literal.
func (e *evaluator) promptTemplate(c *ast.CallExpr) layout {
	if len(c.Args) != 1 {
		return e.unknown(c, "template")
	}
	def := ast.Unparen(e.definingExpr(receiver(c)))
	var textx ast.Expr
	format := formatGo
	switch d := def.(type) {
	case *ast.CallExpr:
		if len(d.Args) == 2 && e.calleeKey(d) == lc("prompts.NewPromptTemplate") {
			textx = d.Args[0]
		}
	case *ast.CompositeLit:
		f := e.compositeFields(d)
		textx = f["Template"]
		if s, ok := e.stringConst(f["TemplateFormat"]); ok {
			format = s
		}
	}
	if textx == nil {
		return e.unknown(c, "template")
	}
	text, ok := e.eval(textx).text()
	if !ok {
		return e.unknown(c, "template")
	}
	return e.render(c, format, text, c.Args[0])
}

// render fills a template's text with the fields of data (a struct or map
// literal): the prompts engine splits it into stable text and slots, and
// a placeholder that prints a field the literal sets is the layout of that
// field's value. Every other slot keeps the engine's classification. Text
// the engine cannot read without errors is unknown.
func (e *evaluator) render(c *ast.CallExpr, format, text string, data ast.Expr) layout {
	syntax, ok := templateFormats[format]
	if !ok {
		return e.unknown(c, "template")
	}
	pieces, errs := prompts.ScanTemplate(prompts.Template{Text: text, Format: syntax, Names: e.a.names})
	if len(errs) > 0 {
		return e.unknown(c, "template")
	}
	fields := e.compositeFields(data)
	var out layout
	for _, p := range pieces {
		switch {
		case p.Slot == nil:
			out = append(out, stable(p.Text, c)...)
		case p.Field != "" && fields[p.Field] != nil:
			out = append(out, e.eval(fields[p.Field])...)
		default:
			s := *p.Slot
			if s.Name == "" {
				s.Name = p.Text
			}
			out = append(out, slotAt(c, &s)...)
		}
	}
	return out
}
