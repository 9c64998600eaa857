package cli

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestReplaySourcesAreScanFiles: replay --source DIR ties misses to the
// files scan DIR reads. The folder's config includes a JSON request body
// and a prompts/ folder that it then excludes; the excluded template
// writes the same text around its slot as the body, so a replay that
// walked on its own terms (every prompts/ file, no JSON bodies) would
// name it.
func TestReplaySourcesAreScanFiles(t *testing.T) {
	dir := t.TempDir()
	var rules strings.Builder
	for i := range 60 {
		rules.WriteString("Rule " + strconv.Itoa(i) + ": when a customer asks about a refund, check the order history, confirm the purchase date and explain the policy in plain words.\n")
	}
	system := func(status string) string {
		return "You are Atlas, the coding agent.\nCurrent git status:\n" + status + "\n\n## Rules\n" + rules.String()
	}
	quote := func(s string) string { b, _ := json.Marshal(s); return string(b) }
	files := map[string]string{
		"src/.cachevet.yaml": "include: [\"bodies/*.json\", \"prompts/*.md\"]\nexclude: [\"prompts/**\"]\n",
		// A request body written as a template over JSON: its strings are
		// templates too.
		"src/bodies/agent.json": "{\n  \"model\": \"claude-sonnet-4-5\",\n  \"max_tokens\": 1024,\n  \"system\": [{\"type\": \"text\", \"text\": " +
			quote(system("{{ git_status }}")) + ", \"cache_control\": {\"type\": \"ephemeral\"}}],\n  \"messages\": {{ messages | tojson }}\n}\n",
		"src/prompts/agent.md": system("{{ status_old }}"),
		"src/notes.md":         "not a prompt\n",
	}
	var log strings.Builder
	for i, status := range []string{" M a.go", " M a.go", "?? b.go"} {
		log.WriteString(`{"timestamp":"2026-11-30T09:0` + strconv.Itoa(i) + `:00Z","request":{"model":"claude-sonnet-4-5","max_tokens":1024,"system":[{"type":"text","text":` +
			quote(system(status)) + `,"cache_control":{"type":"ephemeral"}}],"messages":[{"role":"user","content":"question ` + strconv.Itoa(i) + `"}]}}` + "\n")
	}
	files["log.jsonl"] = log.String()
	for name, text := range files {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	cachevet := func(args ...string) string {
		var out, errOut bytes.Buffer
		run(args, &streams{Out: &out, Err: &errOut, Getenv: func(string) string { return "" }, Dir: dir})
		if errOut.Len() > 0 {
			t.Logf("%v: stderr %s", args, errOut.String())
		}
		return out.String()
	}
	var scanned struct {
		Findings []struct {
			File string `json:"file"`
		} `json:"findings"`
		Summary struct {
			Files int `json:"files"`
		} `json:"summary"`
	}
	if err := json.Unmarshal([]byte(cachevet("scan", "--fail-on", "none", "--format", "json", "src")), &scanned); err != nil {
		t.Fatal(err)
	}
	if scanned.Summary.Files != 1 || len(scanned.Findings) != 1 || scanned.Findings[0].File != "src/bodies/agent.json" {
		t.Fatalf("scan src read %d files, findings %+v; want the JSON body alone", scanned.Summary.Files, scanned.Findings)
	}
	out := cachevet("replay", "--source", "src", "log.jsonl")
	if !strings.Contains(out, "from src/bodies/agent.json:4 {{ git_status }}") {
		t.Errorf("replay --source src does not tie the miss to the body scan reads:\n%s", out)
	}
	if strings.Contains(out, "prompts/agent.md") {
		t.Errorf("replay --source src names a file the config excludes:\n%s", out)
	}
}
