package plugin

import (
	"go/token"
	"strings"
	"testing"

	"github.com/golangci/plugin-module-register/register"
	"golang.org/x/tools/go/analysis"

	"github.com/cachevet/cachevet/rules"
)

// flagOf returns the value of a setting flag among the analyzers.
func flagOf(list []*analysis.Analyzer, name string) string {
	for _, a := range list {
		if f := a.Flags.Lookup(name); f != nil {
			return f.Value.String()
		}
	}
	return "<none>"
}

func TestRegistered(t *testing.T) {
	newPlugin, err := register.GetPlugin(Name)
	if err != nil {
		t.Fatal(err)
	}
	p, err := newPlugin(map[string]any{})
	if err != nil {
		t.Fatal(err)
	}
	if got := p.GetLoadMode(); got != register.LoadModeTypesInfo {
		t.Errorf("load mode %q, want %q", got, register.LoadModeTypesInfo)
	}
}

// TestSettings is not parallel: the settings are flags of shared analyzers.
func TestSettings(t *testing.T) {
	tests := []struct {
		name    string
		conf    any
		want    map[string]string
		wantErr string
	}{
		{
			name: "all settings",
			conf: map[string]any{"model": "gpt-4o", "rpm": 12.5, "ttl": "1h", "config": "ci/.cachevet.yaml"},
			want: map[string]string{"model": "gpt-4o", "rpm": "12.5", "ttl": "1h", "config": "ci/.cachevet.yaml"},
		},
		{
			name: "none: golangci-lint passes nil without a settings block",
			conf: nil,
		},
		{name: "unknown key", conf: map[string]any{"modle": "gpt-4o"}, wantErr: `unknown field "modle"`},
		{name: "wrong type", conf: map[string]any{"rpm": "fast"}, wantErr: "cachevet settings"},
		{name: "negative rpm", conf: map[string]any{"rpm": -2}, wantErr: "rpm -2 is negative"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := New(tt.conf)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("New error %v, want %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			list, err := p.BuildAnalyzers()
			if err != nil {
				t.Fatal(err)
			}
			if err := analysis.Validate(list); err != nil {
				t.Fatal(err)
			}
			for name, want := range tt.want {
				if got := flagOf(list, name); got != want {
					t.Errorf("flag %s = %q, want %q", name, got, want)
				}
			}
		})
	}
}

func TestSetFlagErrors(t *testing.T) {
	var a analysis.Analyzer
	a.Flags.Float64("rpm", 1, "")
	if err := setFlag([]*analysis.Analyzer{&a}, "rpm", "x"); err == nil {
		t.Error("want an error for a bad value")
	}
	if err := setFlag([]*analysis.Analyzer{&a}, "model", "m"); err == nil {
		t.Error("want an error for a setting no analyzer takes")
	}
}

// TestIssueText: a diagnostic becomes one golangci-lint issue with the rule
// code and the finding's severity first and the related locations folded
// into its text.
func TestIssueText(t *testing.T) {
	fset := token.NewFileSet()
	f := fset.AddFile("/src/app/app.go", -1, 1000)
	f.SetLines([]int{0, 100, 200, 300, 400})
	pass := &analysis.Pass{Fset: fset}
	at := func(line, col int) token.Pos { return f.LineStart(line) + token.Pos(col-1) }
	findings := []rules.Finding{
		{Rule: rules.PC001, Severity: rules.SeverityInfo, Message: "value \"x\" has an unknown lifetime", Span: rules.Span{Line: 2, Col: 5}},
		{Rule: rules.PC001, Severity: rules.SeverityWarning, Message: "time \"now\" changes every request", Span: rules.Span{Line: 3, Col: 9}},
	}
	tests := []struct {
		name string
		d    analysis.Diagnostic
		want string
	}{
		{"severity of the matching finding, related folded in",
			analysis.Diagnostic{Pos: at(3, 9), Category: rules.PC001, Message: "time \"now\" changes every request", Related: []analysis.RelatedInformation{
				{Pos: at(4, 2), Message: "this breakpoint writes a new cache entry on every request"},
				{Pos: at(5, 9), Message: "request sent here"},
			}},
			"PC001 warning: time \"now\" changes every request [this breakpoint writes a new cache entry on every request at app.go:4:2; request sent here at app.go:5:9]"},
		{"a downgraded lifetime keeps its severity",
			analysis.Diagnostic{Pos: at(2, 5), Category: rules.PC001, Message: "value \"x\" has an unknown lifetime"},
			"PC001 info: value \"x\" has an unknown lifetime"},
		{"no matching finding: the rule's default",
			analysis.Diagnostic{Pos: at(1, 1), Category: rules.PC004, Message: "request has 5 cache breakpoints"},
			"PC004 error: request has 5 cache breakpoints"},
		{"an ignore directive problem has no severity",
			analysis.Diagnostic{Pos: at(1, 1), Category: "ignore", Message: "cachevet:ignore without a reason"},
			"ignore: cachevet:ignore without a reason"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := issue(pass, tt.d, findings)
			if got.Message != tt.want {
				t.Errorf("message\n got %q\nwant %q", got.Message, tt.want)
			}
			if len(got.Related) != 0 {
				t.Errorf("related locations left: %d (golangci-lint makes each an issue)", len(got.Related))
			}
		})
	}
}
