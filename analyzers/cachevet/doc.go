// Package cachevet defines an Analyzer that finds cache-hostile prompt
// construction in Go code.
//
// # Analyzer cachevet
//
// cachevet: find prompt construction that defeats LLM prompt caching
//
// Providers cache the longest identical prefix of a request in render
// order: tools, then system, then messages. The analyzer recognizes request
// construction for the Anthropic SDK (Messages and Beta Messages), OpenAI
// (openai-go chat and responses, go-openai), Google's genai
// (Models.GenerateContent with its SystemInstruction and CachedContent, and
// explicit caches made by Caches.Create, which end in a cache point) and
// langchaingo (llms.Model.GenerateContent, Call, GenerateFromSinglePrompt,
// llms.WithCacheControl, prompts.PromptTemplate.Format). Request parts may
// come from helper functions of the same package that return them.
//
// It works out what each prompt string is made of (constants,
// concatenation, fmt formatting, strings.Builder and bytes.Buffer writes,
// text/template, html/template and langchaingo templates with a known text,
// //go:embed files, functions in other packages through facts) and which
// parts change between requests. Volatility needs evidence: the clock, ids,
// random numbers, the environment, the working directory, command output,
// files read at run time, HTTP requests, map iteration order, names that say
// what a value holds (userName, currentDate; the config's stable and
// volatile lists override them) and the parameters of the function that
// sends the request. Fields of a configuration struct (a type named
// *Config, *Settings or *Options), receivers, and calls whose inputs carry
// no such evidence are treated as stable, so a prompt built from a config
// loaded at start-up is not reported. A parameter whose name says nothing
// has an unknown lifetime and is reported at info. It maps each request
// onto cachevet's provider-neutral request model and runs the rules PC001
// to PC009 over it.
//
// Lifetimes follow how often a value changes: the process's surroundings
// (working directory, host, environment) are fixed per process, a date
// without a time of day changes once a day, command output once a
// session, and a value stored by a constructor, captured by a returned
// closure or set in sync.Once is fixed per process. Findings away from
// where their value is produced name that place as a related location.
// Conversation history kept in a field or passed in, tool lists built at
// run time and files read at run time are runtime segments of assumed
// size. A value marshalled with encoding/json whose shape is a provider's
// request body is a request too (a hand-rolled client).
//
// Sends are also recognized by shape. Real agents call a model interface
// of their own (Provider.Chat(ctx, messages, tools)), a function value or
// a wrapper library, with message and tool types of their own, and an
// implementation the caller does not import translates them. A call to an
// interface method, a function value or another package's function that
// passes a message-shaped list (elements with a role and a content) or a
// struct holding one is a send: its request is judged at the call, with
// the segments the caller built (tools, then a parameter or field naming
// the system prompt, then the messages). The implementation's breakpoints
// and provider are not seen there: where breakpoints go is unknown unless
// the caller's own types set them, and the model is the configured
// default. Both drivers judge the same call; the whole-program call graph
// that would judge it where the SDK params are built is not used.
//
// Text drawn from the conversation (a system message split off a
// provider-neutral list) is never the volatile value. A string field that
// methods assign, or a generic container field (Value[string],
// atomic.Pointer[string]) that they Set or Store, is the richest value
// they store. A sort of a map-ordered list whose comparator orders only by
// fields that can tie (a category, a priority: no name, id, key or path)
// keeps map order among equal elements and is still reported. A cache
// marker set through a copy of a message (last := msgs[len(msgs)-1]) or
// by a helper handed the list marks the last message sent. A hand-rolled
// Anthropic body whose types have no cache_control field, or one that
// nothing in the package sets, is known to carry no breakpoint; content
// typed any or a map counts as markable only where the package, or one
// it imports, spells cache_control.
//
// Calls are followed the way agents make them. A function that sends what
// its callers pass (Run(ctx, system, messages)) is judged with each
// caller's arguments when it is exported or called from several places
// (up to four), and single callers are bound up to three in a row. A
// method value handed to a retry loop has the loop's call of it as a call
// site. A list that starts unknown (tools, err := set.Tools(ctx)) keeps
// the order of what is appended to it, a spread append (append(all,
// more...)) the order of the spread list, and v = f(v) reads the v before
// it; a function that maps a slice into its result by index passes the
// slice's order. An interface method returning a list, (list, error) or
// an iterator carries its implementations' order. Tool definitions
// passed as []map[string]any under a name that says tools are the
// request's tools. A system message appended per item of something that
// is not a conversation (instructions per tool set) is mapped, not taken
// for the history, and another package's message constructor
// (SystemMessage(text)) is a message of its role with the caller's text.
//
// A request may be assembled over several functions: a helper returns
// the literal, the caller assigns more fields to the variable holding it
// (req.Tools = c.tools()) and a third function sends it, or a state
// struct the caller fills is read back through a parameter (state.tools).
// Every assignment on the way counts, and each value is read in the
// function that holds it. A list a helper builds (buildMessages(system,
// history)) is the helper's elements; list[i] = x in a range over another
// list fills it in that list's order. A field encoding/json skips but a
// MarshalJSON of the type's own writes (Content `json:"-"`) still says
// what a message or tool holds, and a field of a range variable (m.Content
// of each recalled memory) lives as long as the collection it ranges over.
//
// Loops are told apart by what they read. Messages a request's own tool
// loop appends after the turn's input (the model's reply, the tool
// results) are that request's continuation, not a conversation earlier
// requests share: the input ahead of them is not reported. A conversation
// loop reads a new input on each iteration (it ranges over a channel,
// receives a value, or reads a line from a scanner or a readline prompt):
// what the function computes before it is sent with every turn and
// changes once per session, not per request. A tool loop that only waits
// on a context or a timer is no conversation loop.
//
// Agent frameworks are recognized as the requests they send: langchaingo's
// anthropic, openai, googleai, vertex and bedrock providers, charm.land/fantasy
// agents and language models, CloudWeGo Eino chat models and chat
// templates (with the Claude adapter's breakpoints and auto cache),
// Firebase Genkit's Generate and defined prompts, Google ADK agents
// (llmagent.New) and tool lists converted from mark3labs/mcp-go ListTools
// results. The request model follows what each library sends: langchaingo
// v0.1.14 sends cache control to Anthropic only on human messages and only
// from its anthropic provider; fantasy and Eino markers reach only
// Anthropic; Genkit's Anthropic plugin drops WithCacheTTL. A dropped marker
// is named on the finding. The SDKs' own JSON drops a zero marker too: a
// CacheControl: anthropic.CacheControlEphemeralParam{} or a zero openai-go
// PromptCacheBreakpoint in a field tagged omitzero is no breakpoint, and is
// reported at the literal (PC003). A hand-rolled body may also be a Bedrock
// Converse (cachePoint blocks) or Gemini generateContent body.
//
// Diagnostics use the rule code as their category. A diagnostic is
// suppressed by a comment on its line or the line above:
//
//	//cachevet:ignore PC001 the date is needed here
//	//nolint:cachevet // reason
//
// An ignore without a reason, and an ignore that matches nothing, are
// reported with category "ignore".
//
// Under cachevet go, the packages that the named ones import from their
// own module are analyzed with them, so a prompt built in one package and
// sent from another is followed through facts wherever it is named from.
// go vet sees one package at a time and its dependencies' facts: it
// follows the same imports, since the go command analyzes every
// dependency, but facts on unexported objects do not cross packages
// there, and packages whose dependencies do not compile are not analyzed.
//
// A package with type errors, most often because a module it imports
// cannot be downloaded (a private or vanished dependency), is still
// analyzed under cachevet go, with the type information go/types could
// give. The type errors are reported as error entries, as before. A name
// or field of the missing module has no type: its content is unknown and
// never volatile. A call of it is as volatile as its name and its typed
// inputs say, as for any call the analyzer cannot see into. A
// hand-rolled body may carry cache_control through a value of the
// missing module: where its breakpoints go is unknown. What
// flows through the missing module (its facts, its implementations, a
// send it wraps) is not seen. go vet analyzes no such package: the go
// command does not run the vet tool when a dependency does not compile,
// and the vet tool (unitchecker) stops at the first type error of the
// package's own files.
//
// cachevet go also sees what no import reaches. An agent that calls
// Toolset.Tools, Provider.Chat or a ToolDefs callback through an interface
// or a func-typed field of its own gets the implementations from sibling
// packages that only main imports. cachevet go runs the analyzer twice:
// the first round gathers every package's facts and the functions any
// package stores in func-typed fields (s.Extra = reg.List, also through
// a literal that only returns such a call); the second resolves each
// interface method call to the program's implementations (every named
// type of the loaded packages that implements the interface) and each
// callback call to the stored functions, and reads their facts: a tool
// list or an instructions text built ranging over a map in the
// implementation is PC006 at the caller. go vet reports none of these,
// as the caller's package does not import the implementations. Two rounds
// cost the analysis time twice (not the loading); one package runs once.
//
// //go:embed files are read from the package directory with os.ReadFile,
// because drivers do not pass embedded files to analyzers. go vet keys its
// cache on the Go files only, so after editing an embedded prompt run
// go clean -cache (or touch the Go file) to see new results.
package cachevet
