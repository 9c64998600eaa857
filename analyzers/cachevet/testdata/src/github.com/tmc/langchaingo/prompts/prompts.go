// Package prompts is a stub of github.com/tmc/langchaingo/prompts.
package prompts

type TemplateFormat string

const (
	TemplateFormatGoTemplate TemplateFormat = "go-template"
	TemplateFormatJinja2     TemplateFormat = "jinja2"
	TemplateFormatFString    TemplateFormat = "f-string"
)

type PromptTemplate struct {
	Template         string
	InputVariables   []string
	TemplateFormat   TemplateFormat
	PartialVariables map[string]any
}

func NewPromptTemplate(template string, inputVars []string) PromptTemplate {
	return PromptTemplate{Template: template, InputVariables: inputVars, TemplateFormat: TemplateFormatGoTemplate}
}

func (p PromptTemplate) Format(values map[string]any) (string, error) { return "", nil }
