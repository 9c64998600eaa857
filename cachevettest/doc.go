// Package cachevettest proves in a test that a request's cacheable prefix
// is byte-stable: the analyzers find what the code says, cachevettest
// checks what the bytes are.
//
//	func TestPromptIsCacheable(t *testing.T) {
//		cachevettest.Stable(t, func() any { return buildParams(cfg) })
//	}
//
// It imports no SDK. The value a build function returns is marshalled with
// encoding/json, which calls the SDK types' own MarshalJSON, so the bytes
// are the bytes the SDK sends; the wire JSON is then read the way cachevet
// reads a request body (package requests). It works for the params of
// anthropic-sdk-go, openai-go and go-openai, for plain maps and structs,
// and for []byte, json.RawMessage or a string holding the wire JSON.
//
// # The cacheable prefix
//
// Providers cache a prompt in render order — tools, system, messages — up
// to a cache point, whatever the order of the body's JSON keys. The prefix
// compared is the model, then each tool, the system prompt and each
// message in that order, up to:
//
//   - the last breakpoint (cache_control, prompt_cache_breakpoint) when
//     only breakpoints cache: Anthropic without top-level cache_control,
//     OpenAI's explicit mode;
//   - otherwise (Anthropic's automatic caching, OpenAI's implicit
//     caching, a request with no breakpoint yet) everything but the newest
//     message, the part that is new on every request.
//
// Breakpoint markers are not compared: they say where the cache ends, not
// what it holds, so a breakpoint that moves to the newest message each turn
// is fine. Fields named by Ignore are left out.
//
// # What fails
//
// Stable fails at the first byte where a call's prefix differs from the
// first call's, with the JSON path and body offset of that byte, an
// excerpt of both calls and the breakpoints whose prefix holds it. When
// the bytes agree it still fails on a value in the prefix that cannot be
// the same in real traffic — a timestamp, a UUID, a request id, found as
// cachevet finds them in request bodies — because calls a few microseconds
// apart agree on the second of a timestamp that the next request will not
// share. It also fails on a request the model's limits reject (more
// breakpoints than the provider accepts), and, with Tokens, on a prefix
// shorter than the model's minimum, which the provider silently never
// caches. The facts come from cachevet's model catalog (package rules).
//
// Conversation fails when a turn's prompt does not start with the previous
// turn's whole prompt: the check for agent loops, where a history trimmed
// with a sliding window, a summary rewritten in place or a system prompt
// that mentions the turn number makes every turn pay for the whole prompt
// again.
//
// # How many calls catch a map-order hazard
//
// Go randomizes map iteration per range statement, so a tool list or a
// schema built by ranging over a map differs between calls only by chance.
// In Go 1.24 and later a map of up to 8 entries is one group of 8 slots
// that holds the keys in insertion order, and a range starts at a
// uniformly random slot and wraps around, skipping empty slots. The k keys
// of such a map therefore come out as a rotation of their insertion order:
// starting at the j-th key (j ≥ 1) with probability 1/8 each, and at the
// first key with probability (9−k)/8 (a start at slot 0 or at one of the
// 8−k empty slots). Two ranges agree with probability
//
//	q(k) = ((9−k)² + k − 1) / 64
//
// and Stable misses the hazard only when all N calls produce the same
// order, with probability
//
//	miss(k, N) = ((9−k)/8)^N + (k−1)/8^N
//
// For the default N = 20, measured over 200,000 ranges per row (Go 1.26,
// the same map ranged every call; the formula above agrees with every
// measured row up to k = 8):
//
//	keys  q(k)    miss(k, 20)
//	2     0.781   6.9%
//	3     0.594   0.32%
//	4     0.438   8.3e-5
//	5     0.313   9.5e-7
//	6     0.219   3.0e-9
//	7     0.156   9.1e-13
//	8     0.125   7.0e-18
//	9–32  ≤0.19   ≤7.7e-11 (measured)
//
// A map built anew in each call with more than 8 keys also gets a new hash
// seed, and its orders are too many to repeat (measured miss below 1e-40).
// So 20 calls are plenty from 3 keys on, but a map of two tools slips
// through one run in 14: give such a test Calls(100) (miss 1.6e-6), or
// rely on the analyzers, which see the range statement itself.
package cachevettest
