// Package config loads .cachevet.yaml and turns it, with the command-line
// flags, into the settings rules run with.
//
// The file closest to the scanned path wins, found by walking up from it to
// the repository root (the directory holding .git) or the filesystem root.
package config

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"

	"go.yaml.in/yaml/v3"

	"github.com/cachevet/cachevet/ignore"
	"github.com/cachevet/cachevet/rules"
	"github.com/cachevet/cachevet/tokenizer"
)

// FileName is the config file cachevet looks for.
const FileName = ".cachevet.yaml"

// Ignore silences a rule for files matching a path glob. For prompt files a
// comment would be sent to the model, so suppressions live here.
type Ignore = ignore.Entry

// Config is one .cachevet.yaml, or the defaults.
type Config struct {
	// Path is the file the config came from; "" for the defaults.
	Path string `yaml:"-"`

	Model string  `yaml:"model"`
	RPM   float64 `yaml:"rpm"`
	TTL   string  `yaml:"ttl"`
	// FailOn is the lowest severity that makes the exit code 1.
	FailOn string `yaml:"fail_on"`

	Include []string `yaml:"include"`
	Exclude []string `yaml:"exclude"`
	// Logs are globs of request logs to scan when a directory is walked.
	Logs []string `yaml:"logs"`
	// Stable and Volatile override what a placeholder's name suggests.
	Stable   []string `yaml:"stable"`
	Volatile []string `yaml:"volatile"`
	// Rendered are globs of Markdown prompts rendered as a whole: braces in
	// their fenced code blocks are placeholders too.
	Rendered []string `yaml:"rendered"`
	// TemplateFormat maps path globs to a template syntax (gotemplate,
	// jinja, handlebars, fstring, dollar, plain).
	TemplateFormat map[string]string `yaml:"template_format"`

	// Rules maps a rule code or name to a severity or "off".
	Rules  map[string]string `yaml:"rules"`
	Ignore []Ignore          `yaml:"ignore"`
	// Models names a catalog file of extra or overriding model rows,
	// relative to the config file.
	Models string `yaml:"models"`

	// Assume overrides the assumed token sizes of runtime content of
	// unknown size by kind (history, tools, file); kinds left out keep the
	// contract defaults (rules.DefaultAssume).
	Assume map[string]int `yaml:"assume"`
	// ConversationGlobs name prompt files that a conversation follows:
	// template readers add a history segment after them (see Conversation).
	ConversationGlobs []string `yaml:"conversation"`

	// catalog is shared by copies of the config (flag overrides copy it).
	catalog *catalogCache
}

type catalogCache struct {
	once sync.Once
	cat  *rules.Catalog
	err  error
}

// Default returns the settings used when no config file is found.
func Default() *Config { return &Config{RPM: 1, FailOn: "warning", catalog: &catalogCache{}} }

// Load reads a config file. Errors name the file, line and column.
func Load(path string) (*Config, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	return Parse(path, data)
}

// Parse reads config data; path is used in messages and to resolve
// relative paths. Unknown keys, at any depth, are errors (a typo must not
// silently do nothing), and so are malformed globs; errors name the line and
// column.
func Parse(path string, data []byte) (*Config, error) {
	c := Default()
	c.Path = path
	var root yaml.Node
	if err := yaml.NewDecoder(bytes.NewReader(data)).Decode(&root); err != nil {
		if errors.Is(err, io.EOF) {
			return c, nil // an empty file
		}
		return nil, fmt.Errorf("%s: %v", path, err)
	}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(c); err != nil {
		return nil, fmt.Errorf("%s: %v", path, typeErrors(err, &root))
	}
	if err := c.validate(&root); err != nil {
		return nil, fmt.Errorf("%s: %v", path, err)
	}
	return c, nil
}

var unknownField = regexp.MustCompile(`^line (\d+): field (.+) not found in type \S+$`)

// typeErrors rewrites yaml.v3's decoding errors: an unknown key gets its
// column ("line 3:5: unknown key "modle""), and several errors are joined
// on one line.
func typeErrors(err error, root *yaml.Node) error {
	var te *yaml.TypeError
	if !errors.As(err, &te) {
		return err
	}
	msgs := make([]string, len(te.Errors))
	for i, e := range te.Errors {
		msgs[i] = e
		if m := unknownField.FindStringSubmatch(e); m != nil {
			line, _ := strconv.Atoi(m[1])
			col := 1
			if k := findKey(root, line, m[2]); k != nil {
				col = k.Column
			}
			msgs[i] = fmt.Sprintf("line %d:%d: unknown key %q", line, col, m[2])
		}
	}
	return errors.New(strings.Join(msgs, "; "))
}

// findKey finds the mapping key named name on a line.
func findKey(n *yaml.Node, line int, name string) *yaml.Node {
	if n.Kind == yaml.MappingNode {
		for i := 0; i+1 < len(n.Content); i += 2 {
			if k := n.Content[i]; k.Line == line && k.Value == name {
				return k
			}
		}
	}
	for _, c := range n.Content {
		if k := findKey(c, line, name); k != nil {
			return k
		}
	}
	return nil
}

// validate checks values and records where ignore entries stand.
func (c *Config) validate(root *yaml.Node) error {
	doc := docMap(root)
	if doc != nil {
		if err := c.validateGlobs(doc); err != nil {
			return err
		}
	}
	if c.RPM < 0 {
		return fmt.Errorf("rpm must not be negative")
	}
	if c.FailOn != "" {
		if _, err := rules.ParseSeverity(c.FailOn); err != nil {
			return fmt.Errorf("fail_on: %v", err)
		}
	}
	if _, err := c.Severities(); err != nil {
		return err
	}
	for i, ig := range c.Ignore {
		if ig.Path == "" || ig.Rule == "" {
			return fmt.Errorf("ignore entry %d: path and rule are required", i+1)
		}
		if strings.TrimSpace(ig.Reason) == "" {
			return fmt.Errorf("ignore entry %d (%s %s): a reason is required", i+1, ig.Rule, ig.Path)
		}
		if _, err := rules.LookupRule(ig.Rule); err != nil && ig.Rule != "*" {
			return fmt.Errorf("ignore entry %d: %v", i+1, err)
		}
	}
	for g, f := range c.TemplateFormat {
		switch f {
		case "gotemplate", "jinja", "handlebars", "fstring", "dollar", "plain":
		default:
			return fmt.Errorf("template_format %q: unknown format %q", g, f)
		}
	}
	for k, n := range c.Assume {
		if !slices.Contains(assumeKinds, k) {
			return fmt.Errorf("assume: unknown kind %q (want %s)", k, strings.Join(assumeKinds, ", "))
		}
		if n < 0 {
			return fmt.Errorf("assume: %s must not be negative", k)
		}
	}
	return nil
}

// assumeKinds are the runtime content kinds assume: sizes.
var assumeKinds = []string{rules.RuntimeHistory, rules.RuntimeTools, rules.RuntimeFile}

// validateGlobs checks every path glob of the config (include, exclude,
// logs, rendered, conversation, template_format keys, ignore paths) with
// ignore.Validate, naming the glob's line and column, and records the line
// of each ignore entry.
func (c *Config) validateGlobs(doc *yaml.Node) error {
	check := func(key string, n *yaml.Node) error {
		if err := ignore.Validate(n.Value); err != nil {
			return fmt.Errorf("line %d:%d: %s: %v", n.Line, n.Column, key, err)
		}
		return nil
	}
	for i := 0; i+1 < len(doc.Content); i += 2 {
		key, val := doc.Content[i].Value, doc.Content[i+1]
		switch key {
		case "include", "exclude", "logs", "rendered", "conversation":
			for _, g := range val.Content {
				if err := check(key, g); err != nil {
					return err
				}
			}
		case "template_format":
			for j := 0; j+1 < len(val.Content); j += 2 {
				if err := check(key, val.Content[j]); err != nil {
					return err
				}
			}
		case "ignore":
			for j, e := range val.Content {
				if j < len(c.Ignore) {
					c.Ignore[j].Line = e.Line
				}
				for k := 0; k+1 < len(e.Content); k += 2 {
					if e.Content[k].Value == "path" && e.Content[k+1].Value != "" {
						if err := check("ignore", e.Content[k+1]); err != nil {
							return err
						}
					}
				}
			}
		}
	}
	return nil
}

func docMap(root *yaml.Node) *yaml.Node {
	n := root
	if n.Kind == yaml.DocumentNode && len(n.Content) == 1 {
		n = n.Content[0]
	}
	if n.Kind != yaml.MappingNode {
		return nil
	}
	return n
}

// Find walks up from dir to the repository root (a directory holding .git)
// or the filesystem root and loads the first .cachevet.yaml. It returns the
// defaults, and path "", when there is none.
func Find(dir string) (*Config, string, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, "", err
	}
	for d := abs; ; {
		p := filepath.Join(d, FileName)
		if _, err := os.Stat(p); err == nil {
			c, err := Load(p)
			return c, p, err
		} else if !errors.Is(err, fs.ErrNotExist) {
			return nil, "", err
		}
		if _, err := os.Stat(filepath.Join(d, ".git")); err == nil {
			break // the repository root ends the walk
		}
		parent := filepath.Dir(d)
		if parent == d {
			break
		}
		d = parent
	}
	return Default(), "", nil
}

// Dir is the directory relative paths in the config are resolved against.
func (c *Config) Dir() string {
	if c.Path == "" {
		return "."
	}
	return filepath.Dir(c.Path)
}

// Names returns the stable/volatile placeholder overrides.
func (c *Config) Names() rules.NameOverrides {
	return rules.NameOverrides{Stable: c.Stable, Volatile: c.Volatile}
}

// Severities returns the per-rule overrides keyed by rule code.
func (c *Config) Severities() (map[string]rules.Severity, error) {
	out := map[string]rules.Severity{}
	keys := make([]string, 0, len(c.Rules))
	for k := range c.Rules {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		r, err := rules.LookupRule(k)
		if err != nil {
			return nil, fmt.Errorf("rules: %v", err)
		}
		s, err := rules.ParseSeverity(c.Rules[k])
		if err != nil {
			return nil, fmt.Errorf("rules: %s: %v", k, err)
		}
		out[r.Code] = s
	}
	return out, nil
}

// Catalog returns the built-in model catalog merged with the config's
// models file, loaded once.
func (c *Config) Catalog() (*rules.Catalog, error) {
	if c.catalog == nil {
		c.catalog = &catalogCache{}
	}
	cc := c.catalog
	cc.once.Do(func() {
		if c.Models == "" {
			cc.cat = rules.Builtin()
			return
		}
		p := c.Models
		if !filepath.IsAbs(p) {
			p = filepath.Join(c.Dir(), p)
		}
		data, err := os.ReadFile(p)
		if err != nil {
			cc.err = fmt.Errorf("models: %v", err)
			return
		}
		cat := rules.Builtin().Clone()
		if err := cat.Merge(data, p); err != nil {
			cc.err = err
			return
		}
		cc.cat = cat
	})
	return cc.cat, cc.err
}

// Profile resolves a model id (or the configured default when id is "").
func (c *Config) Profile(id string) (*rules.Profile, error) {
	cat, err := c.Catalog()
	if err != nil {
		return nil, err
	}
	if id == "" {
		id = c.Model
	}
	if id == "" {
		id = cat.Default("")
	}
	return cat.Lookup(id)
}

// Choice is the model a file is checked against.
type Choice struct {
	Profile *rules.Profile
	// Unknown is set when the named model did not resolve and Profile is an
	// assumed default.
	Unknown *rules.UnknownModelError
	// Provider is the provider the unknown name suggests; "" when it cannot
	// be told, and then Profile's prices are left out (no estimate).
	Provider string
}

// Choose resolves the model a file names (or the configured default when
// id is ""). A model the catalog cannot resolve is not an error: the
// provider's default model (the catalog's defaults:) is assumed — the
// provider the name suggests, else provider (what the file says, as a
// promptfoo "azureopenai:chat:my-deployment") — or, when neither tells, the
// catalog-wide default with its prices removed so no dollar estimate is
// made. Errors are only a broken models file or a configured default that
// does not resolve.
func (c *Config) Choose(id, provider string) (Choice, error) {
	if id == "" && c.Model == "" && provider != "" {
		// A body that names no model but shows its provider (a Gemini
		// body, whose model is in the URL) is checked as that provider's
		// default, as Go code is.
		if cat, err := c.Catalog(); err == nil {
			if _, known := cat.Defaults[provider]; known {
				id = cat.Default(provider)
			}
		}
	}
	p, err := c.Profile(id)
	var unknown *rules.UnknownModelError
	if err == nil || !errors.As(err, &unknown) || id == "" {
		return Choice{Profile: p}, err
	}
	cat, err := c.Catalog()
	if err != nil {
		return Choice{}, err
	}
	prov := rules.ProviderOf(id)
	if _, known := cat.Defaults[provider]; prov == "" && known {
		prov = provider
	}
	def, err := cat.Lookup(cat.Default(prov))
	if err != nil {
		return Choice{}, err
	}
	if prov == "" {
		cp := *def
		cp.InputUSDPerMTok = rules.Number{Source: def.InputUSDPerMTok.Source, URL: def.InputUSDPerMTok.URL, Confidence: rules.Unverified}
		def = &cp
	}
	return Choice{Profile: def, Unknown: unknown, Provider: prov}, nil
}

// Env builds what rules.Check needs for one model.
func (c *Config) Env(model string) (*rules.Env, error) {
	p, err := c.Profile(model)
	if err != nil {
		return nil, err
	}
	return c.EnvFor(p)
}

// EnvFor builds the rule environment for a resolved profile.
func (c *Config) EnvFor(p *rules.Profile) (*rules.Env, error) {
	counter, approx, err := tokenizer.ForModel(p.Tokenizer.Encoding, p.Tokenizer.Ratio.Value, p.Tokenizer.Exact())
	if err != nil {
		return nil, fmt.Errorf("model %s: %v", p.ID, err)
	}
	if c.TTL != "" {
		if _, err := p.TTL(c.TTL); err != nil {
			return nil, err
		}
	}
	sev, err := c.Severities()
	if err != nil {
		return nil, err
	}
	return &rules.Env{
		Profile:  p,
		Counter:  counter,
		Approx:   approx,
		Traffic:  rules.Traffic{RPM: c.RPM, TTL: c.TTL},
		Severity: sev,
		Assume:   c.AssumeSizes(),
	}, nil
}

// AssumeSizes returns the assumed sizes of runtime content: the config's
// assume: entries over the contract defaults.
func (c *Config) AssumeSizes() rules.Assume {
	a := rules.DefaultAssume()
	for k, n := range c.Assume {
		a[k] = n
	}
	return a
}

// Conversation reports whether a conversation follows the prompt file at
// path (the config's conversation: globs, relative to the config's
// directory): template readers then add a history segment after it.
func (c *Config) Conversation(path string) bool {
	if len(c.ConversationGlobs) == 0 {
		return false
	}
	rel := path
	if abs, err := filepath.Abs(path); err == nil {
		if dir, err := filepath.Abs(c.Dir()); err == nil {
			if r, err := filepath.Rel(dir, abs); err == nil && !strings.HasPrefix(r, "..") {
				rel = r
			}
		}
	}
	rel = filepath.ToSlash(rel)
	for _, g := range c.ConversationGlobs {
		if ignore.Match(g, rel) {
			return true
		}
	}
	return false
}

// ParseAssume reads the --assume flag's value: comma-separated kind=tokens
// pairs, e.g. "history=10000,tools=3000,file=2000".
func ParseAssume(v string) (map[string]int, error) {
	out := map[string]int{}
	for _, item := range strings.Split(v, ",") {
		if item = strings.TrimSpace(item); item == "" {
			continue
		}
		k, n, ok := strings.Cut(item, "=")
		k = strings.TrimSpace(k)
		if !ok {
			return nil, fmt.Errorf("assume setting %q is not kind=tokens", item)
		}
		if !slices.Contains(assumeKinds, k) {
			return nil, fmt.Errorf("assume: unknown kind %q (want %s)", k, strings.Join(assumeKinds, ", "))
		}
		size, err := strconv.Atoi(strings.TrimSpace(n))
		if err != nil || size < 0 {
			return nil, fmt.Errorf("assume: %s=%s is not a token count", k, strings.TrimSpace(n))
		}
		out[k] = size
	}
	return out, nil
}

// WithAssume returns a copy of the config whose assume: sizes are
// overridden by over (flag values); the copy shares the loaded catalog.
func (c *Config) WithAssume(over map[string]int) *Config {
	if len(over) == 0 {
		return c
	}
	d := *c
	d.Assume = map[string]int{}
	for k, n := range c.Assume {
		d.Assume[k] = n
	}
	for k, n := range over {
		d.Assume[k] = n
	}
	return &d
}
