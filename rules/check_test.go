package rules

import (
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
		{"final user message is exempt", Request{Blocks: []Block{
			system(text(words(2000), 1)),
			{Section: SectionMessages, Role: "user", Kind: BlockText, Parts: []Part{slot("Date", LifeRequest, 5), text(words(2000), 6)}},
		}}, ""},
		{"stored cache: written once, what differs between stores costs no request", Request{Stored: true, Blocks: []Block{
			{Section: SectionMessages, Role: "user", Kind: BlockText, Parts: []Part{slot("Date", LifeRequest, 5), text(words(2000), 6)}},
		}}, ""},
		{"order hazard", Request{Blocks: []Block{{Section: SectionTools, Kind: BlockTool, Message: -1, Parts: []Part{{Text: "tools", Slot: &Slot{Name: "tools", Kind: KindOrder, Lifetime: LifeStable, Order: true}, Span: Span{Line: 1}}}}, system(text(words(2000), 2))}}, "PC006:warning"},
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
		{"Date", NameOverrides{}, KindTime, LifeRequest},
		{"current_date", NameOverrides{}, KindTime, LifeRequest},
		{"requestId", NameOverrides{}, KindID, LifeRequest},
		{"user_name", NameOverrides{}, KindUser, LifeSession},
		{"retrieved_documents", NameOverrides{}, KindDocuments, LifeRequest},
		{"question", NameOverrides{}, KindQuery, LifeRequest},
		{"git_status", NameOverrides{}, KindGit, LifeRequest},
		{"cwd", NameOverrides{}, KindCwd, LifeRequest},
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
		{"Repo.Name", NameOverrides{}, KindCwd, LifeRequest},
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
