package replay

import (
	"bytes"
	"io"
	"math/rand/v2"
	"os"
	"strconv"
	"strings"
	"testing"
)

// TestInputErrors: replay reads logs through scan's input check and the
// same readers, so a binary file named as a log is one error (not one per
// line), and a record that is valid JSON but no request the readers
// understand is an error at its line, not a request quietly missing from
// the totals.
func TestInputErrors(t *testing.T) {
	good, err := os.ReadFile("../testdata/examples/replay/agent-log.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	first := string(good[:bytes.IndexByte(good, '\n')+1])
	random := make([]byte, 2<<20)
	r := rand.New(rand.NewPCG(1, 2))
	for i := range random {
		random[i] = byte(r.Uint32())
	}
	logs := map[string]string{
		"binary.jsonl": string(random),
		"mixed.jsonl": first + `{"request": {"model": "claude-sonnet-4-5", "messages": "not-a-list"}}` + "\n" +
			`{"request": {"model": 12, "system": {"x": 1}}}` + "\n",
	}
	tests := []struct {
		log      string
		requests int
		errs     []string
	}{
		{"binary.jsonl", 0, []string{"binary.jsonl:0: binary file (NUL byte at offset"}},
		{"mixed.jsonl", 1, []string{
			"mixed.jsonl:2: record 2 is not a request cachevet reads: messages must be an array of messages, not string",
			"mixed.jsonl:3: record 3 is not a request cachevet reads: model must be a string, not number"}},
	}
	for _, tt := range tests {
		rep, err := Run(Options{Logs: []string{tt.log}, Open: func(p string) (io.ReadCloser, error) {
			return io.NopCloser(strings.NewReader(logs[p])), nil
		}})
		if err != nil {
			t.Fatal(err)
		}
		if rep.Replay.Requests != tt.requests {
			t.Errorf("%s: %d requests, want %d", tt.log, rep.Replay.Requests, tt.requests)
		}
		if len(rep.Errors) != len(tt.errs) {
			t.Errorf("%s: %d errors, want %d: %+v", tt.log, len(rep.Errors), len(tt.errs), rep.Errors)
			continue
		}
		for i, e := range rep.Errors {
			if got := e.File + ":" + strconv.Itoa(e.Line) + ": " + e.Message; !strings.HasPrefix(got, tt.errs[i]) {
				t.Errorf("%s: error %q, want %q", tt.log, got, tt.errs[i])
			}
		}
	}
}
