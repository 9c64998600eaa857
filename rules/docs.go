package rules

import (
	"fmt"
	"strings"
)

// Rule is a check's documentation, the one source for `cachevet rules`,
// `cachevet explain`, the README table and SARIF rule metadata.
type Rule struct {
	Code      string
	Name      string
	Default   Severity
	Title     string // one line, lower case, no period
	Text      string // why it matters
	Bad       string // an example that fires
	Good      string // the fixed example
	Savings   string // how the estimate is computed
	Since     string // version it appeared in
	Tags      []string
	Precision string // SARIF precision: very-high, high, medium, low
	Test      string // how package cachevettest proves the fix in the user's tests; "" for none
	// Cases are cases added to the rule after it appeared, each with the
	// version it appeared in and its own examples.
	Cases []Case
}

// Case is one kind of defect a rule reports, documented on its own.
type Case struct {
	Title string // lower case, no period
	Since string
	Text  string
	Bad   string
	Good  string
}

// CasesText is the rule's cases as Explain and docs/rules.md print them;
// "" when it has none. fence wraps the examples (docs/rules.md uses code
// fences, the terminal an indent).
func (r *Rule) CasesText(fence bool) string {
	var b strings.Builder
	for _, c := range r.Cases {
		fmt.Fprintf(&b, "Case: %s (since %s). %s\n\n", c.Title, c.Since, c.Text)
		for _, ex := range [][2]string{{"Bad", c.Bad}, {"Good", c.Good}} {
			if fence {
				fmt.Fprintf(&b, "%s:\n\n```\n%s\n```\n\n", ex[0], ex[1])
			} else {
				fmt.Fprintf(&b, "%s:\n\n%s\n\n", ex[0], indentLines(ex[1]))
			}
		}
	}
	return b.String()
}

// URL is the rule's documentation page.
func (r *Rule) URL() string {
	return "https://github.com/cachevet/cachevet/blob/main/docs/rules.md#" + strings.ToLower(r.Code)
}

// Explain is the rule's documentation as `cachevet explain` prints it and
// the html report embeds it.
func (r *Rule) Explain() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s %s: %s\n\n", r.Code, r.Name, r.Title)
	fmt.Fprintf(&b, "Default severity: %s. Available since %s.\n\n", r.Default, r.Since)
	fmt.Fprintf(&b, "%s\n\n", r.Text)
	fmt.Fprintf(&b, "Bad:\n\n%s\n\n", indentLines(r.Bad))
	fmt.Fprintf(&b, "Good:\n\n%s\n\n", indentLines(r.Good))
	b.WriteString(r.CasesText(false))
	fmt.Fprintf(&b, "Savings: %s\n\n", r.Savings)
	if r.Test != "" {
		fmt.Fprintf(&b, "In your tests: %s\n\n", r.Test)
	}
	fmt.Fprintf(&b, "Online: %s\n", r.URL())
	return b.String()
}

func indentLines(s string) string {
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		if l != "" {
			lines[i] = "    " + l
		}
	}
	return strings.Join(lines, "\n")
}

// Rule codes.
const (
	PC001 = "PC001"
	PC002 = "PC002"
	PC003 = "PC003"
	PC004 = "PC004"
	PC005 = "PC005"
	PC006 = "PC006"
	PC007 = "PC007"
	PC008 = "PC008"
	PC009 = "PC009"
	PC010 = "PC010"
)

const savingsModel = "T tokens become cacheable: h = 1 − exp(−rpm·TTL), saving per request = T·price·(1 − h·read − (1 − h)·write), per day ×rpm×1440, time to first token h·T/prefill rate."

// testVolatile is how cachevettest proves PC001 and PC005 fixed.
const testVolatile = "In a test, cachevettest.Stable(t, build) marshals the request the build function returns (SDK params or a map) 20 times and fails at the first byte of the cacheable prefix that differs between calls, or at a timestamp, UUID or request id in it, with the JSON path, the offset and the breakpoints it invalidates."

// Rules is the catalog, in code order.
var Rules = []*Rule{
	{
		Code: PC001, Name: "volatile-prefix", Default: SeverityWarning, Since: "0.1.0", Precision: "high",
		Tags:  []string{"prompt-caching", "cost", "latency"},
		Title: "volatile content ahead of a cacheable prefix",
		Text: `Providers cache the longest identical prefix of a prompt, in render order: tools, then system, then messages. A value that changes between requests — the time, a request id, the user's name, retrieved documents, the working directory — ends the shared prefix where it appears. Everything after it is processed at full price and full latency on every call, even if it never changes.

The rule fires at the first volatile value that stands ahead of at least the model's minimum cacheable size of content that outlives it. Much of that content is not in the source: the conversation history, tool lists built at run time, files read at run time. These runtime segments count with an assumed size (history 10,000, tools 3,000, file 2,000 tokens; config assume:, flag --assume), and the message names the assumed part: "stands ahead of ≈420 stable tokens plus the conversation history (assumed 10,000)". Other content of unknown size counts 0.

How often the value changes decides the severity and what it costs. A value that changes every request (a timestamp with a time of day, a request id, random values, the user's question) anywhere ahead of the conversation history is a warning whatever the size of the text between them: every turn writes the whole conversation again. A value that changes once per session (git status at session start, a user's profile) is a warning too, but the history does not count for it: within the session the conversation still caches, so only what sessions share after it (stable text, tool lists, files) is lost. A date without a time of day is info: one cache write per day. A value fixed once per process (working directory, host name, environment, a package variable set at start-up) is info: one write per process start. A slot whose lifetime is unknown is info.

Later volatile values of the same kind are listed as related locations of the same finding; where a value is produced somewhere else (the time.Now behind a struct field, in another package) that place is a related location too. Content in the last user message never fires: it is expected to change.`,
		Bad: `You are a support agent for Acme. It is now {{ .Now }}.

<2,000 tokens of policies and examples>`,
		Good: `You are a support agent for Acme.

<2,000 tokens of policies and examples>

It is now {{ .Now }}.`,
		Savings: savingsModel + " T is the content after the value that outlives it (plus what stands before it when that alone is below the minimum), runtime segments at their assumed sizes; the JSON report gives the assumed part as savings.assumed_tokens and its kinds as assumptions.assumed.",
		Test:    testVolatile + " With Conversation(t, turn, n) it checks that every turn of an agent loop extends the previous turn byte for byte.",
		Cases: []Case{{
			Title: "lines chosen by a clock cutoff", Since: "0.2.0",
			Text: `Text written only when a timestamp is past a cutoff computed from time.Now (if ts.Before(cutoff) { continue } before the write in a loop, or an if around it whose condition orders a time against the clock: Before, After, Compare, Equal, Sub, <) changes with the clock though no reading of it is written: the list of recent items grows and shrinks as items cross the cutoff. In Go code the finding is at the condition, with the time.Now call as a related location. A cutoff a number of days back (AddDate) changes once a day and is info; one a duration back (Add(-6*time.Hour), time.Since(t) < ttl) changes every request. A condition that compares with a time fixed elsewhere (a field set at start-up) is not the clock.`,
			Bad: `cutoff := time.Now().AddDate(0, 0, -2)
for _, s := range sessions {
    if s.Updated.Before(cutoff) { continue }
    fmt.Fprintf(&sb, "- %s\n", s.Summary)
}
system := policies + "\nRecent sessions:\n" + sb.String()`,
			Good: `Put the recent items after the stable instructions and the last breakpoint (or into the latest user turn), or filter by a date kept with the session so the list changes only when it is rebuilt.`,
		}},
	},
	{
		Code: PC002, Name: "missing-breakpoint", Default: SeverityWarning, Since: "0.1.0", Precision: "high",
		Tags:  []string{"prompt-caching", "cost", "latency"},
		Title: "large stable prefix with no cache breakpoint",
		Text:  `Anthropic caches only at cache_control breakpoints (or with request-level automatic caching), and OpenAI GPT-5.6 and later in explicit mode cache only at prompt_cache_breakpoint markers. A request whose stable prefix is at least the model's minimum but carries no breakpoint is processed uncached every time, with no error and no warning from the API. The stable prefix counts runtime content of unknown size (a tool list from a registry, a context file read at start-up, the conversation history) at its assumed size, and the message says so.`,
		Bad: `client.Messages.New(ctx, anthropic.MessageNewParams{
    System: []anthropic.TextBlockParam{{Text: longInstructions}},
    ...
})`,
		Good: `client.Messages.New(ctx, anthropic.MessageNewParams{
    System: []anthropic.TextBlockParam{{
        Text:         longInstructions,
        CacheControl: anthropic.NewCacheControlEphemeralParam(),
    }},
    ...
})`,
		Savings: savingsModel + " T is the stable prefix up to the suggested breakpoint, runtime segments at their assumed sizes.",
		Cases: []Case{{
			Title: "GPT-5.6 and later in explicit mode with no breakpoint", Since: "0.2.0",
			Text: `prompt_cache_options.mode "explicit" turns off the implicit breakpoint on the latest message; a request that then marks no content part with prompt_cache_breakpoint is not cached at all (OpenAI's API reference: "If there are no explicit breakpoints, the request does not use prompt caching"). Codex measured 0% hits on a ~9K-token prefix and 99% once one breakpoint was added. Chat Completions takes prompt_cache_breakpoint on text, image, audio and file parts as Responses does on input_text, input_image and input_file; cachevet reads it as a breakpoint in bodies, logs and openai-go params.`,
			Bad: `{"model": "gpt-5.6-sol", "prompt_cache_options": {"mode": "explicit"},
 "messages": [{"role": "developer", "content": "<9,000 tokens of instructions>"},
              {"role": "user", "content": "..."}]}`,
			Good: `{"model": "gpt-5.6-sol", "prompt_cache_options": {"mode": "explicit"},
 "messages": [{"role": "developer", "content": [{"type": "text", "text": "<9,000 tokens of instructions>",
                                                 "prompt_cache_breakpoint": {"mode": "explicit"}}]},
              {"role": "user", "content": "..."}]}`,
		}},
	},
	{
		Code: PC003, Name: "below-minimum", Default: SeverityWarning, Since: "0.1.0", Precision: "high",
		Tags:  []string{"prompt-caching", "correctness"},
		Title: "cache breakpoint below the model's minimum cacheable size",
		Text: `A breakpoint caches the whole prefix up to and including its block, counted over everything before it in render order (tools included). When that prefix is shorter than the model's minimum (512 to 4,096 tokens, by model), the provider silently processes it uncached: the only sign is zero cache_creation and cache_read tokens in the usage.

A breakpoint is explicit intent, so one that cannot cache is a warning whatever the sizes, even one written to cache a large context that turns out to be 500 tokens. The exception is a small breakpoint that a later cache point of the same request covers: a later breakpoint, request-level automatic caching or OpenAI's implicit breakpoint on the latest message whose prefix reaches the minimum caches the same prefix with more, so the small one costs and saves nothing. That is reported at info ("this breakpoint never caches on its own"), with no savings, whatever severity the config gives the rule. Runtime segments count toward a prefix at their assumed sizes; a prefix holding other values of unknown size is not judged. Where the catalog records a larger minimum observed in practice than the official one (Claude Sonnet 4.6: 1,024 official, 2,048 observed), a prefix between the two is reported at info and the message says which source states which number.

A marker that a library drops on its way to a provider that caches only at breakpoints (langchaingo's cache control on a system message, a Claude breakpoint given to another adapter) never caches either: in Go code it is a PC003 warning at the marker, naming the library's behaviour, unless the request's PC002 finding already names it.`,
		Bad:     `"system": [{"type": "text", "text": "You are terse.", "cache_control": {"type": "ephemeral"}}]`,
		Good:    `Put the breakpoint after enough stable content (tools, long instructions, examples) to reach the minimum, or remove it.`,
		Savings: "When moving the breakpoint to the end of the stable prefix reaches the minimum, the saving is that of caching it: " + savingsModel + " A covered breakpoint claims none.",
		Cases: []Case{{
			Title: "zero-value cache marker in Go", Since: "0.2.0",
			Text: `anthropic-sdk-go tags every CacheControl field json:"cache_control,omitzero" (v0.2.0-beta.1 through v1.84.0, read from the SDK's source), so the zero literal anthropic.CacheControlEphemeralParam{} is left out of the JSON: the request carries no breakpoint and caches nothing (SDK issue 163). openai-go (v3.98.0, checked by marshalling) does the same with a zero PromptCacheBreakpoint on a Chat Completions content part. cachevet decides by the field's tag, not a version number, reports the literal itself, and no longer counts it as a breakpoint; the request's missing-breakpoint finding, if any, is folded into this one.`,
			Bad:  `System: []anthropic.TextBlockParam{{Text: policies, CacheControl: anthropic.CacheControlEphemeralParam{}}}`,
			Good: `System: []anthropic.TextBlockParam{{Text: policies, CacheControl: anthropic.NewCacheControlEphemeralParam()}}`,
		}, {
			Title: "Bedrock Converse and Gemini generateContent bodies", Since: "0.2.0",
			Text: `A Bedrock Converse body's cachePoint blocks (in toolConfig.tools, system and message content) are breakpoints on the block before them, judged against the Claude model's minimum like cache_control; a Gemini generateContent body is judged like any implicitly cached request (PC001 for volatile content in systemInstruction or the first contents), and a body that names a cachedContent sends only the new turns.`,
			Bad:  `"system": [{"text": "You are terse."}, {"cachePoint": {"type": "default"}}]`,
			Good: `"system": [{"text": "<2,000 tokens of instructions>"}, {"cachePoint": {"type": "default"}}]`,
		}},
	},
	{
		Code: PC004, Name: "too-many-breakpoints", Default: SeverityError, Since: "0.1.0", Precision: "very-high",
		Tags:    []string{"prompt-caching", "correctness"},
		Title:   "more cache breakpoints than the provider accepts",
		Text:    `Anthropic accepts at most 4 breakpoints per request, counting those on tool definitions and the slot that request-level automatic caching takes; a fifth is a 400 error. OpenAI GPT-5.6 and later write at most 4 per request (the implicit breakpoint on the latest message takes one in implicit mode) and silently drop the earliest ones.`,
		Bad:     `cache_control on 3 tools, on the system prompt and on the last message`,
		Good:    `cache_control on the last tool (it caches all tools), the system prompt and the last message`,
		Savings: "none: this is a correctness error",
	},
	{
		Code: PC005, Name: "volatile-breakpoint", Default: SeverityWarning, Since: "0.1.0", Precision: "high",
		Tags:    []string{"prompt-caching", "cost"},
		Title:   "cache breakpoint on content that changes every request",
		Text:    `A breakpoint stores one hash of the whole prefix ending at its block. When that prefix holds a value that changes every request, every request writes a new entry — paying the write premium (1.25× or 2×) — and no request ever reads one. This is the "common mistake" of Anthropic's documentation.`,
		Bad:     `"system": [{"type": "text", "text": "Current time: 2026-11-30T02:35:00Z\n...", "cache_control": {"type": "ephemeral"}}]`,
		Good:    `Move the timestamp into the last user message, or put the breakpoint on the last block before it.`,
		Savings: "If the stable content before the volatile value reaches the minimum, the saving of caching it: " + savingsModel + " Otherwise the write premium wasted on every request: T·price·(write − 1).",
		Test:    testVolatile,
	},
	{
		Code: PC006, Name: "unstable-order", Default: SeverityWarning, Since: "0.1.0", Precision: "high",
		Tags:  []string{"prompt-caching", "cost", "determinism"},
		Title: "prompt parts, tools or schema keys in nondeterministic order",
		Text:  `Go map iteration order is random; results collected from goroutines arrive in any order; some JSON encoders do not sort map keys. A tool list, a schema or a prompt section built that way can differ byte-for-byte between requests with identical content, and tools come first in the prefix: a reordered tool list invalidates everything after it. encoding/json sorts map keys and is safe.`,
		Bad: `for name, t := range toolsByName {
    params.Tools = append(params.Tools, t)
}`,
		Good: `for _, name := range slices.Sorted(maps.Keys(toolsByName)) {
    params.Tools = append(params.Tools, toolsByName[name])
}`,
		Savings: savingsModel + " T is the content from the unordered part to the end of the cacheable prefix.",
		Test:    "cachevettest.Stable(t, build) calls the build function 20 times and fails at the first byte whose order changed, with its JSON path and the breakpoints it invalidates; 20 calls catch a map of 3 or more keys with probability 99.7% or better (Calls(100) for 2 keys). The analyzer finds the range statement; the test proves what the marshalled request holds, including orders that only exist at run time, such as MCP tool schemas.",
	},
	{
		Code: PC007, Name: "ttl-order", Default: SeverityError, Since: "0.1.0", Precision: "very-high",
		Tags:    []string{"prompt-caching", "correctness"},
		Title:   "longer-TTL breakpoint after a shorter-TTL one",
		Text:    `Anthropic requires 1-hour cache entries to come before 5-minute ones in the prefix. A 1h breakpoint after a 5m breakpoint is rejected.`,
		Bad:     `system: cache_control {"ttl": "5m"}; last message: cache_control {"ttl": "1h"}`,
		Good:    `system: cache_control {"ttl": "1h"}; last message: cache_control {"ttl": "5m"}`,
		Savings: "none: this is a correctness error",
	},
	{
		Code: PC008, Name: "lookback-overflow", Default: SeverityInfo, Since: "0.1.0", Precision: "medium",
		Tags:    []string{"prompt-caching", "cost"},
		Title:   "more blocks between two cache points than the provider looks back",
		Text:    `Anthropic looks for earlier cache entries at most 20 block positions back from each breakpoint (a run of consecutive tool_use blocks, or of tool_result blocks, counts as one position). When two cache points are further apart, a request whose later breakpoint moved cannot find the entry written at the earlier one, and pays a full write.`,
		Bad:     `a breakpoint on the system prompt and the next one 30 content blocks later`,
		Good:    `add a breakpoint at most 20 positions after the previous one`,
		Savings: "none estimated: it depends on how the conversation grows",
	},
	{
		Code: PC009, Name: "write-without-reuse", Default: SeverityInfo, Since: "0.1.0", Precision: "medium",
		Tags:    []string{"prompt-caching", "cost"},
		Title:   "breakpoint whose write premium exceeds what its reads save",
		Text:    `A cache write costs more than an uncached read (1.25× for 5 minutes, 2× for an hour). At low traffic most requests arrive after the entry expired, so they pay the premium again and read nothing. At the configured requests per minute and TTL, this breakpoint costs more than it saves: remove it, choose a longer TTL, or batch the traffic.`,
		Bad:     `a 1h breakpoint on a prompt sent twice a day`,
		Good:    `no breakpoint, or a prompt sent often enough to be read within its TTL`,
		Savings: "The saving of removing the breakpoint: the negative of " + savingsModel + " Time to first token gets worse by h·T/prefill rate.",
	},
	{
		Code: PC010, Name: "unknown-model", Default: SeverityInfo, Since: "0.2.0", Precision: "very-high",
		Tags:    []string{"prompt-caching", "configuration"},
		Title:   "model the catalog cannot resolve",
		Text:    `A file names a model that the model catalog cannot resolve, not even by family, snapshot or gateway prefix (see "model catalog" in the README). The file is still checked: with the catalog's default model for the provider the name suggests (defaults: in rules/models.yaml), or, when the provider cannot be told from the name, with the catalog-wide default and no cost estimate. This note never changes the exit code by itself; add a row to your models: file or set model: in the config to check the file against the right numbers.`,
		Bad:     `"model": "acme-llm-9"`,
		Good:    `models: my-models.yaml with a row for acme-llm-9, or "model": a catalog id`,
		Savings: "none: the note only says which model's numbers were assumed",
	},
	{
		Code: PC011, Name: "invalid-cache-option", Default: SeverityError, Since: "0.2.0", Precision: "high",
		Tags:  []string{"prompt-caching", "correctness"},
		Title: "cache option the provider rejects or ignores",
		Text: `A cache setting the provider does not take as written: the request is rejected with a 400 (an error) or the setting is silently ignored (a warning), and in both cases nothing is cached the way the code meant. Each case below says which.

- A TTL the model does not offer: OpenAI GPT-5.6 and later take prompt_cache_options.ttl "30m" only; Anthropic cache_control and Bedrock cachePoint take "5m" or "1h". Rejected.
- prompt_cache_retention together with prompt_cache_options.ttl on GPT-5.6 and later: the ttl supersedes the retention setting of earlier models, and a request with both is rejected.
- A breakpoint written in Chat Completions vocabulary (a "text" or "image_url" part carrying prompt_cache_breakpoint) sent to /v1/responses, which takes input_text, input_image and input_file: rejected with a 400 (GoModel issue 861).
- Anthropic cache diagnostics: the beta header alone does nothing, and a diagnostics object without previous_message_id is ignored (warnings); diagnostics sent to Amazon Bedrock or Vertex AI, which do not offer them, is rejected.

More than 4 breakpoints on GPT-5.6 and later are not this rule: only the last 4 are written and the earlier ones are ignored, which PC004 reports.`,
		Bad:     `{"model": "gpt-5.6-sol", "prompt_cache_retention": "24h", "prompt_cache_options": {"ttl": "1h"}, ...}`,
		Good:    `{"model": "gpt-5.6-sol", "prompt_cache_options": {"ttl": "30m"}, ...}`,
		Savings: "none: this is a correctness error",
		Cases: []Case{{
			Title: "GPT-5.6 TTL and retention", Since: "0.2.0",
			Text: `prompt_cache_options.ttl other than 30m, or together with prompt_cache_retention: rejected.`,
			Bad:  `"prompt_cache_retention": "24h", "prompt_cache_options": {"ttl": "30m"}`,
			Good: `"prompt_cache_options": {"ttl": "30m"}`,
		}, {
			Title: "Chat Completions breakpoints on /v1/responses", Since: "0.2.0",
			Text: `Responses input parts are input_text, input_image and input_file; a "text" part with prompt_cache_breakpoint is rejected with a 400.`,
			Bad:  `"input": [{"role": "user", "content": [{"type": "text", "text": "...", "prompt_cache_breakpoint": {"mode": "explicit"}}]}]`,
			Good: `"input": [{"role": "user", "content": [{"type": "input_text", "text": "...", "prompt_cache_breakpoint": {"mode": "explicit"}}]}]`,
		}, {
			Title: "Anthropic cache diagnostics", Since: "0.2.0",
			Text: `The body must carry diagnostics.previous_message_id, an id Anthropic returned for the previous request; the header alone does nothing. Bedrock and Vertex do not offer diagnostics: sending the field there is rejected.`,
			Bad:  `anthropic-beta: cache-diagnosis-2026-04-07, and a body with no diagnostics object`,
			Good: `"diagnostics": {"previous_message_id": "msg_01XFDUDYJgAACzvnptvVoYEL"}, sent to the Claude API`,
		}, {
			Title: "Bedrock cachePoint TTL", Since: "0.2.0",
			Text: `CachePointBlock.ttl is "5m" or "1h" (AWS API reference); any other value is rejected with a ValidationException.`,
			Bad:  `{"cachePoint": {"type": "default", "ttl": "30m"}}`,
			Good: `{"cachePoint": {"type": "default", "ttl": "1h"}}`,
		}},
	},
}

// Notes are rule codes that describe the run rather than a defect: they are
// reported like findings but never change the exit code at their default
// severity.
var Notes = map[string]bool{PC010: true}

var rulesByKey = func() map[string]*Rule {
	m := map[string]*Rule{}
	for _, r := range Rules {
		m[strings.ToLower(r.Code)] = r
		m[strings.ToLower(r.Name)] = r
	}
	return m
}()

// LookupRule finds a rule by code or name, case-insensitively.
func LookupRule(key string) (*Rule, error) {
	if r, ok := rulesByKey[strings.ToLower(strings.TrimSpace(key))]; ok {
		return r, nil
	}
	return nil, fmt.Errorf("unknown rule %q (see cachevet rules)", key)
}

// MustRule returns a rule by code; it panics on an unknown code, which is a
// programming error.
func MustRule(code string) *Rule {
	r, err := LookupRule(code)
	if err != nil {
		panic(err)
	}
	return r
}
