package plugin

import (
	"strings"
	"testing"

	"github.com/golangci/plugin-module-register/register"
	"golang.org/x/tools/go/analysis"
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
