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
	"sort"
	"strings"
	"sync"

	"go.yaml.in/yaml/v3"

	"github.com/cachevet/cachevet/rules"
	"github.com/cachevet/cachevet/tokenizer"
)

// FileName is the config file cachevet looks for.
const FileName = ".cachevet.yaml"

// Ignore silences a rule for files matching a path glob. For prompt files a
// comment would be sent to the model, so suppressions live here.
type Ignore struct {
	Path   string `yaml:"path" json:"path"`
	Rule   string `yaml:"rule" json:"rule"`
	Reason string `yaml:"reason" json:"reason"`
	// Line is where the entry stands in the config file, for reporting an
	// ignore that matches nothing.
	Line int `yaml:"-" json:"-"`
}

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
// relative paths.
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
	if err := root.Decode(c); err != nil {
		return nil, fmt.Errorf("%s: %v", path, err)
	}
	if err := c.validate(&root); err != nil {
		return nil, fmt.Errorf("%s: %v", path, err)
	}
	return c, nil
}

func (c *Config) validate(root *yaml.Node) error {
	// Reject unknown keys: a typo must not silently do nothing.
	if doc := docMap(root); doc != nil {
		known := map[string]bool{}
		for _, f := range []string{"model", "rpm", "ttl", "fail_on", "include", "exclude", "logs", "stable", "volatile", "rendered", "template_format", "rules", "ignore", "models"} {
			known[f] = true
		}
		for i := 0; i+1 < len(doc.Content); i += 2 {
			k := doc.Content[i]
			if !known[k.Value] {
				return fmt.Errorf("line %d:%d: unknown key %q", k.Line, k.Column, k.Value)
			}
			if k.Value == "ignore" {
				for j, e := range doc.Content[i+1].Content {
					if j < len(c.Ignore) {
						c.Ignore[j].Line = e.Line
					}
				}
			}
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
// provider's default model (the catalog's defaults:) is assumed, or, when
// the provider cannot be told from the name, the catalog-wide default with
// its prices removed so no dollar estimate is made. Errors are only a
// broken models file or a configured default that does not resolve.
func (c *Config) Choose(id string) (Choice, error) {
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
	}, nil
}
