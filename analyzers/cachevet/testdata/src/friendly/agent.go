// Package friendly is a realistic cache-friendly agent: every request
// shares its tools and system prompt; only the conversation grows. The
// analyzer must report nothing here.
package friendly

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"sort"
	"strings"

	"github.com/anthropics/anthropic-sdk-go"
)

// Config is loaded once at start-up.
type Config struct {
	Persona    string
	Guidelines []string
	Product    string
	MaxTokens  int64
}

// Instructions is the configured persona and guidelines.
func (c *Config) Instructions() string { // want Instructions:`prompt\(other:stable \+ text \+ other:stable\)`
	return c.Persona + "\n" + strings.Join(c.Guidelines, "\n")
}

func mustLoad(path string) *Config {
	data, err := os.ReadFile(path)
	if err != nil {
		panic(err)
	}
	var c Config
	if err := json.Unmarshal(data, &c); err != nil {
		panic(err)
	}
	return &c
}

var (
	cfg    *Config
	client = anthropic.NewClient()
)

func main() {
	cfg = mustLoad("agent.json")
	a := &Agent{cfg: cfg, tools: defaultTools}
	a.Answer(context.Background(), nil, "hello")
}

const header = `
	You are a support agent for a shipping company.
`

var sections = []string{"Refunds", "Shipping", "Billing"}

var defaultTools = map[string]string{"lookup_order": "Look up an order", "refund": "Refund an order"}

// Agent answers questions with a fixed system prompt.
type Agent struct {
	cfg     *Config
	tools   map[string]string
	history []anthropic.MessageParam
}

func withRules(s string) string { return s + "\n" + policies }

func (a *Agent) system() string {
	var b strings.Builder
	b.WriteString(strings.TrimSpace(header))
	b.WriteString("\n")
	b.WriteString(fmt.Sprintf("Product: %s, version %d.", "Acme Ship", 3))
	b.WriteString("\nSections: " + strings.Join(sections, ", "))
	b.WriteString("\n" + a.cfg.Instructions())
	b.WriteString("\nProduct line: " + cfg.Product)
	b.WriteString(withRules("\nFollow these rules."))
	return b.String()
}

func (a *Agent) toolList() []anthropic.ToolUnionParam {
	names := make([]string, 0, len(a.tools))
	for name := range a.tools {
		names = append(names, name)
	}
	sort.Strings(names)
	var list []anthropic.ToolUnionParam
	for _, name := range names {
		list = append(list, anthropic.ToolUnionParamOfTool(anthropic.ToolInputSchemaParam{}, name))
	}
	return list
}

// Answer sends the conversation so far plus the new question.
func (a *Agent) Answer(ctx context.Context, history []anthropic.MessageParam, question string) error {
	msgs := append(history, anthropic.NewUserMessage(anthropic.NewTextBlock(question)))
	_, err := client.Messages.New(ctx, anthropic.MessageNewParams{
		Model:     anthropic.ModelClaudeSonnet4_5,
		MaxTokens: a.cfg.MaxTokens,
		Tools:     a.toolList(),
		System:    []anthropic.TextBlockParam{{Text: a.system(), CacheControl: anthropic.NewCacheControlEphemeralParam()}},
		Messages:  msgs,
	})
	return err
}
