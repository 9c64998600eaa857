// Package cachevet defines an Analyzer that finds cache-hostile prompt
// construction in Go code.
//
// # Analyzer cachevet
//
// cachevet: find prompt construction that defeats LLM prompt caching
//
// Providers cache the longest identical prefix of a request in render
// order: tools, then system, then messages. The analyzer recognizes request
// construction for the Anthropic, OpenAI (openai-go and go-openai) SDKs,
// works out what each prompt string is made of (constants, concatenation,
// fmt formatting, strings.Builder and bytes.Buffer writes, text/template
// and html/template executions with a known template, //go:embed files,
// functions in other packages through facts) and which parts change between
// requests: the clock, ids, random numbers, the environment, the working
// directory, command output, files read at run time, handler parameters,
// map iteration order. It maps each request onto cachevet's
// provider-neutral request model and runs the rules PC001 to PC009 over it.
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
// //go:embed files are read from the package directory with os.ReadFile,
// because drivers do not pass embedded files to analyzers. go vet keys its
// cache on the Go files only, so after editing an embedded prompt run
// go clean -cache (or touch the Go file) to see new results.
package cachevet
