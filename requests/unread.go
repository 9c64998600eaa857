package requests

import (
	"fmt"

	"github.com/cachevet/cachevet/rules"
)

// Nothing is dropped silently: a body that says it is a request (a model
// with messages, a system prompt or input) but that no API reader
// understands is an input error at the value that is wrong, so a log's
// summary never counts fewer requests without saying why. Other JSON (a
// dataset, an event log, a config) is still not ours, without a word.

// unread explains why a body that claims to be a request is none this
// package reads: the value that is wrong and what is wrong with it. ok is
// false when the body does not claim to be a request.
func unread(body *node) (at *node, why string, ok bool) {
	if !body.isObject() || !body.has("model") {
		return nil, "", false
	}
	model, msgs, sys, input := body.get("model"), body.get("messages"), body.get("system"), body.get("input")
	if msgs == nil && sys == nil && input == nil {
		return nil, "", false
	}
	for _, n := range []*node{model, msgs, sys, input} {
		if n != nil && n.raw {
			return nil, "", false // a template value: what it prints is not known
		}
	}
	switch {
	case model.kind != kindString && model.kind != kindNull:
		return model, fmt.Sprintf("model must be a string, not %s", model.kind), true
	case msgs != nil && msgs.kind != kindNull && !msgs.isArray():
		return msgs, fmt.Sprintf("messages must be an array of messages, not %s", msgs.kind), true
	case sys != nil && sys.kind != kindNull && !sys.isString() && !sys.isArray():
		return sys, fmt.Sprintf("system must be a string or an array of content blocks, not %s", sys.kind), true
	case input != nil && input.kind != kindNull && !input.isString() && !input.isArray():
		return input, fmt.Sprintf("input must be a string or an array of items, not %s", input.kind), true
	}
	for i, m := range msgs.elemsOrNil() {
		if !m.raw && (!m.isObject() || !m.get("role").isString()) {
			return m, fmt.Sprintf("messages[%d] must be an object with a role", i), true
		}
	}
	return body, "no messages, system prompt or input in a form a request has", true
}

// unreadError is the input error for a body unread explains; record is its
// record number in a log (0 for a file of one body).
func unreadError(src *source, body *node, record int) (*rules.InputError, bool) {
	at, why, ok := unread(body)
	if !ok {
		return nil, false
	}
	what := "not a request body cachevet reads"
	if record > 0 {
		what = fmt.Sprintf("record %d is not a request cachevet reads", record)
	}
	return rules.Errorf(src.nodeSpan(at), "%s: %s", what, why), true
}
