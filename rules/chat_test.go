package rules

import "testing"

func TestChatSection(t *testing.T) {
	sections := func(roles ...string) string {
		var req Request
		s := ""
		for _, role := range roles {
			sec := ChatSection(role, req.InMessages())
			req.Blocks = append(req.Blocks, Block{Section: sec, Role: role})
			s += sec.String()[:1]
		}
		return s
	}
	tests := []struct {
		roles []string
		want  string // s = system, m = messages
	}{
		{[]string{"system", "user"}, "sm"},
		{[]string{"system", "developer", "user", "assistant"}, "ssmm"},
		{[]string{"user", "system"}, "mm"},
		{[]string{"system", "user", "system", "user"}, "smmm"},
		{[]string{"developer", "user", "developer"}, "smm"},
		{[]string{"assistant", "developer"}, "mm"},
		{[]string{"tool", "system"}, "mm"},
		{nil, ""},
	}
	for _, tt := range tests {
		if got := sections(tt.roles...); got != tt.want {
			t.Errorf("%v: got %s, want %s", tt.roles, got, tt.want)
		}
	}
	// Tools ahead of the messages do not end the leading system messages.
	req := Request{Blocks: []Block{{Section: SectionTools, Kind: BlockTool}}}
	if got := ChatSection("system", req.InMessages()); got != SectionSystem {
		t.Errorf("system after tools: got %s", got)
	}
}
