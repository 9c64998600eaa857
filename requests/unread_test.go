package requests

import (
	"errors"
	"strings"
	"testing"
)

// TestUnreadRequests: a record or body that is valid JSON and says it is
// a request (a model with messages, system or input) but that no reader
// understands is an error at its line, never dropped without a word;
// records of another kind are still skipped.
func TestUnreadRequests(t *testing.T) {
	good := `{"request": {"model": "claude-sonnet-4-5", "system": "be brief", "messages": [{"role": "user", "content": "hi"}]}}`
	tests := []struct {
		name, path, data string
		reqs             int
		errs             []string // line: message
		notRequest       bool
	}{
		{"messages not a list", "a.jsonl", good + "\n" + `{"request": {"model": "claude-sonnet-4-5", "messages": "not-a-list"}}` + "\n", 1,
			[]string{"2: record 2 is not a request cachevet reads: messages must be an array of messages, not string"}, false},
		{"model a number", "a.jsonl", good + "\n" + `{"request": {"model": 12, "system": {"x": 1}}}` + "\n", 1,
			[]string{"2: record 2 is not a request cachevet reads: model must be a string, not number"}, false},
		{"only broken records", "a.jsonl", `{"request": {"model": "claude-sonnet-4-5", "messages": "not-a-list"}}` + "\n" + `{"request": {"model": 12, "system": {"x": 1}}}` + "\n", 0,
			[]string{"1: record 1 is not a request cachevet reads: messages must be an array of messages, not string",
				"2: record 2 is not a request cachevet reads: model must be a string, not number"}, false},
		{"message without role", "a.jsonl", good + "\n" + `{"model": "gpt-4o", "messages": [{"content": "hi"}]}` + "\n", 1,
			[]string{"2: record 2 is not a request cachevet reads: messages[0] must be an object with a role"}, false},
		{"array of records", "a.json", "[" + good + ",\n" + `{"request": {"model": 12, "system": {"x": 1}}}` + "]\n", 1,
			[]string{"2: record 2 is not a request cachevet reads: model must be a string, not number"}, false},
		{"wrapped body", "a.json", `{"request": {"model": "claude-sonnet-4-5", "messages": "not-a-list"}}`, 0,
			[]string{"1: not a request body cachevet reads: messages must be an array of messages, not string"}, false},
		{"dataset", "a.jsonl", `{"text": "hello", "label": 1}` + "\n" + `{"text": "bye", "label": 0}` + "\n", 0, nil, true},
		{"bare config", "a.json", `{"model": {"name": "x"}, "system": {"prompt": "be brief"}}`, 0, nil, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := lintBytes(t, tt.path, []byte(tt.data), Options{}, 1)
			if got := errors.Is(res.err, ErrNotRequest); got != tt.notRequest {
				t.Fatalf("err = %v, want ErrNotRequest %v", res.err, tt.notRequest)
			}
			if len(res.reqs) != tt.reqs {
				t.Errorf("%d requests, want %d", len(res.reqs), tt.reqs)
			}
			var got []string
			for _, e := range res.errs {
				got = append(got, itoa(e.Span.Line)+": "+e.Message)
			}
			if strings.Join(got, "\n") != strings.Join(tt.errs, "\n") {
				t.Errorf("errors:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tt.errs, "\n"))
			}
		})
	}
}
