package rules

import (
	"fmt"
	"path"
	"strings"
	"unicode"
)

// NameOverrides are the config's `stable` and `volatile` lists: placeholder
// names or globs (path.Match syntax, matched case-insensitively) that
// override what a name suggests.
type NameOverrides struct {
	Stable   []string
	Volatile []string
}

// nameRule maps words found in a placeholder name to what it holds.
type nameRule struct {
	words []string
	kind  string
	life  Lifetime
}

// Words are matched against the name split at case changes, digits,
// underscores, dots and dashes ("currentDate" → current, date). Rules are
// tried in order, so a time of day wins over a date ("date_time"), a file
// listing over its directory ("workspace_tree") and a working directory
// over git ("is_git_repo" is a fact about the directory). Lifetimes follow the contract's
// table: a time of day, an id, the user's question and retrieved documents
// change every request; a date without a time of day once a day; git state
// and a file listing taken at session start, and the user, once a session;
// the working directory, the platform and the environment once a process.
var nameRules = []nameRule{
	{[]string{"now", "time", "timestamp", "datetime", "clock", "hour", "minute", "ts", "utc"}, KindTime, LifeRequest},
	{[]string{"date", "today", "day", "weekday", "month", "year", "tomorrow", "yesterday"}, KindTime, LifeDay},
	{[]string{"uuid", "guid", "ulid", "nonce", "requestid", "traceid", "spanid", "trace", "span", "correlation", "idempotency"}, KindID, LifeRequest},
	{[]string{"random", "rand", "seed", "salt", "shuffle"}, KindRandom, LifeRequest},
	{[]string{"query", "question", "input", "message", "prompt", "ask", "request", "utterance", "text", "task", "instruction", "instructions_user"}, KindQuery, LifeRequest},
	// Named for the task at hand: the same for the turns of one task, new
	// with the next (a research_goal, an agent's instructions for this run).
	{[]string{"goal", "goals", "objective", "objectives", "mission", "instructions"}, KindQuery, LifeSession},
	{[]string{"documents", "document", "docs", "doc", "context", "retrieved", "results", "result", "chunks", "chunk", "passages", "passage", "snippets", "search", "rag", "sources", "citations", "memories", "memory", "facts"}, KindDocuments, LifeRequest},
	{[]string{"history", "conversation", "transcript", "turns", "messages", "chat", "previous"}, KindHistory, LifeRequest},
	{[]string{"user", "username", "name", "email", "account", "customer", "profile", "persona", "preferences", "locale", "language", "timezone", "tz", "location", "city", "country", "org", "tenant", "plan", "role"}, KindUser, LifeSession},
	{[]string{"session", "sessionid", "conversationid", "thread", "threadid", "chatid"}, KindSession, LifeSession},
	{[]string{"files", "filelist", "filetree", "tree", "listing"}, KindCwd, LifeSession},
	{[]string{"cwd", "pwd", "workdir", "workingdir", "directory", "dir", "path", "workspace", "repo", "gitrepo", "project"}, KindCwd, LifeProcess},
	{[]string{"git", "branch", "commit", "diff", "sha", "head"}, KindGit, LifeSession},
	{[]string{"env", "environment", "hostname", "host", "pid", "machine", "os", "platform", "version"}, KindEnv, LifeProcess},
}

// IsSystemPromptName reports whether a name names a system prompt
// (systemPrompt, system_message, SystemInstructions).
func IsSystemPromptName(name string) bool { return systemPrompt(SplitName(name)) }

// systemPrompt reports whether the words name a system prompt.
func systemPrompt(words []string) bool {
	return (contains(words, "system") || contains(words, "sys")) &&
		(hasAny(words, []string{"prompt", "message", "msg", "instructions", "instruction"}))
}

// ClassifyName says what a placeholder named name probably holds and how
// long it lives. The overrides win; a name nothing matches is KindOther with
// an unknown lifetime.
func ClassifyName(name string, o NameOverrides) (kind string, life Lifetime) {
	lower := strings.ToLower(name)
	if matchAny(o.Stable, lower) {
		return KindOther, LifeStable
	}
	forced := matchAny(o.Volatile, lower)
	words := SplitName(name)
	joined := strings.Join(words, "")
	if systemPrompt(words) {
		// systemPrompt, system_message, SystemInstructions: the system
		// prompt itself, which the application writes, not the user's text.
		if forced {
			return KindOther, LifeRequest
		}
		return KindOther, LifeStable
	}
	if len(words) > 1 && (contains(shapeWords, words[len(words)-1]) || contains(objectWords, words[len(words)-1])) {
		// input_schema, date_format, message_template: the shape of a
		// value, which the application configures, not the value;
		// NewPromptBuilder, queryHandler, historyStore: an object that
		// works on it.
		if forced {
			return KindOther, LifeRequest
		}
		return KindOther, LifeUnknown
	}
	if len(words) > 1 && (contains(limitWords, words[len(words)-1]) || contains(sizeWords, words[len(words)-1]) && hasAny(words, sizeQualifiers)) {
		// context_token_limit, maxHistoryCount, chunk_size: a number the
		// application sets, not the content the other words name.
		if forced {
			return KindOther, LifeRequest
		}
		return KindOther, LifeStable
	}
	// A whole-name match wins over a word match: "conversation_id" and
	// "chatId" are session ids, not conversation history.
	for _, r := range nameRules {
		if contains(r.words, joined) {
			return r.classify(forced)
		}
	}
	// An id-like name: "request_id", "traceId", "session_id".
	for _, r := range nameRules {
		for _, w := range r.words {
			if w == "name" && hasAny(words, entityWords) {
				continue // company_name, assistant_name: not a person's name
			}
			if joined == w || contains(words, w) {
				return r.classify(forced)
			}
		}
	}
	if len(words) > 1 && words[len(words)-1] == "id" {
		return KindID, LifeRequest
	}
	if forced {
		return KindOther, LifeRequest
	}
	return KindOther, LifeUnknown
}

// classify is the rule's verdict; a name the config declares volatile
// changes every request unless its rule says session or request already.
// (Lifetimes are not ordered by their numeric values: LifeDay comes last.)
func (r nameRule) classify(forcedVolatile bool) (string, Lifetime) {
	if forcedVolatile && r.life != LifeSession && r.life != LifeRequest {
		return r.kind, LifeRequest
	}
	return r.kind, r.life
}

// shapeWords end a name that describes the shape of a value rather than
// holding it.
var shapeWords = []string{"schema", "format", "template", "type", "pattern", "example", "examples"}

// objectWords end names of objects that work on content (a builder, a
// loader, a store), not the content the other words name.
var objectWords = []string{"builder", "loader", "manager", "factory", "renderer", "store", "registry", "handler", "parser", "formatter", "generator", "provider", "client", "service", "engine"}

// limitWords end names of limits; sizeWords end names of sizes, which are
// settings with one of sizeQualifiers (max_history_count, chunkSize) and
// data without (order_count).
var (
	limitWords     = []string{"limit", "limits", "max", "min", "budget", "threshold", "capacity", "quota"}
	sizeWords      = []string{"count", "size", "length", "len"}
	sizeQualifiers = []string{"max", "min", "limit", "chunk", "batch", "page", "window", "context", "default"}
)

// entityWords qualify "name" as the name of something the application
// configures (company_name, Assistant.Name, tool_name), which is the same for
// every request, rather than a user's name.
var entityWords = []string{"company", "product", "brand", "assistant", "bot", "agent", "app", "application",
	"tool", "model", "service", "site", "business", "store", "shop", "team", "feature", "function", "field",
	"module", "package", "skill", "plugin", "file", "system", "repo", "repository", "project", "workspace",
	"folder", "host", "server", "channel", "template", "resource", "prompt", "workflow", "provider", "category"}

func hasAny(words, set []string) bool {
	for _, w := range set {
		if contains(words, w) {
			return true
		}
	}
	return false
}

func matchAny(globs []string, name string) bool {
	for _, g := range globs {
		if ok, _ := path.Match(strings.ToLower(g), name); ok {
			return true
		}
	}
	return false
}

func contains(ws []string, w string) bool {
	for _, x := range ws {
		if x == w {
			return true
		}
	}
	return false
}

// SplitName splits "currentDateUTC", "user_name", ".Session.ID",
// "AvailSkillXML" into lower case words: at case changes (an acronym ends
// before the capital that starts the next word) and at anything that is not
// a letter or digit. Every reader of names splits them this way.
func SplitName(s string) []string {
	var words []string
	var cur []rune
	flush := func() {
		if len(cur) > 0 {
			words = append(words, strings.ToLower(string(cur)))
			cur = cur[:0]
		}
	}
	rs := []rune(s)
	for i, r := range rs {
		switch {
		case !unicode.IsLetter(r) && !unicode.IsDigit(r):
			flush()
		case unicode.IsUpper(r) && len(cur) > 0 && (unicode.IsLower(cur[len(cur)-1]) || i+1 < len(rs) && unicode.IsLower(rs[i+1])):
			flush()
			cur = append(cur, r)
		default:
			cur = append(cur, r)
		}
	}
	flush()
	return words
}

// NameTable is the name table as the README documents it: one row per
// rule, its words, what the value holds and its lifetime, in the order
// rules are tried.
func NameTable() string {
	var b strings.Builder
	b.WriteString("| a placeholder or variable named (a whole word of the name) | holds | lifetime |\n|---|---|---|\n")
	for _, r := range nameRules {
		words := make([]string, len(r.words))
		for i, w := range r.words {
			words[i] = "`" + w + "`"
		}
		fmt.Fprintf(&b, "| %s | %s | %s |\n", strings.Join(words, ", "), r.kind, r.life)
	}
	return b.String()
}
