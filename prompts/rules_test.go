package prompts

import (
	"strings"
	"testing"

	"github.com/cachevet/cachevet/rules"
)

// ruleCase runs a file through Read and the real rules.
type ruleCase struct {
	name    string
	path    string
	opts    Options
	content string
	// want is "" (silent) or "PC001:warning"/"PC001:info".
	want string
	// at is the source text the finding must point at (its first
	// occurrence); "" skips the position check.
	at string
	// kind is the finding's slot kind, checked through the message.
	kind string
}

func runRuleCases(t *testing.T, cases []ruleCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			fs, reqs, errs := checkFile(t, tc.path, tc.content, tc.opts)
			if len(errs) > 0 {
				t.Fatalf("unexpected input errors:\n%s", errText(errs))
			}
			if len(reqs) == 0 {
				t.Fatal("no request")
			}
			var got []string
			for _, f := range fs {
				got = append(got, f.Rule+":"+f.Severity.String())
			}
			if g := strings.Join(got, ","); g != tc.want {
				t.Fatalf("findings = %q, want %q (%s)\nslots: %s", g, tc.want, summary(fs), slots(reqs))
			}
			if tc.want == "" {
				return
			}
			f := fs[0]
			if tc.at != "" {
				i := strings.Index(tc.content, tc.at)
				line := strings.Count(tc.content[:i], "\n") + 1
				col := i - strings.LastIndexByte(tc.content[:i], '\n')
				if f.Span.Line != line || f.Span.Col != col {
					t.Errorf("finding at %d:%d, want %d:%d (%q)", f.Span.Line, f.Span.Col, line, col, tc.at)
				}
				if f.Span.File != tc.path {
					t.Errorf("finding file %q, want %q", f.Span.File, tc.path)
				}
			}
			if tc.kind != "" && !strings.HasPrefix(f.Message, tc.kind+" ") {
				t.Errorf("message %q does not name kind %q", f.Message, tc.kind)
			}
			if f.Rule == rules.PC001 && f.Severity == rules.SeverityWarning {
				if f.Savings == nil || f.Savings.Tokens < 1024 || f.Savings.USDPerDay <= 0 {
					t.Errorf("PC001 without savings: %+v", f.Savings)
				}
			}
		})
	}
}

func TestGoTemplateRules(t *testing.T) {
	P := policies()
	runRuleCases(t, []ruleCase{
		{name: "date at the top is a day-lifetime info", path: "support.tmpl", content: "You are Acme support. Today is {{ .Date }}.\n\n" + P,
			want: "PC001:info", at: "{{ .Date }}", kind: "time"},
		{name: "timestamp at the top fires", path: "support.tmpl", content: "You are Acme support. It is {{ .Now }}.\n\n" + P,
			want: "PC001:warning", at: "{{ .Now }}", kind: "time"},
		{name: "date at the bottom is silent", path: "support.tmpl", content: P + "\nToday is {{ .Date }}.\n"},
		{name: "short prompt is silent", path: "support.tmpl", content: "Today is {{ .Date }}.\n" + shortText()},
		{name: "declared stable is silent", path: "support.tmpl", opts: Options{Names: rules.NameOverrides{Stable: []string{"Date"}}},
			content: "Today is {{ .Date }}.\n" + P},
		{name: "now with a date-only layout is a day-lifetime info", path: "support.tmpl", content: `Date: {{ now | date "2006-01-02" }}` + "\n" + P,
			want: "PC001:info", at: `{{ now | date "2006-01-02" }}`, kind: "time"},
		{name: "now with a time of day fires", path: "support.tmpl", content: `Time: {{ now | date "2006-01-02 15:04" }}` + "\n" + P,
			want: "PC001:warning", at: `{{ now | date "2006-01-02 15:04" }}`, kind: "time"},
		{name: "range over documents fires as one slot", path: "rag.tmpl",
			content: "Context:\n{{range .Documents}}- {{.Title}}: {{.Body}}\n{{end}}\n" + P,
			want:    "PC001:warning", at: "{{range .Documents}}", kind: "documents"},
		{name: "range after the instructions is silent", path: "rag.tmpl",
			content: P + "\n{{range .Documents}}- {{.Title}}\n{{end}}"},
		{name: "if on an unknown flag keeps its text stable", path: "flags.tmpl",
			content: "{{if .Formal}}Use a formal register.{{else}}Be casual.{{end}}\n" + P},
		{name: "if on the user fires", path: "flags.tmpl",
			content: "{{if .User.IsPremium}}Offer premium support.{{end}}\n" + P,
			want:    "PC001:warning", at: "{{if .User.IsPremium}}", kind: "user"},
		{name: "volatile value inside an else branch is found", path: "flags.tmpl",
			content: "{{if .Formal}}Formal.{{else}}Casual, it is {{ .Time }}.{{end}}\n" + P,
			want:    "PC001:warning", at: "{{ .Time }}", kind: "time"},
		{name: "unknown placeholder is info", path: "brand.tmpl", content: "You work for {{ .Brand }}.\n" + P,
			want: "PC001:info", at: "{{ .Brand }}"},
		{name: "comment is silent", path: "c.tmpl", content: "{{/* put {{ .Date }} at the end */}}\n" + P},
		{name: "include is stable", path: "c.tmpl", content: `{{template "header"}}` + "\n" + P},
		{name: "variable set from the time fires", path: "v.tmpl", content: "{{ $now := .Now }}Now: {{ $now }}\n" + P,
			want: "PC001:warning", at: "{{ $now }}", kind: "time"},
		{name: "with on the user fires", path: "w.tmpl", content: "{{with .User}}Hello {{.Name}}.{{end}}\n" + P,
			want: "PC001:warning", at: "{{with .User}}", kind: "user"},
		{name: "with on config re-roots names", path: "w.tmpl", content: "{{with .Company}}You work for {{.Name}}.{{end}}\n" + P,
			want: "PC001:info", at: "{{.Name}}"},
		{name: "company name is not a person", path: "w.tmpl", content: "You work for {{ .CompanyName }}.\n" + P,
			want: "PC001:info", at: "{{ .CompanyName }}"},
		{name: "define-only file fires inside the template", path: "defs.tmpl",
			content: `{{define "system"}}Now: {{ .Now }}.` + "\n" + P + `{{end}}` + "\n" + `{{define "user"}}{{ .Question }}{{end}}`,
			want:    "PC001:warning", at: "{{ .Now }}"},
		{name: "template call expands a define", path: "defs.tmpl",
			content: `{{define "stamp"}}{{ .Now }}{{end}}{{template "stamp" .}}` + "\n" + P,
			want:    "PC001:warning", at: "{{ .Now }}"},
		{name: "constant string is stable", path: "k.tmpl", content: `{{ "Acme" }} support.` + "\n" + P},
	})
}

func TestJinjaRules(t *testing.T) {
	P := policies()
	runRuleCases(t, []ruleCase{
		{name: "time at the top fires", path: "support.j2", content: "Today is {{ current_time }}.\n" + P,
			want: "PC001:warning", at: "{{ current_time }}", kind: "time"},
		{name: "time at the bottom is silent", path: "support.j2", content: P + "\nToday is {{ current_time }}.\n"},
		{name: "short prompt is silent", path: "support.j2", content: "Today is {{ current_time }}.\n" + shortText()},
		{name: "declared stable is silent", path: "support.j2", opts: Options{Names: rules.NameOverrides{Stable: []string{"current_*"}}},
			content: "Today is {{ current_time }}.\n" + P},
		{name: "loop over retrieved documents fires", path: "rag.j2",
			content: "Use these sources:\n{% for doc in retrieved_documents %}\n[{{ loop.index }}] {{ doc.title }}\n{{ doc.text }}\n{% endfor %}\n" + P,
			want:    "PC001:warning", at: "{% for doc in retrieved_documents %}", kind: "documents"},
		{name: "loop after the instructions is silent", path: "rag.j2",
			content: P + "\n{% for doc in retrieved_documents %}{{ doc.text }}{% endfor %}"},
		{name: "if on a config flag is silent", path: "tone.j2",
			content: "{% if tone == \"formal\" %}Use a formal register.{% else %}Be casual.{% endif %}\n" + P},
		{name: "if on the user fires", path: "tone.j2",
			content: "{% if user.is_premium %}Offer premium support.{% endif %}\n" + P,
			want:    "PC001:warning", at: "{% if user.is_premium %}", kind: "user"},
		{name: "now string through a date-only format is info", path: "d.j2", content: `Today: {{ "now" | date("%Y-%m-%d") }}` + "\n" + P,
			want: "PC001:info", at: `{{ "now" | date("%Y-%m-%d") }}`, kind: "time"},
		{name: "now string through a time format fires", path: "d.j2", content: `Now: {{ "now" | date("%H:%M") }}` + "\n" + P,
			want: "PC001:warning", at: `{{ "now" | date("%H:%M") }}`, kind: "time"},
		{name: "set from now() fires at the use", path: "d.j2", content: "{% set today = now() %}Today: {{ today }}\n" + P,
			want: "PC001:warning", at: "{{ today }}", kind: "time"},
		{name: "comment is silent", path: "c.j2", content: "{# {{ current_time }} goes last #}\n" + P},
		{name: "raw block is silent", path: "c.j2", content: "{% raw %}Write {{ current_time }} in templates.{% endraw %}\n" + P},
		{name: "include is stable", path: "c.j2", content: "{% include \"header.j2\" %}\n" + P},
		{name: "unknown placeholder is info", path: "p.j2", content: "You sell {{ product }}.\n" + P,
			want: "PC001:info", at: "{{ product }}"},
		{name: "macro call is stable", path: "m.j2", content: "{% macro rule(n) %}Rule {{ n }}.{% endmacro %}{{ rule(1) }}\n" + P},
		{name: "liquid now as a date is info", path: "p.liquid", content: `Today: {{ 'now' | date: "%Y-%m-%d" }}` + "\n" + P,
			want: "PC001:info", at: `{{ 'now' | date: "%Y-%m-%d" }}`, kind: "time"},
		{name: "liquid now with a time fires", path: "p.liquid", content: `Now: {{ 'now' | date: "%Y-%m-%d %H:%M" }}` + "\n" + P,
			want: "PC001:warning", at: `{{ 'now' | date: "%Y-%m-%d %H:%M" }}`, kind: "time"},
		{name: "jinja2-time now tag fires", path: "t.j2", content: "{% now 'utc', '%Y' %}\n" + P,
			want: "PC001:warning", at: "{% now 'utc', '%Y' %}", kind: "time"},
		{name: "whitespace control is silent", path: "w.j2", content: "{%- if formal -%}\nFormal.\n{%- endif -%}\n" + P},
	})
}

func TestHandlebarsRules(t *testing.T) {
	P := policies()
	runRuleCases(t, []ruleCase{
		{name: "customer name at the top fires", path: "s.hbs", content: "Hello {{customer_name}}.\n" + P,
			want: "PC001:warning", at: "{{customer_name}}", kind: "user"},
		{name: "customer name at the bottom is silent", path: "s.hbs", content: P + "Hello {{customer_name}}.\n"},
		{name: "each over search results fires", path: "s.hbs", content: "{{#each search_results}}* {{this.title}}\n{{/each}}" + P,
			want: "PC001:warning", at: "{{#each search_results}}", kind: "documents"},
		{name: "comment is silent", path: "s.hbs", content: "{{!-- {{today}} goes last --}}\n" + P},
		{name: "escaped mustache is silent", path: "s.hbs", content: "Write \\{{today}} to print the date.\n" + P},
		{name: "partial is stable", path: "s.hbs", content: "{{> header}}\n" + P},
		{name: "section on the user fires", path: "s.mustache", content: "{{#user}}Signed in as {{email}}.{{/user}}\n" + P,
			want: "PC001:warning", at: "{{#user}}", kind: "user"},
		{name: "inverted section on a flag is silent", path: "s.mustache", content: "{{^verbose}}Be brief.{{/verbose}}\n" + P},
		{name: "triple stash fires", path: "s.hbs", content: "{{{retrieved_context}}}\n" + P,
			want: "PC001:warning", at: "{{{retrieved_context}}}", kind: "documents"},
		{name: "declared stable is silent", path: "s.hbs", opts: Options{Names: rules.NameOverrides{Stable: []string{"customer_name"}}},
			content: "Hello {{customer_name}}.\n" + P},
	})
}

func TestFStringAndDollarRules(t *testing.T) {
	P := policies()
	runRuleCases(t, []ruleCase{
		{name: "declared f-string fires", path: "s.txt", opts: Options{Format: "fstring"}, content: "Today is {timestamp}.\n" + P,
			want: "PC001:warning", at: "{timestamp}", kind: "time"},
		{name: "undeclared braces are text", path: "s.txt", content: "Today is {date}.\n" + P},
		{name: "escaped braces are text", path: "s.txt", opts: Options{Format: "f-string"}, content: "Write {{date}} for the date.\n" + P},
		{name: "format spec and attribute", path: "s.txt", opts: Options{Format: "fstring"}, content: "Balance: {user.balance:>10}\n" + P,
			want: "PC001:warning", at: "{user.balance:>10}", kind: "user"},
		{name: "dollar placeholder fires", path: "s.txt", content: "Today is ${timestamp}.\n" + P,
			want: "PC001:warning", at: "${timestamp}", kind: "time"},
		{name: "escaped dollar is silent", path: "s.txt", content: "Write $${timestamp} for the date.\n" + P},
		{name: "dollar at the bottom is silent", path: "s.txt", content: P + "Today is ${timestamp}.\n"},
		{name: "new Date() fires", path: "s.txt", opts: Options{Format: "dollar"}, content: "Now: ${new Date().toISOString()}\n" + P,
			want: "PC001:warning", at: "${new Date().toISOString()}", kind: "time"},
	})
}

func TestMarkdownRules(t *testing.T) {
	P := policies()
	example := "Reply with JSON like this:\n\n```json\n{\"date\": \"{{ current_time }}\", \"answer\": \"...\"}\n```\n\n"
	runRuleCases(t, []ruleCase{
		{name: "braces in a fenced example are silent", path: "s.md", content: example + P},
		{name: "tilde fence example is silent", path: "s.md", content: "Example:\n~~~\nHello {{ user_name }}, see you.\n~~~\n" + P},
		{name: "rendered file counts fenced braces", path: "s.md", opts: Options{Rendered: true}, content: example + P,
			want: "PC001:warning", at: "{{ current_time }}", kind: "time"},
		{name: "fence wrapping only a value is a slot", path: "s.md", content: "Here is the diff:\n```diff\n{{ git_diff }}\n```\n" + P,
			want: "PC001:warning", at: "{{ git_diff }}", kind: "git"},
		{name: "inline code is rendered", path: "s.md", content: "Working directory: `{{ cwd }}`\n\n" + P,
			want: "PC001:info", at: "{{ cwd }}", kind: "cwd"},
		{name: "f-string JSON example in a fence is silent", path: "s.md", opts: Options{Format: "fstring"},
			content: "Answer as:\n```json\n{\"answer\": \"...\", \"confidence\": 0.9}\n```\n" + P},
		{name: "fences are not special outside Markdown", path: "s.j2", content: example + P,
			want: "PC001:warning", at: "{{ current_time }}"},
		{name: "markdown template name", path: "system.md.tmpl", content: "```\nUse {{ .Date }} like this.\n```\n" + P},
	})
}

// TestPlainTextFences: a plain text prompt pastes code examples in fences
// as Markdown does; their braces and ${…} are example text.
func TestPlainTextFences(t *testing.T) {
	P := policies()
	js := "When you write the game loop, send the state like this:\n\n```javascript\nconst reply = await ask(`State: ${JSON.stringify(state)} at ${new Date()}`);\n```\n\n"
	runRuleCases(t, []ruleCase{
		{name: "dollar expressions in a javascript fence are silent", path: "system.txt", content: js + P},
		{name: "double braces in a tilde fence are silent", path: "system.text", content: "Example:\n~~~\nHello {{ user_name }}, it is {{ now }}.\n~~~\n" + P},
		{name: "an unclosed fence runs to the end of the file", path: "system.txt", content: "Intro.\n```js\nlog(`${Date.now()}`)\n" + P},
		{name: "prose placeholder after a fence still fires", path: "system.txt",
			content: js + "Commands run in the working directory: ${cwd.toPosix()}\n" + P,
			want:    "PC001:info", at: "${cwd.toPosix()}", kind: "cwd"},
		{name: "prose timestamp ahead of a fence fires", path: "system.txt",
			content: "It is ${timestamp}.\n" + js + P,
			want:    "PC001:warning", at: "${timestamp}", kind: "time"},
		{name: "a fence wrapping only a value is a slot", path: "system.txt",
			content: "The diff:\n```diff\n${git_diff}\n```\n" + P,
			want:    "PC001:warning", at: "${git_diff}", kind: "git"},
		{name: "a rendered text file counts fenced expressions", path: "system.txt", opts: Options{Rendered: true},
			content: js + P, want: "PC001:info,PC001:warning", at: "${JSON.stringify(state)}"},
	})
}

func TestDotpromptRules(t *testing.T) {
	P := policies()
	front := "---\nmodel: anthropic/claude-sonnet-4-5\ninput:\n  schema:\n    question: string\n    timestamp: string\n---\n"
	runRuleCases(t, []ruleCase{
		{name: "timestamp in the system section fires", path: "s.prompt",
			content: front + "{{role \"system\"}}\nToday is {{timestamp}}.\n" + P + "{{role \"user\"}}\n{{question}}\n",
			want:    "PC001:warning", at: "{{timestamp}}", kind: "time"},
		{name: "volatile content in the user section is silent", path: "s.prompt",
			content: front + "{{role \"system\"}}\n" + P + "{{role \"user\"}}\nToday is {{timestamp}}. {{question}}\n"},
		{name: "history after the system prompt is silent", path: "s.prompt",
			content: front + "{{role \"system\"}}\n" + P + "{{history}}\n{{role \"user\"}}\n{{question}}\n"},
		{name: "without roles the prompt is one user message", path: "s.prompt",
			content: front + "Today is {{timestamp}}.\n" + P},
	})
}

func TestPromptyRules(t *testing.T) {
	P := policies()
	front := "---\nname: support\nmodel:\n  api: chat\n  configuration:\n    type: openai\n    name: claude-sonnet-4-5\n---\n"
	runRuleCases(t, []ruleCase{
		{name: "first name in the system prompt fires", path: "s.prompty",
			content: front + "system:\nYou are helping {{firstName}}.\n\n" + P + "\nuser:\n{{question}}\n",
			want:    "PC001:warning", at: "{{firstName}}", kind: "user"},
		{name: "volatile content in the user message is silent", path: "s.prompty",
			content: front + "system:\n" + P + "\nuser:\n{{firstName}} asks: {{question}}\n"},
		{name: "context loop in the system prompt fires", path: "s.prompty",
			content: front + "system:\n# Context\n{% for item in context %}\n{{item.content}}\n{% endfor %}\n" + P + "\nuser:\n{{question}}\n",
			want:    "PC001:warning", at: "{% for item in context %}", kind: "documents"},
		{name: "mustache body", path: "s.prompty",
			content: strings.Replace(front, "---\n", "---\ntemplate: mustache\n", 1) + "system:\n{{#customer}}Hi {{name}}.{{/customer}}\n" + P + "\nuser:\n{{question}}\n",
			want:    "PC001:warning", at: "{{#customer}}", kind: "user"},
	})
}

func TestLangChainRules(t *testing.T) {
	P := policies()
	runRuleCases(t, []ruleCase{
		{name: "f-string prompt file fires", path: "joke.yaml",
			content: "_type: prompt\ninput_variables: [timestamp, question]\ntemplate: |\n  Today is {timestamp}.\n" + indent(P, "  ") + "  {question}\n",
			want:    "PC001:warning", at: "{timestamp}", kind: "time"},
		{name: "partial variables are stable", path: "joke.yaml",
			content: "_type: prompt\ninput_variables: [question]\npartial_variables:\n  timestamp: \"2025-01-01\"\ntemplate: |\n  Today is {timestamp}.\n" + indent(P, "  ") + "  {question}\n"},
		{name: "jinja2 template format", path: "p.json",
			content: `{"_type": "prompt", "input_variables": ["user_name"], "template_format": "jinja2", "template": ` + jsonString("Hi {{ user_name }}.\n"+P) + `}`,
			want:    "PC001:warning", at: "{{ user_name }}", kind: "user"},
		{name: "chat prompt with a volatile system message fires", path: "chat.json", content: lcChat("Today is {timestamp}.\n"+P, "{question}"),
			want: "PC001:warning", at: "{timestamp}", kind: "time"},
		{name: "chat prompt with volatile content in the human message is silent", path: "chat.json", content: lcChat(P, "Today is {timestamp}. {question}")},
	})
}

// lcChat is a serialized ChatPromptTemplate: system template, history,
// human template.
func lcChat(system, human string) string {
	pt := func(tmpl string) string {
		return `{"lc": 1, "type": "constructor", "id": ["langchain", "prompts", "prompt", "PromptTemplate"], "kwargs": {"input_variables": [], "template": ` + jsonString(tmpl) + `, "template_format": "f-string"}}`
	}
	msg := func(class, tmpl string) string {
		return `{"lc": 1, "type": "constructor", "id": ["langchain", "prompts", "chat", "` + class + `"], "kwargs": {"prompt": ` + pt(tmpl) + `}}`
	}
	return `{"lc": 1, "type": "constructor", "id": ["langchain", "prompts", "chat", "ChatPromptTemplate"], "kwargs": {"input_variables": ["question"], "messages": [` +
		msg("SystemMessagePromptTemplate", system) + `,
  {"lc": 1, "type": "constructor", "id": ["langchain", "prompts", "chat", "MessagesPlaceholder"], "kwargs": {"variable_name": "chat_history"}},
  ` + msg("HumanMessagePromptTemplate", human) + `]}}`
}

// TestFrontMatterModelIsUsed shows the model named in front matter decides
// the outcome: claude-haiku-4-5 caches only from 4,096 tokens, so the same
// ~2,000-token prompt that fires on claude-sonnet-4-5 is silent on it.
func TestFrontMatterModelIsUsed(t *testing.T) {
	P := policies()
	dot := func(model string) string {
		return "---\nmodel: anthropic/" + model + "\n---\n{{role \"system\"}}\nToday is {{timestamp}}.\n" + P + "{{role \"user\"}}\n{{q}}\n"
	}
	pty := func(model string) string {
		return "---\nmodel:\n  id: " + model + "\n---\nsystem:\nToday is {{timestamp}}.\n" + P + "\nuser:\n{{q}}\n"
	}
	runRuleCases(t, []ruleCase{
		{name: "dotprompt sonnet fires", path: "m.prompt", content: dot("claude-sonnet-4-5"), want: "PC001:warning", at: "{{timestamp}}"},
		{name: "dotprompt haiku is silent", path: "m.prompt", content: dot("claude-haiku-4-5")},
		{name: "prompty sonnet fires", path: "m.prompty", content: pty("claude-sonnet-4-5"), want: "PC001:warning", at: "{{timestamp}}"},
		{name: "prompty haiku is silent", path: "m.prompty", content: pty("claude-haiku-4-5")},
	})
	fs, reqs, _ := checkFile(t, "m.prompt", dot("claude-sonnet-4-5"), Options{})
	if reqs[0].Model != "claude-sonnet-4-5" || fs[0].Model != "claude-sonnet-4-5" {
		t.Errorf("model %q, finding model %q", reqs[0].Model, fs[0].Model)
	}
}

func TestRoleBlocks(t *testing.T) {
	tests := []struct{ path, content, want string }{
		{"a.md", "Hello {{ name }}", "system/system/-1"},
		{"a.prompt", "just a user turn", "messages/user/0"},
		{"a.prompt", "{{role \"system\"}}sys{{role \"user\"}}u1{{role \"model\"}}a1{{role \"user\"}}u2", "system/system/-1 messages/user/0 messages/assistant/1 messages/user/2"},
		{"a.prompt", "{{role \"user\"}}u{{role \"system\"}}late system", "system/system/-1 messages/user/0"},
		{"a.prompt", "{{role \"system\"}}s{{history}}{{role \"user\"}}q", "system/system/-1 messages/user/0 messages/user/1"},
		{"a.prompt", "{{role \"system\"}}{{role \"user\"}}only user", "messages/user/0"},
		{"a.prompty", "preamble\nuser:\nq\nassistant:\na\nuser:\nq2\n", "system/system/-1 messages/user/0 messages/assistant/1 messages/user/2"},
		{"a.prompty", "system:\ns\n# user:\nq\n", "system/system/-1 messages/user/0"},
		{"a.prompty", "system:\ns\ndeveloper:\nd\nUSER [name=\"x\"] :\nq\n", "system/system/-1 system/developer/-1 messages/user/0"},
		{"a.prompty", "system:\nuser: not a role line\n", "system/system/-1"},
		{"a.prompty", "system:\ns\n![thread]\nuser:\nq\n", "system/system/-1 messages/user/0 messages/user/1"},
	}
	for _, tc := range tests {
		reqs, errs := Read(tc.path, fileKind(tc.path), []byte(tc.content), Options{})
		if len(errs) > 0 || len(reqs) != 1 {
			t.Fatalf("%q: %d requests, errors %s", tc.content, len(reqs), errText(errs))
		}
		if got := blockShape(reqs[0]); got != tc.want {
			t.Errorf("%s %q: blocks %s, want %s", tc.path, tc.content, got, tc.want)
		}
	}
}

// TestScopes checks how names inside scoping blocks are classified.
func TestScopes(t *testing.T) {
	tests := []struct{ path, content, want string }{
		{"s.tmpl", "{{with .Company}}{{.Name}}{{end}}", "Company.Name:other:unknown"},
		{"s.tmpl", "{{with $u := .Account}}{{$u.Email}}{{end}}", "Account:user:session"},
		{"s.tmpl", "{{with lookup .X}}{{.Name}}{{end}}", "Name:user:session"},
		{"s.tmpl", `{{define "card"}}{{.Name}}{{end}}{{template "card" .Company}}`, "Company.Name:other:unknown"},
		{"s.j2", "{% block body %}{{ title }}{% endblock %}", "title:other:unknown"},
		{"s.j2", "{% with who = user.name %}{{ who }}{% endwith %}", "who:user:session"},
		{"s.j2", "{% filter upper %}{{ product }}{% endfilter %}", "product:other:unknown"},
		{"s.hbs", "{{#with company}}{{name}}{{/with}}", "company.name:other:unknown"},
		{"s.hbs", "{{#with company}}{{../user_name}}{{/with}}", "user_name:user:session"},
		{"s.hbs", "{{#with customer as |c|}}{{c.plan}}{{/with}}", "customer:user:session"},
		{"s.hbs", "{{#with store as |s|}}{{s.hours}} {{s.timezone}}{{/with}}", "s.hours:other:unknown s.timezone:user:session"},
		{"s.j2", "{% set u = account %}{{ u.email }}", "u.email:user:session"},
		{"s.mustache", "{{#company}}{{name}}{{/company}}", "company.name:other:unknown"},
		{"s.mustache", "{{#has_orders}}{{order_count}}{{/has_orders}}", "order_count:other:unknown"},
		{"s.hbs", "{{@root.user.email}} {{this}}", "user.email:user:session .:other:unknown"},
	}
	for _, tc := range tests {
		reqs, errs := Read(tc.path, fileKind(tc.path), []byte(tc.content), Options{})
		if len(errs) > 0 {
			t.Fatalf("%q: %s", tc.content, errText(errs))
		}
		if got := slots(reqs); got != tc.want {
			t.Errorf("%s %q: slots %q, want %q", tc.path, tc.content, got, tc.want)
		}
	}
}

func TestConditions(t *testing.T) {
	tests := []struct {
		content string
		opts    Options
		want    string
	}{
		{"{% if include_sources %}Cite.{% endif %}", Options{}, ""},
		{"{% if show_date %}Today is {{ date }}.{% endif %}", Options{}, "date:time:day"},
		{"{% if user.show_email %}x{% endif %}", Options{}, "user.show_email:user:session"},
		{"{% if is_premium_user %}x{% endif %}", Options{}, "is_premium_user:user:session"},
		{"{% if has_orders %}x{% endif %}", Options{}, ""},
		{"{% if include_sources %}x{% endif %}", Options{Names: rules.NameOverrides{Volatile: []string{"include_*"}}}, "include_sources:documents:request"},
		{"{% if documents %}x{% endif %}", Options{}, "documents:documents:request"},
		{"{% if tone == 'formal' %}x{% elif user.tier == 'gold' %}y{% endif %}", Options{}, "user.tier:user:session"},
		{"{% unless verbose %}brief{% endunless %}", Options{}, ""},
	}
	for _, tc := range tests {
		reqs, errs := Read("c.j2", fileKind("c.j2"), []byte(tc.content), tc.opts)
		if len(errs) > 0 {
			t.Fatalf("%q: %s", tc.content, errText(errs))
		}
		if got := slots(reqs); got != tc.want {
			t.Errorf("%q: slots %q, want %q", tc.content, got, tc.want)
		}
	}
}

// TestPromptValueRules reads agent-framework prompt files: YAML or JSON
// whose prompt values are templates, each scanned with file positions.
func TestPromptValueRules(t *testing.T) {
	P := policies()
	runRuleCases(t, []ruleCase{
		{name: "jinja system_prompt block fires at its placeholder", path: "prompts/agent.yaml",
			content: "system_prompt: |-\n  You are an agent.\n  Today is {{ current_time }}.\n" + indent(P, "  ") + "planning:\n  initial_plan: |-\n    Task: {{ task }}\n",
			want:    "PC001:warning", at: "{{ current_time }}", kind: "time"},
		{name: "a placeholder after a loop is at its file line", path: "prompts/agent.yaml",
			content: "system_prompt: |-\n  {%- for step in [\"plan\", \"act\"] %}\n  - {{ step }}\n  {%- endfor %}\n  Now: {{ now() }}\n" + indent(P, "  "),
			want:    "PC001:warning", at: "{{ now() }}", kind: "time"},
		{name: "double-quoted JSON value with escapes keeps positions", path: "prompts/agent.json",
			content: `{"agent": {"system_prompt": ` + jsonString("Hello\n\tToday is {{ current_time }}.\n"+P) + `}}`,
			want:    "PC001:warning", at: "{{ current_time }}", kind: "time"},
		{name: "stable prompt values are silent", path: "prompts/agent.yaml",
			content: "system_prompt: |-\n  You are an agent.\n" + indent(P, "  ") + "  Task: {{ task }}\n"},
	})
}
