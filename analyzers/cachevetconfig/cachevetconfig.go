package cachevetconfig

import (
	_ "embed"
	"flag"
	"fmt"
	"reflect"
	"strings"
	"sync"

	"golang.org/x/tools/go/analysis"

	"github.com/cachevet/cachevet/rules"
	"github.com/cachevet/cachevet/tokenizer"
)

//go:embed doc.go
var doc string

// Analyzer publishes the cachevet settings as a *Settings.
var Analyzer = New()

// New returns a config analyzer bound to its own fresh Settings, so tests
// and drivers that need different settings do not share flag state.
func New() *analysis.Analyzer {
	s := &Settings{RPM: 1}
	a := &analysis.Analyzer{
		Name:             "cachevetconfig",
		Doc:              extractDoc(doc, "cachevetconfig"),
		URL:              "https://github.com/cachevet/cachevet/blob/main/docs/go.md#cachevetconfig",
		Run:              func(*analysis.Pass) (any, error) { return s, nil },
		RunDespiteErrors: true,
		ResultType:       reflect.TypeFor[*Settings](),
	}
	a.Flags.StringVar(&s.Model, "model", "", "model for requests whose model is not a constant in the code")
	a.Flags.Float64Var(&s.RPM, "rpm", 1, "requests per minute that share a prefix")
	a.Flags.StringVar(&s.TTL, "ttl", "", "cache lifetime to price with (5m, 1h; default: the breakpoint's or the model's)")
	a.Flags.StringVar(&s.Config, "config", "", "path of a .cachevet.yaml file")
	a.Flags.Var(severityFlag{s}, "rules", "comma-separated rule severities, e.g. PC008=off,PC001=error")
	return a
}

// Settings are the values of the flags. Env builds the rules.Env for a
// model and caches it, because building a token counter is expensive.
type Settings struct {
	Model    string
	RPM      float64
	TTL      string
	Config   string
	Severity map[string]rules.Severity
	// Names are the config's stable/volatile name overrides.
	Names rules.NameOverrides

	mu   sync.Mutex
	envs map[string]envResult
}

type envResult struct {
	env *rules.Env
	err error
}

// DefaultModels is the model assumed per provider when neither the code nor
// -model names one; the minimum cacheable size and prices come from it.
var DefaultModels = map[string]string{
	"anthropic": "claude-sonnet-4-5",
	"openai":    "gpt-4o",
	"google":    "gemini-2.5-flash",
}

// ModelFor picks the model to check a request against: the one in the code
// when the catalog knows it, else -model, else the provider default.
func (s *Settings) ModelFor(provider, inCode string) string {
	if inCode != "" {
		if _, err := rules.Builtin().Lookup(inCode); err == nil {
			return inCode
		}
	}
	if s.Model != "" {
		return s.Model
	}
	if inCode != "" {
		return inCode // unknown: Env reports the error with the closest ids
	}
	return DefaultModels[provider]
}

// Env returns the rule environment for model, built once per model.
func (s *Settings) Env(model string) (*rules.Env, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if r, ok := s.envs[model]; ok {
		return r.env, r.err
	}
	env, err := s.build(model)
	if s.envs == nil {
		s.envs = map[string]envResult{}
	}
	s.envs[model] = envResult{env, err}
	return env, err
}

func (s *Settings) build(model string) (*rules.Env, error) {
	p, err := rules.Builtin().Lookup(model)
	if err != nil {
		return nil, err
	}
	c, approx, err := tokenizer.ForModel(p.Tokenizer.Encoding, p.Tokenizer.Ratio.Value, p.Tokenizer.Exact())
	if err != nil {
		return nil, fmt.Errorf("model %s: %v", p.ID, err)
	}
	rpm := s.RPM
	if rpm <= 0 {
		rpm = 1
	}
	return &rules.Env{Profile: p, Counter: c, Approx: approx, Traffic: rules.Traffic{RPM: rpm, TTL: s.TTL}, Severity: s.Severity}, nil
}

// severityFlag parses -rules=PC008=off,PC001=error.
type severityFlag struct{ s *Settings }

func (f severityFlag) String() string {
	if f.s == nil {
		return ""
	}
	var parts []string
	for _, r := range rules.Rules {
		if sev, ok := f.s.Severity[r.Code]; ok {
			parts = append(parts, r.Code+"="+sev.String())
		}
	}
	return strings.Join(parts, ",")
}

func (f severityFlag) Set(v string) error {
	for _, item := range strings.Split(v, ",") {
		if item = strings.TrimSpace(item); item == "" {
			continue
		}
		code, sev, ok := strings.Cut(item, "=")
		if !ok {
			return fmt.Errorf("rule setting %q is not CODE=severity", item)
		}
		r, err := rules.LookupRule(code)
		if err != nil {
			return err
		}
		level, err := rules.ParseSeverity(sev)
		if err != nil {
			return err
		}
		if f.s.Severity == nil {
			f.s.Severity = map[string]rules.Severity{}
		}
		f.s.Severity[r.Code] = level
	}
	return nil
}

var _ flag.Value = severityFlag{}

// For returns the settings the config analyzer computed for this pass.
func For(pass *analysis.Pass) *Settings {
	return pass.ResultOf[Analyzer].(*Settings)
}
