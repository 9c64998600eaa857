package requests

import (
	"fmt"
	"strings"
	"testing"

	"github.com/cachevet/cachevet/rules"
	"github.com/cachevet/cachevet/tokenizer"
)

// TestFindLiteralsDetects lists strings whose marked part (between « and »)
// must be found as a volatile literal, with the slot it becomes.
func TestFindLiteralsDetects(t *testing.T) {
	tests := []struct {
		text string
		name string
		kind string
		life rules.Lifetime
	}{
		// ISO-8601 datetimes are request timestamps wherever they stand.
		{"Current time: «2026-11-30T09:41:07Z».", "current_time", rules.KindTime, rules.LifeRequest},
		{"Generated «2026-11-30T09:41:07.123+05:30» for you", "timestamp", rules.KindTime, rules.LifeRequest},
		{"at «2026-11-30 09:41» local", "timestamp", rules.KindTime, rules.LifeRequest},
		{"stamp «20261130T094107Z»", "timestamp", rules.KindTime, rules.LifeRequest},
		{"«2026/11/30 09:41:07»", "timestamp", rules.KindTime, rules.LifeRequest},
		{`{"now": "«2026-11-30T09:41:07Z»"}`, "now", rules.KindTime, rules.LifeRequest},
		// RFC 1123 and written datetimes.
		{"Date: «Mon, 30 Nov 2026 09:41:07 GMT»", "date", rules.KindTime, rules.LifeRequest},
		{"sent «30 Nov 2026 09:41:07 +0000» by the gateway", "timestamp", rules.KindTime, rules.LifeRequest},
		{"It is «Monday, November 30, 2026 at 9:41 AM» in Berlin", "timestamp", rules.KindTime, rules.LifeRequest},
		// A bare date is the current date only where the text says so.
		{"Today is «2026-11-30».", "current_date", rules.KindTime, rules.LifeDay},
		{"Today's date: «2026-11-30»", "todays_date", rules.KindTime, rules.LifeDay},
		{"Current date: «11/30/2026»", "current_date", rules.KindTime, rules.LifeDay},
		{"Date: «30.11.2026»", "date", rules.KindTime, rules.LifeDay},
		{"Local date and time: «2026-11-30»", "date_and_time", rules.KindTime, rules.LifeDay},
		{"see www.example.com, today is «2026-11-30»", "current_date", rules.KindTime, rules.LifeDay},
		{"today is «Monday, November 30, 2026».", "current_date", rules.KindTime, rules.LifeDay},
		{"The date is «30 November 2026»", "current_date", rules.KindTime, rules.LifeDay},
		{"Today is «Monday».", "current_day", rules.KindTime, rules.LifeDay},
		// Clock times: with seconds, or after "current time"/"now".
		{"The job ran at «09:41:07».", "clock_time", rules.KindTime, rules.LifeRequest},
		{"Current time: «9:41 PM PST»", "current_time", rules.KindTime, rules.LifeRequest},
		{"It's «14:05» now", "clock_time", rules.KindTime, rules.LifeRequest},
		// Unix epochs under a time key or after "unix".
		{"timestamp=«1764495667»", "timestamp", rules.KindTime, rules.LifeRequest},
		{`"created_at": «1764495667123»`, "epoch_time", rules.KindTime, rules.LifeRequest},
		{"unix time «1764495667»", "epoch_time", rules.KindTime, rules.LifeRequest},
		// Generated identifiers.
		{"id «3f2a9c1e-7b4d-4e2a-9f1c-0a8b7c6d5e4f» here", "uuid", rules.KindID, rules.LifeRequest},
		{"Request ID: «3F2A9C1E-7B4D-4E2A-9F1C-0A8B7C6D5E4F»", "request_id", rules.KindID, rules.LifeRequest},
		{"event «01JDZ4Q7X8M2K9N3P5R6S7T8V9»", "ulid", rules.KindID, rules.LifeRequest},
		{"token «eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U»", "jwt", rules.KindSession, rules.LifeSession},
		{"trace «4bf92f3577b34da6a3ce929d0e0e4736»", "hex_id", rules.KindID, rules.LifeRequest},
		{"commit: «9fceb02d0ae598e95dc970b74767f19372d61af8»", "commit", rules.KindGit, rules.LifeSession},
		{"built from «9fceb02d0ae598e95dc970b74767f19372d61af8»", "hash", rules.KindID, rules.LifeUnknown},
		{"The current time in New York City is «7:30:16 PM EDT» on Wednesday", "clock_time", rules.KindTime, rules.LifeRequest},
		{"id «018f3a9c-1e7b-7d4e-a9f1-c0a8b7c6d5e4» (UUIDv7)", "uuid", rules.KindID, rules.LifeRequest},
		{"«req_011CV3xYz8Q2» failed", "request_id", rules.KindID, rules.LifeRequest},
		{"session «sess_8f2k1q93xz»", "session_id", rules.KindSession, rules.LifeSession},
		{"«chatcmpl-A1b2C3d4E5»", "completion_id", rules.KindID, rules.LifeRequest},
		{"for user «usr_48213x9»", "user_id", rules.KindUser, rules.LifeSession},
		// Values of keys that name a per-request, per-session or per-user id.
		{"Request ID: «7f9c2ab1».", "request_id", rules.KindID, rules.LifeRequest},
		{"trace_id=«abc123def»", "trace_id", rules.KindID, rules.LifeRequest},
		{"Your session id is: «S-2231-X»", "session_id", rules.KindSession, rules.LifeSession},
		{`"conversationId": "«c-88412»"`, "conversation_id", rules.KindSession, rules.LifeSession},
		{"Customer ID: «CUST-00412»", "customer_id", rules.KindUser, rules.LifeSession},
		{"Order ID: «48213»", "order_id", rules.KindID, rules.LifeRequest},
		{"X-Request-Id: «f3a1-99»", "x_request_id", rules.KindID, rules.LifeRequest},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			text, start, end := marked(t, tt.text)
			lits := findLiterals(text, rules.NameOverrides{})
			if len(lits) != 1 {
				t.Fatalf("found %s, want one literal %q", showLits(text, lits), text[start:end])
			}
			l := lits[0]
			if l.start != start || l.end != end {
				t.Errorf("found %q, want %q", text[l.start:l.end], text[start:end])
			}
			if l.name != tt.name || l.kind != tt.kind || l.life != tt.life {
				t.Errorf("slot %s/%s/%s, want %s/%s/%s", l.name, l.kind, l.life, tt.name, tt.kind, tt.life)
			}
			if l.why == "" {
				t.Error("no why")
			}
		})
	}
}

// TestFindLiteralsIgnores lists stable prose that must not be taken for a
// volatile value.
func TestFindLiteralsIgnores(t *testing.T) {
	tests := []string{
		"Knowledge cutoff: 2024-06.",
		"Knowledge cutoff: 2024-06-01T00:00:00Z",
		"The S4 was released on 2024-05-13.",
		"Lumen has shipped appliances since 2019.",
		"Last updated: 2024-05-13T10:00:00Z",
		"Events after 2024-01-01 are archived.",
		"Use ISO dates like 2024-01-31 in reports.",
		"Office hours are 09:00 to 17:00 CET.",
		"Open 9:00–17:00, Monday to Friday.",
		"Call 2125551234 for support.",
		"Firmware 4.2.1 (build 20240513) is current.",
		"Version 2024.10.01 of the API.",
		"See John 3:16 and ratio 16:9.",
		"The nil UUID 00000000-0000-0000-0000-000000000000 means none.",
		"Model ID: gpt-4o",
		"Tool ID: get_weather2",
		"session_management and request_handling are modules",
		"the run_command tool",
		"User: alice42",
		"deadbeef is a word in hex",
		"Use the 4096-token limit and the 2048 px images.",
		"Due date: 2026-12-01",
		"A meeting on Monday, November 30, 2026 is planned.",
		"Duration: 01:30:00",
		"The copyright year is 2026-01-01 onwards",
		"Snapshots kept 14 days; 30 Nov is the renewal.",
		"Every May 5 we rotate keys.",
		"HTTP 1.1 and TLS 1.3 (RFC 8446)",
		"sha256 e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855 of the empty file; checksum: e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
		"See https://github.com/golang/go/commit/f05c3aa24d815cd3869153750c9875e35fc48a6e for the change.",
		"Read https://developers.googleblog.com/gemini-2-5-models-now-support-implicit-caching/ (Google blog 2025-05-08).",
		"Docs: https://example.com/items/3f2a9c1e-7b4d-4e2a-9f1c-0a8b7c6d5e4f?session=sess_8f2k1q93xz",
		"Research date: 2026-11-30. Scope: caching.",
		"Release date: 2024-05-13",
		"DOB = 1987-07-05T05:45:00Z",
		"The diff header reads 1999-01-08 16:03:35 +0000.",
		"A placeholder id: 12345678-1234-1234-1234-123456789012",
		`ServiceAccountID: "sa-456", ProjectID: "proj-123", Client ID: abc123`,
		"G1a (#1109) now has a separate root-channel review request, posted 2026-10-19, after review.",
	}
	for _, text := range tests {
		t.Run(text, func(t *testing.T) {
			lits := findLiterals(text, rules.NameOverrides{})
			if strings.HasPrefix(text, "sha256") {
				// A content hash is an id-like value: found, but as hex ids.
				for _, l := range lits {
					if l.kind == rules.KindTime {
						t.Errorf("hash taken for a time: %s", showLits(text, lits))
					}
				}
				return
			}
			if len(lits) != 0 {
				t.Errorf("found %s in stable prose", showLits(text, lits))
			}
		})
	}
}

func TestFindLiteralsOverrides(t *testing.T) {
	text := "Request ID: 7f9c2ab1. Local time: 2026-11-30T09:41:07Z. Trace 4bf92f3577b34da6a3ce929d0e0e4736."
	all := findLiterals(text, rules.NameOverrides{})
	if len(all) != 3 {
		t.Fatalf("found %s, want 3", showLits(text, all))
	}
	stable := findLiterals(text, rules.NameOverrides{Stable: []string{"request_id", "local*", "hex_id"}})
	if len(stable) != 0 {
		t.Errorf("stable overrides: found %s", showLits(text, stable))
	}
	forced := findLiterals("Model ID: gpt-4o", rules.NameOverrides{Volatile: []string{"model*"}})
	if len(forced) != 1 || forced[0].life != rules.LifeRequest {
		t.Errorf("volatile override: found %+v", forced)
	}
}

func TestFindLiteralsSeveral(t *testing.T) {
	text := "Current time: 2026-11-30T09:41:07Z. Session sess_8f2k1q93xz, trace 4bf92f3577b34da6a3ce929d0e0e4736."
	lits := findLiterals(text, rules.NameOverrides{})
	var got []string
	for _, l := range lits {
		got = append(got, l.name+"="+text[l.start:l.end])
	}
	want := "current_time=2026-11-30T09:41:07Z session_id=sess_8f2k1q93xz hex_id=4bf92f3577b34da6a3ce929d0e0e4736"
	if strings.Join(got, " ") != want {
		t.Errorf("got %q, want %q", strings.Join(got, " "), want)
	}
}

// TestEstimateTokens keeps the tokenizer-free estimate of a literal's size
// within a factor of the real o200k_base count.
func TestEstimateTokens(t *testing.T) {
	c, err := tokenizer.ForEncoding(tokenizer.O200kBase)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{
		"2026-11-30T09:41:07Z", "2026-11-30", "Mon, 30 Nov 2026 09:41:07 GMT", "09:41:07",
		"3f2a9c1e-7b4d-4e2a-9f1c-0a8b7c6d5e4f", "01JDZ4Q7X8M2K9N3P5R6S7T8V9", "req_011CV3xYz8Q2",
		"4bf92f3577b34da6a3ce929d0e0e4736", "1764495667", "sess_8f2k1q93xz",
	} {
		est, real := estimateTokens(s), c.Count(s)
		if ratio := float64(est) / float64(real); ratio < 0.6 || ratio > 1.6 {
			t.Errorf("estimateTokens(%q) = %d, o200k_base counts %d", s, est, real)
		}
	}
	if estimateTokens("") != 1 {
		t.Error("an empty literal still takes a token")
	}
}

// marked removes « and » from s and returns the byte range between them.
func marked(t *testing.T, s string) (string, int, int) {
	t.Helper()
	start := strings.Index(s, "«")
	end := strings.Index(s, "»")
	if start < 0 || end < start {
		t.Fatalf("no «marked» part in %q", s)
	}
	text := s[:start] + s[start+len("«"):end] + s[end+len("»"):]
	return text, start, end - len("«")
}

func showLits(text string, lits []literal) string {
	var parts []string
	for _, l := range lits {
		parts = append(parts, fmt.Sprintf("%s=%q", l.name, text[l.start:l.end]))
	}
	return "[" + strings.Join(parts, " ") + "]"
}
