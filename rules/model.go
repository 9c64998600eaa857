// Package rules holds cachevet's provider-neutral request model, the rule
// catalog, the model catalog and the savings estimator.
//
// Data flows one way: a source (Go code or a prompt file) is turned into a
// Request; Check runs every rule over it and returns Findings; reporters
// print them. Rules see only the types in this file, so each rule is written
// once for every input format.
package rules

import "fmt"

// Span is a source range. Lines and columns are 1-based; columns count bytes.
// End is exclusive of the last byte's successor only in the sense that
// EndCol points just past the last byte, as go/token does.
type Span struct {
	File    string `json:"file"`
	Line    int    `json:"line"`
	Col     int    `json:"column"`
	EndLine int    `json:"end_line,omitempty"`
	EndCol  int    `json:"end_column,omitempty"`
}

// IsZero reports whether the span carries no position.
func (s Span) IsZero() bool { return s.Line == 0 }

func (s Span) String() string {
	if s.Line == 0 {
		return s.File
	}
	return fmt.Sprintf("%s:%d:%d", s.File, s.Line, s.Col)
}

// Lifetime says how long a slot's value stays the same.
type Lifetime int

const (
	// LifeUnknown: nothing says how long the value lives.
	LifeUnknown Lifetime = iota
	// LifeStable: the value is identical across the requests that should
	// share a cache (a constant, a slot declared stable in the config).
	LifeStable
	// LifeProcess: fixed once per process (a package variable set at start-up).
	LifeProcess
	// LifeSession: fixed once per session or conversation.
	LifeSession
	// LifeRequest: changes on every request.
	LifeRequest
	// LifeDay: changes once a day (a date without a time of day). Declared
	// after LifeRequest so the numeric values of the older lifetimes stay.
	LifeDay
)

var lifetimeNames = [...]string{"unknown", "stable", "process", "session", "request", "day"}

func (l Lifetime) String() string {
	if int(l) < len(lifetimeNames) {
		return lifetimeNames[l]
	}
	return "unknown"
}

// Phrase is the lifetime as the diagnostics say it.
func (l Lifetime) Phrase() string {
	switch l {
	case LifeRequest:
		return "changes every request"
	case LifeSession:
		return "changes every session"
	case LifeDay:
		return "changes once a day"
	case LifeProcess:
		return "is fixed once per process"
	case LifeStable:
		return "is stable"
	}
	return "has an unknown lifetime"
}

// Volatile reports whether a value of this lifetime can differ between two
// requests that should share a cache.
func (l Lifetime) Volatile() bool { return l != LifeStable }

// Rank orders lifetimes by how much a value of each costs a cache, the one
// order every reader combines lifetimes by (a value built from several
// inputs takes the lifetime of highest rank): stable, unknown, process,
// day, session, request. A known volatile lifetime outranks an unknown
// one, as the rules read unknown (only content certainly stable counts
// behind it), so combining a date with an unknown value keeps the date.
func (l Lifetime) Rank() int {
	switch l {
	case LifeStable:
		return 0
	case LifeUnknown:
		return 1
	case LifeProcess:
		return 2
	case LifeDay:
		return 3
	case LifeSession:
		return 4
	}
	return 5
}

// Kinds of value a slot holds. They drive messages and suggested fixes; rules
// decide on Lifetime and Order only.
const (
	KindTime      = "time"      // clock time, dates
	KindID        = "id"        // UUIDs, request ids, trace ids
	KindRandom    = "random"    // random numbers, nonces
	KindUser      = "user"      // per-user data: name, email, account
	KindSession   = "session"   // session or conversation data
	KindQuery     = "query"     // the user's question, input
	KindDocuments = "documents" // retrieved documents, search results
	KindHistory   = "history"   // conversation history
	KindEnv       = "env"       // environment variables, hostname, pid
	KindCwd       = "cwd"       // working directory, file listings
	KindGit       = "git"       // git status, branch, diff
	KindFile      = "file"      // file contents read at run time
	KindOrder     = "order"     // content whose order is nondeterministic
	KindOther     = "other"
)

// Slot is a variable part of a prompt: a template placeholder, an
// interpolated Go value, a volatile literal in a request body.
type Slot struct {
	Name     string   `json:"name"`
	Kind     string   `json:"kind"`
	Lifetime Lifetime `json:"lifetime"`
	// Order marks content whose bytes may be the same set but in a different
	// order each time (map iteration, goroutine arrival): rule PC006.
	Order bool `json:"order,omitempty"`
	// Tokens estimates the filled-in size; 0 when unknown.
	Tokens int `json:"tokens,omitempty"`
	// Why explains where the volatility was seen ("time.Now", "map range").
	Why string `json:"why,omitempty"`
	// Runtime marks content of unknown size whose kind gives it an assumed
	// size (contract: "Runtime content of unknown size"): RuntimeHistory,
	// RuntimeTools or RuntimeFile. When Tokens is 0 the checker uses the
	// size Env.Assume gives that kind. A runtime segment is usually stable
	// (its Lifetime says so); history is stable within a conversation.
	Runtime string `json:"runtime,omitempty"`
	// Origin is where the value is produced when that is not where it is
	// used (the time.Now call behind a struct field, in another package).
	// Findings name it as a related location. Zero when the part's Span is
	// the origin.
	Origin Span `json:"origin"`
	// Also are other places the value may be produced: each other
	// implementation of an interface method that hands out map order.
	Also []Span `json:"also,omitempty"`
}

// Runtime segment kinds and their contract defaults (config assume:).
const (
	RuntimeHistory = "history" // the conversation carried from turn to turn
	RuntimeTools   = "tools"   // a tool list built at run time
	RuntimeFile    = "file"    // file or document contents read at run time
)

// Assume is the assumed size, in tokens, of each runtime segment kind.
type Assume map[string]int

// DefaultAssume is the contract's table of assumed sizes.
func DefaultAssume() Assume {
	return Assume{RuntimeHistory: 10000, RuntimeTools: 3000, RuntimeFile: 2000}
}

// Part is one piece of a block: stable text (Slot == nil) or a slot. For a
// slot, Text is the source text standing for it (placeholder, literal value).
type Part struct {
	Text string `json:"text"`
	Slot *Slot  `json:"slot,omitempty"`
	Span Span   `json:"span"`
}

// Stable reports whether the part is identical across requests.
func (p Part) Stable() bool { return p.Slot == nil || p.Slot.Lifetime == LifeStable && !p.Slot.Order }

// Section is a level of the provider's render order.
type Section int

const (
	SectionTools Section = iota
	SectionSystem
	SectionMessages
)

func (s Section) String() string {
	switch s {
	case SectionTools:
		return "tools"
	case SectionSystem:
		return "system"
	}
	return "messages"
}

// Block kinds.
const (
	BlockText       = "text"
	BlockTool       = "tool"   // a tool definition
	BlockSchema     = "schema" // a response-format schema
	BlockToolUse    = "tool_use"
	BlockToolResult = "tool_result"
	BlockImage      = "image"
	BlockDocument   = "document"
	BlockThinking   = "thinking"
)

// Block is one cacheable unit in render order: a tool definition, a system
// text block, a message content block.
type Block struct {
	Section Section `json:"section"`
	// Role is the message role (system, developer, user, assistant, tool).
	Role string `json:"role,omitempty"`
	Kind string `json:"kind"`
	// Message groups blocks of one message: blocks with the same Message
	// index belong to the same message. -1 outside messages.
	Message    int         `json:"message"`
	Parts      []Part      `json:"parts"`
	Breakpoint *Breakpoint `json:"breakpoint,omitempty"`
	Span       Span        `json:"span"`
}

// Breakpoint is a cache point: Anthropic cache_control, OpenAI
// prompt_cache_breakpoint, a Gemini explicit cache boundary.
type Breakpoint struct {
	TTL  string `json:"ttl,omitempty"` // "" = provider default
	Span Span   `json:"span"`
	// Rejected says why the provider rejects this marker as written (a
	// Chat Completions content type on /v1/responses); "" when it does not.
	Rejected string `json:"rejected,omitempty"`
}

// Request is one request in the provider-neutral model.
type Request struct {
	// Source names the reader: template, anthropic, openai-chat,
	// openai-responses, go.
	Source    string  `json:"source"`
	File      string  `json:"file"`
	Provider  string  `json:"provider,omitempty"`
	Model     string  `json:"model,omitempty"`
	ModelSpan Span    `json:"model_span"`
	Blocks    []Block `json:"blocks"`
	// Auto is request-level automatic caching (Anthropic top-level
	// cache_control); it takes one breakpoint slot.
	Auto *Breakpoint `json:"auto,omitempty"`
	// CacheMode is OpenAI's prompt_cache_options.mode: "implicit" (default)
	// or "explicit".
	CacheMode string `json:"cache_mode,omitempty"`
	// Options are the request-level cache settings as sent (rule PC011).
	Options CacheOptions `json:"options,omitzero"`
	// BreakpointsKnown says the reader saw where breakpoints are (request
	// bodies, SDK calls). Templates do not know, so PC002-PC005 stay silent.
	BreakpointsKnown bool `json:"breakpoints_known"`
	// Stored marks a request that only stores content in an explicit cache
	// (Gemini cachedContents.create): every block belongs to the cached
	// prefix and none is a new turn.
	Stored bool `json:"stored,omitempty"`
	Span   Span `json:"span"`
	// Record is the 1-based record number in a log; 0 for a single request.
	Record int `json:"record,omitempty"`
}

// Breakpoints returns the explicit breakpoints in render order with the index
// of the block that carries each.
func (r *Request) Breakpoints() (idx []int) {
	for i := range r.Blocks {
		if r.Blocks[i].Breakpoint != nil {
			idx = append(idx, i)
		}
	}
	return idx
}

// CacheableEnd returns the index one past the last block that can belong to
// a prefix shared across requests: the trailing user message (and anything
// after it) is the part of a request that is new each time.
func (r *Request) CacheableEnd() int {
	end := len(r.Blocks)
	if end == 0 || r.Stored {
		return end
	}
	last := r.Blocks[end-1]
	if last.Section != SectionMessages || last.Role != "user" && last.Role != "tool" {
		return end
	}
	msg := last.Message
	for end > 0 && r.Blocks[end-1].Section == SectionMessages && r.Blocks[end-1].Message == msg {
		end--
	}
	return end
}

// Sink receives what a reader finds in a file: requests to check, findings
// the reader makes itself (differences between records of a log), and input
// errors. Readers call it in file order.
type Sink interface {
	Request(*Request)
	Finding(Finding)
	Error(*InputError)
}
