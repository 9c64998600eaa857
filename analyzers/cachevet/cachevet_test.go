package cachevet_test

import (
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/cachevet/cachevet/analyzers"
	"github.com/cachevet/cachevet/analyzers/cachevet"
	"github.com/cachevet/cachevet/rules"
)

// TestAnalyzer runs every case package in one load: they share the
// standard library and the SDK stubs.
func TestAnalyzer(t *testing.T) {
	t.Parallel()
	analysistest.Run(t, analysistest.TestData(), cachevet.Analyzer,
		"basic", "prompts/...", "openaicase", // Anthropic and OpenAI SDKs, facts, embeds, templates
		"genaicase", "langchaincase", "betacase", // google genai, langchaingo, Anthropic Beta
		"helpers",             // request parts returned by helper functions
		"friendly", "hostile", // realistic agents: silent, and exact findings
		"nosdk",                // no SDK: nothing
		"lifetimes",            // how often a value changes
		"segments",             // runtime content of unknown size
		"dataflow",             // request parts built the way real code does
		"order/...",            // order hazards beyond ranging over a map
		"rewrite",              // prompts rewritten in place: p = f(p), templates read at run time, placeholders per map key
		"timevalues",           // times built from other values: as volatile as those
		"clockfilter",          // lines chosen by a time.Now cutoff
		"handrolled",           // requests without an SDK
		"toolloop",             // a request's own tool loop is not the conversation
		"assembled",            // a request built over several functions
		"statefield",           // a request read from a state struct its caller fills, tools converted by index
		"memagent/...",         // an agent's own client method, its message type marshalled by hand, memories recalled per message
		"realworld/...",        // shapes seen in real agents
		"intent", "zeromarker", // explicit cache intent that cannot work; markers the SDK never sends
		"shapes/...",                              // an agent's own model interface: sends by shape
		"wrapper",                                 // a sending method bound to each caller
		"diagnostics", "gpt56", "handrolledcloud", // Anthropic cache diagnostics, GPT-5.6 cache options, Bedrock and Gemini bodies without an SDK
		"quiet/...",                                                                // must stay silent: non-LLM clients, variables named prompt or context, marshalled literals, a dynamic first turn
		"fantasycase", "einocase", "einograph", "mcpcase", "genkitcase", "adkcase", // agent frameworks, MCP tool lists
	)
}

func TestFixes(t *testing.T) {
	t.Parallel()
	analysistest.RunWithSuggestedFixes(t, analysistest.TestData(), cachevet.Analyzer, "fixes", "zeromarker", "gpt56")
}

// TestConfigured checks a package against the .cachevet.yaml beside it:
// its stable and volatile names, rpm and rule severities apply.
func TestConfigured(t *testing.T) {
	t.Parallel()
	results := analysistest.Run(t, analysistest.TestData(), cachevet.Analyzer, "configured")
	if len(results) != 1 {
		t.Fatalf("got %d results", len(results))
	}
	res := results[0].Result.(*cachevet.Result)
	if len(res.Findings) != 1 {
		t.Fatalf("got %d findings, want 1: %+v", len(res.Findings), res.Findings)
	}
	f := res.Findings[0]
	if f.Rule != rules.PC001 || f.Severity != rules.SeverityError {
		t.Errorf("got %s %s, want PC001 error (from the config)", f.Rule, f.Severity)
	}
	if f.Savings == nil || f.Savings.Assumptions.RequestsPerMinute != 5 {
		t.Errorf("savings %+v do not use the config's rpm of 5", f.Savings)
	}
}

func TestValidate(t *testing.T) {
	if err := analysis.Validate(analyzers.All()); err != nil {
		t.Fatal(err)
	}
}
