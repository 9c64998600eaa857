package requests

import (
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"

	"github.com/cachevet/cachevet/internal/textpos"
	"github.com/cachevet/cachevet/prompts"
	"github.com/cachevet/cachevet/rules"
)

// readTemplate reads a prompt template file; a variable so tests can see
// what the promptfoo reader hands over.
var readTemplate = prompts.Read

// isPromptfoo reports whether a document is a promptfoo config: top-level
// prompts and providers.
func isPromptfoo(root *textpos.Node) bool {
	return root.IsObject() && root.Has("prompts") && root.Has("providers")
}

// pfTarget is one distinct model a promptfoo config evaluates.
type pfTarget struct {
	provider, model string
	span            rules.Span
}

// promptfoo reads a promptfoo config: one request per prompt and distinct
// model of providers, because promptfoo sends every prompt to every
// provider and each model has its own minimum and price. With no usable
// provider, each prompt is one request with no model (the configured
// default applies).
func (rd *reader) promptfoo(src *textpos.Source, root *textpos.Node) error {
	targets := rd.pfTargets(src, root.Get("providers"))
	if len(targets) == 0 {
		targets = []pfTarget{{}}
	}
	for _, p := range pfPromptNodes(root.Get("prompts")) {
		rd.pfPrompt(src, p, targets)
	}
	return nil
}

// pfPromptNodes lists the prompt entries: a string, a list of strings or
// {id|raw, label} objects, or a map of file → label.
func pfPromptNodes(n *textpos.Node) []*textpos.Node {
	switch {
	case n.IsString():
		return []*textpos.Node{n}
	case n.IsArray():
		var out []*textpos.Node
		for _, e := range n.Elems {
			switch {
			case e.IsString():
				out = append(out, e)
			case e.Get("raw").IsString():
				out = append(out, e.Get("raw"))
			case e.Get("id").IsString():
				out = append(out, e.Get("id"))
			}
		}
		return out
	case n.IsObject():
		out := make([]*textpos.Node, 0, len(n.Members))
		for _, m := range n.Members {
			// The key is the file; give it the key's position.
			out = append(out, &textpos.Node{Type: textpos.TString, Start: m.KeyStart, End: m.KeyStart + len(m.Key), Str: m.Key})
		}
		return out
	}
	return nil
}

func (rd *reader) pfTargets(src *textpos.Source, n *textpos.Node) []pfTarget {
	var entries []*textpos.Node
	switch {
	case n.IsString():
		entries = []*textpos.Node{n}
	case n.IsArray():
		for _, e := range n.Elems {
			switch {
			case e.IsString():
				entries = append(entries, e)
			case e.Get("id").IsString():
				entries = append(entries, e.Get("id"))
			case e.IsObject() && len(e.Members) == 1:
				m := e.Members[0]
				entries = append(entries, &textpos.Node{Type: textpos.TString, Start: m.KeyStart, End: m.KeyStart + len(m.Key), Str: m.Key})
			}
		}
	}
	var out []pfTarget
	for _, e := range entries {
		provider, model := parseProviderID(e.Str)
		if model == "" || slices.ContainsFunc(out, func(t pfTarget) bool { return t.model == model }) {
			continue
		}
		out = append(out, pfTarget{provider: provider, model: model, span: src.NodeSpan(e)})
	}
	return out
}

// providerKinds are the API words promptfoo puts between provider and
// model: anthropic:messages:…, openai:chat:….
var providerKinds = []string{"messages", "chat", "completion", "responses", "assistant", "realtime", "embedding", "embeddings"}

// parseProviderID splits a promptfoo provider id into provider and model:
// anthropic:messages:claude-sonnet-4-5, openai:gpt-4o,
// bedrock:us.anthropic.claude-sonnet-4-5-20250929-v1:0,
// openrouter:anthropic/claude-sonnet-4.5. Scripts, HTTP endpoints and
// file providers have no model.
func parseProviderID(id string) (provider, model string) {
	id = strings.TrimSpace(id)
	head, rest, ok := strings.Cut(id, ":")
	if !ok || strings.HasPrefix(rest, "//") || strings.ContainsAny(id, " \t\n") {
		return "", ""
	}
	if kind, tail, ok := strings.Cut(rest, ":"); ok && slices.Contains(providerKinds, kind) {
		rest = tail
	}
	switch head {
	case "exec", "python", "golang", "ruby", "http", "https", "webhook", "file", "echo", "sequence", "manual-input", "browser":
		return "", ""
	case "bedrock":
		rest = bedrockModel(rest)
	}
	model = rest
	if provider = rules.ProviderOf(model); provider == "" {
		switch head {
		case "anthropic":
			provider = "anthropic"
		case "openai", "azure", "azureopenai":
			provider = "openai"
		default:
			provider = head
		}
	}
	return provider, model
}

var bedrockSuffix = regexp.MustCompile(`-v\d+(:\d+)?$`)

// bedrockModel turns a Bedrock model id into the Anthropic one:
// us.anthropic.claude-sonnet-4-5-20250929-v1:0 → claude-sonnet-4-5-20250929.
func bedrockModel(id string) string {
	for _, region := range []string{"global.", "us-gov.", "us.", "eu.", "apac.", "jp.", "au."} {
		id = strings.TrimPrefix(id, region)
	}
	if rest, ok := strings.CutPrefix(id, "anthropic."); ok {
		return bedrockSuffix.ReplaceAllString(rest, "")
	}
	return id
}

// pfPrompt reads one prompt entry for every target.
func (rd *reader) pfPrompt(src *textpos.Source, p *textpos.Node, targets []pfTarget) {
	if ref, ok := strings.CutPrefix(p.Str, "file://"); ok {
		rd.pfFiles(src, p, ref, targets)
		return
	}
	if msgs, msrc, _ := parseNested(src, p, true); isMessageList(msgs) && len(msgs.Elems) > 0 {
		for _, t := range targets {
			rd.chatPrompt(msrc, msgs, t.model, t.span, t.provider)
		}
		return
	}
	for _, t := range targets {
		b := newBuilder(rd, src, p, "promptfoo")
		b.template = true
		b.req.Provider = t.provider
		if t.model != "" {
			b.setModel(t.model, t.span)
		}
		// The prompt is the template every test case renders: the part of
		// the request that repeats, so it is the cacheable prompt.
		b.add(rules.Block{Section: rules.SectionSystem, Role: "system", Kind: rules.BlockText, Message: -1,
			Parts: b.textParts(p, true), Span: src.NodeSpan(p)})
		rd.emit(b, nil)
	}
}

// pfFiles reads file:// prompts: chat JSON or YAML, JSONL of chat
// prompts, or text templates. Globs expand in sorted order; script prompts
// (file://x.py:fn) are code and are skipped.
func (rd *reader) pfFiles(src *textpos.Source, ref *textpos.Node, path string, targets []pfTarget) {
	if i := strings.LastIndexByte(path, ':'); i > 1 && isScript(path[:i]) {
		return
	}
	if isScript(path) {
		return
	}
	if !filepath.IsAbs(path) {
		path = filepath.Join(filepath.Dir(rd.path), path)
	}
	files := []string{path}
	if strings.ContainsAny(path, "*?[") {
		files, _ = filepath.Glob(path)
		slices.Sort(files)
	}
	for _, f := range files {
		data, err := rd.readFile(f)
		if err != nil {
			rd.error(rules.Errorf(src.NodeSpan(ref), "cannot read prompt file %s: %v", f, err))
			continue
		}
		if ierr, ok := textpos.Check(f, data, int64(len(data))); !ok {
			rd.error(ierr)
			continue
		}
		rd.pfFile(f, data, targets)
	}
}

func isScript(path string) bool {
	switch strings.ToLower(filepath.Ext(path)) {
	case ".py", ".js", ".ts", ".mjs", ".cjs", ".go", ".rb", ".sh":
		return true
	}
	return false
}

func (rd *reader) readFile(path string) ([]byte, error) {
	if rd.opts.ReadFile != nil {
		return rd.opts.ReadFile(path)
	}
	return os.ReadFile(path)
}

// pfFile reads one prompt file for every target.
func (rd *reader) pfFile(path string, data []byte, targets []pfTarget) {
	fr := &reader{path: path, opts: rd.opts, sink: rd.sink}
	defer func() { rd.sent = rd.sent || fr.sent }()
	kind := textpos.KindOf(path) // a referenced file gets the reader scan would choose
	switch kind {
	case textpos.KindJSON:
		fr.pfStructured(textpos.NewFileSource(path, data), data, false, targets)
	case textpos.KindYAML:
		fr.pfStructured(textpos.NewFileSource(path, data), data, true, targets)
	case textpos.KindLog:
		for i, line := range bytes.Split(data, []byte("\n")) {
			if len(bytes.TrimSpace(line)) > 0 {
				fr.pfStructured(textpos.NewLineSource(path, trimLineEnd(line), i+1), trimLineEnd(line), false, targets)
			}
		}
	default:
		for _, t := range targets {
			reqs, errs := readTemplate(path, kind, data, prompts.Options{Names: rd.opts.Names, Format: "jinja"})
			for _, r := range reqs {
				if t.model != "" {
					r.Model, r.ModelSpan = t.model, t.span
				}
				if t.provider != "" {
					r.Provider = t.provider
				}
				fr.sent = true
				fr.sink.Request(r)
			}
			for _, e := range errs {
				fr.error(e)
			}
			if len(errs) > 0 {
				break // the same errors for every target
			}
		}
	}
}

// pfStructured reads a chat prompt in JSON or YAML.
func (rd *reader) pfStructured(src *textpos.Source, data []byte, isYAML bool, targets []pfTarget) {
	var root *textpos.Node
	var err error
	if isYAML {
		root, err = yamlFileTree(src)
	} else {
		var end int
		var errs []*rules.InputError
		root, end, _, errs, err = parseJSONTemplate(src, 0)
		for _, e := range errs {
			rd.error(e)
		}
		if err == nil && end < len(data) {
			err = &textpos.Error{Off: end, Msg: "invalid character " + textpos.QuoteByte(data, end) + " after top-level value"}
		}
	}
	if err != nil {
		rd.error(syntaxInputError(src, err))
		return
	}
	if !isMessageList(root) || len(root.Elems) == 0 {
		rd.error(rules.Errorf(src.Span(0, 0), "prompt file is not a list of {role, content} messages"))
		return
	}
	for _, t := range targets {
		rd.chatPrompt(src, root, t.model, t.span, t.provider)
	}
}

// yamlFileTree parses a YAML file read on its own (a prompt file a config
// names) into its tree.
func yamlFileTree(src *textpos.Source) (*textpos.Node, error) {
	y, err := textpos.ParseYAML(src.Text)
	if err != nil {
		return nil, err
	}
	n, cerr := textpos.ConvertYAML(src, y, 0)
	if cerr != nil {
		return nil, cerr
	}
	return n, nil
}
