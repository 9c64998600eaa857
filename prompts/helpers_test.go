package prompts

import (
	"encoding/json"
	"github.com/cachevet/cachevet/internal/textpos"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/cachevet/cachevet/rules"
	"github.com/cachevet/cachevet/tokenizer"
)

const defaultModel = "claude-sonnet-4-5"

var envs sync.Map // model → *rules.Env

// testEnv builds the environment the CLI would: the model's profile and its
// real token counter.
func testEnv(t testing.TB, model string) *rules.Env {
	t.Helper()
	if e, ok := envs.Load(model); ok {
		return e.(*rules.Env)
	}
	p, err := rules.Builtin().Lookup(model)
	if err != nil {
		t.Fatal(err)
	}
	c, approx, err := tokenizer.ForModel(p.Tokenizer.Encoding, p.Tokenizer.Ratio.Value, p.Tokenizer.Exact())
	if err != nil {
		t.Fatal(err)
	}
	e := &rules.Env{Profile: p, Counter: c, Approx: approx, Traffic: rules.Traffic{RPM: 1}}
	envs.Store(model, e)
	return e
}

// policies is about 2,000 tokens of stable instructions.
var policies = sync.OnceValue(func() string {
	b, err := os.ReadFile(filepath.Join("testdata", "policies.txt"))
	if err != nil {
		panic(err)
	}
	return string(b)
})

// shortText is about 300 tokens: below every Claude minimum.
func shortText() string {
	w := strings.Fields(policies())
	return strings.Join(w[:220], " ") + "\n"
}

// checkFile reads a file and runs the real rules over each request, with
// the request's own model or claude-sonnet-4-5.
func checkFile(t testing.TB, path, content string, opts Options) ([]rules.Finding, []*rules.Request, []*rules.InputError) {
	t.Helper()
	reqs, errs := Read(path, fileKind(path), []byte(content), opts)
	var out []rules.Finding
	for _, r := range reqs {
		model := r.Model
		if model == "" {
			model = defaultModel
		}
		out = append(out, rules.Check(r, testEnv(t, model))...)
	}
	return out, reqs, errs
}

// summary is "PC001:warning@3:10" for each finding.
func summary(fs []rules.Finding) string {
	var s []string
	for _, f := range fs {
		s = append(s, f.Rule+":"+f.Severity.String()+"@"+itoa(f.Span.Line)+":"+itoa(f.Span.Col))
	}
	return strings.Join(s, ",")
}

func itoa(n int) string {
	b, _ := json.Marshal(n)
	return string(b)
}

func errText(errs []*rules.InputError) string {
	var s []string
	for _, e := range errs {
		s = append(s, e.Error())
	}
	return strings.Join(s, "\n")
}

// indent prefixes every non-empty line, for YAML block scalars.
func indent(s, pre string) string {
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		if l != "" {
			lines[i] = pre + l
		}
	}
	return strings.Join(lines, "\n")
}

func jsonString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

// slots lists every slot of a request set as name:kind:lifetime.
func slots(reqs []*rules.Request) string {
	var s []string
	for _, r := range reqs {
		for _, b := range r.Blocks {
			for _, p := range b.Parts {
				if p.Slot != nil {
					s = append(s, p.Slot.Name+":"+p.Slot.Kind+":"+p.Slot.Lifetime.String())
				}
			}
		}
	}
	return strings.Join(s, " ")
}

// blockShape lists blocks as section/role/message.
func blockShape(r *rules.Request) string {
	var s []string
	for _, b := range r.Blocks {
		s = append(s, b.Section.String()+"/"+b.Role+"/"+itoa(b.Message))
	}
	return strings.Join(s, " ")
}

// fileKind is the reader scan chooses for a file.
func fileKind(path string) textpos.Kind { return textpos.KindOf(path) }
