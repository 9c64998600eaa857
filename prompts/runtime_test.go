package prompts

import (
	"strings"
	"testing"

	"github.com/cachevet/cachevet/rules"
)

func TestRuntimeOf(t *testing.T) {
	for name, want := range map[string]string{
		"chat_history":        rules.RuntimeHistory,
		"history":             rules.RuntimeHistory,
		"_conversation":       rules.RuntimeHistory,
		"messages":            rules.RuntimeHistory,
		"session.transcript":  rules.RuntimeHistory,
		"thread":              rules.RuntimeHistory,
		"tools":               rules.RuntimeTools,
		".Tools":              rules.RuntimeTools,
		"available_tools":     rules.RuntimeTools,
		"skills":              rules.RuntimeTools,
		"skill_list":          rules.RuntimeTools,
		"toolDescriptions":    rules.RuntimeTools,
		"AvailSkillXML":       rules.RuntimeTools,
		".AvailableToolsJSON": rules.RuntimeTools,
		"skills_md":           rules.RuntimeTools,
		"XMLSkills":           rules.RuntimeTools,
		"ContextFiles":        rules.RuntimeFile,
		"xml_output":          "",
		"documents":           rules.RuntimeFile,
		"retrieved_docs":      rules.RuntimeFile,
		"context_files":       rules.RuntimeFile,
		"file_contents":       rules.RuntimeFile,
		"attachments":         rules.RuntimeFile,
		"agentsMd":            rules.RuntimeFile,
		"error_messages":      "",
		"tool_choice":         "",
		"files_count":         "",
		"message":             "",
		"user.name":           "",
		"history_enabled":     "",
		"document_title":      "",
		"conversation_id":     "",
	} {
		if got := runtimeOf(name); got != want {
			t.Errorf("runtimeOf(%q) = %q, want %q", name, got, want)
		}
	}
}

// TestFileSegmentLifetime: files an agent reads at start-up are stable
// like its tool list; content fetched for a request changes every request;
// any other file name keeps what its words say; the config's lists win.
func TestFileSegmentLifetime(t *testing.T) {
	for _, tt := range []struct {
		name  string
		names rules.NameOverrides
		life  rules.Lifetime
		kind  string
	}{
		{name: "ContextFiles", life: rules.LifeStable, kind: rules.KindFile},
		{name: "context_files", life: rules.LifeStable, kind: rules.KindFile},
		{name: "project_file_contents", life: rules.LifeStable, kind: rules.KindFile},
		{name: "instructions_files", life: rules.LifeStable, kind: rules.KindFile},
		{name: "rules_files", life: rules.LifeStable, kind: rules.KindFile},
		{name: "agentsMd", life: rules.LifeStable, kind: rules.KindFile},
		{name: "claude_md", life: rules.LifeStable, kind: rules.KindFile},
		{name: "memory_files", life: rules.LifeStable, kind: rules.KindFile},
		{name: "retrieved_docs", life: rules.LifeRequest, kind: rules.KindDocuments},
		{name: "documents", life: rules.LifeRequest, kind: rules.KindDocuments},
		{name: "search_result_files", life: rules.LifeRequest, kind: rules.KindDocuments},
		{name: "rag_chunks", life: rules.LifeRequest, kind: rules.KindDocuments},
		{name: "passages", life: rules.LifeRequest, kind: rules.KindDocuments},
		{name: "context_documents", life: rules.LifeRequest, kind: rules.KindDocuments},
		{name: "attachments", life: rules.LifeRequest, kind: rules.KindDocuments},
		{name: "files", life: rules.LifeSession, kind: rules.KindCwd},
		{name: "ContextFiles", names: rules.NameOverrides{Volatile: []string{"contextfiles"}}, life: rules.LifeRequest, kind: rules.KindDocuments},
		{name: "rag_chunks", names: rules.NameOverrides{Stable: []string{"rag_*"}}, life: rules.LifeStable, kind: rules.KindOther},
	} {
		cl := newClassifier(dGo, tt.names).path([]string{tt.name})
		s := cl.slot()
		if s.Runtime != rules.RuntimeFile || s.Lifetime != tt.life || s.Kind != tt.kind {
			t.Errorf("%s %+v: runtime %q, %s %s; want file, %s %s", tt.name, tt.names, s.Runtime, s.Kind, s.Lifetime, tt.kind, tt.life)
		}
	}
}

// TestRuntimeSegmentRules runs templates whose literal text after a
// per-request value is short, but whose runtime segments (conversation,
// tool and skill lists, context files) make what follows large.
func TestRuntimeSegmentRules(t *testing.T) {
	short := "Answer in the customer's language and cite the article you used.\n"
	runRuleCases(t, []ruleCase{
		{name: "jinja: question in the system prompt, chat history loop after", path: "support.prompty",
			content: "---\nname: support\n---\nsystem:\nYou help Orchard Bank customers. The customer asks: {{question}}\n" + short +
				"\n{% for item in history %}\n{{item.role}}:\n{{item.content}}\n{% endfor %}\n",
			want: "PC001:warning", at: "{{question}}"},
		{name: "prompty: documents in the system prompt, chat_history section after", path: "rag.prompty",
			content: "---\nname: rag\n---\nsystem:\nUse these sources:\n{{documents}}\n" + short +
				"\n{{#chat_history}}\n{{role}}:\n{{content}}\n{{/chat_history}}\n",
			want: "PC001:warning", at: "{{documents}}"},
		{name: "dotprompt: date then history", path: "agent.prompt",
			content: "---\nmodel: claude-sonnet-4-5\n---\n{{role \"system\"}}\nToday is {{current_time}}.\n" + short + "{{history}}\n{{role \"user\"}}\n{{input}}\n",
			want:    "PC001:warning", at: "{{current_time}}"},
		{name: "session value ahead of skills and context files", path: "agent.md.tmpl",
			content: "Git status at start:\n{{ .GitStatus }}\n\nSkills:\n{{ range .Skills }}- {{ .Name }}\n{{ end }}\nProject rules:\n{{ .ContextFiles }}\n" + short,
			want:    "PC001:warning", at: "{{ .GitStatus }}"},
		{name: "coding agent: git status at start ahead of skills and context files", path: "agent.md.tpl",
			content: agentEnv + "{{if .GitStatus}}\nGit status when the session started:\n{{.GitStatus}}\n{{end}}\n</env>\n" + agentTail,
			want:    "PC001:info,PC001:warning", at: "{{.WorkingDir}}"},
		{name: "coding agent without a session value: one info for the directory and date", path: "agent.md.tpl",
			content: agentEnv + "</env>\n" + agentTail,
			want:    "PC001:info", at: "{{.WorkingDir}}"},
		{name: "retrieved documents ahead of the history fire", path: "rag.md", opts: Options{Conversation: true},
			content: "Answer from these documents only.\n{{range .RetrievedDocs}}<doc>{{.Content}}</doc>\n{{end}}\n" + short,
			want:    "PC001:warning", at: "{{range .RetrievedDocs}}"},
		{name: "context files read at start-up ahead of the history are silent", path: "agent.md", opts: Options{Conversation: true},
			content: "Project instructions:\n{{range .ContextFiles}}<file path=\"{{.Path}}\">{{.Content}}</file>\n{{end}}\n" + short},
		{name: "question after the history is the last message: silent", path: "qa.prompty",
			content: "---\nname: qa\n---\nsystem:\n" + short + "\n{% for item in history %}\n{{item.content}}\n{% endfor %}\n\nuser:\n{{question}}\n"},
		{name: "plain template, no conversation declared: silent", path: "pattern.md",
			content: "# Summarize\n\nInput: {{ input }}\n" + short},
		{name: "plain template named by conversation: fires", path: "system.md", opts: Options{Conversation: true},
			content: "You are Orchard's assistant. Today is {{ now }}.\n" + short,
			want:    "PC001:warning", at: "{{ now }}"},
		{name: "conversation declared but the template writes its history", path: "chat.j2", opts: Options{Conversation: true},
			content: "Be brief.\n{% for m in messages %}{{ m.content }}{% endfor %}\n"},
	})
}

func TestFollowConversation(t *testing.T) {
	reqs, errs := Read("system.md", fileKind("system.md"), []byte("Be brief and kind.\n"), Options{Conversation: true})
	if len(errs) > 0 || len(reqs) != 1 {
		t.Fatalf("reqs %d errs %v", len(reqs), errs)
	}
	blocks := reqs[0].Blocks
	last := blocks[len(blocks)-1]
	hist := blocks[len(blocks)-2]
	if len(blocks) != 3 || last.Section != rules.SectionMessages || len(last.Parts) != 1 ||
		hist.Parts[0].Slot == nil || hist.Parts[0].Slot.Runtime != rules.RuntimeHistory || hist.Parts[0].Span.Line != 2 || last.Message != hist.Message+1 {
		t.Fatalf("blocks = %+v, want the system prompt, a history segment and the next turn at the end of the file", blocks)
	}
	reqs, _ = Read("system.md", fileKind("system.md"), []byte("Be brief and kind.\n"), Options{})
	if len(reqs[0].Blocks) != 1 {
		t.Errorf("no conversation declared: %d blocks, want 1", len(reqs[0].Blocks))
	}
}

// TestPromptyMustacheSections: an undeclared Prompty body written with
// Mustache sections is read as Mustache, so {{#chat_history}} …
// {{/chat_history}} is one history segment, not two placeholders.
func TestPromptyMustacheSections(t *testing.T) {
	body := "---\nname: rag\n---\nsystem:\nUse these sources:\n{{documents}}\n\n{{#chat_history}}\n{{role}}: {{content}}\n{{/chat_history}}\n"
	if got := Detect("rag.prompty", fileKind("rag.prompty"), []byte(body), Options{}); got != FormatHandlebars {
		t.Errorf("Detect = %q, want %q", got, FormatHandlebars)
	}
	reqs, errs := Read("rag.prompty", fileKind("rag.prompty"), []byte(body), Options{})
	if len(errs) > 0 || len(reqs) != 1 {
		t.Fatalf("reqs %d errs %v", len(reqs), errs)
	}
	n := 0
	for _, b := range reqs[0].Blocks {
		for _, p := range b.Parts {
			if p.Slot != nil && p.Slot.Runtime == rules.RuntimeHistory {
				n++
			}
		}
	}
	if n != 1 {
		t.Errorf("%d history segments, want 1: %s", n, slots(reqs))
	}
	// A declared engine wins over the evidence.
	declared := strings.Replace(body, "name: rag", "name: rag\ntemplate: jinja2", 1)
	if got := Detect("rag.prompty", fileKind("rag.prompty"), []byte(declared), Options{}); got != FormatJinja {
		t.Errorf("declared jinja2: Detect = %q", got)
	}
}

// agentEnv and agentTail are a coding agent's system prompt around its
// environment section: the working directory, whether it is a git repo and
// the date (process and day lifetimes), then a skill list rendered as XML
// and the project's context files, both read at start-up.
const (
	agentEnv = "You are Quill, a coding agent. Keep answers short.\n<env>\nWorking directory: {{.WorkingDir}}\n" +
		"Git repository: {{if .IsGitRepo}}yes{{else}}no{{end}}\nPlatform: {{.Platform}}\nDate: {{.Date}}\n"
	agentTail = "{{if .AvailSkillXML}}\n{{.AvailSkillXML}}\nLoad a skill before you use it.\n{{end}}\n" +
		"{{range .ContextFiles}}\n<context_file path=\"{{.Path}}\">\n{{.Content}}\n</context_file>\n{{end}}\n"
)
