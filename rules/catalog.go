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
	ModeNone       = "none"       // the model does not cache prompts (gpt-4, gpt-3.5-turbo)
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
	ID             string    `json:"id" yaml:"id"`
	Aliases        []string  `json:"aliases,omitempty" yaml:"aliases"`
	Provider       string    `json:"provider" yaml:"provider"`
	Mode           string    `json:"mode" yaml:"mode"`
	Tokenizer      Tokenizer `json:"tokenizer" yaml:"tokenizer"`
	MinTokens      Number    `json:"min_tokens" yaml:"min_tokens"`
	Granularity    Number    `json:"granularity" yaml:"granularity"`
	MaxBreakpoints Number    `json:"max_breakpoints" yaml:"max_breakpoints"`
	Lookback       Number    `json:"lookback" yaml:"lookback"`
	// ReadBreakpoints is how many of the latest breakpoints a read
	// considers (GPT-5.6+: 80); unknown or 0 means no limit is documented.
	ReadBreakpoints Number `json:"read_breakpoints" yaml:"read_breakpoints"`
	// ObservedMin is a minimum cacheable size observed by third parties
	// that differs from the official MinTokens (Sonnet 4.6: 2,048 against
	// 1,024); unknown when no such observation is recorded.
	ObservedMin Number `json:"observed_min_tokens" yaml:"observed_min_tokens"`
	// UnitInterval marks a cache of whole prefix units (DeepSeek V4): a
	// read needs a full match of a persisted unit, and long inputs are
	// cut into units every UnitInterval tokens. Unknown for prefix caches.
	UnitInterval Number `json:"unit_interval_tokens" yaml:"unit_interval_tokens"`
	// WriteDelay is how many seconds a cache write takes to become
	// readable (OpenAI: measured 24-30 s); unknown is at once.
	WriteDelay Number `json:"write_delay_seconds" yaml:"write_delay_seconds"`
	// ModeSource cites the caching mode when it is "none".
	ModeSource string `json:"mode_source,omitempty" yaml:"mode_source"`
	// Facts are provider behaviours that are not numbers (sticky routing,
	// simplified modes), each with its source and confidence.
	Facts           []Fact `json:"facts,omitempty" yaml:"facts"`
	InputUSDPerMTok Number `json:"input_usd_per_mtok" yaml:"input_usd_per_mtok"`
	ReadMultiplier  Number `json:"read_multiplier" yaml:"read_multiplier"`
	TTLs            []TTL  `json:"ttls" yaml:"ttls"`
	DefaultTTL      string `json:"default_ttl" yaml:"default_ttl"`
	PrefillTPS      Number `json:"prefill_tps" yaml:"prefill_tps"`
	Note            string `json:"note,omitempty" yaml:"note"`
}

// Fact is a provider behaviour stated in words, with its citation.
type Fact struct {
	Key        string `json:"key" yaml:"key"`
	Text       string `json:"text" yaml:"text"`
	Source     string `json:"source" yaml:"source"`
	URL        string `json:"url,omitempty" yaml:"-"`
	Confidence string `json:"confidence" yaml:"confidence"`
}

// Min is the minimum cacheable prefix in tokens.
func (p *Profile) Min() int { return int(p.MinTokens.Value) }

// MinObserved is a larger minimum seen in practice, or 0 when none is
// recorded.
func (p *Profile) MinObserved() int {
	if !p.ObservedMin.Known || int(p.ObservedMin.Value) <= p.Min() {
		return 0
	}
	return int(p.ObservedMin.Value)
}

// Caches reports whether the model caches prompts at all.
func (p *Profile) Caches() bool { return p.Mode != ModeNone }

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
	// Families maps an id prefix (cut at a dash) to the row whose facts
	// ids of that family take when the catalog has no row of their own.
	Families map[string]Family
	// Facts are provider-wide behaviours (gateways, clouds) by provider.
	Facts  map[string][]Fact
	byName map[string]*Profile
}

// Family says which row an id prefix resolves to, and how sure that is.
type Family struct {
	Model      string `json:"model" yaml:"model"`
	Confidence string `json:"confidence" yaml:"confidence"`
	Note       string `json:"note,omitempty" yaml:"note"`
}

type catalogFile struct {
	Date     string            `yaml:"date"`
	Sources  map[string]Source `yaml:"sources"`
	Defaults map[string]string `yaml:"defaults"`
	Families map[string]Family `yaml:"families"`
	Facts    map[string][]Fact `yaml:"facts"`
	Models   []*Profile        `yaml:"models"`
}

var builtin = sync.OnceValues(func() (*Catalog, error) {
	c := newCatalog()
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

func newCatalog() *Catalog {
	return &Catalog{Sources: map[string]Source{}, Defaults: map[string]string{}, Families: map[string]Family{},
		Facts: map[string][]Fact{}, byName: map[string]*Profile{}}
}

// Clone returns a copy that can be merged into without touching the original.
func (c *Catalog) Clone() *Catalog {
	n := newCatalog()
	n.Date = c.Date
	for k, v := range c.Sources {
		n.Sources[k] = v
	}
	for k, v := range c.Defaults {
		n.Defaults[k] = v
	}
	for k, v := range c.Families {
		n.Families[k] = v
	}
	for k, v := range c.Facts {
		n.Facts[k] = append([]Fact(nil), v...)
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
	for prefix, fam := range f.Families {
		if _, ok := c.byName[strings.ToLower(fam.Model)]; !ok {
			return fmt.Errorf("%s: families: %s: no model %q", name, prefix, fam.Model)
		}
		if err := checkConfidence(fam.Confidence); err != nil {
			return fmt.Errorf("%s: families: %s: %v", name, prefix, err)
		}
		c.Families[strings.ToLower(prefix)] = fam
	}
	for prov, facts := range f.Facts {
		for i := range facts {
			if err := c.fact(&facts[i]); err != nil {
				return fmt.Errorf("%s: facts: %s: %v", name, prov, err)
			}
		}
		c.Facts[prov] = append(c.Facts[prov], facts...)
	}
	return nil
}

func checkConfidence(s string) error {
	switch s {
	case Official, Secondary, Derived, Unverified:
		return nil
	}
	return fmt.Errorf("confidence %q is not official, secondary, derived or unverified", s)
}

// fact checks a fact's citation and fills its URL.
func (c *Catalog) fact(f *Fact) error {
	if f.Key == "" || f.Text == "" {
		return fmt.Errorf("a fact needs a key and a text")
	}
	src, ok := c.Sources[f.Source]
	if !ok {
		return fmt.Errorf("fact %s cites unknown source %q", f.Key, f.Source)
	}
	f.URL = src.URL
	return checkConfidence(f.Confidence)
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
	// Optional numbers count only when the row writes them.
	for _, n := range []*Number{&p.ReadBreakpoints, &p.ObservedMin, &p.UnitInterval, &p.WriteDelay} {
		if n.Source != "" {
			ns = append(ns, n)
		}
	}
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
	case ModeNone:
		if _, ok := c.Sources[p.ModeSource]; !ok {
			return fmt.Errorf("mode none needs a mode_source that names a source (got %q)", p.ModeSource)
		}
	default:
		return fmt.Errorf("mode %q is not explicit, breakpoint, automatic or none", p.Mode)
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
	for field, n := range map[string]*Number{"read_breakpoints": &p.ReadBreakpoints, "observed_min_tokens": &p.ObservedMin,
		"unit_interval_tokens": &p.UnitInterval, "write_delay_seconds": &p.WriteDelay} {
		if _, ok := c.Sources[n.Source]; n.Source != "" && !ok {
			return fmt.Errorf("%s cites unknown source %q", field, n.Source)
		}
	}
	for _, t := range p.TTLs {
		if _, ok := c.Sources[t.Write.Source]; !ok {
			return fmt.Errorf("ttl %s write cites unknown source %q", t.Name, t.Write.Source)
		}
	}
	for i := range p.Facts {
		if err := c.fact(&p.Facts[i]); err != nil {
			return err
		}
	}
	if !p.MinTokens.Known || !p.PrefillTPS.Known || !p.Tokenizer.Ratio.Known {
		return fmt.Errorf("min_tokens, prefill_tps and tokenizer.ratio must be known")
	}
	return nil
}

// How a model id was resolved.
const (
	ResolvedExact    = "exact"    // the id or an alias
	ResolvedSnapshot = "snapshot" // a dated snapshot or -latest/-preview of a row
	ResolvedFamily   = "family"   // a variant of a row, or a family the catalog maps
)

// Resolution is a model id resolved to a catalog row.
type Resolution struct {
	Profile *Profile
	// Canonical is the id with gateway and cloud prefixes and suffixes
	// removed ("bedrock/us.anthropic.claude-sonnet-4-5-20250929-v1:0" →
	// "claude-sonnet-4-5-20250929").
	Canonical string
	How       string
	// Confidence is the family mapping's confidence; official for exact
	// and snapshot matches.
	Confidence string
}

// Lookup finds a model by id or alias (case-insensitive), see Resolve. An
// unknown model is an error that names the closest ids.
func (c *Catalog) Lookup(model string) (*Profile, error) {
	r, err := c.Resolve(model)
	if err != nil {
		return nil, err
	}
	return r.Profile, nil
}

// Resolve finds the catalog row of a model id as users and gateways write
// it. In order: gateway and cloud spellings are reduced to the model id
// (Canonical); the id or an alias; the id without a snapshot suffix (a date,
// a 3- or 4-digit version, -latest, -preview); then the id cut at its last
// dash, again and again, against rows and the catalog's families
// ("gpt-4o-mini-search-preview" → gpt-4o-mini, "gpt-4-32k" → gpt-4).
func (c *Catalog) Resolve(model string) (Resolution, error) {
	key := Canonical(model)
	if p, ok := c.byName[key]; ok {
		return Resolution{Profile: p, Canonical: key, How: ResolvedExact, Confidence: Official}, nil
	}
	how := ResolvedSnapshot
	for cand := key; cand != ""; cand = cutLast(cand) {
		base := trimSnapshot(cand)
		for _, k := range []string{cand, base} {
			if p, ok := c.byName[k]; ok {
				return Resolution{Profile: p, Canonical: key, How: how, Confidence: Official}, nil
			}
			if f, ok := c.Families[k]; ok {
				return Resolution{Profile: c.byName[strings.ToLower(f.Model)], Canonical: key, How: ResolvedFamily, Confidence: f.Confidence}, nil
			}
		}
		cand = base
		how = ResolvedFamily
	}
	return Resolution{Canonical: key}, &UnknownModelError{Model: model, Closest: c.Closest(key, 3)}
}

// cutLast drops the last dash-separated part of an id; "" when none is left
// that could still name a model.
func cutLast(id string) string {
	i := strings.LastIndexByte(id, '-')
	if i <= 0 {
		return ""
	}
	return id[:i]
}

// regionPrefix matches a cloud's region and vendor prefix on a model id:
// Bedrock's "us.anthropic.", "global.anthropic.", "anthropic.".
var cloudVendors = []string{"anthropic.", "openai.", "google.", "deepseek.", "xai.", "meta.", "amazon.", "mistral.", "cohere."}

// Canonical reduces a model id as gateways, clouds and SDKs write it to the
// provider's own id, lower case: the path before the last "/" (openrouter/,
// bedrock/, vertex_ai/, azure/, anthropic/), a Bedrock region and vendor
// prefix ("us.anthropic.") and version suffix ("-v1:0"), Vertex's "@date"
// and OpenRouter's ":variant".
func Canonical(model string) string {
	key := strings.ToLower(strings.TrimSpace(model))
	if i := strings.LastIndexByte(key, '/'); i >= 0 {
		key = key[i+1:]
	}
	for _, v := range cloudVendors {
		if i := strings.Index(key, v); i >= 0 && !strings.Contains(key[:i], "-") {
			key = key[i+len(v):]
			break
		}
	}
	// Bedrock's "-v1:0" and "-v2" version suffixes.
	if i := strings.LastIndex(key, "-v"); i > 0 {
		rest := strings.ReplaceAll(key[i+2:], ":", "")
		if rest != "" && strings.Trim(rest, "0123456789") == "" && strings.Contains(key[:i], "claude") {
			key = key[:i]
		}
	}
	if i := strings.IndexByte(key, ':'); i > 0 {
		key = key[:i] // OpenRouter ":free", ":thinking"; Bedrock ":0" left over
	}
	// Vertex AI writes snapshots as claude-sonnet-4-5@20250929.
	key = strings.Replace(key, "@", "-", 1)
	return key
}

func allDigits(s string) bool { return s != "" && strings.Trim(s, "0123456789") == "" }

// trimSnapshot removes one snapshot suffix: -latest, -preview, an 8-digit
// date, a YYYY-MM-DD date, or a 3- or 4-digit version (gpt-4-0613,
// deepseek-v4-pro-0813, gemini-1.5-pro-001).
func trimSnapshot(id string) string {
	for _, suf := range []string{"-latest", "-preview", "-exp"} {
		if strings.HasSuffix(id, suf) {
			return strings.TrimSuffix(id, suf)
		}
	}
	parts := strings.Split(id, "-")
	n := len(parts)
	if n > 3 && len(parts[n-3]) == 4 && len(parts[n-2]) == 2 && len(parts[n-1]) == 2 && allDigits(parts[n-3]+parts[n-2]+parts[n-1]) {
		return strings.Join(parts[:n-3], "-")
	}
	if last := parts[n-1]; n > 1 && allDigits(last) && (len(last) == 8 || len(last) == 4 || len(last) == 3) {
		return strings.Join(parts[:n-1], "-")
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
// from its spelling (gateway and cloud prefixes included); "" when it
// cannot tell.
func ProviderOf(model string) string {
	full := strings.ToLower(model)
	m := Canonical(model)
	switch {
	case strings.HasPrefix(m, "claude"), strings.HasPrefix(full, "anthropic/"), strings.Contains(full, "anthropic."):
		return "anthropic"
	case strings.HasPrefix(m, "gpt"), strings.HasPrefix(m, "chatgpt"), strings.HasPrefix(m, "o1"), strings.HasPrefix(m, "o3"),
		strings.HasPrefix(m, "o4"), strings.HasPrefix(m, "codex"), strings.HasPrefix(full, "openai/"),
		strings.HasPrefix(m, "text-embedding"), strings.HasPrefix(m, "dall-e"), strings.HasPrefix(m, "tts-"), strings.HasPrefix(m, "whisper"):
		return "openai"
	case strings.HasPrefix(m, "gemini"), strings.HasPrefix(m, "gemma"), strings.HasPrefix(full, "google/"), strings.HasPrefix(full, "gemini/"):
		return "google"
	case strings.HasPrefix(m, "deepseek"):
		return "deepseek"
	case strings.HasPrefix(m, "grok"):
		return "xai"
	}
	return ""
}
