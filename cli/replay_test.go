package cli

import (
	"bytes"
	"encoding/json"
	"path/filepath"
	"reflect"
	"testing"
)

// TestReplayFlags parses flags into replayOptions without running.
func TestReplayFlags(t *testing.T) {
	var got *replayOptions
	cmd := newReplayCmd(&streams{}, func(o *replayOptions) error { got = o; return nil })
	cmd.SetArgs([]string{"--source", "prompts", "--source", "internal", "--format", "json", "--ttl", "1h",
		"--assume-order", "sorted", "--move-volatile", "--rpm", "12", "-o", "r.json", "a.jsonl", "b.jsonl"})
	if err := cmd.Execute(); err != nil {
		t.Fatal(err)
	}
	want := &replayOptions{Logs: []string{"a.jsonl", "b.jsonl"}, Sources: []string{"prompts", "internal"}, Format: "json",
		Output: "r.json", RPM: 12, TTL: "1h", AssumeOrder: "sorted", MoveVolatile: true}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("options = %+v, want %+v", got, want)
	}
}

// TestRunReplay calls the run function on the worked example.
func TestRunReplay(t *testing.T) {
	var out, errOut bytes.Buffer
	io := &streams{Out: &out, Err: &errOut, Getenv: func(string) string { return "" },
		Dir: filepath.Join("..", "testdata", "examples", "replay")}
	err := runReplay(io, &replayOptions{Logs: []string{"agent-log.jsonl"}, Sources: []string{"prompts/agent.md.tpl"}, Format: "json"})
	if err != nil {
		t.Fatalf("runReplay: %v (stderr %s)", err, errOut.String())
	}
	var doc struct {
		Replay struct {
			Requests int `json:"requests"`
			Misses   []struct {
				Cause  string `json:"cause"`
				Source *struct {
					File string `json:"file"`
					Line int    `json:"line"`
				} `json:"source"`
			} `json:"misses"`
		} `json:"replay"`
	}
	if err := json.Unmarshal(out.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	if doc.Replay.Requests != 10 || len(doc.Replay.Misses) != 3 {
		t.Fatalf("requests %d, misses %d; want 10 and 3", doc.Replay.Requests, len(doc.Replay.Misses))
	}
	found := false
	for _, m := range doc.Replay.Misses {
		if m.Cause == "system-changed" && m.Source != nil && m.Source.File == "prompts/agent.md.tpl" && m.Source.Line == 6 {
			found = true
		}
	}
	if !found {
		t.Errorf("no system-changed miss at prompts/agent.md.tpl:6: %s", out.String()[:200])
	}
}
