package prompts

import (
	"path"
	"strings"

	"github.com/cachevet/cachevet/rules"
)

// class is what a tag prints: which name decided it, what it holds and how
// long it lives. set is false for an expression that reads no data and
// calls nothing that varies: a constant.
type class struct {
	name string
	kind string
	life rules.Lifetime
	why  string
	set  bool
	// declared is set when the config's stable or volatile list decided
	// the lifetime: a name no longer overrides it.
	declared bool
	// path is the data path a variable was bound to when its expression
	// was a plain reference, so var.field classifies as path.field.
	path []string
}

// worse returns the class that costs the cache more; a tie keeps a.
func worse(a, b class) class {
	if !a.set || b.set && b.life.Rank() > a.life.Rank() {
		return b
	}
	return a
}

// volatile reports a value known to change between requests that should
// share a cache. Unknown lifetimes are not: a condition on an unknown flag
// is taken to be configuration.
func (c class) volatile() bool {
	return c.set && (c.life == rules.LifeProcess || c.life == rules.LifeDay || c.life == rules.LifeSession || c.life == rules.LifeRequest)
}

func (c class) slot() *rules.Slot {
	if !c.set {
		return &rules.Slot{Kind: rules.KindOther, Lifetime: rules.LifeStable, Why: "constant expression"}
	}
	kind := c.kind
	if kind == "" {
		kind = rules.KindOther
	}
	s := &rules.Slot{Name: c.name, Kind: kind, Lifetime: c.life, Why: c.why}
	switch s.Runtime = runtimeOf(c.name); s.Runtime {
	case rules.RuntimeHistory:
		s.Kind = rules.KindHistory
	case rules.RuntimeTools:
		if s.Lifetime == rules.LifeUnknown {
			// A tool or skill list is part of the deployment: the same for
			// every request unless the config declares it volatile.
			s.Lifetime = rules.LifeStable
		}
	}
	return s
}

// fileSegment decides how long the content of a runtime `file` segment
// lives, from its name. Files an agent reads when it starts (context files,
// project instructions and rules, AGENTS.md, CLAUDE.md, memory files) are
// part of the deployment like its tool list: stable. Content fetched for a
// request (retrieved documents, search results, RAG chunks, passages,
// attachments) changes every request. Any other name keeps what
// rules.ClassifyName says.
func fileSegment(name, kind string, life rules.Lifetime, why string) (string, rules.Lifetime, string) {
	w := rules.SplitName(name)
	for _, x := range w {
		if retrievalWords[x] {
			return rules.KindDocuments, rules.LifeRequest, why
		}
	}
	for i, x := range w {
		if startupWords[x] || startupOwners[x] && i+1 < len(w) && fileStems[w[i+1]] {
			return rules.KindFile, rules.LifeStable, joinWhy("read at start-up", why)
		}
	}
	return kind, life, why
}

// Words that make a placeholder or loop a runtime segment of unknown size
// (contract: "Runtime content of unknown size"), read from the last part of
// its dotted name.
var (
	// historyWords end the name of a conversation: chat_history,
	// _conversation (promptfoo), transcript, thread.
	historyWords = set("history", "conversation", "transcript", "turns", "dialogue", "dialog", "thread")
	// historyNames are whole names that hold the conversation.
	historyNames = set("messages", "chat", "chat_messages", "previous_messages", "conversation_messages", "msgs")
	// toolWords name a tool or skill list when the name ends with them
	// (tools, available_tools, skills), or, after a tool word, with listWords
	// (tool_descriptions, skill_list).
	toolWords = set("tools", "skills", "functions", "toolset", "toolsets")
	toolStems = set("tool", "tools", "skill", "skills", "function", "functions")
	// (tool_descriptions, skill_list, AvailSkillXML: a list rendered as XML).
	listWords = set("list", "definitions", "descriptions", "specs", "schemas", "catalog", "index", "manifest",
		"xml", "json", "yaml", "markdown", "md", "block", "section")
	// fileWords name file or document contents read at run time (files,
	// documents, context_files, attachments); after a file word, contentWords
	// do too (file_contents, document_text).
	fileWords    = set("files", "documents", "docs", "attachments", "chunks", "passages", "snippets", "excerpts")
	fileStems    = set("file", "files", "document", "documents", "doc", "docs", "readme", "agents", "claude")
	contentWords = set("contents", "content", "text", "body", "md")
	// retrievalWords in a file segment's name say it is fetched for each
	// request; startupWords that it is read when the agent starts, and so
	// do startupOwners before a file word (context_files, projectFiles).
	retrievalWords = set("retrieved", "retrieval", "search", "rag", "results", "result", "chunks", "chunk",
		"passages", "passage", "snippets", "snippet", "excerpts", "hits", "relevant", "query", "documents",
		"document", "docs", "doc", "attachments", "attachment", "uploaded", "uploads")
	startupWords  = set("instructions", "rules", "agents", "claude", "gemini", "memory", "readme", "guidelines", "conventions")
	startupOwners = set("context", "project", "workspace", "repo", "repository")
)

// runtimeOf says which runtime segment a placeholder or loop named name
// is: "history", "tools", "file", or "" for none.
func runtimeOf(name string) string {
	if i := strings.LastIndexByte(name, '.'); i >= 0 {
		name = name[i+1:]
	}
	lower := strings.ToLower(strings.Trim(name, "_$@"))
	w := rules.SplitName(name)
	if len(w) == 0 {
		return ""
	}
	last := w[len(w)-1]
	stemmed := func(stems map[string]bool) bool {
		for _, x := range w[:len(w)-1] {
			if stems[x] {
				return true
			}
		}
		return false
	}
	switch {
	case historyNames[lower] || historyWords[last]:
		return rules.RuntimeHistory
	case toolWords[last] || listWords[last] && stemmed(toolStems):
		return rules.RuntimeTools
	case fileWords[last] || contentWords[last] && stemmed(fileStems):
		return rules.RuntimeFile
	}
	return ""
}

// Functions whose result changes on their own, beyond what
// rules.ClassifyName reads from a name.
var volatileFuncs = map[string]class{
	"ago":       {kind: rules.KindTime, life: rules.LifeRequest},
	"unixepoch": {kind: rules.KindTime, life: rules.LifeRequest},
	"epoch":     {kind: rules.KindTime, life: rules.LifeRequest},
	"lipsum":    {kind: rules.KindRandom, life: rules.LifeRequest},
	"randint":   {kind: rules.KindRandom, life: rules.LifeRequest},
	"choice":    {kind: rules.KindRandom, life: rules.LifeRequest},
	"uuid4":     {kind: rules.KindID, life: rules.LifeRequest},
	"uuidv4":    {kind: rules.KindID, life: rules.LifeRequest},
	"uuidv7":    {kind: rules.KindID, life: rules.LifeRequest},
	"nanoid":    {kind: rules.KindID, life: rules.LifeRequest},
	"cuid":      {kind: rules.KindID, life: rules.LifeRequest},
	"getenv":    {kind: rules.KindEnv, life: rules.LifeProcess},
	"expandenv": {kind: rules.KindEnv, life: rules.LifeProcess},
}

// Functions, filters and helpers that print only what they are given (Go
// builtins, common Sprig functions, Jinja filters and globals, Handlebars
// and dotprompt helpers). Lower case.
var pureFuncs = set(
	// text/template
	"and", "or", "not", "len", "index", "slice", "print", "printf", "println", "html", "js", "urlquery",
	"eq", "ne", "lt", "le", "gt", "ge", "call",
	// Sprig
	"trim", "trimall", "trimsuffix", "trimprefix", "upper", "lower", "title", "untitle", "repeat", "substr",
	"nospace", "trunc", "abbrev", "abbrevboth", "initials", "wrap", "wrapwith", "contains", "hasprefix",
	"hassuffix", "quote", "squote", "cat", "indent", "nindent", "replace", "plural", "snakecase", "camelcase",
	"kebabcase", "swapcase", "tostring", "tostrings", "tojson", "toprettyjson", "torawjson", "fromjson", "toyaml",
	"join", "splitlist", "split", "sortalpha", "default", "empty", "coalesce", "ternary", "list", "dict", "get",
	"set", "unset", "keys", "values", "pick", "omit", "pluck", "first", "last", "rest", "initial", "append",
	"prepend", "concat", "reverse", "uniq", "without", "has", "haskey", "add", "add1", "sub", "mul", "div", "mod",
	"max", "min", "floor", "ceil", "round", "int", "int64", "float64", "atoi", "b64enc", "b64dec", "sha1sum",
	"sha256sum", "regexmatch", "regexfind", "regexfindall", "regexreplaceall", "regexsplit", "base", "dir", "ext",
	"clean", "isabs", "osbase", "osdir", "osext", "osclean", "osisabs", "until", "untilstep", "seq", "required",
	"fail", "toupper", "tolower", "markdown",
	// Jinja, Nunjucks and Liquid filters and globals
	"abs", "attr", "batch", "capitalize", "center", "count", "d", "dictsort", "e", "escape", "filesizeformat",
	"float", "forceescape", "format", "groupby", "items", "length", "map", "pprint", "reject", "rejectattr",
	"safe", "select", "selectattr", "sort", "string", "striptags", "sum", "truncate", "unique", "urlencode",
	"urlize", "wordcount", "wordwrap", "xmlattr", "range", "namespace", "cycler", "joiner", "dump", "nl2br",
	"strip", "lstrip", "rstrip", "truncatewords", "escape_once", "newline_to_br", "strip_html", "strip_newlines",
	"url_encode", "append", "prepend", "remove", "remove_first", "replace_first", "downcase", "upcase", "size",
	"json", "jsonify", "plus", "minus", "times", "divided_by", "modulo", "at_least", "at_most", "compact", "where",
	// Handlebars and dotprompt helpers
	"if", "unless", "each", "with", "lookup", "log", "ifequals", "unlessequals",
)

// nowLiterals are strings that date filters read as the current time:
// {{ "now" | date: "%Y" }} in Liquid, {{ "now" | date }} in Nunjucks.
var nowLiterals = set("now", "today", "utcnow")

// scope is one level of name resolution: the context that relative names
// read (Go's dot, Handlebars' this) and the variables bound in it.
type scope struct {
	dot  []string
	vars map[string]class
}

// classifier turns expressions into classes.
type classifier struct {
	d      dialect
	names  rules.NameOverrides
	scopes []scope
	// macros are names defined in the file (Jinja macros, Go defines): calls
	// to them print what the file says, not something volatile.
	macros map[string]bool
	// memo caches path classes: templates repeat names.
	memo map[string]class
}

func newClassifier(d dialect, names rules.NameOverrides) *classifier {
	return &classifier{d: d, names: names, scopes: []scope{{}}, macros: map[string]bool{}, memo: map[string]class{}}
}

func (c *classifier) push(dot []string) {
	c.scopes = append(c.scopes, scope{dot: dot})
}

func (c *classifier) pop() {
	if len(c.scopes) > 1 {
		c.scopes = c.scopes[:len(c.scopes)-1]
	}
}

// bind records what a variable holds in the innermost scope.
func (c *classifier) bind(name string, cl class) {
	s := &c.scopes[len(c.scopes)-1]
	if s.vars == nil {
		s.vars = map[string]class{}
	}
	s.vars[name] = cl
}

func (c *classifier) lookup(name string) (class, bool) {
	for i := len(c.scopes) - 1; i >= 0; i-- {
		if cl, ok := c.scopes[i].vars[name]; ok {
			return cl, true
		}
	}
	return class{}, false
}

// dot is the context path relative names read.
func (c *classifier) dot() []string { return c.scopes[len(c.scopes)-1].dot }

// expr classifies an expression.
func (c *classifier) expr(s string) class {
	return c.info(analyze(s, c.d))
}

func (c *classifier) info(info exprInfo) class {
	var best class
	for _, r := range info.refs {
		best = worse(best, c.ref(r))
	}
	for _, fn := range info.calls {
		if cl, ok := c.call(fn); ok {
			best = worse(best, cl)
		}
	}
	for _, l := range info.lits {
		if nowLiterals[strings.ToLower(strings.TrimSpace(l))] {
			best = worse(best, class{name: l, kind: rules.KindTime, life: rules.LifeRequest, why: "the current time", set: true})
		}
	}
	if best.set && best.kind == rules.KindTime && best.life == rules.LifeRequest {
		best = dateOnly(best, info.lits)
	}
	return best
}

// dateOnly lowers the current time printed with a format that shows no
// time of day ({{ now | date "2006-01-02" }}, {{ "now" | date: "%Y-%m-%d" }})
// to a day lifetime (contract: Lifetimes). A format with a time of day, or
// none at all, keeps the time a request value.
func dateOnly(cl class, lits []string) class {
	day := false
	for _, l := range lits {
		switch life, ok := rules.TimeFormatLifetime(l); {
		case !ok:
		case life == rules.LifeDay:
			day = true
		default:
			return cl
		}
	}
	if day {
		cl.life = rules.LifeDay
		cl.why = joinWhy(cl.why, "date-only format")
	}
	return cl
}

// toggleWords start the name of a presentation switch (include_sources,
// show_date): it says whether text is shown, and is configuration.
// predicateWords start a statement about a subject (is_premium_user,
// has_orders): the rest of the name says what varies.
var (
	toggleWords = set("show", "hide", "include", "exclude", "use", "enable", "enabled", "disable", "disabled",
		"allow", "with", "without", "add", "skip", "want", "wants")
	predicateWords = set("is", "has", "should", "can", "needs")
)

// isFlag reports whether a name segment reads as a boolean switch.
func isFlag(seg string) bool {
	w := rules.SplitName(seg)
	return len(w) > 1 && (toggleWords[w[0]] || predicateWords[w[0]])
}

// cond classifies a condition. A toggle (include_sources,
// user.show_email) says whether text is shown, not what it holds: only the
// path that owns it is classified, and a toggle on its own is taken as
// configuration (unknown lifetime). A predicate (is_premium_user) is
// classified by what follows the verb. The text a condition guards is read
// as usual either way. A name the config declares volatile always counts.
func (c *classifier) cond(s string) class {
	info := analyze(s, c.d)
	var best class
	for _, r := range info.refs {
		best = worse(best, c.condRef(r, s))
	}
	rest := c.info(exprInfo{calls: info.calls, lits: info.lits})
	return worse(best, rest)
}

func (c *classifier) condRef(r ref, expr string) class {
	n := len(r.segs)
	if n == 0 || !isFlag(r.segs[n-1]) || c.forced(strings.Join(r.segs, ".")) {
		return c.ref(r)
	}
	written := strings.Join(r.segs, ".")
	w := rules.SplitName(r.segs[n-1])
	segs := append([]string(nil), r.segs[:n-1]...)
	if predicateWords[w[0]] {
		segs = append(segs, strings.Join(w[1:], "_"))
	}
	if len(segs) == 0 && r.variable == "" && !r.rel && !r.abs {
		return class{name: expr, kind: rules.KindOther, life: rules.LifeUnknown, why: "switch", set: true}
	}
	r.segs = segs
	cl := c.ref(r)
	if cl.set && r.variable == "" {
		cl.name = written // report the condition as written
	}
	return cl
}

// forced reports whether the config declares a name volatile.
func (c *classifier) forced(name string) bool { return matchGlobs(c.names.Volatile, name) }

// matchGlobs matches a name against config globs as rules.ClassifyName
// does: path.Match syntax, case-insensitive.
func matchGlobs(globs []string, name string) bool {
	name = strings.ToLower(name)
	for _, g := range globs {
		if ok, _ := path.Match(strings.ToLower(g), name); ok {
			return true
		}
	}
	return false
}

// ref classifies a data reference: a bound variable takes what it was bound
// to; anything else is classified by its full path.
func (c *classifier) ref(r ref) class {
	root := r.variable
	segs := r.segs
	if root == "" && !r.rel && !r.abs && len(segs) > 0 {
		root, segs = segs[0], segs[1:]
	}
	if r.rel && r.up == 0 && c.d == dHandlebars && len(segs) > 0 {
		if _, ok := c.lookup(segs[0]); ok { // a block parameter: as |item|
			root, segs = segs[0], segs[1:]
		}
	}
	if root != "" {
		if cl, ok := c.lookup(root); ok {
			if cl.path != nil && len(segs) > 0 {
				pc := c.path(append(append([]string(nil), cl.path...), segs...))
				return bound(root, segs, worse(pc, cl))
			}
			return bound(root, segs, cl)
		}
		segs = append([]string{strings.TrimPrefix(root, "$")}, segs...)
	}
	if r.rel {
		i := max(0, len(c.scopes)-1-r.up)
		segs = append(append([]string(nil), c.scopes[i].dot...), segs...)
	}
	return c.path(segs)
}

// bound is a use of variable name holding cl.
func bound(name string, segs []string, cl class) class {
	if !cl.set {
		return cl
	}
	full := strings.Join(append([]string{name}, segs...), ".")
	if cl.name != "" && cl.name != full {
		cl.why = "set from " + cl.name
	}
	cl.name = full
	return cl
}

func joinWhy(a, b string) string {
	if b == "" {
		return a
	}
	return a + ", " + b
}

// path classifies a name by rules.ClassifyName on its full dotted path
// ("User.Name"). A config override on any leading part of the path
// ("company" for company.name) applies to the whole path.
func (c *classifier) path(segs []string) class {
	if len(segs) == 0 {
		return class{name: ".", kind: rules.KindOther, life: rules.LifeUnknown, why: "the whole template data", set: true}
	}
	name := strings.Join(segs, ".")
	if cl, ok := c.memo[name]; ok {
		return cl
	}
	cl := c.classifyPath(segs, name)
	c.memo[name] = cl
	return cl
}

func (c *classifier) classifyPath(segs []string, name string) class {
	for k := 1; k <= len(segs); k++ {
		if matchGlobs(c.names.Stable, strings.Join(segs[:k], ".")) {
			return class{name: name, kind: rules.KindOther, life: rules.LifeStable, why: "declared stable", set: true, declared: true}
		}
	}
	kind, life := rules.ClassifyName(name, c.names)
	declared := false
	for k := 1; k <= len(segs); k++ {
		if matchGlobs(c.names.Volatile, strings.Join(segs[:k], ".")) {
			declared = true
			if life.Rank() < rules.LifeSession.Rank() {
				life = rules.LifeRequest // as ClassifyName treats a name declared volatile
			}
		}
	}
	cl := class{name: name, kind: kind, life: life, set: true, declared: declared}
	if !declared && runtimeOf(name) == rules.RuntimeFile {
		// Decided on the name itself, so that a condition on the files
		// ({{if .ContextFiles}}) reads the same lifetime as their loop.
		cl.kind, cl.life, cl.why = fileSegment(name, kind, life, cl.why)
	}
	return cl
}

// call classifies a function, filter or helper; ok is false for one that
// prints only what it is given.
func (c *classifier) call(fn string) (class, bool) {
	lower := strings.ToLower(fn)
	if cl, ok := volatileFuncs[lower]; ok {
		cl.name, cl.why, cl.set = fn, "calls "+fn, true
		return cl, true
	}
	if pureFuncs[lower] || c.macros[fn] {
		return class{}, false
	}
	if c.d == dJS && fn == "Date" {
		// new Date(), Date(): JavaScript's current time, to the millisecond.
		return class{name: fn, kind: rules.KindTime, life: rules.LifeRequest, why: "the current time", set: true}, true
	}
	kind, life := rules.ClassifyName(fn, c.names)
	return class{name: fn, kind: kind, life: life, why: "calls " + fn, set: true}, true
}

// binding classifies what a variable is bound to, keeping the path of a
// plain reference.
func (c *classifier) binding(x string) class {
	cl := c.expr(x)
	if p, ok := c.pathOf(x); ok && len(p) > 0 {
		cl.path = p
	}
	return cl
}

// pathOf returns the path an expression reads when it is a plain reference
// (".User", "person.address"), resolved against the current context, for
// scopes that re-root relative names.
func (c *classifier) pathOf(s string) ([]string, bool) {
	info := analyze(s, c.d)
	if len(info.refs) != 1 || len(info.calls) > 0 {
		return nil, false
	}
	r := info.refs[0]
	if r.variable != "" {
		return nil, false
	}
	if r.rel {
		i := max(0, len(c.scopes)-1-r.up)
		return append(append([]string(nil), c.scopes[i].dot...), r.segs...), true
	}
	if len(r.segs) > 0 {
		if _, ok := c.lookup(r.segs[0]); ok {
			return nil, false
		}
	}
	return append([]string(nil), r.segs...), true
}
