package requests

import (
	"github.com/cachevet/cachevet/internal/textpos"
	"github.com/cachevet/cachevet/rules"
)

// cassette reads a VCR cassette (vcrpy, Ruby VCR, go-vcr): interactions
// whose request bodies are request JSON, usually stored as a string. Spans
// map through the string back to the body's line and column in the YAML.
// Interactions that are not LLM requests (other endpoints, non-JSON
// bodies) are skipped; the interactions are a log for PC006.
func (rd *reader) cassette(src *textpos.Source, root *textpos.Node) error {
	rd.templates = false // recorded traffic: every body is an instance
	list := root.Get("interactions")
	if !list.IsArray() {
		list = root.Get("http_interactions") // Ruby VCR
	}
	return rd.records(list.Elems, func(it *textpos.Node) (*textpos.Node, *textpos.Source, string, *rules.InputError) {
		req := it.Get("request")
		body := req.Get("body")
		if s := body.Get("string"); s.IsString() {
			body = s // Ruby VCR: body: {encoding: UTF-8, string: "…"}
		}
		hint := req.Get("uri").Text() + req.Get("url").Text()
		switch {
		case body.IsString():
			inner, isrc, err := parseNested(src, body, false)
			if err != nil && !llmEndpoint(hint) {
				err = nil // another endpoint's body: not ours
			}
			return inner, isrc, hint, err
		case !body.IsObject():
			return nil, nil, "", nil
		}
		return body, src, hint, nil
	})
}

// llmEndpoint reports whether a URI is one of the request APIs this
// package reads, so a broken body there is worth an error.
func llmEndpoint(uri string) bool {
	return detectAPI(&textpos.Node{Type: textpos.TObject}, uri) != apiNone
}
