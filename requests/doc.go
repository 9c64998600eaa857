// Package requests reads LLM request bodies, request logs and prompt
// configs into the request model of package rules, keeping the source
// position of every value so findings point at the exact line and column.
//
// # Formats
//
// Read picks the format from the path's extension and the content:
//
//   - .json: one request body; a bare array of {role, content} messages
//     (a chat-style prompt); an array of requests (read as a log); a
//     promptfoo config; a VCR cassette. Several JSON values on separate
//     lines are read as JSON Lines.
//   - .jsonl, .ndjson: a request log, streamed one line at a time. A record
//     is a bare request, or wrapped as {"request": …} (with any other
//     fields, such as a timestamp or the response), {"body": …, "url": …}
//     (OpenAI batch files) or {"params": …, "custom_id": …} (Anthropic batch
//     files). A wrapped body may be a JSON string. Records that are valid
//     JSON but no request (a dataset, an event log) are skipped; a file
//     with no request is ErrNotRequest. A record that says it is a request
//     (a model with messages, system or input; wrapped, in a whole file)
//     but that no reader understands (messages that are no list, a model
//     that is no string) is an input error at the wrong value, never
//     dropped without a word.
//   - .yaml, .yml: a promptfoo config (top-level prompts and providers), a
//     VCR cassette (interactions or http_interactions whose request bodies
//     are request JSON, usually as a string), or a request body written in
//     YAML, which in a repository is a request template: its strings'
//     {{ placeholders }} are slots.
//
// # Other log records
//
// A JSONL line may also be an OpenTelemetry GenAI trace export (OTLP JSON
// with resourceSpans; every span with gen_ai.* attributes is a record) or
// one exported span, and a LiteLLM proxy log line (a StandardLoggingPayload,
// whose messages and model_parameters make the request, or a spend-log row
// whose proxy_server_request is the body as sent). A span's request is
// rebuilt from gen_ai.request.model, gen_ai.system_instructions,
// gen_ai.input.messages (or the older gen_ai.prompt.N.role/content) and
// gen_ai.tool.definitions, in the Messages API's shape when the provider or
// model is Anthropic's and as a Chat Completions body otherwise; positions
// inside rebuilt values are the attribute's. LiteLLM messages are in the
// OpenAI format, where Anthropic's cache_control on a content part is a
// breakpoint, as the gateway forwards it.
//
// # Records
//
// Options.Records receives every request with what the record around it
// says: the time (a timestamp member of the record, or the response's
// created), the response's usage normalized to all input tokens with the
// cached and written ones (nil pointers when not reported), OpenAI's
// prompt_cache_key and prompt_cache_retention, and each block's JSON path
// in the body. cachevet replay is built on it.
//
// # Which API a body is for
//
// detectAPI applies these rules in order:
//
//  1. An endpoint named by the file (a batch line's url, a cassette's uri):
//     …/converse is Bedrock Converse, …:generateContent and …/cachedContents
//     are Gemini, …/chat/completions is Chat Completions, …/responses is
//     Responses, …/messages is the Anthropic Messages API.
//  2. contents of {role?, parts} objects or a systemInstruction with parts:
//     Gemini. A member only Converse has (toolConfig, inferenceConfig,
//     modelId, …) beside messages or system, or content blocks keyed by
//     kind with no type ({"text": …}, {"cachePoint": …}): Bedrock Converse.
//  3. input or instructions (with a model, instructions, or input items)
//     and no messages: Responses.
//  4. Top-level system or cache_control, with messages or a model:
//     Anthropic (Chat Completions has neither field).
//  5. No messages list of {role, …} objects: not a request.
//  6. The model's provider: claude-* is Anthropic, gpt-*, o1/o3/o4 are Chat;
//     openrouter/* is Chat whatever the model.
//  7. Fields only Chat has: response_format, prompt_cache_*, a system,
//     developer or tool role, tool_calls, image_url parts, tools with a
//     function member.
//  8. Fields only Anthropic has: cache_control on a block, tools with
//     input_schema, tool_use/tool_result/thinking/document blocks.
//  9. Otherwise Chat: the OpenAI-compatible format most gateways and
//     other providers accept.
//
// # What becomes a block
//
// Blocks follow the provider's render order. Anthropic: tools, system (a
// string or text blocks), then messages, one block per content block;
// cache_control on any of them is a breakpoint spanning the cache_control
// object, and top-level cache_control is Request.Auto. OpenAI: tools, then
// the response_format (Chat) or text.format (Responses) JSON schema, both
// in the tools section; then the leading system and developer messages
// (and Responses instructions) as the system section; then the rest.
// Bedrock Converse: toolConfig.tools, system, messages, one block per
// content block; a cachePoint element is the breakpoint of the block before
// it. Gemini: the cachedContent a request reads (stable content of unknown
// size ending at a 1h cache point), tools (one block per function
// declaration), systemInstruction, then contents, one block per part.
// prompt_cache_breakpoint on a content part is a breakpoint;
// prompt_cache_options.mode is Request.CacheMode and its ttl applies to
// every breakpoint. Tool definitions and schemas are rendered as compact
// JSON, without cache_control. Images count width·height/750 tokens
// (Anthropic) or OpenAI's tile formula when the PNG, JPEG or GIF header can
// be read; otherwise, and for PDFs and audio, their size is unknown.
// Sampling parameters (temperature, top_p, max_tokens, stop, seed) are not
// part of the prompt and are ignored.
//
// # Volatile literals
//
// A request body is one filled-in instance, so volatile values appear as
// literals. In tools, schemas, system and developer messages and
// instructions (not in user or assistant turns: history is replayed
// verbatim within a conversation, and the last user turn is new anyway)
// text is split into stable parts and slots for:
//
//   - datetimes with a time of day: ISO-8601 (2026-11-30T09:41:07Z, with a
//     space, or in basic format), RFC 1123/2822 (Mon, 30 Nov 2026 09:41:07
//     GMT), numeric and written dates with a time: a request timestamp,
//     LifeRequest;
//   - a date without a time (2026-11-30, 11/30/2026, 30.11.2026, Monday,
//     November 30, 2026) or a weekday, only right after "today", "current",
//     "now", "it is", or as the value of a key made of date and time words
//     ("Date: …", "Today's date: …", not "Research date: …"): the current
//     date. It changes once a day and is typically rendered
//     when a conversation starts, so it is LifeSession (a warning, like
//     every per-session value);
//   - clock times: with seconds always, without seconds only in a "now"
//     context ("Current time: 9:41 PM PST"); LifeRequest;
//   - Unix epochs of 10 or 13 digits between 2001 and 2100, only as the
//     value of a time key (timestamp=…, "created_at": …) or after "unix",
//     "epoch" or "timestamp": ten-digit numbers are also phone numbers;
//   - UUIDs with a valid version and variant (not the nil UUID or
//     12345678-1234-…), ULIDs whose time falls in 2001–2100, JWTs, hex ids
//     of 16 or more digits with both digits and letters (LifeRequest);
//     40 or 64 hex digits are a commit or content hash, pinned or per
//     deploy, so their lifetime is unknown (an info finding);
//   - prefixed ids (req_011CV3…, sess_8f2k…, chatcmpl-…, usr_…): a known
//     prefix and six or more letters and digits, at least two of them
//     digits, so session_management stays prose;
//   - the value of a key that names a per-request, per-session or per-user
//     id ("Request ID: 7f9c2ab1", trace_id=…, "Customer ID: …"): the key
//     must contain a word like request, trace, session, conversation,
//     user, customer or order and none like service, project, model, tool
//     or client (so "Model ID: gpt-4o" and "Client ID: …" are
//     configuration), and the value must hold a digit.
//
// A slot is named after its key when there is one ("Current time: …" is
// current_time), otherwise after its shape (timestamp, uuid, hex_id); its
// kind and lifetime come from rules.ClassifyName of the key where the key
// says more than the shape. The config's stable list silences a literal by
// its slot name or key; its volatile list makes any key's id-like value
// volatile. A slot's Tokens is estimated from the literal's digit runs,
// letter runs and punctuation (within a factor of o200k_base).
//
// Dates in stable prose are left alone: month or year precision
// ("knowledge cutoff: 2024-06", "since 2019") never matches, and a date or
// time after a word such as cutoff, released, since, version, updated,
// published, effective, deadline, due, expires, until, from, between,
// before, after, build, created, start, end or hours in the same sentence
// is a fixed fact of the prose, not the moment of the request. Dates and
// times are only taken for the moment of the request in 2001–2100 (a date
// of birth is not); the detector never compares them with today, so output
// does not depend on the day it runs. Nothing inside a URL is a literal:
// ids and dates in a link name a fixed page.
//
// # Templates
//
// Chat-style prompt JSON and promptfoo prompts are Nunjucks templates,
// read by the prompts engine (prompts.ScanTemplate): the same placeholder,
// loop, conditional or bound variable means the same as in a template
// file. Such requests have BreakpointsKnown false (PC002–PC005 stay
// silent) unless their messages carry breakpoints.
//
// A JSON file that is a template over JSON (promptfoo documents
// [{% for m in messages %}{"role": "{{ m.role }}", …}{% endfor %}]) is read
// as the template's output when it is no JSON as written: statements and
// comments are not there, an alternative branch is not there (the first
// branch is), a loop or a printed value where JSON has a value is one raw
// value over its source (a slot: a loop of messages is one user-turn block,
// a loop of tools one tools block), and commas a template writes around
// its loops may be missing or trailing. Its strings are templates too.
//
// # promptfoo
//
// Each prompt gives one request per distinct model of providers: promptfoo
// sends every prompt to every provider, and each model has its own
// minimum and price. Two providers with the same model give one request.
// Provider ids such as anthropic:messages:claude-sonnet-4-5,
// openai:chat:gpt-5, openai:gpt-4o, bedrock:us.anthropic.claude-…-v1:0 and
// openrouter:anthropic/claude-… name the model; script, HTTP and file
// providers do not, and with no model the configured default applies. An
// inline text prompt is the template every test renders, the part that
// repeats across requests, so it is the system section. file:// prompts
// are read with Options.ReadFile, relative to the config's directory
// (globs expand in sorted order): .json, .yaml and .jsonl files are chat
// prompts, other text files go to prompts.Read as jinja (nunjucks)
// templates, and script prompts (.py, .js, …) are skipped.
//
// # Positions
//
// Every reader takes the file's one document tree (textpos.Node, parsed
// once per file by textpos.Doc and shared with the prompt reader). JSON
// is parsed by a small scanner that keeps the byte offsets of every
// value; offsets become line and byte column through the file's line
// starts, or in a JSONL record through the record's line. A position
// inside a string maps the decoded offset back through escapes (\n,
// \uXXXX, surrogate pairs) to the literal's raw column. JSON held in a
// string (a cassette body, a logged body) maps through both levels. YAML
// uses yaml.v3 node positions; inside a scalar, non-space characters map
// exactly for every style, while whitespace that YAML folds maps to the
// nearest source whitespace (textpos.AlignScalar). yaml.v3 reports syntax
// errors by line only; textpos.ParseYAML finds the column by parsing
// growing prefixes of that line (for files up to 64 KiB; otherwise the
// line's first non-blank column).
//
// # PC006 across the records of a log
//
// Rules see one request; the log readers (JSONL, arrays of requests,
// cassettes) compare records. Tool lists that hold the same tools in a
// different order, and tool definitions or schemas whose JSON keys differ
// only in order, are PC006 at the later record's tools array or at the
// first object whose keys moved, related to the first record. Each
// distinct order is reported once. Only hashes (order-insensitive and
// order-sensitive) and key lists per distinct tool set and object are
// kept, within fixed budgets, so memory stays bounded on any log.
//
// # Limits
//
// The caller checks each file once (textpos.Check: no NUL byte in the
// first 8 KB, at most textpos.MaxSize for a file read whole; scan does
// this for every file, the promptfoo reader for the files a config names).
// A JSONL record may be 64 MB. Nesting deeper than 1,000 levels, invalid
// UTF-8 and syntax errors are input errors at their line and column; other
// files and records are still read.
package requests
