// Package rewrite follows prompts rewritten in place: a placeholder
// replaced in the variable itself (p = strings.ReplaceAll(p, ...)), in a
// template read at run time, and once per key of a map of values.
package rewrite

import (
	"context"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/anthropics/anthropic-sdk-go"
)

var client = anthropic.NewClient()

func selfReplaceDate(ctx context.Context, history []anthropic.MessageParam) {
	p := "Today is {{DATE}}.\n" + guidance
	p = strings.ReplaceAll(p, "{{DATE}}", time.Now().Format("2006-01-02")) // want `time "time.Now" \(date without a time of day\) changes once a day`
	client.Messages.New(ctx, anthropic.MessageNewParams{
		Model:    anthropic.ModelClaudeSonnet4_5,
		System:   []anthropic.TextBlockParam{{Text: p, CacheControl: anthropic.NewCacheControlEphemeralParam()}},
		Messages: history,
	})
}

// selfTrimmed keeps the clock through a trim of the variable itself.
func selfTrimmed(ctx context.Context, history []anthropic.MessageParam) {
	p := "  Now: " + time.Now().Format(time.RFC3339) + "\n" + guidance // want `time "time.Now" \(time.Now\) changes every request`
	p = strings.TrimSpace(p)
	client.Messages.New(ctx, anthropic.MessageNewParams{
		Model:    anthropic.ModelClaudeSonnet4_5,
		System:   []anthropic.TextBlockParam{{Text: p, CacheControl: anthropic.NewCacheControlEphemeralParam()}},
		Messages: history,
	})
}

// selfExtended keeps the old value when text is added to it.
func selfExtended(ctx context.Context, history []anthropic.MessageParam) {
	p := "Local time " + time.Now().Format(time.Kitchen) + "\n" + guidance // want `time "time.Now" \(time.Now\) changes every request`
	p = p + "\nAnswer in English."
	client.Messages.New(ctx, anthropic.MessageNewParams{
		Model:    anthropic.ModelClaudeSonnet4_5,
		System:   []anthropic.TextBlockParam{{Text: p, CacheControl: anthropic.NewCacheControlEphemeralParam()}},
		Messages: history,
	})
}

// placeholderChain fills many placeholders one after another: the date
// in the first step survives the later ones, however many.
func placeholderChain(ctx context.Context, history []anthropic.MessageParam) {
	p := "Date {{DATE}}. Role {{ROLE}}. Tone {{TONE}}. Style {{STYLE}}. Scope {{SCOPE}}. Team {{TEAM}}. Repo {{REPO}}.\n" +
		"Lang {{LANG}}. Tests {{TESTS}}. Lint {{LINT}}. Docs {{DOCS}}. CI {{CI}}. Owner {{OWNER}}. Limit {{LIMIT}}.\n" + guidance
	p = strings.ReplaceAll(p, "{{DATE}}", time.Now().Format("Jan 2, 2006")) // want `time "time.Now" \(date without a time of day\) changes once a day`
	p = strings.ReplaceAll(p, "{{ROLE}}", "reviewer")
	p = strings.ReplaceAll(p, "{{TONE}}", "plain")
	p = strings.ReplaceAll(p, "{{STYLE}}", "short")
	p = strings.Replace(p, "{{SCOPE}}", "this repository", 1)
	p = strings.ReplaceAll(p, "{{TEAM}}", "platform")
	p = strings.ReplaceAll(p, "{{REPO}}", "service")
	p = strings.ReplaceAll(p, "{{LANG}}", "Go")
	p = strings.ReplaceAll(p, "{{TESTS}}", "go test")
	p = strings.ReplaceAll(p, "{{LINT}}", "go vet")
	p = strings.ReplaceAll(p, "{{DOCS}}", "README.md")
	p = strings.ReplaceAll(p, "{{CI}}", "GitHub Actions")
	p = strings.ReplaceAll(p, "{{OWNER}}", "the platform team")
	p = strings.ReplaceAll(p, "{{LIMIT}}", "200 lines")
	p = strings.TrimSpace(p)
	client.Messages.New(ctx, anthropic.MessageNewParams{
		Model:    anthropic.ModelClaudeSonnet4_5,
		System:   []anthropic.TextBlockParam{{Text: p, CacheControl: anthropic.NewCacheControlEphemeralParam()}},
		Messages: history,
	})
}

// selfStable rewrites a constant prompt with constants: silent.
func selfStable(ctx context.Context, history []anthropic.MessageParam) {
	p := "  You are {{NAME}}.\n" + guidance
	p = strings.ReplaceAll(p, "{{NAME}}", "a code reviewer")
	p = strings.TrimSpace(p)
	p = p + "\nBe brief."
	client.Messages.New(ctx, anthropic.MessageNewParams{
		Model:    anthropic.ModelClaudeSonnet4_5,
		System:   []anthropic.TextBlockParam{{Text: p, CacheControl: anthropic.NewCacheControlEphemeralParam()}},
		Messages: history,
	})
}

// fileTemplate fills a placeholder of a template read at run time: the
// placeholder is in the file, the clock is in the prompt.
func fileTemplate(ctx context.Context, history []anthropic.MessageParam) error {
	b, err := os.ReadFile("prompts/system.md")
	if err != nil {
		return err
	}
	p := strings.ReplaceAll(string(b), "{{NOW}}", time.Now().Format(time.RFC3339)) // want `time "time.Now" \(time.Now\) changes every request`
	_, err = client.Messages.New(ctx, anthropic.MessageNewParams{
		Model:    anthropic.ModelClaudeSonnet4_5,
		System:   []anthropic.TextBlockParam{{Text: p, CacheControl: anthropic.NewCacheControlEphemeralParam()}},
		Messages: history,
	})
	return err
}

// fileReplacer fills a template read at run time with a replacer.
func fileReplacer(ctx context.Context, history []anthropic.MessageParam) error {
	b, err := os.ReadFile("prompts/system.md")
	if err != nil {
		return err
	}
	r := strings.NewReplacer("{{DAY}}", time.Now().Format("Monday, January 2")) // want `time "time.Now" \(date without a time of day\) changes once a day`
	_, err = client.Messages.New(ctx, anthropic.MessageNewParams{
		Model:    anthropic.ModelClaudeSonnet4_5,
		System:   []anthropic.TextBlockParam{{Text: r.Replace(string(b)), CacheControl: anthropic.NewCacheControlEphemeralParam()}},
		Messages: history,
	})
	return err
}

// fileTemplateStable fills a template read at run time with a constant:
// silent.
func fileTemplateStable(ctx context.Context, history []anthropic.MessageParam) error {
	b, err := os.ReadFile("prompts/system.md")
	if err != nil {
		return err
	}
	p := strings.ReplaceAll(string(b), "{{TEAM}}", "platform")
	_, err = client.Messages.New(ctx, anthropic.MessageNewParams{
		Model:    anthropic.ModelClaudeSonnet4_5,
		System:   []anthropic.TextBlockParam{{Text: p, CacheControl: anthropic.NewCacheControlEphemeralParam()}},
		Messages: history,
	})
	return err
}

// Agent fills its prompt from a map of variables set at start-up.
type Agent struct {
	vars map[string]string
}

// keyedPlaceholders replaces each key's own placeholder: the result does
// not depend on the map's order, and the values are configuration.
// Silent.
func (a *Agent) keyedPlaceholders(ctx context.Context, history []anthropic.MessageParam) {
	p := "Project {{PROJECT}}, owner {{OWNER}}.\n" + guidance
	for k, v := range a.vars {
		p = strings.ReplaceAll(p, "{{"+k+"}}", v)
	}
	client.Messages.New(ctx, anthropic.MessageNewParams{
		Model:    anthropic.ModelClaudeSonnet4_5,
		System:   []anthropic.TextBlockParam{{Text: p, CacheControl: anthropic.NewCacheControlEphemeralParam()}},
		Messages: history,
	})
}

// keyedThroughVariable names the placeholder in a variable first, and
// also uses a replacer: silent.
func (a *Agent) keyedThroughVariable(ctx context.Context, history []anthropic.MessageParam) {
	p := "Project ${PROJECT}, owner <OWNER>.\n" + guidance
	for key, value := range a.vars {
		placeholder := fmt.Sprintf("${%s}", key)
		p = strings.ReplaceAll(p, placeholder, strings.TrimSpace(value))
		p = strings.NewReplacer("<"+key+">", value).Replace(p)
	}
	client.Messages.New(ctx, anthropic.MessageNewParams{
		Model:    anthropic.ModelClaudeSonnet4_5,
		System:   []anthropic.TextBlockParam{{Text: p, CacheControl: anthropic.NewCacheControlEphemeralParam()}},
		Messages: history,
	})
}

// keyedVolatile puts the clock into the map of values: the order is
// harmless, the date is not. It is reported where it replaces the
// placeholder, with the clock as the related location.
func keyedVolatile(ctx context.Context, history []anthropic.MessageParam) {
	vars := map[string]string{
		"DATE": time.Now().Format("2006-01-02"),
		"ROLE": "reviewer",
	}
	p := "Today is {{DATE}}; you are a {{ROLE}}.\n" + guidance
	for k, v := range vars {
		p = strings.ReplaceAll(p, "{{"+k+"}}", v) // want `time "v" \(range over vars\) changes once a day`
	}
	client.Messages.New(ctx, anthropic.MessageNewParams{
		Model:    anthropic.ModelClaudeSonnet4_5,
		System:   []anthropic.TextBlockParam{{Text: p, CacheControl: anthropic.NewCacheControlEphemeralParam()}},
		Messages: history,
	})
}

// keyedReplacerVolatile fills the map's placeholders with a replacer per
// key; a value read from the clock is still found.
func keyedReplacerVolatile(ctx context.Context, history []anthropic.MessageParam) {
	vars := map[string]string{"NOW": time.Now().Format(time.Stamp), "ROLE": "reviewer"}
	p := "It is <NOW>; you are a <ROLE>.\n" + guidance
	for key, value := range vars {
		p = strings.NewReplacer("<"+key+">", value).Replace(p) // want `time "value" \(range over vars\) changes every request`
	}
	client.Messages.New(ctx, anthropic.MessageNewParams{
		Model:    anthropic.ModelClaudeSonnet4_5,
		System:   []anthropic.TextBlockParam{{Text: p, CacheControl: anthropic.NewCacheControlEphemeralParam()}},
		Messages: history,
	})
}

// samePlaceholder replaces one placeholder with whichever value comes
// first in map order: that is an order hazard.
func (a *Agent) samePlaceholder(ctx context.Context, history []anthropic.MessageParam) {
	p := "Owner {{OWNER}}.\n" + guidance
	for _, v := range a.vars { // want `"a.vars" is emitted in nondeterministic order`
		p = strings.ReplaceAll(p, "{{OWNER}}", v)
	}
	client.Messages.New(ctx, anthropic.MessageNewParams{
		Model:    anthropic.ModelClaudeSonnet4_5,
		System:   []anthropic.TextBlockParam{{Text: p, CacheControl: anthropic.NewCacheControlEphemeralParam()}},
		Messages: history,
	})
}

// nonEmpty drops the turns that carry no content.
func nonEmpty(history []anthropic.MessageParam) []anthropic.MessageParam {
	out := make([]anthropic.MessageParam, 0, len(history))
	for _, m := range history {
		if len(m.Content) == 0 {
			continue
		}
		out = append(out, m)
	}
	return out
}

// historyRewritten trims the conversation in place: it is still the
// conversation, and the clock ahead of it still breaks its cache.
func historyRewritten(ctx context.Context, history []anthropic.MessageParam, q string) {
	history = nonEmpty(history)
	var msgs []anthropic.MessageParam
	msgs = append(msgs, history...)
	msgs = append(msgs, anthropic.NewUserMessage(anthropic.NewTextBlock(q)))
	client.Messages.New(ctx, anthropic.MessageNewParams{
		Model:    anthropic.ModelClaudeSonnet4_5,
		System:   []anthropic.TextBlockParam{{Text: guidance + "\nNow " + time.Now().Format(time.RFC3339)}}, // want `time "time.Now" \(time.Now\) changes every request and stands ahead of the conversation history`
		Messages: msgs,
	})
}

// rangeValueRewritten trims each element in place: the element is still
// what the list holds.
func rangeValueRewritten(ctx context.Context, history []anthropic.MessageParam) {
	stamps := []string{" " + time.Now().Format(time.RFC3339) + " "}
	var sb strings.Builder
	for _, s := range stamps {
		s = strings.TrimSpace(s) // want `time "s" \(range over stamps\) changes every request`
		sb.WriteString(s)
	}
	sb.WriteString(guidance)
	client.Messages.New(ctx, anthropic.MessageNewParams{
		Model:    anthropic.ModelClaudeSonnet4_5,
		System:   []anthropic.TextBlockParam{{Text: sb.String(), CacheControl: anthropic.NewCacheControlEphemeralParam()}},
		Messages: history,
	})
}
