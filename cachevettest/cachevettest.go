package cachevettest

import (
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"testing"

	"github.com/cachevet/cachevet/requests"
	"github.com/cachevet/cachevet/rules"
)

// APIs for the Provider option.
const (
	Anthropic       = requests.APIAnthropic       // the Anthropic Messages API
	OpenAIChat      = requests.APIOpenAIChat      // OpenAI Chat Completions
	OpenAIResponses = requests.APIOpenAIResponses // the OpenAI Responses API
)

// DefaultCalls is how many times Stable calls build unless Calls says
// otherwise.
const DefaultCalls = 20

// DefaultTurns is how many turns Conversation builds when its n argument
// is 0 and no Turns option is given.
const DefaultTurns = 5

// Option configures Stable and Conversation.
type Option func(*config) error

type config struct {
	calls   int // 0: the default of the check
	turns   int
	api     string
	ignore  []*regexp.Regexp
	counter rules.Counter
	reader  requests.BodyReader // shared by the builds of one check
}

// Calls sets how many times Stable calls build (default 20, at least 2),
// and how many times Conversation builds each turn (default 1: each turn
// once; with 2 or more, every turn must also be stable on its own).
func Calls(n int) Option {
	return func(c *config) error {
		if n < 1 {
			return fmt.Errorf("Calls(%d): need at least 1", n)
		}
		c.calls = n
		return nil
	}
}

// Turns sets how many turns Conversation builds when its n argument is 0,
// so a table of test cases can share one option list.
func Turns(n int) Option {
	return func(c *config) error {
		if n < 2 {
			return fmt.Errorf("Turns(%d): a conversation needs at least 2 turns", n)
		}
		c.turns = n
		return nil
	}
}

// Ignore leaves fields out of the comparison: values the caller knows
// change and are sent after the cache point, or outside what the provider
// caches. A path is written as failures print it: metadata.user_id,
// messages[0].content[1], tools[*].description; [*] matches any index and
// a * segment any key. A matched field is left out with everything in it.
func Ignore(paths ...string) Option {
	return func(c *config) error {
		for _, p := range paths {
			re, err := requests.PathPattern(p)
			if err != nil {
				return fmt.Errorf("Ignore(%q): %v", p, err)
			}
			c.ignore = append(c.ignore, re)
		}
		return nil
	}
}

// Provider says which API the values are for when the body does not tell
// (a request with no model and no field only one API has): Anthropic,
// OpenAIChat or OpenAIResponses.
func Provider(api string) Option {
	return func(c *config) error {
		switch api {
		case Anthropic, OpenAIChat, OpenAIResponses:
			c.api = api
			return nil
		}
		return fmt.Errorf("Provider(%q): want %q, %q or %q", api, Anthropic, OpenAIChat, OpenAIResponses)
	}
}

// Tokens counts tokens with c: failures then say how many tokens a
// divergence sends uncached, and a cacheable prefix shorter than the
// model's minimum fails (the provider silently caches nothing). Without
// it nothing is counted and the tokenizer's vocabularies stay out of the
// test binary; tokenizer.ForEncoding gives a counter.
func Tokens(c rules.Counter) Option {
	return func(cfg *config) error {
		if c == nil {
			return errors.New("Tokens(nil): need a counter")
		}
		cfg.counter = c
		return nil
	}
}

func newConfig(opts []Option) (*config, error) {
	c := &config{}
	for _, o := range opts {
		if err := o(c); err != nil {
			return nil, err
		}
	}
	return c, nil
}

func (c *config) ignored(path string) bool {
	for _, re := range c.ignore {
		if re.MatchString(path) {
			return true
		}
	}
	return false
}

// ignoredWithin reports whether path or a field that holds it is ignored:
// Ignore("system[0]") covers system[0].text.
func (c *config) ignoredWithin(path string) bool {
	quoted := false
	for i := 0; i < len(path); i++ {
		switch path[i] {
		case '\\':
			i++
		case '"':
			quoted = !quoted
		case '.', '[':
			if !quoted && i > 0 && c.ignored(path[:i]) {
				return true
			}
		}
	}
	return c.ignored(path)
}

// drop is the function requests.Body.Prompt leaves paths out with.
func (c *config) drop() func(string) bool {
	if len(c.ignore) == 0 {
		return nil
	}
	return c.ignored
}

// snapshot is one build of a request, marshalled and read.
type snapshot struct {
	label  string // "call 3", "turn 2"
	body   *requests.Body
	end    int // blocks [0, end) are the cacheable prefix
	chunks []requests.Chunk
}

// read marshals v as the SDKs send it and reads it as a request body.
// A []byte or json.RawMessage is taken as the wire bytes.
func (c *config) read(v any, label string) (*snapshot, error) {
	var data []byte
	switch v := v.(type) {
	case []byte:
		data = v
	case json.RawMessage:
		data = v
	case string:
		data = []byte(v)
	default:
		var err error
		if data, err = json.Marshal(v); err != nil {
			return nil, fmt.Errorf("%s: marshal %T: %v", label, v, err)
		}
	}
	body, err := c.reader.Read(label, data, c.api)
	var ie *rules.InputError
	switch {
	case errors.Is(err, requests.ErrNotRequest):
		return nil, fmt.Errorf("%s: %T does not marshal to a request body (no messages, input or system): %s", label, v, excerptBytes(data, 80))
	case errors.As(err, &ie):
		return nil, inputError(label, ie)
	case err != nil:
		return nil, fmt.Errorf("%s: %v", label, err)
	case len(body.Errors) > 0:
		return nil, inputError(label, body.Errors[0])
	}
	return &snapshot{label: label, body: body, end: cacheEnd(body.Request)}, nil
}

// inputError says where in a one-line JSON body a problem is.
func inputError(label string, e *rules.InputError) error {
	if e.Span.Line == 1 {
		return fmt.Errorf("%s: byte %d of the request body: %s", label, e.Span.Col-1, e.Message)
	}
	return fmt.Errorf("%s: line %d, column %d of the request body: %s", label, e.Span.Line, e.Span.Col, e.Message)
}

// cacheEnd is one past the last block of the cacheable prefix: the last
// breakpoint when only breakpoints cache (Anthropic without top-level
// cache_control, OpenAI's explicit mode); otherwise (automatic caching,
// or no breakpoint yet) everything but the newest message.
func cacheEnd(req *rules.Request) int {
	bps := req.Breakpoints()
	explicitOnly := req.Provider == "anthropic" && req.Auto == nil || req.CacheMode == "explicit"
	if explicitOnly && len(bps) > 0 {
		return bps[len(bps)-1] + 1
	}
	end := req.CacheableEnd()
	if len(bps) > 0 {
		end = max(end, bps[len(bps)-1]+1)
	}
	return end
}

// prompt is the snapshot's cacheable prefix as runs of its bytes.
func (s *snapshot) prompt(c *config, end int) []requests.Chunk {
	return s.body.Prompt(end, c.drop())
}

// build calls f and reads its value, failing the test on an error.
func (c *config) build(t testing.TB, f func() any, label string) *snapshot {
	t.Helper()
	s, err := c.read(f(), label)
	if err != nil {
		t.Fatalf("cachevettest: %v", err)
		return nil
	}
	return s
}

// Stable calls build several times (Calls, default 20), marshals each value
// with encoding/json and fails the test when the cacheable prefix of the
// requests differs: at the first byte that differs, with its JSON path, its
// offset in the body, an excerpt of both calls and the breakpoints it
// invalidates. See the package documentation for what the prefix is and
// how likely 20 calls are to catch a map-order hazard.
//
// Stable also fails, when the bytes agree, on a value in the prefix that
// cannot be the same in real traffic (a timestamp, a UUID, a request id),
// and on a request the model's limits reject (more breakpoints than the
// provider accepts).
func Stable(t testing.TB, build func() any, opts ...Option) {
	t.Helper()
	c, err := newConfig(opts)
	if err != nil {
		t.Fatalf("cachevettest: %v", err)
		return
	}
	calls := c.calls
	if calls == 0 {
		calls = DefaultCalls
	}
	calls = max(calls, 2)
	first := c.build(t, build, "call 1")
	if first == nil {
		return
	}
	first.chunks = first.prompt(c, first.end)
	for i := 2; i <= calls; i++ {
		s := c.build(t, build, fmt.Sprintf("call %d", i))
		if s == nil {
			return
		}
		s.chunks = s.prompt(c, s.end)
		if d := divergence(first, s); d != nil {
			t.Errorf("%s", c.stableMessage(d, calls))
			return
		}
	}
	if msg := c.literal(first); msg != "" {
		t.Errorf("%s", msg)
		return
	}
	if msg := c.facts(first); msg != "" {
		t.Errorf("%s", msg)
	}
}

// Conversation builds turns 0 … n-1 of a conversation with turn and fails
// the test unless every turn's prompt extends the previous turn's byte for
// byte: the history grows at the end and nothing before it changes (the
// tools, the system prompt and every earlier message). Breakpoint markers
// may move. n = 0 takes the Turns option (default 5). With Calls(k), each
// turn is built k times and must also be Stable.
func Conversation(t testing.TB, turn func(i int) any, n int, opts ...Option) {
	t.Helper()
	c, err := newConfig(opts)
	if err != nil {
		t.Fatalf("cachevettest: %v", err)
		return
	}
	if n == 0 {
		n = c.turns
	}
	if n == 0 {
		n = DefaultTurns
	}
	if n < 2 {
		t.Fatalf("cachevettest: Conversation with %d turns compares nothing; need at least 2", n)
		return
	}
	calls := max(c.calls, 1)
	var prev *snapshot
	for i := 0; i < n; i++ {
		cur := c.build(t, func() any { return turn(i) }, fmt.Sprintf("turn %d", i))
		if cur == nil {
			return
		}
		// The whole request of turn i is the prefix turn i+1 must repeat:
		// the newest message of turn i is history in turn i+1.
		cur.chunks = cur.prompt(c, len(cur.body.Request.Blocks))
		for k := 2; k <= calls; k++ {
			again := c.build(t, func() any { return turn(i) }, fmt.Sprintf("turn %d, call %d", i, k))
			if again == nil {
				return
			}
			again.chunks = again.prompt(c, len(again.body.Request.Blocks))
			if d := divergence(cur, again); d != nil {
				t.Errorf("%s", c.stableMessage(d, calls))
				return
			}
		}
		if prev != nil {
			if d := divergence(prev, cur); d != nil && !d.extends {
				t.Errorf("%s", c.conversationMessage(d))
				return
			}
		}
		prev = cur
	}
}
