package cli

import (
	"bytes"
	"reflect"
	"strings"
	"testing"
)

// TestDeltaFlags parses flags into deltaOptions without running, and
// rejects what the comparison cannot do before any work starts.
func TestDeltaFlags(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want *deltaOptions
		err  string
	}{
		{
			args: []string{"--base", "origin/main", "--format", "markdown", "--packages", "./...", "--rpm", "3", "--fail-on", "error", "-o", "d.md", "prompts", "requests"},
			want: &deltaOptions{Base: "origin/main", Paths: []string{"prompts", "requests"}, Packages: []string{"./..."},
				checkFlags: checkFlags{Format: "markdown", RPM: 3, FailOn: "error", Output: "d.md"}},
		},
		{args: []string{"prompts"}, err: "--base is required"},
		{args: []string{"--base", "HEAD", "--format", "sarif"}, err: `--format: unknown format "sarif"`},
		{args: []string{"--base", "HEAD", "--fail-on", "loud"}, err: "--fail-on"},
		{args: []string{"--base", "HEAD", "--baseline", "b.json"}, err: "unknown flag: --baseline"},
	} {
		t.Run(strings.Join(tc.args, " "), func(t *testing.T) {
			var got *deltaOptions
			cmd := newDeltaCmd(&streams{}, func(o *deltaOptions) error { got = o; return nil })
			cmd.SetArgs(tc.args)
			cmd.SetOut(&bytes.Buffer{})
			cmd.SetErr(&bytes.Buffer{})
			err := cmd.Execute()
			if tc.err != "" {
				if err == nil || !strings.Contains(err.Error(), tc.err) {
					t.Fatalf("error = %v, want %q", err, tc.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("options = %+v, want %+v", got, tc.want)
			}
		})
	}
}
