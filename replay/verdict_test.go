package replay

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"
)

// diagRec is one Anthropic record with the response the API would give
// with cache diagnostics on: previous_message_id names the record before.
type diagRec struct {
	at      time.Duration
	model   string
	system  string
	tools   []string
	user    string
	read    int    // cache_read_input_tokens in the response
	reason  string // cache_miss_reason.type; "" for none
	pending bool   // the object with a null reason: still comparing
}

func diagLog(t *testing.T, recs []diagRec) string {
	t.Helper()
	var b strings.Builder
	for i, r := range recs {
		var tools []any
		for _, n := range r.tools {
			tools = append(tools, map[string]any{"name": n, "description": "Looks up " + n + " in the knowledge base.",
				"input_schema": map[string]any{"type": "object"}})
		}
		var prev any
		if i > 0 {
			prev = fmt.Sprintf("msg_%02d", i)
		}
		body := map[string]any{"model": r.model, "max_tokens": 512, "tools": tools,
			"system":      []any{map[string]any{"type": "text", "text": r.system, "cache_control": map[string]any{"type": "ephemeral"}}},
			"messages":    []any{map[string]any{"role": "user", "content": r.user}},
			"diagnostics": map[string]any{"previous_message_id": prev}}
		resp := map[string]any{"id": fmt.Sprintf("msg_%02d", i+1),
			"usage": map[string]any{"input_tokens": 12, "cache_read_input_tokens": r.read, "cache_creation_input_tokens": 0}}
		switch {
		case r.reason != "":
			resp["diagnostics"] = map[string]any{"cache_miss_reason": map[string]any{"type": r.reason, "cache_missed_input_tokens": 4000}}
		case r.pending || i == 0:
			resp["diagnostics"] = map[string]any{"cache_miss_reason": nil}
		}
		line, _ := json.Marshal(map[string]any{"timestamp": t0.Add(r.at).Format(time.RFC3339), "request": body, "response": resp})
		b.Write(line)
		b.WriteByte('\n')
	}
	return tempLog(t, "diagnostics.jsonl", b.String())
}

// plantedFaults is an agent's day in 24 requests with the faults users
// hit, and what Anthropic's cache diagnostics say of each request against
// the one before: a timestamp in the system prompt for three requests, a
// tool list in another order once, a switch to another model and back, an
// edit of the system prompt, a ten-minute pause past the 5m TTL, and one
// verdict still being compared. After a one-off fault the next request
// reads an older entry again while the provider names the change against
// the faulty request: structure, not a miss.
func plantedFaults() []diagRec {
	sys := prose(500) // ≈ 7,000 tokens: past every model's minimum
	edited := strings.Replace(sys, "Rule 7:", "Rule 7 (revised):", 1)
	tools := []string{"lookup_order", "refund", "escalate"}
	reordered := []string{"refund", "lookup_order", "escalate"}
	var recs []diagRec
	at := time.Duration(0)
	add := func(r diagRec, gap time.Duration) {
		at += gap
		r.at = at
		if r.model == "" {
			r.model = "claude-sonnet-4-5"
		}
		if r.system == "" {
			r.system = sys
		}
		if r.tools == nil {
			r.tools = tools
		}
		r.user = fmt.Sprintf("question %d", len(recs)+1)
		recs = append(recs, r)
	}
	hit := 7000
	add(diagRec{}, 0)
	add(diagRec{read: hit}, time.Minute)
	add(diagRec{read: hit, pending: true}, time.Minute)
	for i := range 3 { // a per-request timestamp at the head of the system prompt
		add(diagRec{system: fmt.Sprintf("Current time: 2026-11-30T09:%02d:%02dZ\n\n", 3+i, 17*i%60) + sys, reason: "system_changed"}, time.Minute)
	}
	add(diagRec{read: hit, reason: "system_changed"}, time.Minute) // back: reads the entry of record 3
	add(diagRec{read: hit}, time.Minute)
	add(diagRec{tools: reordered, reason: "tools_changed"}, time.Minute)
	add(diagRec{read: hit, reason: "tools_changed"}, time.Minute)
	add(diagRec{read: hit}, time.Minute)
	add(diagRec{model: "claude-opus-4-5", reason: "model_changed"}, time.Minute)
	add(diagRec{read: hit, reason: "model_changed"}, time.Minute)
	add(diagRec{read: hit}, time.Minute)
	add(diagRec{system: edited, reason: "system_changed"}, time.Minute)
	for range 3 {
		add(diagRec{system: edited, read: hit}, time.Minute)
	}
	add(diagRec{system: edited}, 10*time.Minute) // past the TTL: no divergence, no diagnostics
	for range 4 {
		add(diagRec{system: edited, read: hit}, time.Minute)
	}
	return recs
}

// TestProviderAgreement is the gate: on a log with planted faults,
// cachevet's causes agree with the provider's own verdicts at least 90% of
// the time, a null reason counts as still comparing (neither a hit nor
// compared), and every miss prints the verdict beside the cause.
func TestProviderAgreement(t *testing.T) {
	rep, err := Run(Options{Logs: []string{diagLog(t, plantedFaults())}})
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Errors) > 0 {
		t.Fatalf("errors: %+v", rep.Errors)
	}
	a := rep.Replay.ProviderAgreement
	if a.Compared < 7 || float64(a.Agreed) < 0.9*float64(a.Compared) {
		t.Errorf("agreement %d of %d (disagreements %+v), want at least 90%% of 7 or more", a.Agreed, a.Compared, a.Disagreements)
	}
	if a.StillComparing != 1 {
		t.Errorf("still comparing %d, want 1 (record 3)", a.StillComparing)
	}
	want := map[int]string{4: "system_changed", 5: "system_changed", 6: "system_changed", 9: "tools_changed", 12: "model_changed", 15: "system_changed", 19: "no-change"}
	got := map[int]string{}
	for _, m := range rep.Replay.Misses {
		if m.Provider == nil {
			t.Errorf("record %d (%s): no provider verdict beside the cause", m.Record, m.Cause)
			continue
		}
		v := m.Provider.Reason
		if v == "" {
			v = m.Provider.Status
		}
		got[m.Record] = v
		if m.Provider.Agrees == nil || !*m.Provider.Agrees {
			t.Errorf("record %d: cachevet %s, provider %s: want agreement", m.Record, m.Cause, v)
		}
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("misses with verdicts %v, want %v", got, want)
	}
	var b bytes.Buffer
	if err := WriteText(&b, rep); err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{"provider (anthropic): model_changed, agrees", "provider (anthropic): no change, agrees",
		"provider diagnostics: cachevet's cause agrees with the provider's on 7 of 7 compared requests (100.0%); 1 verdict still comparing"} {
		if !strings.Contains(b.String(), s) {
			t.Errorf("text report lacks %q:\n%s", s, b.String())
		}
	}
}

// TestProviderDisagreement: where the provider's verdict differs from
// cachevet's cause, the provider is right, in the miss, the JSON and the
// text; a change the provider names on a request cachevet saw read but
// that read nothing is a disagreement too.
func TestProviderDisagreement(t *testing.T) {
	sys := prose(300)
	recs := []diagRec{
		{at: 0, model: "claude-sonnet-4-5", system: sys, tools: []string{"a"}},
		{at: time.Minute, model: "claude-sonnet-4-5", system: sys + " Be kind.", tools: []string{"a"}, reason: "messages_changed"},
		{at: 2 * time.Minute, model: "claude-sonnet-4-5", system: sys + " Be kind.", tools: []string{"a"}, reason: "tools_changed"}, // read nothing
	}
	rep, err := Run(Options{Logs: []string{diagLog(t, recs)}})
	if err != nil {
		t.Fatal(err)
	}
	a := rep.Replay.ProviderAgreement
	if a.Compared != 2 || a.Agreed != 0 || len(a.Disagreements) != 2 {
		t.Fatalf("agreement %+v, want 2 compared, none agreed", a)
	}
	if d := a.Disagreements[1]; d.Record != 3 || d.Cachevet != "hit" || d.Provider != "tools_changed" {
		t.Errorf("second disagreement %+v, want record 3: cachevet hit, provider tools_changed", d)
	}
	var b bytes.Buffer
	if err := WriteText(&b, rep); err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{"provider (anthropic): messages_changed, disagrees: the provider is right",
		"record 2: provider messages_changed, cachevet system-changed: the provider is right",
		"where they disagree the provider is right"} {
		if !strings.Contains(b.String(), s) {
			t.Errorf("text report lacks %q:\n%s", s, b.String())
		}
	}
	var j bytes.Buffer
	if err := WriteJSON(&j, rep); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(j.String(), `"provider_agreement": {
      "compared": 2,
      "agreed": 0,`) {
		t.Errorf("JSON lacks provider_agreement: %s", j.String())
	}
}

// TestOpenAIVerdict: a Responses log whose prompt_cache_diagnostics names
// input_changed where cachevet finds the instructions changed: OpenAI's
// verdicts count instructions as input, so the two agree.
func TestOpenAIVerdict(t *testing.T) {
	big := prose(300)
	line := func(at time.Duration, instr string, diag any) string {
		body := map[string]any{"model": "gpt-5.6", "instructions": instr,
			"input":                []any{map[string]any{"role": "user", "content": []any{map[string]any{"type": "input_text", "text": "Summarize the policy."}}}},
			"prompt_cache_options": map[string]any{"comparison_response_id": "resp_prev"}}
		resp := map[string]any{"id": "resp_x", "usage": map[string]any{"input_tokens": 4000, "input_tokens_details": map[string]any{"cached_tokens": 0}}}
		if diag != nil {
			resp["prompt_cache_diagnostics"] = diag
		}
		b, _ := json.Marshal(map[string]any{"timestamp": t0.Add(at).Format(time.RFC3339), "request": body, "response": resp})
		return string(b) + "\n"
	}
	log := line(0, big, nil) + line(time.Minute, "Today is Monday. "+big,
		map[string]any{"type": "cache_miss", "reason": "input_changed", "cache_missed_tokens": 3900, "comparison_reusable_tokens": 3900})
	rep, err := Run(Options{Logs: []string{tempLog(t, "responses.jsonl", log)}})
	if err != nil {
		t.Fatal(err)
	}
	if a := rep.Replay.ProviderAgreement; a.Compared != 1 || a.Agreed != 1 {
		t.Errorf("agreement %+v, want 1 of 1", a)
	}
	if len(rep.Replay.Misses) != 1 || rep.Replay.Misses[0].Provider == nil || rep.Replay.Misses[0].Provider.Provider != "openai" ||
		*rep.Replay.Misses[0].Provider.MissedTokens != 3900 {
		t.Errorf("misses %+v, want one with OpenAI's verdict", rep.Replay.Misses)
	}
}

// TestProviderVerdictHTML: the page lists the provider's verdict beside
// every miss and the disagreements, the provider marked right.
func TestProviderVerdictHTML(t *testing.T) {
	sys := prose(300)
	rep, err := Run(Options{Logs: []string{diagLog(t, []diagRec{
		{at: 0, model: "claude-sonnet-4-5", system: sys, tools: []string{"a"}},
		{at: time.Minute, model: "claude-sonnet-4-5", system: sys + " Be kind.", tools: []string{"a"}, reason: "messages_changed"},
	})}})
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := WriteHTML(&b, rep); err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{"<th>provider says</th>", "<td><code>messages_changed</code>, disagrees: the provider is right</td>",
		`<p id="agreement">cachevet&#39;s cause agrees with the provider&#39;s on 0 of 1 compared requests (0.0%); where they disagree the provider is right</p>`,
		"<td><code>messages_changed</code> (right)</td><td><code>system-changed</code></td>"} {
		if !strings.Contains(b.String(), s) {
			t.Errorf("page lacks %q", s)
		}
	}
}
