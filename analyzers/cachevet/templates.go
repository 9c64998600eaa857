package cachevet

import (
	"go/ast"
	"go/token"

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
	return e.render(c, format, e.eval(textx), c.Args[0])
}

// render fills a template's text with the fields of data (a struct or map
// literal): the prompts engine splits it into stable text and slots, and
// a placeholder that prints a field the literal sets is the layout of that
// field's value. Every other slot keeps the engine's classification. Text
// the engine cannot read without errors is unknown.
func (e *evaluator) render(c *ast.CallExpr, format string, src layout, data ast.Expr) layout {
	syntax, ok := templateFormats[format]
	text, known := src.text()
	if !ok || !known {
		return e.unknown(c, "template")
	}
	pieces, errs := prompts.ScanTemplate(prompts.Template{Text: text, Format: syntax, Names: e.a.names})
	if len(errs) > 0 {
		return e.unknown(c, "template")
	}
	// A template written as one string literal places its pieces in it;
	// else they stand at the call.
	at := func(off int) token.Pos { return c.Pos() }
	end := func(off int) token.Pos { return c.End() }
	if len(src) == 1 && e.a.textPos(src[0], 0) == src[0].pos+1 {
		at = func(off int) token.Pos { return e.a.textPos(src[0], off) }
		end = at
	}
	fields := e.compositeFields(data)
	var out layout
	for _, p := range pieces {
		switch {
		case p.Slot == nil:
			out = append(out, piece{text: p.Text, pos: at(p.Start), end: end(p.End), param: -1})
		case p.Field != "" && fields[p.Field] != nil:
			out = append(out, e.eval(fields[p.Field])...)
		default:
			s := *p.Slot
			if s.Name == "" {
				s.Name = p.Text
			}
			out = append(out, piece{slot: &s, pos: at(p.Start), end: end(p.End), param: -1})
		}
	}
	return out
}
