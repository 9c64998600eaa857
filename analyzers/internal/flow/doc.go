// Package flow is cachevet's value-flow engine for prompt content: what an
// expression of a Go package holds, as text the source shows, slots of
// known kind and lifetime, and the parameters it was built from.
//
// # Layering
//
// Two packages, and the imports point one way: analyzers/cachevet imports
// flow; flow never imports cachevet, nor knows an SDK, a framework or a
// request body.
//
//   - flow (this package) owns the engine. Engine is the state of one run
//     over one package: function declarations and their FuncInfo (defs,
//     writes, loops, arms), return statements, package variables and
//     their assignments, field writes, call sites, and the memos of the
//     summaries. An Evaluator says what an expression holds, as a Layout of
//     Pieces (layout.go, funcinfo.go); evidence.go and sources.go judge
//     volatility and lifetimes; order.go the order in which a slice is
//     filled (map, channel, sorted); stored.go values kept in fields and
//     containers; templates.go template texts; helpers.go and
//     callbacks.go calls bound to their arguments and function values; and
//     program.go what a whole-program driver adds (Program). The summary
//     facts PromptFact and OrderFact are declared and exported here.
//   - cachevet owns the sink side and the top: recognizing sends and
//     mapping their requests (sdk.go and the files per SDK, framework and
//     hand-rolled body), the facts of sinks and messages, breakpoints set
//     through aliases (alias.go), the run (cachevet.go: one index walk of
//     the package, the fast path, the order facts are exported in) and the
//     report. Its analysis embeds the *Engine of its run.
//
// What the engine asks of the sink side is a struct of funcs, Hooks, that
// cachevet installs on each Engine: LibraryType (whether a type is a
// modeled library's, from the library table) and DrawnFromConversation
// (whether a call's text result is drawn from a message list, from the
// shapes sends are recognized by). An Engine without hooks sees no library
// type and no text drawn from the conversation.
//
// # Not an Analyzer yet
//
// flow is a plain package that cachevet's run constructs, not an
// analyzer cachevet requires. An analyzer imports and exports only its own
// fact types, in its own run; the engine computes summaries lazily, with
// cachevet's pass and hooks, while cachevet's run maps requests; and the
// whole-program driver (gocheck) gathers cachevet's facts and Results.
// Becoming an Analyzer whose Result is the *Engine means: flow's run makes
// its own index walk and fast path and exports PromptFact and OrderFact;
// the hooks become static, installed by cachevet before any run, since
// flow runs first; and gocheck gathers flow's facts too.
package flow
