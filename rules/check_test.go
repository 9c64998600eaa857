package rules

import (
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"
)

// wordCounter counts whitespace-separated words: easy to reason about in
// tests.
type wordCounter struct{}

func (wordCounter) Count(s string) int { return len(strings.Fields(s)) }

func words(n int) string { return strings.TrimSpace(strings.Repeat("rule ", n)) }

func text(s string, line int) Part {
	return Part{Text: s, Span: Span{File: "p.md", Line: line, Col: 1}}
}

func slot(name string, life Lifetime, line int) Part {
	kind, _ := ClassifyName(name, NameOverrides{})
	return Part{Text: "{{ ." + name + " }}", Slot: &Slot{Name: name, Kind: kind, Lifetime: life}, Span: Span{File: "p.md", Line: line, Col: 10}}
}

func system(parts ...Part) Block {
	return Block{Section: SectionSystem, Role: "system", Kind: BlockText, Message: -1, Parts: parts, Span: Span{File: "p.md", Line: 1, Col: 1}}
}

func env(t *testing.T, model string) *Env {
	p, err := Builtin().Lookup(model)
	if err != nil {
		t.Fatal(err)
	}
	return &Env{Profile: p, Counter: wordCounter{}, Traffic: Traffic{RPM: 1}}
}

func codes(fs []Finding) string {
	var s []string
	for _, f := range fs {
		s = append(s, f.Rule+":"+f.Severity.String())
	}
	return strings.Join(s, ",")
}

func TestVolatilePrefix(t *testing.T) {
	tests := []struct {
		name string
		req  Request
		want string
	}{
		{"date at top of a long prompt", Request{Blocks: []Block{system(slot("Date", LifeRequest, 1), text(words(2000), 2))}}, "PC001:warning"},
		{"date at the bottom", Request{Blocks: []Block{system(text(words(2000), 1), slot("Date", LifeRequest, 9))}}, ""},
		{"short prompt", Request{Blocks: []Block{system(slot("Date", LifeRequest, 1), text(words(300), 2))}}, ""},
		{"stable slot", Request{Blocks: []Block{system(slot("Product", LifeStable, 1), text(words(2000), 2))}}, ""},
		{"process lifetime is info", Request{Blocks: []Block{system(slot("Hostname", LifeProcess, 1), text(words(2000), 2))}}, "PC001:info"},
		{"unknown lifetime is info", Request{Blocks: []Block{system(slot("Thing", LifeUnknown, 1), text(words(2000), 2))}}, "PC001:info"},
		{"one finding per root cause", Request{Blocks: []Block{system(slot("Date", LifeRequest, 1), text(words(1500), 2), slot("Now", LifeRequest, 3), text(words(1500), 4))}}, "PC001:warning"},
		{"a value that changes more often than the first is its own finding", Request{Blocks: []Block{system(slot("user_profile", LifeSession, 1), text(words(1500), 2), slot("Now", LifeRequest, 3), text(words(1500), 4))}}, "PC001:warning,PC001:warning"},
		{"a value that changes less often joins the first", Request{Blocks: []Block{system(slot("Now", LifeRequest, 1), text(words(1500), 2), slot("user_profile", LifeSession, 3), text(words(1500), 4))}}, "PC001:warning"},
		{"text drawn from the conversation is never the volatile value", Request{Blocks: []Block{system(Part{Text: "sys", Slot: &Slot{Name: "toSDK(req.Messages)", Kind: KindHistory, Lifetime: LifeRequest}, Span: Span{Line: 1}}, text(words(2000), 2))}}, ""},
		{"final user message is exempt", Request{Blocks: []Block{
			system(text(words(2000), 1)),
			{Section: SectionMessages, Role: "user", Kind: BlockText, Parts: []Part{slot("Date", LifeRequest, 5), text(words(2000), 6)}},
		}}, ""},
		{"stored cache: written once, what differs between stores costs no request", Request{Stored: true, Blocks: []Block{
			{Section: SectionMessages, Role: "user", Kind: BlockText, Parts: []Part{slot("Date", LifeRequest, 5), text(words(2000), 6)}},
		}}, ""},
		{"order hazard", Request{Blocks: []Block{{Section: SectionTools, Kind: BlockTool, Message: -1, Parts: []Part{{Text: "tools", Slot: &Slot{Name: "tools", Kind: KindOrder, Lifetime: LifeStable, Order: true}, Span: Span{Line: 1}}}}, system(text(words(2000), 2))}}, "PC006:warning"},
		{"order drawn once per process (a tool list ranged from a map at start-up) is info", Request{Blocks: []Block{{Section: SectionTools, Kind: BlockTool, Message: -1, Parts: []Part{{Text: "tools", Slot: &Slot{Name: "tools", Kind: KindOrder, Lifetime: LifeProcess, Order: true}, Span: Span{Line: 1}}}}, system(text(words(2000), 2))}}, "PC006:info"},
		{"order drawn once per session is a warning", Request{Blocks: []Block{{Section: SectionTools, Kind: BlockTool, Message: -1, Parts: []Part{{Text: "tools", Slot: &Slot{Name: "tools", Kind: KindOrder, Lifetime: LifeSession, Order: true}, Span: Span{Line: 1}}}}, system(text(words(2000), 2))}}, "PC006:warning"},
		{"process-order content counts as cacheable behind a request value", Request{Blocks: []Block{{Section: SectionTools, Kind: BlockTool, Message: -1, Parts: []Part{{Text: "tools", Slot: &Slot{Name: "tools", Kind: KindOrder, Lifetime: LifeProcess, Order: true}, Span: Span{Line: 1}}}}, system(slot("Now", LifeRequest, 2), text(words(200), 3)), {Section: SectionTools, Kind: BlockTool, Message: -1, Parts: []Part{{Text: "more", Slot: &Slot{Name: "more", Kind: KindOrder, Lifetime: LifeProcess, Order: true, Tokens: 2000}, Span: Span{Line: 4}}}}}}, "PC001:warning"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Check(&tt.req, env(t, "claude-sonnet-4-5"))
			if codes(got) != tt.want {
				t.Fatalf("got %q, want %q: %+v", codes(got), tt.want, got)
			}
		})
	}
}

func TestVolatilePrefixRelatedAndSavings(t *testing.T) {
	req := Request{File: "p.md", Blocks: []Block{system(slot("Date", LifeRequest, 1), text(words(1500), 2), slot("RequestID", LifeRequest, 3), text(words(1500), 4))}}
	fs := Check(&req, env(t, "claude-sonnet-4-5"))
	if len(fs) != 1 {
		t.Fatalf("got %d findings", len(fs))
	}
	f := fs[0]
	if len(f.Related) != 1 || f.Related[0].Span.Line != 3 {
		t.Errorf("related = %+v, want the second slot at line 3", f.Related)
	}
	if f.Savings == nil || f.Savings.Tokens != 3000 {
		t.Fatalf("savings = %+v, want 3000 tokens", f.Savings)
	}
	if !strings.Contains(f.Message, `time "Date" changes every request`) || strings.HasSuffix(f.Message, ".") {
		t.Errorf("message = %q", f.Message)
	}
}

func bp(ttl string, line int) *Breakpoint {
	return &Breakpoint{TTL: ttl, Span: Span{File: "r.json", Line: line, Col: 5}}
}

func tool(n, line int, b *Breakpoint) Block {
	return Block{Section: SectionTools, Kind: BlockTool, Message: -1, Parts: []Part{text(words(n), line)}, Breakpoint: b}
}

func user(msg int, parts ...Part) Block {
	return Block{Section: SectionMessages, Role: "user", Kind: BlockText, Message: msg, Parts: parts}
}

func TestBreakpointRules(t *testing.T) {
	sys := func(n int, b *Breakpoint, parts ...Part) Block {
		blk := system(append([]Part{text(words(n), 2)}, parts...)...)
		blk.Breakpoint = b
		return blk
	}
	tests := []struct {
		name  string
		model string
		req   Request
		want  string
	}{
		{"cache friendly", "claude-sonnet-4-5", Request{Blocks: []Block{tool(1500, 1, bp("", 1)), sys(2000, bp("", 2)), user(0, slot("Date", LifeRequest, 9))}}, ""},
		{"missing breakpoint", "claude-sonnet-4-5", Request{Blocks: []Block{sys(2000, nil), user(0, text("hi", 9))}}, "PC002:warning"},
		{"automatic caching is enough", "claude-sonnet-4-5", Request{Auto: bp("", 1), Blocks: []Block{sys(2000, nil), user(0, text("hi", 9))}}, ""},
		{"small prompt needs no breakpoint", "claude-sonnet-4-5", Request{Blocks: []Block{sys(300, nil), user(0, text("hi", 9))}}, ""},
		{"openai implicit mode", "gpt-5.6", Request{Blocks: []Block{sys(2000, nil), user(0, text("hi", 9))}}, ""},
		{"openai explicit mode", "gpt-5.6", Request{CacheMode: "explicit", Blocks: []Block{sys(2000, nil), user(0, text("hi", 9))}}, "PC002:warning"},
		{"automatic provider", "gpt-5", Request{Blocks: []Block{sys(2000, nil), user(0, text("hi", 9))}}, ""},
		{"below minimum", "claude-sonnet-4-5", Request{Blocks: []Block{sys(100, bp("", 2)), user(0, text("hi", 9))}}, "PC003:warning"},
		{"prefix counts tools", "claude-sonnet-4-5", Request{Blocks: []Block{tool(900, 1, nil), sys(200, bp("", 2)), user(0, text("hi", 9))}}, ""},
		{"too many", "claude-sonnet-4-5", Request{Blocks: []Block{tool(1100, 1, bp("", 1)), tool(10, 2, bp("", 2)), tool(10, 3, bp("", 3)), sys(10, bp("", 4)), user(0, text("hi", 9))}, Auto: bp("", 0)}, "PC004:error"},
		{"four is fine", "claude-sonnet-4-5", Request{Blocks: []Block{tool(1100, 1, bp("", 1)), tool(10, 2, bp("", 2)), tool(10, 3, bp("", 3)), sys(10, bp("", 4)), user(0, text("hi", 9))}}, ""},
		{"volatile breakpoint", "claude-sonnet-4-5", Request{Blocks: []Block{sys(2000, bp("", 3), slot("Now", LifeRequest, 3)), user(0, text("hi", 9))}}, "PC005:warning"},
		{"ttl order", "claude-sonnet-4-5", Request{Blocks: []Block{sys(2000, bp("5m", 2)), user(0, text(words(10), 9)), {Section: SectionMessages, Role: "assistant", Kind: BlockText, Message: 1, Parts: []Part{text("ok", 10)}, Breakpoint: bp("1h", 10)}, user(2, text("x", 11))}}, "PC007:error"},
		{"ttl order fine", "claude-sonnet-4-5", Request{Blocks: []Block{sys(2000, bp("1h", 2)), {Section: SectionMessages, Role: "assistant", Kind: BlockText, Message: 1, Parts: []Part{text("ok", 10)}, Breakpoint: bp("5m", 10)}, user(2, text("x", 11))}}, ""},
		{"stored cache below minimum", "gemini-2.5-flash", Request{Stored: true, Blocks: []Block{sys(300, nil), user(0, text(words(100), 9))}}, "PC003:warning"},
		{"stored cache large enough", "gemini-2.5-flash", Request{Stored: true, Blocks: []Block{sys(300, nil), user(0, text(words(3000), 9))}}, ""},
		{"stored cache of volatile content", "gemini-2.5-flash", Request{Stored: true, Blocks: []Block{sys(300, nil), user(0, slot("Date", LifeRequest, 8), text(words(3000), 9))}}, ""},
		{"between official and observed minimum", "claude-sonnet-4-6", Request{Blocks: []Block{sys(1500, bp("", 2)), user(0, text("hi", 9))}}, "PC003:info"},
		{"above the observed minimum", "claude-sonnet-4-6", Request{Blocks: []Block{sys(2500, bp("", 2)), user(0, text("hi", 9))}}, ""},
		{"below the official minimum", "claude-sonnet-4-6", Request{Blocks: []Block{sys(500, bp("", 2)), user(0, text("hi", 9))}}, "PC003:warning"},
		{"model that does not cache", "gpt-4", Request{Blocks: []Block{sys(2000, bp("", 3), slot("Now", LifeRequest, 3)), user(0, text("hi", 9))}}, ""},
		{"snapshot of a model that does not cache", "gpt-4-0613", Request{Blocks: []Block{system(slot("Date", LifeRequest, 1), text(words(3000), 2)), user(0, text("hi", 9))}}, ""},
		{"write without reuse", "claude-sonnet-4-5", Request{Blocks: []Block{sys(2000, bp("", 2)), user(0, text("hi", 9))}}, "PC009:info"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := env(t, tt.model)
			if tt.name == "write without reuse" {
				e.Traffic.RPM = 0.01
			}
			tt.req.BreakpointsKnown = true
			tt.req.File = "r.json"
			if tt.req.Stored {
				last := &tt.req.Blocks[len(tt.req.Blocks)-1]
				last.Breakpoint = bp("1h", 20)
			}
			got := Check(&tt.req, e)
			if codes(got) != tt.want {
				t.Fatalf("got %q, want %q: %+v", codes(got), tt.want, got)
			}
		})
	}
}

func TestLookback(t *testing.T) {
	blocks := []Block{system(text(words(2000), 1))}
	blocks[0].Breakpoint = bp("", 1)
	for i := 0; i < 30; i++ {
		role := "user"
		if i%2 == 1 {
			role = "assistant"
		}
		blocks = append(blocks, Block{Section: SectionMessages, Role: role, Kind: BlockText, Message: i, Parts: []Part{text("turn", 10+i)}})
	}
	blocks[len(blocks)-2].Breakpoint = bp("", 40)
	req := Request{BreakpointsKnown: true, Blocks: blocks}
	if got := codes(Check(&req, env(t, "claude-sonnet-4-5"))); got != "PC008:info" {
		t.Fatalf("got %q", got)
	}
	// A run of tool_result blocks counts as one position.
	blocks = []Block{system(text(words(2000), 1))}
	blocks[0].Breakpoint = bp("", 1)
	for i := 0; i < 30; i++ {
		blocks = append(blocks, Block{Section: SectionMessages, Role: "user", Kind: BlockToolResult, Message: 1, Parts: []Part{text("r", 10+i)}})
	}
	blocks = append(blocks, Block{Section: SectionMessages, Role: "assistant", Kind: BlockText, Message: 2, Parts: []Part{text("ok", 50)}, Breakpoint: bp("", 50)})
	req = Request{BreakpointsKnown: true, Blocks: blocks}
	if got := codes(Check(&req, env(t, "claude-sonnet-4-5"))); got != "" {
		t.Fatalf("tool_result run: got %q", got)
	}
}

func TestSeverityOverride(t *testing.T) {
	req := Request{Blocks: []Block{system(slot("Date", LifeRequest, 1), text(words(2000), 2))}}
	e := env(t, "claude-sonnet-4-5")
	e.Severity = map[string]Severity{PC001: SeverityOff}
	if fs := Check(&req, e); len(fs) != 0 {
		t.Errorf("rule off: got %v", codes(fs))
	}
	e.Severity = map[string]Severity{PC001: SeverityError}
	if got := codes(Check(&req, e)); got != "PC001:error" {
		t.Errorf("override: got %q", got)
	}
}

func TestClassifyName(t *testing.T) {
	tests := []struct {
		name string
		o    NameOverrides
		kind string
		life Lifetime
	}{
		{"Date", NameOverrides{}, KindTime, LifeDay},
		// Named for the task at hand: at least session, never unknown.
		{"task", NameOverrides{}, KindQuery, LifeRequest},
		{"question", NameOverrides{}, KindQuery, LifeRequest},
		{"query", NameOverrides{}, KindQuery, LifeRequest},
		{"input", NameOverrides{}, KindQuery, LifeRequest},
		{"goal", NameOverrides{}, KindQuery, LifeSession},
		{"research_goal", NameOverrides{}, KindQuery, LifeSession},
		{"userGoal", NameOverrides{}, KindQuery, LifeSession},
		{"instructions", NameOverrides{}, KindQuery, LifeSession},
		{"instructions", NameOverrides{Stable: []string{"instructions"}}, KindOther, LifeStable},
		{"goal", NameOverrides{Volatile: []string{"goal"}}, KindQuery, LifeSession},
		{"system_instructions", NameOverrides{}, KindOther, LifeStable},
		{"goal_template", NameOverrides{}, KindOther, LifeUnknown},
		{"systemPrompt", NameOverrides{}, KindOther, LifeStable},
		{"system_message", NameOverrides{}, KindOther, LifeStable},
		{"SystemInstructions", NameOverrides{}, KindOther, LifeStable},
		{"sysPrompt", NameOverrides{}, KindOther, LifeStable},
		{"systemPrompt", NameOverrides{Volatile: []string{"systemprompt"}}, KindOther, LifeRequest},
		{"prompt", NameOverrides{}, KindQuery, LifeRequest},
		{"current_date", NameOverrides{}, KindTime, LifeDay},
		{"today", NameOverrides{}, KindTime, LifeDay},
		{"weekday", NameOverrides{}, KindTime, LifeDay},
		{"Month", NameOverrides{}, KindTime, LifeDay},
		{"year", NameOverrides{}, KindTime, LifeDay},
		{"date_time", NameOverrides{}, KindTime, LifeRequest},
		{"DateTime", NameOverrides{}, KindTime, LifeRequest},
		{"current_time", NameOverrides{}, KindTime, LifeRequest},
		{"now", NameOverrides{}, KindTime, LifeRequest},
		{"timestamp", NameOverrides{}, KindTime, LifeRequest},
		{"clock", NameOverrides{}, KindTime, LifeRequest},
		{"hour", NameOverrides{}, KindTime, LifeRequest},
		{"minute", NameOverrides{}, KindTime, LifeRequest},
		{"date", NameOverrides{Volatile: []string{"date"}}, KindTime, LifeRequest},
		{"ContextTokenLimit", NameOverrides{}, KindOther, LifeStable},
		{"max_history_count", NameOverrides{}, KindOther, LifeStable},
		{"chunkSize", NameOverrides{}, KindOther, LifeStable},
		{"order_count", NameOverrides{}, KindOther, LifeUnknown},
		{"", NameOverrides{}, KindOther, LifeUnknown},
		{"WorkingDir", NameOverrides{}, KindCwd, LifeProcess},
		{"working_directory", NameOverrides{}, KindCwd, LifeProcess},
		{"workspace", NameOverrides{}, KindCwd, LifeProcess},
		{"project_path", NameOverrides{}, KindCwd, LifeProcess},
		{"repoPath", NameOverrides{}, KindCwd, LifeProcess},
		{"IsGitRepo", NameOverrides{}, KindCwd, LifeProcess},
		{"git_repo", NameOverrides{}, KindCwd, LifeProcess},
		{"Platform", NameOverrides{}, KindEnv, LifeProcess},
		{"os", NameOverrides{}, KindEnv, LifeProcess},
		{"hostname", NameOverrides{}, KindEnv, LifeProcess},
		{"env", NameOverrides{}, KindEnv, LifeProcess},
		{"GitStatus", NameOverrides{}, KindGit, LifeSession},
		{"git_branch", NameOverrides{}, KindGit, LifeSession},
		{"last_commit", NameOverrides{}, KindGit, LifeSession},
		{"gitDiff", NameOverrides{}, KindGit, LifeSession},
		{"HEAD", NameOverrides{}, KindGit, LifeSession},
		{"file_tree", NameOverrides{}, KindCwd, LifeSession},
		{"workspace_tree", NameOverrides{}, KindCwd, LifeSession},
		{"fileListing", NameOverrides{}, KindCwd, LifeSession},
		{"user_profile", NameOverrides{}, KindUser, LifeSession},
		{"tool.inputSchema", NameOverrides{}, KindOther, LifeUnknown},
		{"server.status", NameOverrides{}, KindOther, LifeUnknown},
		{"git_status", NameOverrides{}, KindGit, LifeSession},
		{"template.name", NameOverrides{}, KindOther, LifeUnknown},
		{"resource.name", NameOverrides{}, KindOther, LifeUnknown},
		{"date_format", NameOverrides{}, KindOther, LifeUnknown},
		{"message_template", NameOverrides{}, KindOther, LifeUnknown},
		{"NewPromptBuilder", NameOverrides{}, KindOther, LifeUnknown},
		{"historyStore", NameOverrides{}, KindOther, LifeUnknown},
		{"queryHandler", NameOverrides{}, KindOther, LifeUnknown},
		{"query_type", NameOverrides{}, KindOther, LifeUnknown},
		{"date_format", NameOverrides{Volatile: []string{"date_*"}}, KindOther, LifeRequest},
		{"format", NameOverrides{}, KindOther, LifeUnknown},
		{"schema", NameOverrides{}, KindOther, LifeUnknown},
		{"requestId", NameOverrides{}, KindID, LifeRequest},
		{"user_name", NameOverrides{}, KindUser, LifeSession},
		{"retrieved_documents", NameOverrides{}, KindDocuments, LifeRequest},
		{"question", NameOverrides{}, KindQuery, LifeRequest},
		{"git_status", NameOverrides{}, KindGit, LifeSession},
		{"cwd", NameOverrides{}, KindCwd, LifeProcess},
		{"product", NameOverrides{}, KindOther, LifeUnknown},
		{"date", NameOverrides{Stable: []string{"date"}}, KindOther, LifeStable},
		{"company_*", NameOverrides{}, KindOther, LifeUnknown},
		{"company_name", NameOverrides{Stable: []string{"company_*"}}, KindOther, LifeStable},
		{"widget", NameOverrides{Volatile: []string{"widget"}}, KindOther, LifeRequest},
		{"conversation_id", NameOverrides{}, KindSession, LifeSession},
		{"chatId", NameOverrides{}, KindSession, LifeSession},
		{"conversation", NameOverrides{}, KindHistory, LifeRequest},
		{"company_name", NameOverrides{}, KindOther, LifeUnknown},
		{"Company.Name", NameOverrides{}, KindOther, LifeUnknown},
		{"assistantName", NameOverrides{}, KindOther, LifeUnknown},
		{"tool_name", NameOverrides{}, KindOther, LifeUnknown},
		{"Repo.Name", NameOverrides{}, KindCwd, LifeProcess},
		{"host_name", NameOverrides{}, KindEnv, LifeProcess},
		{"User.Name", NameOverrides{}, KindUser, LifeSession},
		{"name", NameOverrides{}, KindUser, LifeSession},
		{"customer_name", NameOverrides{}, KindUser, LifeSession},
	}
	for _, tt := range tests {
		kind, life := ClassifyName(tt.name, tt.o)
		if kind != tt.kind || life != tt.life {
			t.Errorf("ClassifyName(%q) = %s, %s; want %s, %s", tt.name, kind, life, tt.kind, tt.life)
		}
	}
}

func TestSplitName(t *testing.T) {
	for name, want := range map[string]string{
		"currentDateUTC": "current date utc",
		"user_name":      "user name",
		".Session.ID":    "session id",
		"AvailSkillXML":  "avail skill xml",
		"XMLSkills":      "xml skills",
		"IsGitRepo":      "is git repo",
		"$cwd":           "cwd",
		"file2text":      "file2text",
		"":               "",
	} {
		if got := strings.Join(SplitName(name), " "); got != want {
			t.Errorf("SplitName(%q) = %q, want %q", name, got, want)
		}
	}
}

// runtime is a runtime segment of unknown size (tokens 0) or of a size its
// producer knows.
func runtime(kind string, tokens int, line int) Part {
	return Part{Text: "{{ " + kind + " }}", Slot: &Slot{Name: kind, Kind: kind, Lifetime: LifeStable, Runtime: kind, Tokens: tokens}, Span: Span{File: "p.md", Line: line, Col: 1}}
}

func conversation(msg int, parts ...Part) Block {
	return Block{Section: SectionMessages, Role: "assistant", Kind: BlockText, Message: msg, Parts: parts}
}

func TestRuntimeSegments(t *testing.T) {
	known := Assume{RuntimeHistory: 0, RuntimeTools: 0, RuntimeFile: 0}
	tests := []struct {
		name    string
		model   string
		req     Request
		assume  Assume
		want    string
		msg     []string // substrings of the first finding's message
		notMsg  string
		assumed int      // Savings.AssumedTokens of the first finding
		kinds   []string // Savings.Assumptions.Assumed
	}{
		{name: "request value ahead of the history",
			req: Request{Blocks: []Block{system(slot("RequestID", LifeRequest, 1), text(words(420), 2)),
				conversation(1, runtime(RuntimeHistory, 0, 5)), user(2, text("hi", 9))}},
			want: "PC001:warning", msg: []string{`stands ahead of 420 stable tokens plus the conversation history (assumed 10,000), so they are never cached`},
			assumed: 10000, kinds: []string{RuntimeHistory}},
		{name: "the message says where the history comes from",
			req: Request{Blocks: []Block{system(slot("RequestID", LifeRequest, 1), text(words(420), 2)),
				conversation(1, Part{Text: "{% for m in history %}", Slot: &Slot{Name: "history", Runtime: RuntimeHistory, Lifetime: LifeRequest, Why: "chat-history loop"}, Span: Span{Line: 5}}), user(2, text("hi", 9))}},
			want: "PC001:warning", msg: []string{"plus the conversation history (assumed 10,000; chat-history loop), so"},
			assumed: 10000, kinds: []string{RuntimeHistory}},
		{name: "known sizes only",
			req: Request{Blocks: []Block{system(slot("RequestID", LifeRequest, 1), text(words(420), 2)),
				conversation(1, runtime(RuntimeHistory, 0, 5)), user(2, text("hi", 9))}},
			assume: known, want: ""},
		{name: "a history of known small size still costs every turn",
			req: Request{Blocks: []Block{system(slot("RequestID", LifeRequest, 1), text(words(100), 2)),
				conversation(1, runtime(RuntimeHistory, 300, 5)), user(2, text("hi", 9))}},
			want: "PC001:warning", msg: []string{"stands ahead of 400 stable tokens, so"}, assumed: 0},
		{name: "session value: the history never counts",
			req: Request{Blocks: []Block{system(slot("user_profile", LifeSession, 1), text(words(420), 2)),
				conversation(1, runtime(RuntimeHistory, 0, 5)), user(2, text("hi", 9))}},
			want: ""},
		{name: "process value ahead of the history: an info note",
			req: Request{Blocks: []Block{system(text(words(300), 1), Part{Text: "{{ .Cwd }}", Slot: &Slot{Name: "cwd", Kind: KindCwd, Lifetime: LifeProcess}, Span: Span{Line: 2}}, text(words(40), 3)),
				conversation(1, runtime(RuntimeHistory, 0, 5)), user(2, text("hi", 9))}},
			want: "PC001:info", msg: []string{"40 tokens plus the conversation history (assumed 10,000)", "every process start writes the prefix after it"}},
		{name: "day value ahead of the history",
			req: Request{Blocks: []Block{system(slot("today", LifeDay, 1), text(words(40), 3)),
				conversation(1, runtime(RuntimeHistory, 0, 5)), user(2, text("hi", 9))}},
			want: "PC001:info", msg: []string{"every day writes"}},
		{name: "an environment variable ahead of the history is the same every process",
			req: Request{Blocks: []Block{system(Part{Text: "{{ .Env }}", Slot: &Slot{Name: "SYSTEM_PROMPT", Kind: KindEnv, Lifetime: LifeProcess}, Span: Span{Line: 1}}, text(words(40), 3)),
				conversation(1, runtime(RuntimeHistory, 0, 5)), user(2, text("hi", 9))}},
			want: ""},
		{name: "process value after the history is silent",
			req: Request{Blocks: []Block{system(text(words(300), 1)), conversation(1, runtime(RuntimeHistory, 0, 5)),
				user(2, Part{Text: "{{ .Cwd }}", Slot: &Slot{Name: "cwd", Kind: KindCwd, Lifetime: LifeProcess}, Span: Span{Line: 9}})}},
			want: ""},
		{name: "session value ahead of files sessions share",
			req: Request{Blocks: []Block{system(slot("user_profile", LifeSession, 1), text(words(300), 2), runtime(RuntimeFile, 0, 3)),
				conversation(1, runtime(RuntimeHistory, 0, 5)), user(2, text("hi", 9))}},
			want: "PC001:warning", msg: []string{"300 stable tokens plus file contents read at run time (assumed 2,000)", "every new session"},
			notMsg: "history", assumed: 2000, kinds: []string{RuntimeFile}},
		{name: "runtime tools and files are named together",
			req:  Request{Blocks: []Block{system(slot("RequestID", LifeRequest, 1), runtime(RuntimeTools, 0, 2), runtime(RuntimeFile, 0, 3)), user(2, text("hi", 9))}},
			want: "PC001:warning", msg: []string{"stands ahead of a tool list built at run time (assumed 3,000) and file contents read at run time (assumed 2,000)"},
			assumed: 5000, kinds: []string{RuntimeFile, RuntimeTools}},
		{name: "a partial assume map keeps the other defaults",
			req:    Request{Blocks: []Block{system(slot("RequestID", LifeRequest, 1), text(words(100), 2), runtime(RuntimeTools, 0, 3)), user(2, text("hi", 9))}},
			assume: Assume{RuntimeHistory: 50}, want: "PC001:warning", msg: []string{"(assumed 3,000)"}, assumed: 3000, kinds: []string{RuntimeTools}},
		{name: "configured size",
			req:    Request{Blocks: []Block{system(slot("RequestID", LifeRequest, 1), text(words(100), 2), runtime(RuntimeFile, 0, 3)), user(2, text("hi", 9))}},
			assume: Assume{RuntimeFile: 500}, want: ""},
		{name: "unknown size without a runtime kind counts 0",
			req: Request{Blocks: []Block{system(slot("RequestID", LifeRequest, 1), text(words(300), 2),
				Part{Text: "{{ .Policies }}", Slot: &Slot{Name: "Policies", Lifetime: LifeStable}, Span: Span{Line: 3}}), user(2, text("hi", 9))}},
			want: ""},
		{name: "order hazard ahead of the history",
			req: Request{Blocks: []Block{{Section: SectionTools, Kind: BlockTool, Message: -1, Parts: []Part{{Text: "tools", Slot: &Slot{Name: "tools", Kind: KindOrder, Lifetime: LifeStable, Order: true}, Span: Span{Line: 1}}}},
				system(text(words(50), 2)), conversation(1, runtime(RuntimeHistory, 0, 5)), user(2, text("hi", 9))}},
			want: "PC006:warning", msg: []string{"50 tokens plus the conversation history (assumed 10,000)"}, assumed: 10000, kinds: []string{RuntimeHistory}},
		{name: "missing breakpoint counts runtime content",
			req:  Request{BreakpointsKnown: true, Blocks: []Block{system(text(words(300), 2), runtime(RuntimeFile, 0, 3)), user(2, text("hi", 9))}},
			want: "PC002:warning", msg: []string{"300 stable tokens plus file contents read at run time (assumed 2,000) of system prompt"},
			assumed: 2000, kinds: []string{RuntimeFile}},
		{name: "missing breakpoint, known sizes only",
			req:    Request{BreakpointsKnown: true, Blocks: []Block{system(text(words(300), 2), runtime(RuntimeFile, 0, 3)), user(2, text("hi", 9))}},
			assume: known, want: ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			model := tt.model
			if model == "" {
				model = "claude-sonnet-4-5"
			}
			e := env(t, model)
			e.Assume = tt.assume
			tt.req.File = "p.md"
			got := Check(&tt.req, e)
			if codes(got) != tt.want {
				t.Fatalf("got %q, want %q: %+v", codes(got), tt.want, got)
			}
			if len(got) == 0 {
				return
			}
			f := got[0]
			for _, m := range tt.msg {
				if !strings.Contains(f.Message, m) {
					t.Errorf("message %q lacks %q", f.Message, m)
				}
			}
			if tt.notMsg != "" && strings.Contains(f.Message, tt.notMsg) {
				t.Errorf("message %q mentions %q", f.Message, tt.notMsg)
			}
			if f.Savings == nil {
				t.Fatalf("no savings")
			}
			if f.Savings.AssumedTokens != tt.assumed {
				t.Errorf("assumed tokens = %d, want %d", f.Savings.AssumedTokens, tt.assumed)
			}
			if strings.Join(f.Savings.Assumptions.Assumed, ",") != strings.Join(tt.kinds, ",") {
				t.Errorf("assumed kinds = %v, want %v", f.Savings.Assumptions.Assumed, tt.kinds)
			}
			for _, k := range tt.kinds {
				if f.Savings.Assumptions.AssumedSizes[k] != e.AssumeFor(k) {
					t.Errorf("assumed size of %s = %d, want %d", k, f.Savings.Assumptions.AssumedSizes[k], e.AssumeFor(k))
				}
			}
		})
	}
}

func TestAssumeFor(t *testing.T) {
	tests := []struct {
		assume Assume
		kind   string
		want   int
	}{
		{nil, RuntimeHistory, 10000},
		{nil, RuntimeTools, 3000},
		{nil, RuntimeFile, 2000},
		{nil, "config", 0},
		{Assume{RuntimeHistory: 0}, RuntimeHistory, 0},
		{Assume{RuntimeHistory: 0}, RuntimeTools, 3000},
		{Assume{RuntimeFile: 800}, RuntimeFile, 800},
		{Assume{"config": 9}, "config", 0},
	}
	for _, tt := range tests {
		if got := (&Env{Assume: tt.assume}).AssumeFor(tt.kind); got != tt.want {
			t.Errorf("AssumeFor(%v, %s) = %d, want %d", tt.assume, tt.kind, got, tt.want)
		}
	}
}

func TestLifetimes(t *testing.T) {
	tests := []struct {
		life   Lifetime
		want   string
		phrase string
		msg    string
	}{
		{LifeRequest, "PC001:warning", "changes every request", "so they are never cached"},
		{LifeSession, "PC001:warning", "changes every session", "every new session writes them"},
		{LifeDay, "PC001:info", "changes once a day", "once a day (one write per day)"},
		{LifeProcess, "PC001:info", "is fixed once per process", "every process start writes them"},
		{LifeUnknown, "PC001:info", "has an unknown lifetime", "so they are never cached"},
	}
	for _, tt := range tests {
		t.Run(tt.life.String(), func(t *testing.T) {
			if got := tt.life.Phrase(); got != tt.phrase {
				t.Errorf("Phrase() = %q, want %q", got, tt.phrase)
			}
			req := Request{File: "p.md", Blocks: []Block{system(Part{Text: "{{ .Value }}", Slot: &Slot{Name: "Value", Lifetime: tt.life}, Span: Span{Line: 1}}, text(words(2000), 2))}}
			got := Check(&req, env(t, "claude-sonnet-4-5"))
			if codes(got) != tt.want {
				t.Fatalf("got %q, want %q", codes(got), tt.want)
			}
			if !strings.Contains(got[0].Message, tt.phrase) || !strings.Contains(got[0].Message, tt.msg) {
				t.Errorf("message %q lacks %q or %q", got[0].Message, tt.phrase, tt.msg)
			}
		})
	}
	// A lifetime longer than the value's counts behind it: process-wide
	// files are shared by the sessions of a process.
	req := Request{File: "p.md", Blocks: []Block{system(slot("user_profile", LifeSession, 1), text(words(100), 2),
		Part{Text: "{{ .Rules }}", Slot: &Slot{Name: "Rules", Lifetime: LifeProcess, Runtime: RuntimeFile}, Span: Span{Line: 3}})}}
	got := Check(&req, env(t, "claude-sonnet-4-5"))
	if codes(got) != "PC001:warning" || got[0].Savings.AssumedTokens != 2000 {
		t.Errorf("session value ahead of a process-wide file: got %q %+v", codes(got), got)
	}
}

func TestOrigin(t *testing.T) {
	origin := Span{File: "cfg/cfg.go", Line: 7, Col: 3}
	withOrigin := func(name string, line int, o Span) Part {
		p := slot(name, LifeRequest, line)
		p.Slot.Origin = o
		return p
	}
	tests := []struct {
		name  string
		parts []Part
		want  []Related
	}{
		{"origin elsewhere", []Part{withOrigin("RequestID", 1, origin), text(words(2000), 2)},
			[]Related{{origin, "the value is produced here"}}},
		{"origin is the part", []Part{withOrigin("RequestID", 1, Span{File: "p.md", Line: 1, Col: 10}), text(words(2000), 2)}, nil},
		{"no origin", []Part{slot("RequestID", LifeRequest, 1), text(words(2000), 2)}, nil},
		{"folded value keeps its origin", []Part{slot("RequestID", LifeRequest, 1), text(words(100), 2), withOrigin("Now", 3, origin), text(words(2000), 4)},
			[]Related{{Span{File: "p.md", Line: 3, Col: 10}, `also time "Now" changes every request`}, {origin, "the value is produced here"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req := Request{File: "p.md", Blocks: []Block{system(tt.parts...)}}
			got := Check(&req, env(t, "claude-sonnet-4-5"))
			if len(got) != 1 {
				t.Fatalf("got %d findings: %+v", len(got), got)
			}
			if fmt.Sprint(got[0].Related) != fmt.Sprint(tt.want) {
				t.Errorf("related = %+v, want %+v", got[0].Related, tt.want)
			}
		})
	}
	// PC005 names the origin of the value its breakpoint covers.
	req := Request{File: "r.json", BreakpointsKnown: true, Blocks: []Block{system(text(words(300), 2), withOrigin("Now", 3, origin)), user(0, text("hi", 9))}}
	req.Blocks[0].Breakpoint = bp("", 3)
	got := Check(&req, env(t, "claude-sonnet-4-5"))
	if codes(got) != "PC005:warning" { // the value's unknown size leaves PC003 silent
		t.Fatalf("got %q", codes(got))
	}
	for _, f := range got {
		if f.Rule == PC005 && !slices.Contains(f.Related, Related{origin, "the value is produced here"}) {
			t.Errorf("PC005 related = %+v", f.Related)
		}
	}
}

func TestExplicitIntent(t *testing.T) {
	sys := func(n int, b *Breakpoint, parts ...Part) Block {
		blk := system(append([]Part{text(words(n), 2)}, parts...)...)
		blk.Breakpoint = b
		return blk
	}
	tests := []struct {
		name     string
		model    string
		req      Request
		severity map[string]Severity
		assume   Assume
		want     string
		msg      string
		related  int // line of the related cache point, 0 for none
	}{
		{name: "small breakpoint covered by a later large one",
			req:  Request{Blocks: []Block{tool(100, 1, bp("", 1)), sys(2000, bp("", 2)), user(0, text("hi", 9))}},
			want: "PC003:info", msg: "this breakpoint never caches on its own: it covers 100 tokens, below the 1,024-token minimum", related: 2},
		{name: "a small breakpoint meant to cache the large context",
			req:  Request{Blocks: []Block{sys(500, bp("", 2)), user(0, text(words(5000), 9))}},
			want: "PC003:warning", msg: "cache breakpoint covers 500 tokens, below the 1,024-token minimum"},
		{name: "later breakpoint below the minimum too",
			req:  Request{Blocks: []Block{tool(100, 1, bp("", 1)), sys(200, bp("", 2)), user(0, text("hi", 9))}},
			want: "PC003:warning,PC003:warning"},
		{name: "covered even when the user raises the rule",
			req:      Request{Blocks: []Block{tool(100, 1, bp("", 1)), sys(2000, bp("", 2)), user(0, text("hi", 9))}},
			severity: map[string]Severity{PC003: SeverityError}, want: "PC003:info"},
		{name: "automatic caching covers it",
			req:  Request{Auto: bp("", 20), Blocks: []Block{tool(100, 1, bp("", 1)), sys(2000, nil), user(0, text("hi", 9))}},
			want: "PC003:info", related: 20},
		{name: "openai implicit breakpoint on the latest message covers it", model: "gpt-5.6",
			req:  Request{Blocks: []Block{tool(100, 1, bp("", 1)), sys(2000, nil), user(0, text("hi", 9))}},
			want: "PC003:info", msg: "implicit breakpoint on the latest message"},
		{name: "openai explicit mode: nothing covers it", model: "gpt-5.6",
			req:  Request{CacheMode: "explicit", Blocks: []Block{tool(100, 1, bp("", 1)), sys(2000, nil), user(0, text("hi", 9))}},
			want: "PC003:warning"},
		{name: "runtime content counts toward the prefix",
			req:  Request{Blocks: []Block{sys(300, bp("", 2), runtime(RuntimeFile, 0, 3)), user(0, text("hi", 9))}},
			want: ""},
		{name: "the history makes a later cache point large enough",
			req: Request{Blocks: []Block{sys(300, bp("", 2)), {Section: SectionMessages, Role: "assistant", Kind: BlockText, Message: 1,
				Parts: []Part{runtime(RuntimeHistory, 0, 5)}, Breakpoint: bp("", 5)}, user(2, text("hi", 9))}},
			want: "PC003:info", related: 5},
		{name: "known sizes only: a runtime segment is of unknown size",
			req:    Request{Blocks: []Block{sys(300, bp("", 2), runtime(RuntimeFile, 0, 3)), user(0, text("hi", 9))}},
			assume: Assume{RuntimeFile: 0}, want: ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			model := tt.model
			if model == "" {
				model = "claude-sonnet-4-5"
			}
			e := env(t, model)
			e.Severity, e.Assume = tt.severity, tt.assume
			e.Traffic.RPM = 10 // no PC009
			tt.req.BreakpointsKnown = true
			tt.req.File = "r.json"
			got := Check(&tt.req, e)
			if codes(got) != tt.want {
				t.Fatalf("got %q, want %q: %+v", codes(got), tt.want, got)
			}
			for _, f := range got {
				if f.Rule != PC003 {
					continue
				}
				if tt.msg != "" && !strings.Contains(f.Message, tt.msg) {
					t.Errorf("message %q lacks %q", f.Message, tt.msg)
				}
				if f.Severity == SeverityInfo && f.Savings != nil {
					t.Errorf("a covered breakpoint claims savings: %+v", f.Savings)
				}
				if tt.related > 0 && (len(f.Related) != 1 || f.Related[0].Span.Line != tt.related) {
					t.Errorf("related = %+v, want the cache point at line %d", f.Related, tt.related)
				}
			}
		})
	}
}

func TestDedupe(t *testing.T) {
	at := func(rule string, sev Severity, line, col int, rel ...Related) Finding {
		return Finding{Rule: rule, Severity: sev, Span: Span{File: "c.yaml", Line: line, Col: col}, Message: rule + " " + sev.String(), Related: rel}
	}
	r1 := Related{Span{File: "c.yaml", Line: 2}, "the value that changes"}
	r2 := Related{Span{File: "c.yaml", Line: 5}, "the value that changes"}
	tests := []struct {
		name string
		in   []Finding
		want string
	}{
		{"a cassette's three records", []Finding{at(PC005, SeverityWarning, 4, 9, r1), at(PC005, SeverityWarning, 4, 9, r1), at(PC005, SeverityWarning, 4, 9, r1)},
			"PC005 warning 4:9 [r1]"},
		{"the most severe is kept, related merged", []Finding{at(PC001, SeverityInfo, 4, 9, r1), at(PC001, SeverityWarning, 4, 9, r2)},
			"PC001 warning 4:9 [r2 r1]"},
		{"other rules and columns stay", []Finding{at(PC005, SeverityWarning, 4, 9), at(PC003, SeverityWarning, 4, 9), at(PC005, SeverityWarning, 4, 10)},
			"PC003 warning 4:9 []; PC005 warning 4:9 []; PC005 warning 4:10 []"},
		{"none", nil, ""},
	}
	name := map[Related]string{r1: "r1", r2: "r2"}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for _, f := range Dedupe(tt.in) {
				var rel []string
				for _, r := range f.Related {
					rel = append(rel, name[r])
				}
				got = append(got, fmt.Sprintf("%s %s %d:%d [%s]", f.Rule, f.Severity, f.Span.Line, f.Span.Col, strings.Join(rel, " ")))
			}
			if s := strings.Join(got, "; "); s != tt.want {
				t.Errorf("got %q, want %q", s, tt.want)
			}
		})
	}
	// Check reports a site once even when two cache points share it (a
	// helper's breakpoint reached from two blocks).
	shared := bp("", 3)
	req := Request{File: "r.json", BreakpointsKnown: true, Blocks: []Block{tool(10, 1, shared), tool(10, 2, shared), user(0, text("hi", 9))}}
	e := env(t, "claude-sonnet-4-5")
	e.Traffic.RPM = 10
	if got := codes(Check(&req, e)); got != "PC003:warning" {
		t.Errorf("shared cache point: got %q", got)
	}
}

func TestVolatileBreakpointOncePerValue(t *testing.T) {
	sys := system(text(words(2000), 2), slot("Now", LifeRequest, 3))
	sys.Breakpoint = bp("", 3)
	first := user(0, text("hi", 9))
	first.Breakpoint = bp("", 9)
	last := user(2, text("more", 11))
	last.Breakpoint = bp("", 11)
	req := Request{File: "r.json", BreakpointsKnown: true, Blocks: []Block{sys, first,
		{Section: SectionMessages, Role: "assistant", Kind: BlockText, Message: 1, Parts: []Part{text("ok", 10)}}, last}}
	fs := Check(&req, env(t, "claude-sonnet-4-5"))
	var pc005 []Finding
	for _, f := range fs {
		if f.Rule == PC005 {
			pc005 = append(pc005, f)
		}
	}
	if len(pc005) != 1 {
		t.Fatalf("%d PC005, want one for the one value: %+v", len(pc005), fs)
	}
	var later []int
	for _, r := range pc005[0].Related {
		if strings.Contains(r.Message, "later breakpoint") {
			later = append(later, r.Span.Line)
		}
	}
	if pc005[0].Span.Line != 3 || !reflect.DeepEqual(later, []int{9, 11}) {
		t.Errorf("PC005 at line %d with later breakpoints %v, want line 3 and [9 11]", pc005[0].Span.Line, later)
	}
}
