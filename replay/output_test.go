package replay

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files")

// example replays the bundled worked example with every what-if.
func example(t *testing.T) *Report {
	t.Helper()
	rep, err := Run(Options{Dir: filepath.Join("..", "testdata", "examples", "replay"), Logs: []string{"agent-log.jsonl"},
		Sources: []string{"prompts/agent.md.tpl"}, TTL: "1h", AssumeOrder: "sorted", MoveVolatile: true})
	if err != nil {
		t.Fatal(err)
	}
	return rep
}

// TestGolden checks every format of the worked example against its golden
// file (go test ./replay -run Golden -update rewrites them).
func TestGolden(t *testing.T) {
	rep := example(t)
	for _, f := range []struct {
		name  string
		write func(*bytes.Buffer) error
	}{
		{"example.txt", func(b *bytes.Buffer) error { return WriteText(b, rep) }},
		{"example.json", func(b *bytes.Buffer) error { return WriteJSON(b, rep) }},
		{"example.html", func(b *bytes.Buffer) error { return WriteHTML(b, rep) }},
	} {
		t.Run(f.name, func(t *testing.T) {
			var b bytes.Buffer
			if err := f.write(&b); err != nil {
				t.Fatal(err)
			}
			golden := filepath.Join("testdata", f.name)
			if *update {
				if err := os.WriteFile(golden, b.Bytes(), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(b.Bytes(), want) {
				t.Errorf("%s differs from the golden file (run with -update and review the diff)", f.name)
			}
		})
	}
}

// TestDeterministic: the same log gives the same bytes.
func TestDeterministic(t *testing.T) {
	var a, b bytes.Buffer
	if err := WriteJSON(&a, example(t)); err != nil {
		t.Fatal(err)
	}
	if err := WriteJSON(&b, example(t)); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a.Bytes(), b.Bytes()) {
		t.Error("two replays of the same log differ")
	}
}

// TestContractJSON checks the fields the JSON names, with their
// types, in the worked example.
func TestContractJSON(t *testing.T) {
	var b bytes.Buffer
	if err := WriteJSON(&b, example(t)); err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Tool   string `json:"tool"`
		Replay struct {
			Requests       *int            `json:"requests"`
			InputTokens    *int            `json:"input_tokens"`
			SimCached      *int            `json:"simulated_cached_tokens"`
			ObservedCached json.RawMessage `json:"observed_cached_tokens"`
			USDSpent       *float64        `json:"usd_spent"`
			USDIfAllCached *float64        `json:"usd_if_all_stable_cached"`
			Records        []map[string]json.RawMessage
			Misses         []map[string]json.RawMessage
		} `json:"replay"`
	}
	if err := json.Unmarshal(b.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	r := doc.Replay
	if doc.Tool != "cachevet" || r.Requests == nil || r.InputTokens == nil || r.SimCached == nil || r.USDSpent == nil || r.USDIfAllCached == nil {
		t.Fatalf("missing top-level fields: %s", b.String()[:300])
	}
	if string(r.ObservedCached) != "null" {
		t.Errorf("observed_cached_tokens = %s, want null (no usage in the log)", r.ObservedCached)
	}
	for _, k := range []string{"record", "line", "model", "input_tokens", "cached_tokens", "written_tokens"} {
		if _, ok := r.Records[0][k]; !ok {
			t.Errorf("records[0] has no %q", k)
		}
	}
	causes := map[string]bool{}
	for _, m := range r.Misses {
		for _, k := range []string{"record", "line", "cause", "tokens_lost", "usd_lost", "diverges_at", "source"} {
			if _, ok := m[k]; !ok {
				t.Errorf("a miss has no %q", k)
			}
		}
		var cause string
		_ = json.Unmarshal(m["cause"], &cause)
		causes[cause] = true
		if cause == CauseTTLExpired && (string(m["diverges_at"]) != "null" || string(m["source"]) != "null") {
			t.Errorf("ttl-expired miss with a divergence: %s %s", m["diverges_at"], m["source"])
		}
		if cause == CauseSystemChanged && !strings.Contains(string(m["source"]), `"line": 6`) {
			t.Errorf("system-changed miss not tied to agent.md.tpl:6: %s", m["source"])
		}
	}
	for _, c := range []string{CauseSystemChanged, CauseToolOrder, CauseTTLExpired} {
		if !causes[c] {
			t.Errorf("no %s miss in the example", c)
		}
	}
}
