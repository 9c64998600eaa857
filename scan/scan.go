// Package scan finds prompt files and request bodies, reads them into the
// request model and runs the rules over every request.
package scan

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"

	"github.com/cachevet/cachevet/config"
	"github.com/cachevet/cachevet/ignore"
	"github.com/cachevet/cachevet/internal/textpos"
	"github.com/cachevet/cachevet/prompts"
	"github.com/cachevet/cachevet/requests"
	"github.com/cachevet/cachevet/rules"
)

// Overrides are command-line settings; they win over the config file.
type Overrides struct {
	Model string  // model for files that name none
	RPM   float64 // 0 = config or 1
	TTL   string
	// Assume overrides assumed sizes of runtime content by kind.
	Assume map[string]int
}

// Options configure a scan.
type Options struct {
	// Paths are files and directories; directories are walked. Relative
	// paths are resolved against Dir.
	Paths []string
	// Dir is the working directory; "" is the process's.
	Dir string
	// Config, when set (--config), applies to every file; otherwise each
	// file uses the .cachevet.yaml closest to it.
	Config    *config.Config
	Overrides Overrides
	// Maps asks for each request's map (rules.CheckMap), for reports that
	// draw the cache (--format html).
	Maps bool
	// collect, set by Requests, takes each request instead of the rules.
	collect func(*rules.Request)
}

// Result is what a scan found.
type Result struct {
	Findings []rules.Finding
	Errors   []*rules.InputError
	// Files is the number of files read.
	Files int
	// Paths are the files scanned, sorted.
	Paths []string
	// Configs are the config files that applied, for ignore bookkeeping.
	Configs []*config.Config
	// Maps are the requests' maps in the order they were read, when
	// Options.Maps asked for them.
	Maps []*rules.RequestMap
	// GoCode reports a Go file in a walked directory (replay's --source
	// also reads a directory's Go packages).
	GoCode bool
}

// Run scans the paths. It returns an error only when the scan could not
// start (no input at all); problems with single files are Result.Errors.
func Run(opts Options) (*Result, error) {
	s, err := newScanner(opts)
	if err != nil {
		return nil, err
	}
	// The records of a log or cassette repeat: one finding per site.
	s.res.Findings = rules.Dedupe(s.res.Findings)
	return s.res, nil
}

// Requests reads the files Run would read (the same walk, selection,
// input check and readers) into requests without running the rules:
// what replay ties a log's misses to. Findings the readers make
// themselves (order hazards across a log's records) are in the Result
// with the errors. A directory without such files is no error (replay
// reads its Go packages); a path that cannot be read is.
func Requests(opts Options) ([]*rules.Request, *Result, error) {
	var reqs []*rules.Request
	opts.collect = func(r *rules.Request) { reqs = append(reqs, r) }
	s, err := newScanner(opts)
	if err != nil {
		return nil, nil, err
	}
	return reqs, s.res, nil
}

func newScanner(opts Options) (*scanner, error) {
	if len(opts.Paths) == 0 {
		opts.Paths = []string{"."}
	}
	if opts.Dir != "" {
		paths := make([]string, len(opts.Paths))
		for i, p := range opts.Paths {
			if !filepath.IsAbs(p) {
				p = filepath.Join(opts.Dir, p)
			}
			paths[i] = p
		}
		opts.Paths = paths
	}
	s := &scanner{opts: opts, configs: map[string]*config.Config{}, res: &Result{}}
	files, err := s.collect()
	if err != nil {
		return nil, err
	}
	for _, f := range files {
		s.file(f)
	}
	s.res.Paths = files
	rules.SortErrors(s.res.Errors)
	s.res.Configs = s.usedConfigs()
	return s, nil
}

type scanner struct {
	opts    Options
	configs map[string]*config.Config // by directory
	res     *Result
}

// collect expands the paths into the files to scan, sorted and deduplicated.
func (s *scanner) collect() ([]string, error) {
	seen := map[string]bool{}
	var out []string
	add := func(p string) {
		p = filepath.Clean(p)
		if !seen[p] {
			seen[p] = true
			out = append(out, p)
		}
	}
	for _, root := range s.opts.Paths {
		info, err := os.Stat(root)
		if err != nil {
			s.res.Errors = append(s.res.Errors, rules.Errorf(rules.Span{File: relTo(s.opts.Dir, root)}, "%s", cleanErr(err)))
			continue
		}
		if !info.IsDir() {
			add(root) // a file named on the command line is always scanned
			continue
		}
		err = filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				s.res.Errors = append(s.res.Errors, rules.Errorf(rules.Span{File: filepath.ToSlash(p)}, "%s", cleanErr(err)))
				return nil
			}
			if d.IsDir() {
				if p != root && skipDir(d.Name()) {
					return filepath.SkipDir
				}
				return nil
			}
			if !d.Type().IsRegular() {
				return nil
			}
			s.res.GoCode = s.res.GoCode || strings.HasSuffix(p, ".go")
			cfg := s.config(filepath.Dir(p))
			if s.selected(p, cfg) || len(cfg.Include) == 0 && looksLikeRequest(p) {
				add(p)
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	sort.Strings(out)
	if len(out) == 0 && (s.opts.collect == nil || len(s.res.Errors) > 0) {
		// Nothing to check is the tool failing at its job, not a finding.
		if len(s.res.Errors) > 0 {
			return nil, s.res.Errors[0]
		}
		return nil, fmt.Errorf("no prompt files or request bodies found in %s", strings.Join(s.opts.Paths, ", "))
	}
	return out, nil
}

func cleanErr(err error) string {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}

func skipDir(name string) bool {
	switch name {
	case "node_modules", "vendor", "__pycache__":
		return true
	}
	return strings.HasPrefix(name, ".")
}

// promptEndings are the file endings that make a file a prompt when its name
// says prompt or system, or when it is under a prompts/ directory.
var promptEndings = map[string]bool{
	".md": true, ".txt": true, ".tmpl": true, ".gotmpl": true, ".tpl": true, ".j2": true, ".jinja": true,
	".jinja2": true, ".hbs": true, ".mustache": true, ".liquid": true, ".json": true, ".jsonl": true,
	".yaml": true, ".yml": true, ".prompt": true, ".prompty": true,
}

// DefaultSelected reports whether a walked file is scanned by default (the
// contract's prompt-file globs).
func DefaultSelected(p string) bool {
	slash := filepath.ToSlash(p)
	base := strings.ToLower(path.Base(slash))
	ext := path.Ext(base)
	if ext == ".prompt" || ext == ".prompty" {
		return true
	}
	if !promptEndings[ext] {
		return false
	}
	if strings.Contains(base, "prompt") || strings.Contains(base, "system") {
		return true
	}
	for _, dir := range strings.Split(path.Dir(slash), "/") {
		if dir == "prompts" {
			return true
		}
	}
	return false
}

// looksLikeRequest reports whether a JSON or JSONL file that the prompt-file
// globs do not select names a model near its start: request bodies and logs
// are rarely named after prompts. The readers decide; a file that is no
// request is skipped without a word.
func looksLikeRequest(p string) bool {
	if k := textpos.KindOf(p); k != textpos.KindJSON && k != textpos.KindLog {
		return false
	}
	f, err := os.Open(p)
	if err != nil {
		return false
	}
	defer f.Close()
	head := make([]byte, 8192)
	n, _ := io.ReadFull(f, head)
	return bytes.Contains(head[:n], []byte(`"model"`))
}

// selected applies the config's include, exclude and logs globs on top of
// the defaults. Globs match the path relative to the config's directory.
func (s *scanner) selected(p string, cfg *config.Config) bool {
	rel := relTo(cfg.Dir(), p)
	if matchGlobs(cfg.Exclude, rel) {
		return false
	}
	if len(cfg.Include) > 0 {
		return matchGlobs(cfg.Include, rel) || matchGlobs(cfg.Logs, rel)
	}
	return DefaultSelected(p) || matchGlobs(cfg.Logs, rel)
}

func relTo(dir, p string) string {
	absDir, err1 := filepath.Abs(dir)
	absP, err2 := filepath.Abs(p)
	if err1 == nil && err2 == nil {
		if r, err := filepath.Rel(absDir, absP); err == nil && !strings.HasPrefix(r, "..") {
			return filepath.ToSlash(r)
		}
	}
	return filepath.ToSlash(p)
}

func matchGlobs(globs []string, p string) bool {
	for _, g := range globs {
		if ignore.Match(g, p) {
			return true
		}
	}
	return false
}

// config returns the config that applies to files in dir.
func (s *scanner) config(dir string) *config.Config {
	if s.opts.Config != nil {
		return s.opts.Config
	}
	if c, ok := s.configs[dir]; ok {
		return c
	}
	c, p, err := config.Find(dir)
	if err != nil {
		s.res.Errors = append(s.res.Errors, rules.Errorf(rules.Span{File: filepath.ToSlash(p)}, "%v", err))
		c = config.Default()
	}
	s.configs[dir] = c
	return c
}

func (s *scanner) usedConfigs() []*config.Config {
	var out []*config.Config
	seen := map[*config.Config]bool{}
	for _, c := range s.configs {
		if !seen[c] && c.Path != "" {
			seen[c] = true
			out = append(out, c)
		}
	}
	if s.opts.Config != nil && s.opts.Config.Path != "" {
		out = append(out, s.opts.Config)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Path < out[j].Path })
	return out
}

// settings applies the command-line overrides to a config, without changing
// the shared config value.
func (s *scanner) settings(cfg *config.Config) *config.Config {
	o := s.opts.Overrides
	if o.Model == "" && o.RPM == 0 && o.TTL == "" && len(o.Assume) == 0 {
		return cfg
	}
	c := *cfg.WithAssume(o.Assume) // shallow: the catalog cache is shared, which is what we want
	if o.Model != "" {
		c.Model = o.Model
	}
	if o.RPM > 0 {
		c.RPM = o.RPM
	}
	if o.TTL != "" {
		c.TTL = o.TTL
	}
	return &c
}

// file scans one file.
func (s *scanner) file(p string) {
	name := filepath.ToSlash(p)
	cfg := s.settings(s.config(filepath.Dir(p)))
	sink := &checkSink{s: s, cfg: cfg, file: name, envs: map[string]sinkEnv{}}
	f, err := os.Open(p)
	if err != nil {
		s.res.Errors = append(s.res.Errors, rules.Errorf(rules.Span{File: name}, "%s", cleanErr(err)))
		return
	}
	defer f.Close()
	s.res.Files++
	kind := textpos.KindOf(p)
	var size int64
	if info, err := f.Stat(); err == nil {
		size = info.Size()
	}
	data, stream, ierr := input(name, kind, f, size)
	if ierr != nil {
		s.res.Errors = append(s.res.Errors, ierr)
		return
	}
	ropts := requests.Options{Names: cfg.Names()}
	if stream != nil {
		if err := requests.Read(name, kind, stream, ropts, sink); err != nil && !errors.Is(err, requests.ErrNotRequest) {
			s.res.Errors = append(s.res.Errors, rules.Errorf(rules.Span{File: name}, "%v", err))
		}
		return
	}
	popts := prompts.Options{Names: cfg.Names(), Rendered: matchGlobs(cfg.Rendered, relTo(cfg.Dir(), p)), Format: formatFor(cfg, p), Conversation: cfg.Conversation(p)}
	if kind.Structured() {
		// A request body, request log or promptfoo config first; else a
		// prompt file in JSON or YAML (LangChain, prompt values). Both
		// readers take the one document: the file is parsed once.
		doc := textpos.NewDoc(name, kind, data)
		err := requests.ReadDoc(doc, ropts, sink)
		if err == nil {
			return
		}
		if !errors.Is(err, requests.ErrNotRequest) {
			s.res.Errors = append(s.res.Errors, rules.Errorf(rules.Span{File: name}, "%v", err))
			return
		}
		reqs, errs, err := prompts.ReadStructured(doc, popts)
		if errors.Is(err, prompts.ErrNotPrompt) {
			s.res.Files-- // neither a request nor a prompt: not ours
			return
		}
		sink.all(reqs, errs)
		return
	}
	reqs, errs := prompts.Read(name, kind, data, popts)
	sink.all(reqs, errs)
}

// Input is the one input check every file passes before its reader sees
// it (textpos.Check: a binary file, a file over the size limit is one
// error, not one per line): it returns the file's content, streamed for a
// log, read whole (up to the limit) otherwise. size is the file's size
// when known, 0 otherwise.
func Input(name string, kind textpos.Kind, r io.Reader, size int64) (io.Reader, *rules.InputError) {
	data, stream, ierr := input(name, kind, r, size)
	if ierr != nil || stream != nil {
		return stream, ierr
	}
	return bytes.NewReader(data), nil
}

// input is Input's check: a log comes back as a stream, any other file
// read whole as data.
func input(name string, kind textpos.Kind, r io.Reader, size int64) (data []byte, stream io.Reader, ierr *rules.InputError) {
	head := make([]byte, textpos.BinaryWindow)
	n, err := io.ReadFull(r, head)
	head = head[:n]
	if err != nil && !errors.Is(err, io.EOF) && !errors.Is(err, io.ErrUnexpectedEOF) {
		return nil, nil, rules.Errorf(rules.Span{File: name}, "%s", cleanErr(err))
	}
	size = max(size, int64(n))
	if kind == textpos.KindLog {
		size = 0 // streamed: no size limit
	}
	if ierr, ok := textpos.Check(name, head, size); !ok {
		return nil, nil, ierr
	}
	body := io.MultiReader(bytes.NewReader(head), r)
	if kind == textpos.KindLog {
		return nil, body, nil
	}
	data, err = io.ReadAll(io.LimitReader(body, textpos.MaxSize+1))
	if err != nil {
		return nil, nil, rules.Errorf(rules.Span{File: name}, "%v", err)
	}
	if ierr, ok := textpos.Check(name, head, int64(len(data))); !ok { // grown since Stat
		return nil, nil, ierr
	}
	return data, nil, nil
}

func formatFor(cfg *config.Config, p string) string {
	rel := relTo(cfg.Dir(), p)
	globs := make([]string, 0, len(cfg.TemplateFormat))
	for g := range cfg.TemplateFormat {
		globs = append(globs, g)
	}
	sort.Strings(globs)
	for _, g := range globs {
		if ignore.Match(g, rel) {
			return cfg.TemplateFormat[g]
		}
	}
	return ""
}

// checkSink runs the rules over each request as a reader produces it, so a
// request log is never held in memory.
type checkSink struct {
	s    *scanner
	cfg  *config.Config
	file string
	envs map[string]sinkEnv
}

// sinkEnv is the rule environment for one model named in a file, and the
// note to print when that model is not in the catalog.
type sinkEnv struct {
	env    *rules.Env
	choice config.Choice
	noted  bool
}

func (k *checkSink) Request(req *rules.Request) {
	if k.s.opts.collect != nil {
		if req.File == "" {
			req.File = k.file
		}
		k.s.opts.collect(req)
		return
	}
	env, err := k.env(req)
	if err != nil {
		span := req.ModelSpan
		if span.IsZero() {
			span = rules.Span{File: req.File}
		}
		if span.File == "" {
			span.File = k.file
		}
		k.s.res.Errors = append(k.s.res.Errors, &rules.InputError{Span: span, Message: err.Error()})
		return
	}
	if req.File == "" {
		req.File = k.file
	}
	if !k.s.opts.Maps {
		k.s.res.Findings = append(k.s.res.Findings, rules.Check(req, env)...)
		return
	}
	fs, m := rules.CheckMap(req, env)
	k.s.res.Findings = append(k.s.res.Findings, fs...)
	k.s.res.Maps = append(k.s.res.Maps, m)
}

func (k *checkSink) Finding(f rules.Finding) { k.s.res.Findings = append(k.s.res.Findings, f) }

func (k *checkSink) Error(e *rules.InputError) {
	if e.Span.File == "" {
		e.Span.File = k.file
	}
	k.s.res.Errors = append(k.s.res.Errors, e)
}

func (k *checkSink) all(reqs []*rules.Request, errs []*rules.InputError) {
	for _, e := range errs {
		k.Error(e)
	}
	for _, r := range reqs {
		k.Request(r)
	}
}

// env returns the rule environment for the model a request names, or the
// fallback model when it names none. One env per model per file; a model
// the catalog cannot resolve gets one PC010 note per file, at the first
// place it is named.
func (k *checkSink) env(req *rules.Request) (*rules.Env, error) {
	key := req.Provider + "\x00" + req.Model
	e, ok := k.envs[key]
	if !ok {
		ch, err := k.cfg.Choose(req.Model, req.Provider)
		if err != nil {
			return nil, err
		}
		env, err := k.cfg.EnvFor(ch.Profile)
		if err != nil {
			return nil, err
		}
		e = sinkEnv{env: env, choice: ch}
	}
	if e.choice.Unknown != nil && !e.noted {
		e.noted = true
		k.note(req, e)
	}
	k.envs[key] = e
	return e.env, nil
}

// note reports PC010 for a model the catalog cannot resolve.
func (k *checkSink) note(req *rules.Request, e sinkEnv) {
	sev := rules.MustRule(rules.PC010).Default
	if s, ok := e.env.Severity[rules.PC010]; ok {
		sev = s
	}
	if sev == rules.SeverityOff {
		return
	}
	span := req.ModelSpan
	if span.IsZero() {
		span = rules.Span{File: k.file}
	}
	if span.File == "" {
		span.File = k.file
	}
	id := e.choice.Profile.ID
	msg := fmt.Sprintf("model %q is not in the catalog", req.Model)
	if u := e.choice.Unknown; len(u.Closest) > 0 {
		msg += fmt.Sprintf(" (closest: %s)", strings.Join(u.Closest, ", "))
	}
	if e.choice.Provider != "" {
		msg += fmt.Sprintf(", so the file is checked as %s, the %s default", id, e.choice.Provider)
	} else {
		msg += fmt.Sprintf(" and its provider cannot be told from the name, so the file is checked with %s's limits and no dollar estimate", id)
	}
	k.s.res.Findings = append(k.s.res.Findings, rules.Finding{
		Rule: rules.PC010, Name: rules.MustRule(rules.PC010).Name, Severity: sev, Span: span, Message: msg,
		Provider: e.choice.Provider, Model: req.Model, Key: "unknown-model:" + strings.ToLower(req.Model),
	})
}
