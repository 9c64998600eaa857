package requests

import (
	"bytes"
	"errors"
	"io"

	"github.com/cachevet/cachevet/internal/textpos"
	"github.com/cachevet/cachevet/rules"
)

// Options control reading.
type Options struct {
	// Names are the config's stable and volatile name lists, used for the
	// keys of "key: value" pairs and for placeholder names.
	Names rules.NameOverrides
	// ReadFile reads files referenced by a config (promptfoo file://
	// prompts); relative paths are resolved against the referencing file's
	// directory before the call. nil means os.ReadFile.
	ReadFile func(path string) ([]byte, error)
	// Records, when set, is called for every request right after the sink
	// gets it, with what the record around the body says (time, response
	// usage, cache key) and the JSON path of each block. The Record is
	// valid during the call only.
	Records func(*Record)
}

// ErrNotRequest: the file is JSON/YAML but none of the formats below;
// nothing was sent to the sink.
var ErrNotRequest = errors.New("not a request body, request log or prompt config")

// Read reads one file of the kind scan chose for it (textpos.KindOf): a
// JSON Lines log (streamed), a JSON or a YAML document (ReadDoc). It sends
// every request, reader-made finding and input error to sink, in file
// order. It returns ErrNotRequest for a file that is none of the formats
// (any other kind among them), and a non-nil error only for that or an
// I/O failure of r.
func Read(path string, kind textpos.Kind, r io.Reader, opts Options, sink rules.Sink) error {
	if kind == textpos.KindLog {
		return readLog(path, r, opts, sink)
	}
	if kind != textpos.KindJSON && kind != textpos.KindYAML {
		return ErrNotRequest
	}
	// The caller has checked the file (textpos.Check: not binary, within
	// the size limit); a referenced prompt file is checked in pfFiles.
	data, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	return ReadDoc(textpos.NewDoc(path, kind, data), opts, sink)
}

// ReadDoc reads a JSON or YAML document read whole, as Read does. The
// document is the file as scan holds it: a prompt reader given the same
// Doc afterwards (prompts.ReadStructured) parses nothing again.
func ReadDoc(doc *textpos.Doc, opts Options, sink rules.Sink) error {
	rd := &reader{path: doc.Path, opts: opts, sink: sink}
	switch doc.Kind {
	case textpos.KindYAML:
		return rd.yamlFile(doc)
	case textpos.KindJSON:
		return rd.jsonFile(doc)
	}
	return ErrNotRequest
}

// reader reads one file.
type reader struct {
	path string
	opts Options
	sink rules.Sink
	sent bool // something went to the sink
	// cache is set for logs, whose records repeat the same long strings.
	cache *literalCache
	// templates marks request bodies written in YAML: such a file in a
	// repository is a request template, so its {{ placeholders }} are slots.
	templates bool
	// gateway marks OpenAI-format bodies sent through a gateway (LiteLLM;
	// OpenRouter is told by its model prefix) that accepts Anthropic's
	// cache_control on content parts.
	gateway bool
}

func (rd *reader) error(e *rules.InputError) {
	rd.sent = true
	rd.sink.Error(e)
}

// emit sends a built request, its input errors and, in a log, the
// findings of comparing it with earlier records.
func (rd *reader) emit(b *builder, order *orderTracker) {
	rd.sent = true
	b.recordHeaders()
	rd.sink.Request(b.req)
	if rd.opts.Records != nil {
		rd.opts.Records(b.record())
	}
	for _, e := range b.errs {
		rd.sink.Error(e)
	}
	if order != nil {
		for _, f := range order.observe(b) {
			rd.sink.Finding(f)
		}
	}
}

func skipBOM(data []byte) []byte { return bytes.TrimPrefix(data, []byte("\xef\xbb\xbf")) }

// jsonFile reads a whole JSON file: one request, a chat prompt, an array
// of requests, a promptfoo config or a cassette. Several values on
// separate lines are a log that was named .json.
func (rd *reader) jsonFile(doc *textpos.Doc) error {
	data := doc.Text
	src := doc.Source()
	start := textpos.BOMLen(data)
	if len(bytes.TrimSpace(data[start:])) == 0 {
		return ErrNotRequest // an empty file holds no request
	}
	plain, plainEnd, plainErr := doc.JSON()
	root, end, tmpl, terrs, err := jsonTemplate(src, start, plain, plainEnd, plainErr)
	if err != nil {
		for _, e := range terrs {
			rd.error(e) // an unclosed loop explains the syntax error
		}
		rd.error(syntaxInputError(src, err))
		return nil
	}
	if tmpl {
		rd.templates = true // a template over JSON: its strings are templates too
	}
	if end < len(data) {
		if bytes.IndexByte(data[root.End:end], '\n') >= 0 && (data[end] == '{' || data[end] == '[') {
			return readLog(rd.path, bytes.NewReader(data), rd.opts, rd.sink)
		}
		rd.error(rules.Errorf(src.Span(end, end), "invalid character %s after top-level value", textpos.QuoteByte(data, end)))
		return nil
	}
	if err := rd.root(src, root); err != nil {
		return err // not a request: the template's own errors are not ours either
	}
	for _, e := range terrs {
		rd.error(e)
	}
	return nil
}

// yamlFile reads a YAML file: a promptfoo config, a VCR cassette, or a
// request body written as YAML.
func (rd *reader) yamlFile(doc *textpos.Doc) error {
	data := doc.Text
	src := doc.Source()
	if bad := textpos.FirstInvalidUTF8(data); bad >= 0 {
		rd.error(rules.Errorf(src.Span(bad, bad), "invalid UTF-8 byte 0x%02x", data[bad]))
		return nil
	}
	root, err := doc.YAMLTree()
	if err != nil {
		rd.error(syntaxInputError(src, err))
		return nil
	}
	if root == nil {
		return ErrNotRequest
	}
	rd.templates = true
	return rd.root(src, root)
}

// root dispatches on the shape of a parsed document.
func (rd *reader) root(src *textpos.Source, root *textpos.Node) error {
	switch {
	case isPromptfoo(root):
		return rd.promptfoo(src, root)
	case root.Get("interactions").IsArray() || root.Get("http_interactions").IsArray():
		return rd.cassette(src, root)
	case root.IsArray() && isMessageList(root) && len(root.Elems) > 0:
		rd.chatPrompt(src, root, "", rules.Span{}, "")
		return nil
	case root.IsArray():
		return rd.requestArray(src, root)
	}
	body, bsrc, hint, ierr := unwrap(root, src)
	if ierr != nil {
		rd.error(ierr)
		return nil
	}
	b := build(rd, bsrc, body, hint)
	if b == nil {
		// A file that wraps its body ({"request": …}, a batch line) says
		// it holds a request; a bare document may still be a prompt file.
		if body != root {
			if ierr, ok := unreadError(bsrc, body, 0); ok {
				rd.error(ierr)
				return nil
			}
		}
		return ErrNotRequest
	}
	b.rec = root
	rd.emit(b, nil)
	return nil
}

// build builds a request from a body, or returns nil when it is not one.
func build(rd *reader, src *textpos.Source, body *textpos.Node, hint string) *builder {
	kind := detectAPI(body, hint)
	if kind == apiNone {
		return nil
	}
	b := newBuilder(rd, src, body, "")
	switch kind {
	case apiAnthropic:
		buildAnthropic(b, body)
		b.anthropicOptions(body, hint)
	case apiChat:
		buildChat(b, body)
	case apiResponses:
		buildResponses(b, body)
	case apiBedrock:
		buildBedrock(b, body, hint)
	case apiGemini:
		buildGemini(b, body, hint)
	}
	return b
}

// requestArray reads a JSON array of requests (or log records) like a log:
// record numbers are array positions.
func (rd *reader) requestArray(src *textpos.Source, arr *textpos.Node) error {
	return rd.records(arr.Elems, func(el *textpos.Node) (*textpos.Node, *textpos.Source, string, *rules.InputError) {
		return unwrap(el, src)
	})
}

// records reads a list of records (an array of requests, a cassette's
// interactions) as a log: body finds each record's request body (nil when
// the record holds none), and record numbers are list positions.
func (rd *reader) records(list []*textpos.Node, body func(rec *textpos.Node) (*textpos.Node, *textpos.Source, string, *rules.InputError)) error {
	order := newOrderTracker()
	rd.cache = &literalCache{}
	for i, rec := range list {
		b, bsrc, hint, ierr := body(rec)
		switch {
		case ierr != nil:
			rd.error(ierr)
		case b != nil:
			if req := build(rd, bsrc, b, hint); req != nil {
				rd.emitRecord(req, i+1, rec, order)
			} else if ierr, ok := unreadError(bsrc, b, i+1); ok {
				rd.error(ierr)
			}
		}
	}
	if !rd.sent {
		return ErrNotRequest
	}
	return nil
}

// emitRecord sends the request built from record n of a log.
func (rd *reader) emitRecord(b *builder, n int, rec *textpos.Node, order *orderTracker) {
	b.req.Record, b.rec = n, rec
	rd.emit(b, order)
}

// chatPrompt reads a chat-style prompt: a list of {role, content}
// messages, as promptfoo and prompt libraries store them. Strings are
// nunjucks templates. Breakpoints are known only when the messages carry
// some (content blocks with cache_control); otherwise the request is a
// template and PC002–PC005 stay silent.
func (rd *reader) chatPrompt(src *textpos.Source, msgs *textpos.Node, model string, modelSpan rules.Span, provider string) {
	b := newBuilder(rd, src, msgs, "chat-json")
	b.template = true
	b.req.Provider = provider
	if model != "" {
		b.setModel(model, modelSpan)
	}
	if b.req.Provider == "anthropic" || anthropicMessageSignals(msgs) {
		b.anthropicChat(msgs)
	} else {
		b.at = jsonPath{}
		b.chatMessages(msgs, "")
	}
	for _, blk := range b.req.Blocks {
		if blk.Breakpoint != nil {
			b.req.BreakpointsKnown = true
		}
	}
	rd.emit(b, nil)
}

// anthropicChat reads chat messages for Anthropic: system messages become
// the system section, as SDK wrappers send them.
func (b *builder) anthropicChat(msgs *textpos.Node) {
	leading := true
	for i, m := range msgs.Elems {
		if m.Raw {
			b.templateMessages(m, i, &leading)
			continue
		}
		role := m.Get("role").Text()
		content := m.Get("content")
		sec := sectionFor(role, &leading)
		switch {
		case content.IsString():
			b.at = jsonPath{i: i + 1, b: "content"}
			b.add(rules.Block{Section: sec, Role: role, Kind: rules.BlockText, Message: i,
				Parts: b.textParts(content, volatileRole(role)), Span: b.src.NodeSpan(content)})
		case content.IsArray():
			for k, blk := range content.Elems {
				b.at = jsonPath{i: i + 1, b: "content", j: k + 1}
				b.anthropicBlock(blk, sec, role, i)
			}
		default:
			b.errorf(m, "message content must be a string or an array of content blocks")
		}
	}
}
