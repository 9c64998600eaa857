package cachevet

import (
	"go/ast"
	"strings"
	"text/template/parse"

	"github.com/cachevet/cachevet/rules"
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

// Template syntaxes the analyzer splits.
const (
	formatGo      = "go-template"
	formatFString = "f-string"
	formatJinja2  = "jinja2"
)

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
// literal): its text is stable, each placeholder is the layout of its value
// or a slot named after it.
func (e *evaluator) render(c *ast.CallExpr, format, text string, data ast.Expr) layout {
	pieces, ok := splitTemplate(format, text)
	if !ok {
		return e.unknown(c, "template")
	}
	fields := e.compositeFields(data)
	var out layout
	for _, p := range pieces {
		switch {
		case !p.field:
			out = append(out, stable(p.text, c)...)
		case p.name != "" && fields[p.name] != nil:
			out = append(out, e.eval(fields[p.name])...)
		case p.name != "":
			kind, life := rules.ClassifyName(p.name, e.a.names)
			out = append(out, slotAt(c, &rules.Slot{Name: p.text, Kind: kind, Lifetime: life, Why: "template field"})...)
		default:
			out = append(out, slotAt(c, &rules.Slot{Name: p.text, Kind: rules.KindOther, Lifetime: rules.LifeUnknown, Why: "template"})...)
		}
	}
	return out
}

// tplPiece is a piece of template text: literal text, or a placeholder
// with the field it names ("" for actions that are not a plain field).
type tplPiece struct {
	text  string
	field bool
	name  string
}

// splitTemplate splits template text into literal text and placeholders;
// false when the text does not parse.
func splitTemplate(format, text string) ([]tplPiece, bool) {
	switch format {
	case formatGo, "":
		return splitGo(text)
	case formatFString:
		return splitFString(text)
	case formatJinja2:
		return splitJinja(text)
	}
	return nil, false
}

func splitGo(text string) ([]tplPiece, bool) {
	// Functions are skipped, not checked: templates call helpers
	// (printf, sprig's) that the analyzer does not know.
	tree := parse.New("t")
	tree.Mode = parse.SkipFuncCheck
	if _, err := tree.Parse(text, "{{", "}}", map[string]*parse.Tree{}); err != nil || tree.Root == nil {
		return nil, false
	}
	var out []tplPiece
	for _, n := range tree.Root.Nodes {
		switch n := n.(type) {
		case *parse.TextNode:
			out = append(out, tplPiece{text: string(n.Text)})
		case *parse.ActionNode:
			out = append(out, tplPiece{text: "{{" + n.Pipe.String() + "}}", field: true, name: actionField(n)})
		default:
			out = append(out, tplPiece{text: n.String(), field: true})
		}
	}
	return out, true
}

// splitFString splits Python f-string syntax as langchaingo renders it:
// {name} is a placeholder, {{ and }} are literal braces.
func splitFString(text string) ([]tplPiece, bool) {
	var out []tplPiece
	var lit strings.Builder
	flush := func() {
		if lit.Len() > 0 {
			out = append(out, tplPiece{text: lit.String()})
			lit.Reset()
		}
	}
	for i := 0; i < len(text); i++ {
		ch := text[i]
		switch {
		case (ch == '{' || ch == '}') && i+1 < len(text) && text[i+1] == ch:
			lit.WriteByte(ch)
			i++
		case ch == '{':
			end := strings.IndexByte(text[i:], '}')
			if end < 0 {
				return nil, false // unterminated placeholder
			}
			flush()
			name := strings.TrimSpace(text[i+1 : i+end])
			out = append(out, tplPiece{text: text[i : i+end+1], field: true, name: name})
			i += end
		case ch == '}':
			return nil, false // a single closing brace
		default:
			lit.WriteByte(ch)
		}
	}
	flush()
	return out, true
}

// splitJinja splits {{ expr }} placeholders and {% %} / {# #} tags; an
// expression that is a plain name (optionally filtered) names its field.
func splitJinja(text string) ([]tplPiece, bool) {
	var out []tplPiece
	for len(text) > 0 {
		i := indexAny3(text, "{{", "{%", "{#")
		if i < 0 {
			out = append(out, tplPiece{text: text})
			break
		}
		if i > 0 {
			out = append(out, tplPiece{text: text[:i]})
		}
		closer := map[byte]string{'{': "}}", '%': "%}", '#': "#}"}[text[i+1]]
		end := strings.Index(text[i+2:], closer)
		if end < 0 {
			return nil, false // unterminated tag
		}
		tag := text[i : i+2+end+2]
		text = text[i+2+end+2:]
		switch tag[1] {
		case '#':
			continue // a comment renders nothing
		case '%':
			out = append(out, tplPiece{text: tag, field: true})
		default:
			expr := strings.TrimSpace(tag[2 : len(tag)-2])
			name, _, _ := strings.Cut(expr, "|")
			name = strings.TrimSpace(name)
			if !isIdent(name) {
				name = ""
			}
			out = append(out, tplPiece{text: tag, field: true, name: name})
		}
	}
	return out, true
}

func indexAny3(s string, subs ...string) int {
	best := -1
	for _, sub := range subs {
		if i := strings.Index(s, sub); i >= 0 && (best < 0 || i < best) {
			best = i
		}
	}
	return best
}

func isIdent(s string) bool {
	if s == "" {
		return false
	}
	for i, r := range s {
		if r != '_' && !('a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || i > 0 && '0' <= r && r <= '9') {
			return false
		}
	}
	return true
}
