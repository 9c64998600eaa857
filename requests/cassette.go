package requests

import "github.com/cachevet/cachevet/rules"

// cassette reads a VCR cassette (vcrpy, Ruby VCR, go-vcr): interactions
// whose request bodies are request JSON, usually stored as a string. Spans
// map through the string back to the body's line and column in the YAML.
// Interactions that are not LLM requests (other endpoints, non-JSON
// bodies) are skipped; the interactions are a log for PC006.
func (rd *reader) cassette(src *source, root *node) error {
	rd.templates = false // recorded traffic: every body is an instance
	list := root.get("interactions")
	if !list.isArray() {
		list = root.get("http_interactions") // Ruby VCR
	}
	return rd.records(list.elems, func(it *node) (*node, *source, string, *rules.InputError) {
		req := it.get("request")
		body := req.get("body")
		if s := body.get("string"); s.isString() {
			body = s // Ruby VCR: body: {encoding: UTF-8, string: "…"}
		}
		hint := req.get("uri").text() + req.get("url").text()
		switch {
		case body.isString():
			inner, isrc, err := parseNested(src, body, false)
			if err != nil && !llmEndpoint(hint) {
				err = nil // another endpoint's body: not ours
			}
			return inner, isrc, hint, err
		case !body.isObject():
			return nil, nil, "", nil
		}
		return body, src, hint, nil
	})
}

// llmEndpoint reports whether a URI is one of the request APIs this
// package reads, so a broken body there is worth an error.
func llmEndpoint(uri string) bool {
	return detectAPI(&node{kind: kindObject}, uri) != apiNone
}
