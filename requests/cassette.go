package requests

// cassette reads a VCR cassette (vcrpy, Ruby VCR, go-vcr): interactions
// whose request bodies are request JSON, usually stored as a string. Spans
// map through the string back to the body's line and column in the YAML.
// Interactions that are not LLM requests (other endpoints, non-JSON
// bodies) are skipped; the interactions are a log for PC006.
func (rd *reader) cassette(src *source, root *node) error {
	order := newOrderTracker()
	rd.cache = &literalCache{}
	rd.templates = false // recorded traffic: every body is an instance
	list := root.get("interactions")
	if !list.isArray() {
		list = root.get("http_interactions") // Ruby VCR
	}
	for i, it := range list.elems {
		req := it.get("request")
		body := req.get("body")
		if s := body.get("string"); s.isString() {
			body = s // Ruby VCR: body: {encoding: UTF-8, string: "…"}
		}
		hint := req.get("uri").text() + req.get("url").text()
		bsrc := src
		switch {
		case body.isString():
			inner, isrc, err := parseNested(src, body, false)
			if err != nil {
				if llmEndpoint(hint) {
					rd.error(err)
				}
				continue
			}
			if inner == nil {
				continue
			}
			body, bsrc = inner, isrc
		case !body.isObject():
			continue
		}
		if b := build(rd, bsrc, body, hint); b != nil {
			b.req.Record, b.rec = i+1, it
			rd.emit(b, order)
		}
	}
	if !rd.sent {
		return ErrNotRequest
	}
	return nil
}

// llmEndpoint reports whether a URI is one of the request APIs this
// package reads, so a broken body there is worth an error.
func llmEndpoint(uri string) bool {
	return detectAPI(&node{kind: kindObject}, uri) != apiNone
}
