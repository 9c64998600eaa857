package requests

import (
	"fmt"
	"github.com/cachevet/cachevet/internal/textpos"

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
func unread(body *textpos.Node) (at *textpos.Node, why string, ok bool) {
	if !body.IsObject() || !body.Has("model") {
		return nil, "", false
	}
	model, msgs, sys, input := body.Get("model"), body.Get("messages"), body.Get("system"), body.Get("input")
	if msgs == nil && sys == nil && input == nil {
		return nil, "", false
	}
	for _, n := range []*textpos.Node{model, msgs, sys, input} {
		if n != nil && n.Raw {
			return nil, "", false // a template value: what it prints is not known
		}
	}
	switch {
	case model.Type != textpos.TString && model.Type != textpos.TNull:
		return model, fmt.Sprintf("model must be a string, not %s", model.Type), true
	case msgs != nil && msgs.Type != textpos.TNull && !msgs.IsArray():
		return msgs, fmt.Sprintf("messages must be an array of messages, not %s", msgs.Type), true
	case sys != nil && sys.Type != textpos.TNull && !sys.IsString() && !sys.IsArray():
		return sys, fmt.Sprintf("system must be a string or an array of content blocks, not %s", sys.Type), true
	case input != nil && input.Type != textpos.TNull && !input.IsString() && !input.IsArray():
		return input, fmt.Sprintf("input must be a string or an array of items, not %s", input.Type), true
	}
	for i, m := range msgs.ElemsOrNil() {
		if !m.Raw && (!m.IsObject() || !m.Get("role").IsString()) {
			return m, fmt.Sprintf("messages[%d] must be an object with a role", i), true
		}
	}
	return body, "no messages, system prompt or input in a form a request has", true
}

// unreadError is the input error for a body unread explains; record is its
// record number in a log (0 for a file of one body).
func unreadError(src *textpos.Source, body *textpos.Node, record int) (*rules.InputError, bool) {
	at, why, ok := unread(body)
	if !ok {
		return nil, false
	}
	what := "not a request body cachevet reads"
	if record > 0 {
		what = fmt.Sprintf("record %d is not a request cachevet reads", record)
	}
	return rules.Errorf(src.NodeSpan(at), "%s: %s", what, why), true
}
