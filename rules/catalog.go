package rules

import (
	_ "embed"
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"go.yaml.in/yaml/v3"
)

//go:embed models.yaml
var builtinCatalog []byte

// Confidence levels of a catalog number.
const (
	Official   = "official"
	Secondary  = "secondary"
	Derived    = "derived"
	Unverified = "unverified"
)

// Caching modes.
const (
	ModeExplicit   = "explicit"   // breakpoints only (Anthropic), plus request-level auto
	ModeBreakpoint = "breakpoint" // breakpoints with an implicit one on the latest message (OpenAI GPT-5.6+)
	ModeAutomatic  = "automatic"  // automatic prefix caching
)

// Number is a catalog value with where it came from. Known is false for a
// value the catalog marks null (unknown).
type Number struct {
	Value      float64 `json:"value"`
	Known      bool    `json:"known"`
	Source     string  `json:"source"`
	URL        string  `json:"url,omitempty"`
	Confidence string  `json:"confidence"`
}

// UnmarshalYAML reads [value, source, confidence].
func (n *Number) UnmarshalYAML(node *yaml.Node) error {
	if node.Kind != yaml.SequenceNode || len(node.Content) != 3 {
		return fmt.Errorf("line %d: a number is written [value, source, confidence]", node.Line)
	}
	v := node.Content[0]
	if v.Tag != "!!null" {
		f, err := strconv.ParseFloat(v.Value, 64)
		if err != nil {
			return fmt.Errorf("line %d: %q is not a number", v.Line, v.Value)
		}
		n.Value, n.Known = f, true
	}
	n.Source = node.Content[1].Value
	n.Confidence = node.Content[2].Value
	switch n.Confidence {
	case Official, Secondary, Derived, Unverified:
	default:
		return fmt.Errorf("line %d: confidence %q is not official, secondary, derived or unverified", node.Line, n.Confidence)
	}
	return nil
}

// TTL is one cache lifetime a model offers.
type TTL struct {
	Name    string  `json:"name" yaml:"name"`
	Minutes float64 `json:"minutes" yaml:"minutes"`
	Write   Number  `json:"write" yaml:"write"`
}

// Tokenizer says how to count a model's tokens.
type Tokenizer struct {
	Encoding string `json:"encoding" yaml:"encoding"`
	Ratio    Number `json:"ratio" yaml:"ratio"`
}

// Exact reports whether counts with this tokenizer are exact (a public
// encoding with ratio 1 that the source confirms).
func (t Tokenizer) Exact() bool {
	return t.Ratio.Value == 1 && t.Ratio.Confidence == Official
}

// Profile is one model's caching facts.
type Profile struct {
	ID              string    `json:"id" yaml:"id"`
	Aliases         []string  `json:"aliases,omitempty" yaml:"aliases"`
	Provider        string    `json:"provider" yaml:"provider"`
	Mode            string    `json:"mode" yaml:"mode"`
	Tokenizer       Tokenizer `json:"tokenizer" yaml:"tokenizer"`
	MinTokens       Number    `json:"min_tokens" yaml:"min_tokens"`
	Granularity     Number    `json:"granularity" yaml:"granularity"`
	MaxBreakpoints  Number    `json:"max_breakpoints" yaml:"max_breakpoints"`
	Lookback        Number    `json:"lookback" yaml:"lookback"`
	InputUSDPerMTok Number    `json:"input_usd_per_mtok" yaml:"input_usd_per_mtok"`
	ReadMultiplier  Number    `json:"read_multiplier" yaml:"read_multiplier"`
	TTLs            []TTL     `json:"ttls" yaml:"ttls"`
	DefaultTTL      string    `json:"default_ttl" yaml:"default_ttl"`
	PrefillTPS      Number    `json:"prefill_tps" yaml:"prefill_tps"`
	Note            string    `json:"note,omitempty" yaml:"note"`
}

// Min is the minimum cacheable prefix in tokens.
func (p *Profile) Min() int { return int(p.MinTokens.Value) }

// Breakpoints reports whether the model caches only at breakpoints.
func (p *Profile) Breakpoints() bool { return p.Mode == ModeExplicit || p.Mode == ModeBreakpoint }

// TTL finds a lifetime by name ("5m") or by duration ("60m" finds "1h").
// An empty name gives the default.
func (p *Profile) TTL(name string) (TTL, error) {
	if name == "" {
		name = p.DefaultTTL
	}
	for _, t := range p.TTLs {
		if strings.EqualFold(t.Name, name) {
			return t, nil
		}
	}
	if d, err := time.ParseDuration(name); err == nil {
		for _, t := range p.TTLs {
			if math.Abs(t.Minutes-d.Minutes()) < 1e-9 {
				return t, nil
			}
		}
	}
	names := make([]string, len(p.TTLs))
	for i, t := range p.TTLs {
		names[i] = t.Name
	}
	return TTL{}, fmt.Errorf("model %s has no TTL %q (it offers %s)", p.ID, name, strings.Join(names, ", "))
}

// Source is a citation.
type Source struct {
	Key   string `json:"key"`
	URL   string `json:"url" yaml:"url"`
	Title string `json:"title" yaml:"title"`
}

// Catalog is the set of model profiles.
type Catalog struct {
	Date    string
	Sources map[string]Source
	Models  []*Profile
	// Defaults maps a provider ("*" for any) to the model assumed when
	// nothing names one.
	Defaults map[string]string
	byName   map[string]*Profile
}

type catalogFile struct {
	Date     string            `yaml:"date"`
	Sources  map[string]Source `yaml:"sources"`
	Defaults map[string]string `yaml:"defaults"`
	Models   []*Profile        `yaml:"models"`
}

var builtin = sync.OnceValues(func() (*Catalog, error) {
	c := &Catalog{Sources: map[string]Source{}, Defaults: map[string]string{}, byName: map[string]*Profile{}}
	if err := c.Merge(builtinCatalog, "models.yaml"); err != nil {
		return nil, err
	}
	return c, nil
})

// Builtin returns the embedded catalog. It is parsed once per process; callers
// that add rows must Clone it first.
func Builtin() *Catalog {
	c, err := builtin()
	if err != nil {
		panic("cachevet: embedded model catalog is invalid: " + err.Error())
	}
	return c
}

// Clone returns a copy that can be merged into without touching the original.
func (c *Catalog) Clone() *Catalog {
	n := &Catalog{Date: c.Date, Sources: map[string]Source{}, Defaults: map[string]string{}, byName: map[string]*Profile{}}
	for k, v := range c.Sources {
		n.Sources[k] = v
	}
	for k, v := range c.Defaults {
		n.Defaults[k] = v
	}
	for _, p := range c.Models {
		cp := *p
		n.add(&cp)
	}
	return n
}

// Merge adds or overrides rows from a catalog file (the embedded one, or a
// user's `models:` file). name is used in error messages.
func (c *Catalog) Merge(data []byte, name string) error {
	var f catalogFile
	if err := yaml.Unmarshal(data, &f); err != nil {
		return fmt.Errorf("%s: %v", name, err)
	}
	if f.Date != "" {
		c.Date = f.Date
	}
	for k, s := range f.Sources {
		s.Key = k
		c.Sources[k] = s
	}
	for _, p := range f.Models {
		if err := c.validate(p); err != nil {
			return fmt.Errorf("%s: model %q: %v", name, p.ID, err)
		}
		c.add(p)
	}
	for prov, id := range f.Defaults {
		if _, err := c.Lookup(id); err != nil {
			return fmt.Errorf("%s: defaults: %s: %v", name, prov, err)
		}
		c.Defaults[prov] = id
	}
	return nil
}

// Default is the model assumed for a provider's requests when nothing names
// one: the provider's default, else the catalog-wide one ("*").
func (c *Catalog) Default(provider string) string {
	if id, ok := c.Defaults[provider]; ok {
		return id
	}
	return c.Defaults["*"]
}

func (c *Catalog) add(p *Profile) {
	if old, ok := c.byName[strings.ToLower(p.ID)]; ok {
		// An overriding row keeps the aliases of the row it replaces.
		if len(p.Aliases) == 0 {
			p.Aliases = old.Aliases
		}
		for k, v := range c.byName {
			if v == old {
				delete(c.byName, k)
			}
		}
		for i, m := range c.Models {
			if m == old {
				c.Models = append(c.Models[:i], c.Models[i+1:]...)
				break
			}
		}
	}
	c.Models = append(c.Models, p)
	c.byName[strings.ToLower(p.ID)] = p
	for _, a := range p.Aliases {
		c.byName[strings.ToLower(a)] = p
	}
	c.resolveURLs(p)
}

func (c *Catalog) resolveURLs(p *Profile) {
	for _, n := range p.numbers() {
		if s, ok := c.Sources[n.Source]; ok {
			n.URL = s.URL
		}
	}
}

func (p *Profile) numbers() []*Number {
	ns := []*Number{&p.Tokenizer.Ratio, &p.MinTokens, &p.Granularity, &p.MaxBreakpoints, &p.Lookback,
		&p.InputUSDPerMTok, &p.ReadMultiplier, &p.PrefillTPS}
	for i := range p.TTLs {
		ns = append(ns, &p.TTLs[i].Write)
	}
	return ns
}

func (c *Catalog) validate(p *Profile) error {
	if p.ID == "" {
		return fmt.Errorf("missing id")
	}
	switch p.Mode {
	case ModeExplicit, ModeBreakpoint, ModeAutomatic:
	default:
		return fmt.Errorf("mode %q is not explicit, breakpoint or automatic", p.Mode)
	}
	if p.Provider == "" {
		return fmt.Errorf("missing provider")
	}
	if p.Tokenizer.Encoding == "" {
		return fmt.Errorf("missing tokenizer encoding")
	}
	if len(p.TTLs) == 0 {
		return fmt.Errorf("no ttls")
	}
	if _, err := p.TTL(""); err != nil {
		return fmt.Errorf("default_ttl: %v", err)
	}
	names := map[string]*Number{"tokenizer.ratio": &p.Tokenizer.Ratio, "min_tokens": &p.MinTokens,
		"granularity": &p.Granularity, "max_breakpoints": &p.MaxBreakpoints, "lookback": &p.Lookback,
		"input_usd_per_mtok": &p.InputUSDPerMTok, "read_multiplier": &p.ReadMultiplier, "prefill_tps": &p.PrefillTPS}
	for field, n := range names {
		if n.Source == "" {
			return fmt.Errorf("%s is missing (want [value, source, confidence])", field)
		}
		if _, ok := c.Sources[n.Source]; !ok {
			return fmt.Errorf("%s cites unknown source %q", field, n.Source)
		}
	}
	for _, t := range p.TTLs {
		if _, ok := c.Sources[t.Write.Source]; !ok {
			return fmt.Errorf("ttl %s write cites unknown source %q", t.Name, t.Write.Source)
		}
	}
	if !p.MinTokens.Known || !p.PrefillTPS.Known || !p.Tokenizer.Ratio.Known {
		return fmt.Errorf("min_tokens, prefill_tps and tokenizer.ratio must be known")
	}
	return nil
}

// Lookup finds a model by id or alias (case-insensitive). A dated snapshot
// id ("claude-sonnet-4-5-20250929") falls back to its undated id. An unknown
// model is an error that names the closest ids.
func (c *Catalog) Lookup(model string) (*Profile, error) {
	key := strings.ToLower(strings.TrimSpace(model))
	if p, ok := c.byName[key]; ok {
		return p, nil
	}
	// Provider prefixes as gateways write them: "anthropic/claude-…", "openai/gpt-…".
	if i := strings.LastIndexByte(key, '/'); i >= 0 {
		if p, ok := c.byName[key[i+1:]]; ok {
			return p, nil
		}
	}
	// Dated snapshots and -latest suffixes.
	if base := trimSnapshot(key); base != key {
		if p, ok := c.byName[base]; ok {
			return p, nil
		}
	}
	return nil, &UnknownModelError{Model: model, Closest: c.Closest(model, 3)}
}

func trimSnapshot(id string) string {
	id = strings.TrimSuffix(id, "-latest")
	parts := strings.Split(id, "-")
	last := parts[len(parts)-1]
	if len(parts) > 1 && len(last) == 8 && strings.Trim(last, "0123456789") == "" {
		return strings.Join(parts[:len(parts)-1], "-")
	}
	// OpenAI dated snapshots: gpt-4o-2024-08-06
	if len(parts) > 3 && len(parts[len(parts)-3]) == 4 && strings.Trim(parts[len(parts)-3]+parts[len(parts)-2]+last, "0123456789") == "" {
		return strings.Join(parts[:len(parts)-3], "-")
	}
	return id
}

// UnknownModelError is returned by Lookup.
type UnknownModelError struct {
	Model   string
	Closest []string
}

func (e *UnknownModelError) Error() string {
	if len(e.Closest) == 0 {
		return fmt.Sprintf("unknown model %q", e.Model)
	}
	return fmt.Sprintf("unknown model %q (closest: %s)", e.Model, strings.Join(e.Closest, ", "))
}

// Closest returns up to n model ids nearest to name by edit distance.
func (c *Catalog) Closest(name string, n int) []string {
	type scored struct {
		id string
		d  int
	}
	name = strings.ToLower(name)
	var all []scored
	for _, p := range c.Models {
		d := levenshtein(name, p.ID)
		for _, a := range p.Aliases {
			d = min(d, levenshtein(name, strings.ToLower(a)))
		}
		all = append(all, scored{p.ID, d})
	}
	sort.Slice(all, func(i, j int) bool {
		if all[i].d != all[j].d {
			return all[i].d < all[j].d
		}
		return all[i].id < all[j].id
	})
	var out []string
	for i := 0; i < len(all) && i < n; i++ {
		out = append(out, all[i].id)
	}
	return out
}

func levenshtein(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

// ProviderOf guesses the provider of a model id the catalog does not know,
// from its spelling; "" when it cannot tell.
func ProviderOf(model string) string {
	m := strings.ToLower(model)
	switch {
	case strings.HasPrefix(m, "claude"), strings.HasPrefix(m, "anthropic/"):
		return "anthropic"
	case strings.HasPrefix(m, "gpt"), strings.HasPrefix(m, "o1"), strings.HasPrefix(m, "o3"), strings.HasPrefix(m, "o4"), strings.HasPrefix(m, "openai/"):
		return "openai"
	case strings.HasPrefix(m, "gemini"):
		return "google"
	case strings.HasPrefix(m, "deepseek"):
		return "deepseek"
	case strings.HasPrefix(m, "grok"):
		return "xai"
	}
	return ""
}
