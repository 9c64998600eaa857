package requests

import (
	"bytes"
	"errors"
	"github.com/cachevet/cachevet/internal/textpos"
	"io"
	"reflect"
	"strings"
	"testing"
)

func TestLogEdgeCases(t *testing.T) {
	req := `{"model":"gpt-5","messages":[{"role":"system","content":"You are Harbor."},{"role":"user","content":"hi"}]}`
	tests := []struct {
		name  string
		data  string
		reqs  int
		errs  []string
		notRQ bool
	}{
		{"empty", "", 0, nil, true},
		{"blank lines", "\n\n  \n", 0, nil, true},
		{"other records only", `{"event":"deploy"}` + "\n" + `[1,2]` + "\n", 0, nil, true},
		{"other records and a broken one", `{"event":"deploy"}` + "\n" + `{"event":` + "\n", 0, nil, true},
		{"broken records only", `{"model":` + "\n" + `{"messages":[` + "\n", 0,
			[]string{"1:10 unexpected end of JSON input", "2:14 unexpected end of JSON input"}, false},
		{"errors before the first request are kept", `{"model":` + "\n" + req + "\n", 1, []string{"1:10 unexpected end of JSON input"}, false},
		{"crlf line ends", req + "\r\n" + req + "\r\n", 2, nil, false},
		{"no final newline", req + "\n" + req, 2, nil, false},
		{"two values on a line", req + " " + req + "\n", 0, []string{"1:" + itoa(len(req)+2) + " invalid character '{' after JSON record (one record per line)"}, false},
		{"byte order mark", "\ufeff" + req + "\n", 1, nil, false},
		{"truncated last line", req + "\n" + req[:40], 1, []string{"2:38 unterminated string"}, false},
		{"string body", `{"body":"` + strings.ReplaceAll(req, `"`, `\"`) + `","url":"/v1/chat/completions"}` + "\n", 1, nil, false},
		{"broken string body", `{"request":{"body":"{\"model\": }"}}` + "\n", 0, []string{"1:33 invalid character '}' looking for beginning of value"}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := lintBytes(t, "log.jsonl", []byte(tt.data), Options{}, 1)
			if tt.notRQ != errors.Is(res.err, ErrNotRequest) || res.err != nil && !tt.notRQ {
				t.Fatalf("err %v", res.err)
			}
			if tt.notRQ && len(res.events) > 0 {
				t.Errorf("ErrNotRequest after sending %v", res.events)
			}
			if len(res.reqs) != tt.reqs {
				t.Errorf("%d requests, want %d", len(res.reqs), tt.reqs)
			}
			if got := briefErrs(res.errs); !reflect.DeepEqual(got, orEmpty(tt.errs)) {
				t.Errorf("errors %q, want %q", got, tt.errs)
			}
		})
	}
}

// TestLogLongLines reads lines longer than the reader's buffer and lines
// over the limit, which are reported and skipped in bounded memory.
func TestLogLongLines(t *testing.T) {
	saved := maxLineBytes
	defer func() { maxLineBytes = saved }()
	maxLineBytes = 1 << 20
	long := `{"model":"gpt-5","messages":[{"role":"system","content":"` + strings.Repeat("stable text ", 60_000) + `"}]}`
	tooLong := `{"model":"gpt-5","messages":[{"role":"system","content":"` + strings.Repeat("x", 2<<20) + `"}]}`
	data := long + "\n" + tooLong + "\n" + long + "\n"
	res := lintBytes(t, "log.jsonl", []byte(data), Options{}, 1)
	if len(res.reqs) != 2 || res.reqs[1].Span.Line != 3 || res.reqs[1].Record != 3 {
		t.Errorf("%d requests", len(res.reqs))
	}
	if got := briefErrs(res.errs); !reflect.DeepEqual(got, []string{"2:1 record 2 is longer than 1 MB; skipped"}) {
		t.Errorf("errors %q", got)
	}
}

// TestLogNotALog stops early on a file that is not a request log.
func TestLogNotALog(t *testing.T) {
	garbage := strings.Repeat("this is not json\n", 500)
	res := lintBytes(t, "notes.jsonl", []byte(garbage), Options{}, 1)
	if len(res.errs) != maxPendingErrors+1 || res.errs[maxPendingErrors].Message != "stopped after 100 unreadable records and no request: not a JSON Lines request log" {
		t.Errorf("%d errors, last %v", len(res.errs), res.errs[len(res.errs)-1])
	}
	dataset := strings.Repeat(`{"input":"question","ideal":"answer"}`+"\n", maxOtherRecords+10) + `{"model":"gpt-5","messages":[{"role":"user","content":"hi"}]}` + "\n"
	res = lintBytes(t, "dataset.jsonl", []byte(dataset), Options{}, 1)
	if !errors.Is(res.err, ErrNotRequest) || len(res.events) != 0 {
		t.Errorf("dataset: err %v, events %v", res.err, res.events)
	}
}

type failingReader struct{ data io.Reader }

func (f failingReader) Read(p []byte) (int, error) {
	n, err := f.data.Read(p)
	if err == io.EOF {
		return n, errors.New("disk on fire")
	}
	return n, err
}

// TestReadIOError returns an I/O failure of r as Read's error.
func TestReadIOError(t *testing.T) {
	for _, path := range []string{"a.jsonl", "a.json", "a.yaml"} {
		err := Read(path, textpos.KindOf(path), failingReader{strings.NewReader(`{"model":"gpt-5","messages":[]}` + "\n")}, Options{}, &collect{})
		if err == nil || err.Error() != "disk on fire" {
			t.Errorf("%s: err %v", path, err)
		}
	}
}

// TestOrderTracker covers PC006 beyond the fixtures: schema key order,
// one finding per distinct order, and tool sets that differ in content.
func TestOrderTracker(t *testing.T) {
	rec := func(tools, schema string) string {
		return `{"model":"gpt-5","tools":` + tools + `,"response_format":{"type":"json_schema","json_schema":` + schema + `},"messages":[{"role":"user","content":"hi"}]}`
	}
	a := `{"type":"function","function":{"name":"a","parameters":{}}}`
	b := `{"type":"function","function":{"name":"b","parameters":{}}}`
	c := `{"type":"function","function":{"name":"c","parameters":{}}}`
	s1 := `{"name":"answer","schema":{"type":"object","properties":{"x":{"type":"string"},"y":{"type":"string"}}}}`
	s2 := `{"name":"answer","schema":{"type":"object","properties":{"y":{"type":"string"},"x":{"type":"string"}}}}`
	lines := []string{
		rec("["+a+","+b+"]", s1),
		rec("["+b+","+a+"]", s1), // tool order: PC006
		rec("["+b+","+a+"]", s1), // the same order again: silent
		rec("["+a+","+c+"]", s1), // another tool: not an order change
		rec("["+a+","+b+"]", s2), // schema keys: PC006 at properties
		rec("["+a+","+b+"]", s2), // again: silent
	}
	res := lintBytes(t, "log.jsonl", []byte(strings.Join(lines, "\n")), Options{}, 1)
	var got []string
	for _, f := range res.findings {
		got = append(got, f.Span.String()+" "+f.Message[:strings.Index(f.Message, " than")])
	}
	propsCol := strings.Index(lines[4], `{"y"`) + 1
	want := []string{
		"log.jsonl:2:" + itoa(strings.Index(lines[1], "[")+1) + " tools are listed in a different order",
		"log.jsonl:5:" + itoa(propsCol) + " keys of schema \"answer\" are in a different order",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("findings\n got %q\nwant %q", got, want)
	}
	for _, f := range res.findings {
		if len(f.Related) != 1 || f.Related[0].Span.Line != 1 || f.Key == "" {
			t.Errorf("%s: related %+v key %q", f.Rule, f.Related, f.Key)
		}
	}
}

// TestOrderTrackerBounded feeds more distinct tool sets than the budget:
// memory stops growing and nothing is reported for untracked sets.
func TestOrderTrackerBounded(t *testing.T) {
	var buf bytes.Buffer
	for i := 0; i < maxTrackedSets+50; i++ {
		n := itoa(i)
		buf.WriteString(`{"model":"gpt-5","tools":[{"type":"function","function":{"name":"a` + n + `"}},{"type":"function","function":{"name":"b` + n + `"}}],"messages":[{"role":"user","content":"hi"}]}` + "\n")
	}
	c := &collect{}
	lr := &logReader{rd: &reader{path: "l.jsonl", sink: c}, order: newOrderTracker()}
	for i, line := range bytes.Split(bytes.TrimSpace(buf.Bytes()), []byte("\n")) {
		lr.record(line, i+1, i+1)
	}
	if len(lr.order.sets) != maxTrackedSets {
		t.Errorf("%d sets tracked, budget %d", len(lr.order.sets), maxTrackedSets)
	}
	if len(lr.order.objects) > maxTrackedObjects {
		t.Errorf("%d objects tracked", len(lr.order.objects))
	}
}

// TestToolUseKeyOrder finds a replayed tool_use whose input keys moved.
func TestToolUseKeyOrder(t *testing.T) {
	rec := func(input string) string {
		return `{"model":"claude-sonnet-4-5","messages":[{"role":"user","content":"check"},` +
			`{"role":"assistant","content":[{"type":"tool_use","id":"toolu_01","name":"get_device_status","input":` + input + `}]},` +
			`{"role":"user","content":[{"type":"tool_result","tool_use_id":"toolu_01","content":"ok"}]}]}`
	}
	a, b := `{"serial":"LS4-0001","include_smart":true}`, `{"include_smart":true,"serial":"LS4-0001"}`
	lines := []string{rec(a), rec(a), rec(b)}
	res := lintBytes(t, "log.jsonl", []byte(strings.Join(lines, "\n")), Options{}, 1)
	want := []string{"PC006 3:" + itoa(strings.Index(lines[2], b)+1)}
	if got := brief(res.findings); !reflect.DeepEqual(got, want) {
		t.Fatalf("findings %q, want %q", got, want)
	}
	if m := res.findings[0].Message; !strings.HasPrefix(m, `keys of the input of tool_use "get_device_status" are in a different order than in record 1 (include_smart, serial instead of serial, include_smart)`) {
		t.Errorf("message %q", m)
	}
}
