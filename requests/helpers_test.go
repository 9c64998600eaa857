package requests

import (
	"bytes"
	"fmt"
	"github.com/cachevet/cachevet/internal/textpos"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/cachevet/cachevet/rules"
	"github.com/cachevet/cachevet/tokenizer"
)

// collect is a sink that keeps everything in order.
type collect struct {
	reqs     []*rules.Request
	findings []rules.Finding
	errs     []*rules.InputError
	events   []string // "request", "finding", "error" in call order
}

func (c *collect) Request(r *rules.Request) {
	c.reqs = append(c.reqs, r)
	c.events = append(c.events, "request")
}

func (c *collect) Finding(f rules.Finding) {
	c.findings = append(c.findings, f)
	c.events = append(c.events, "finding")
}

func (c *collect) Error(e *rules.InputError) {
	c.errs = append(c.errs, e)
	c.events = append(c.events, "error")
}

// defaultModel stands in for the config's default model in tests.
const defaultModel = "claude-sonnet-4-5"

var counters sync.Map // encoding+ratio → rules.Counter

// envFor builds the rule environment for a model, as config.Env will.
func envFor(t testing.TB, model string, rpm float64) *rules.Env {
	t.Helper()
	if model == "" {
		model = defaultModel
	}
	p, err := rules.Builtin().Lookup(model)
	if err != nil {
		t.Fatalf("model %s: %v", model, err)
	}
	key := fmt.Sprint(p.Tokenizer.Encoding, p.Tokenizer.Ratio.Value, p.Tokenizer.Exact())
	type counted struct {
		c      rules.Counter
		approx bool
	}
	v, ok := counters.Load(key)
	if !ok {
		c, approx, err := tokenizer.ForModel(p.Tokenizer.Encoding, p.Tokenizer.Ratio.Value, p.Tokenizer.Exact())
		if err != nil {
			t.Fatal(err)
		}
		v, _ = counters.LoadOrStore(key, counted{c, approx})
	}
	cc := v.(counted)
	return &rules.Env{Profile: p, Counter: cc.c, Approx: cc.approx, Traffic: rules.Traffic{RPM: rpm}}
}

// lintResult is what reading and checking one file gave.
type lintResult struct {
	*collect
	findings []rules.Finding // reader findings and rule findings, sorted
	err      error
}

// lintFile reads a fixture with Read and runs rules.Check on every request.
func lintFile(t testing.TB, path string, opts Options, rpm float64) lintResult {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return lintBytes(t, path, data, opts, rpm)
}

func lintBytes(t testing.TB, path string, data []byte, opts Options, rpm float64) lintResult {
	t.Helper()
	c := &collect{}
	err := Read(path, textpos.KindOf(path), bytes.NewReader(data), opts, c)
	res := lintResult{collect: c, err: err}
	res.findings = append(res.findings, c.findings...)
	for _, r := range c.reqs {
		res.findings = append(res.findings, rules.Check(r, envFor(t, r.Model, rpm))...)
	}
	rules.SortFindings(res.findings)
	return res
}

// brief formats findings as "PC001 12:5" for golden tables.
func brief(fs []rules.Finding) []string {
	out := []string{}
	for _, f := range fs {
		out = append(out, fmt.Sprintf("%s %d:%d", f.Rule, f.Span.Line, f.Span.Col))
	}
	return out
}

func briefErrs(es []*rules.InputError) []string {
	out := []string{}
	for _, e := range es {
		out = append(out, fmt.Sprintf("%d:%d %s", e.Span.Line, e.Span.Col, e.Message))
	}
	return out
}

// spanText returns the source text a span covers (to the end of its line
// when it has no end).
func spanText(t testing.TB, sp rules.Span) string {
	t.Helper()
	data, err := os.ReadFile(sp.File)
	if err != nil {
		t.Fatal(err)
	}
	starts := lineStarts(data)
	offset := func(line, col int) int {
		if line < 1 || line > len(starts) {
			t.Fatalf("span %v outside the file", sp)
		}
		end := len(data)
		if line < len(starts) {
			end = starts[line] - 1
		}
		off := starts[line-1] + col - 1
		if col < 1 || off > end {
			t.Fatalf("span %v outside line %d", sp, line)
		}
		return off
	}
	a := offset(sp.Line, sp.Col)
	b := len(data)
	if sp.EndLine > 0 {
		b = offset(sp.EndLine, sp.EndCol)
	} else if i := strings.IndexByte(string(data[a:]), '\n'); i >= 0 {
		b = a + i
	}
	if b < a {
		t.Fatalf("span %v ends before it starts", sp)
	}
	return string(data[a:b])
}

func fixture(parts ...string) string { return filepath.Join(append([]string{"testdata"}, parts...)...) }

// lineStarts is the offset of each line's first byte, for position checks
// independent of textpos.
func lineStarts(text []byte) []int {
	starts := []int{0}
	for i, c := range text {
		if c == '\n' {
			starts = append(starts, i+1)
		}
	}
	return starts
}
