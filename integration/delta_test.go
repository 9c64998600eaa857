package integration

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
)

// fakeComments is the slice of GitHub's REST API the Action's sticky
// comment uses: list, create and update issue comments.
type fakeComments struct {
	mu       sync.Mutex
	comments []map[string]any
	nextID   int
	writes   []string // "POST" or "PATCH <id>"
	token    string
}

func (f *fakeComments) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if r.Header.Get("Authorization") != "Bearer "+f.token {
		http.Error(w, `{"message":"Bad credentials"}`, http.StatusUnauthorized)
		return
	}
	var body struct{ Body string }
	if r.Method != http.MethodGet {
		if err := json.NewDecoder(r.Body).Decode(&body); err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
	}
	switch {
	case r.Method == http.MethodGet && r.URL.Path == "/repos/o/r/issues/7/comments":
		page, _ := strconv.Atoi(r.URL.Query().Get("page"))
		out := []map[string]any{}
		if page <= 1 {
			out = append(out, map[string]any{"id": 1, "body": "an unrelated comment"})
			out = append(out, f.comments...)
		}
		json.NewEncoder(w).Encode(out)
	case r.Method == http.MethodPost && r.URL.Path == "/repos/o/r/issues/7/comments":
		f.nextID++
		c := map[string]any{"id": 100 + f.nextID, "body": body.Body}
		f.comments = append(f.comments, c)
		f.writes = append(f.writes, "POST")
		w.WriteHeader(http.StatusCreated)
		json.NewEncoder(w).Encode(c)
	case r.Method == http.MethodPatch && strings.HasPrefix(r.URL.Path, "/repos/o/r/issues/comments/"):
		id := strings.TrimPrefix(r.URL.Path, "/repos/o/r/issues/comments/")
		for _, c := range f.comments {
			if fmt.Sprint(c["id"]) == id {
				c["body"] = body.Body
				f.writes = append(f.writes, "PATCH "+id)
				json.NewEncoder(w).Encode(c)
				return
			}
		}
		http.NotFound(w, r)
	default:
		http.NotFound(w, r)
	}
}

// TestActionDelta runs the Action's script on a pull_request event over a
// git repository made from the fixtures: the base has the date after the
// policies, the pull request moves it ahead of them.
func TestActionDelta(t *testing.T) {
	need(t, "jq")
	need(t, "curl")
	need(t, "git")
	root := repoRoot(t)
	bin := cachevetBin(t)
	tmp := t.TempDir()
	ws := filepath.Join(tmp, "workspace")
	fixture, err := os.ReadFile(filepath.Join(root, "integration/testdata/mixed/prompts/support.md"))
	if err != nil {
		t.Fatal(err)
	}
	volatile := string(fixture)
	fixed := strings.Replace(volatile, " Il est {{ .Now }}.", "", 1) + "\nIl est {{ .Now }}.\n"
	writePrompt := func(content string) {
		t.Helper()
		if err := os.MkdirAll(filepath.Join(ws, "prompts"), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(ws, "prompts/support.md"), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	writePrompt(fixed)
	git(t, tmp, "init", "-q", ws)
	git(t, ws, "add", "-A")
	git(t, ws, "commit", "-q", "-m", "base")
	baseSHA := strings.TrimSpace(gitOut(t, ws, "rev-parse", "HEAD"))
	writePrompt(volatile)
	git(t, ws, "commit", "-q", "-am", "the date first")

	event := filepath.Join(tmp, "event.json")
	if err := os.WriteFile(event, []byte(`{"pull_request": {"number": 7, "base": {"sha": "`+baseSHA+`"}}}`), 0o644); err != nil {
		t.Fatal(err)
	}
	api := &fakeComments{token: "t0ken"}
	srv := httptest.NewServer(api)
	defer srv.Close()

	run := func(t *testing.T) (code int, stdout string, outputs map[string]string, summary string) {
		t.Helper()
		files := map[string]string{}
		for _, f := range []string{"GITHUB_OUTPUT", "GITHUB_STEP_SUMMARY"} {
			files[f] = filepath.Join(t.TempDir(), strings.ToLower(f))
			if err := os.WriteFile(files[f], nil, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		cmd := exec.Command(filepath.Join(root, ".github/action/run.sh"), "run")
		cmd.Env = append(gitEnv(),
			"PATH="+bin+string(os.PathListSeparator)+os.Getenv("PATH"),
			"ACTION_PATH="+root, "GITHUB_WORKSPACE="+ws, "RUNNER_TEMP="+t.TempDir(),
			"GITHUB_OUTPUT="+files["GITHUB_OUTPUT"], "GITHUB_STEP_SUMMARY="+files["GITHUB_STEP_SUMMARY"],
			"GITHUB_EVENT_NAME=pull_request", "GITHUB_EVENT_PATH="+event, "GITHUB_REPOSITORY=o/r",
			"GITHUB_API_URL="+srv.URL, "GITHUB_TOKEN=t0ken",
			"INPUT_PATHS=prompts", "INPUT_PACKAGES=", "INPUT_FAIL_ON=warning", "INPUT_FORMAT=github",
			"INPUT_UPLOAD_SARIF=false", "INPUT_HTML=false", "INPUT_DELTA=true", "INPUT_COMMENT=true",
		)
		var out, errOut bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &errOut
		err := cmd.Run()
		if ee, ok := err.(*exec.ExitError); ok {
			code = ee.ExitCode()
		} else if err != nil {
			t.Fatal(err)
		}
		if errOut.Len() > 0 {
			t.Logf("stderr:\n%s", &errOut)
		}
		s, _ := os.ReadFile(files["GITHUB_STEP_SUMMARY"])
		return code, out.String(), readOutputs(t, files["GITHUB_OUTPUT"]), string(s)
	}

	t.Run("added", func(t *testing.T) {
		code, stdout, out, summary := run(t)
		if code != 1 {
			t.Fatalf("exit %d, want 1 (the pull request adds a warning)\n%s", code, stdout)
		}
		if !regexp.MustCompile(`(?m)^::warning file=prompts/support\.md,line=3,`).MatchString(stdout) {
			t.Errorf("no annotation for the added finding:\n%s", stdout)
		}
		if !strings.Contains(summary, "### cachevet: net +$") || !strings.Contains(summary, "| added | PC001 volatile-prefix | `prompts/support.md:3:") {
			t.Errorf("job summary:\n%s", summary)
		}
		if usd, err := strconv.ParseFloat(out["delta-usd-per-day"], 64); err != nil || usd <= 0 {
			t.Errorf("delta-usd-per-day = %q, want > 0", out["delta-usd-per-day"])
		}
		if out["delta-added"] != "1" || out["delta-removed"] != "0" || out["comment-id"] != "101" {
			t.Errorf("outputs = %v", out)
		}
		if len(api.comments) != 1 || !strings.HasPrefix(api.comments[0]["body"].(string), "<!-- cachevet-delta -->\n### cachevet: net +$") {
			t.Errorf("comments = %v", api.comments)
		}
	})

	t.Run("updated in place", func(t *testing.T) {
		writePrompt(fixed) // the pull request is fixed: nothing changes against the base
		defer writePrompt(volatile)
		code, stdout, out, summary := run(t)
		if code != 0 {
			t.Fatalf("exit %d, want 0\n%s", code, stdout)
		}
		if !strings.Contains(summary, "### cachevet: no change against ") {
			t.Errorf("job summary:\n%s", summary)
		}
		if len(api.comments) != 1 || strings.Join(api.writes, ",") != "POST,PATCH 101" || out["comment-id"] != "101" {
			t.Errorf("writes %v, comments %v, outputs %v; want the one comment updated", api.writes, api.comments, out)
		}
		if !strings.Contains(api.comments[0]["body"].(string), "no change against") {
			t.Errorf("the comment still shows the old table: %v", api.comments[0]["body"])
		}
	})

	t.Run("none posted while nothing changed", func(t *testing.T) {
		api.mu.Lock()
		api.comments, api.writes = nil, nil
		api.mu.Unlock()
		writePrompt(fixed)
		defer writePrompt(volatile)
		code, _, out, _ := run(t)
		if code != 0 || len(api.writes) != 0 || out["comment-id"] != "" {
			t.Errorf("exit %d, writes %v, comment-id %q; want 0, none, empty", code, api.writes, out["comment-id"])
		}
	})

	t.Run("the reverse: removed, exit 0", func(t *testing.T) {
		// A pull request that moves the date back after the policies, on a
		// base that has it first.
		git(t, ws, "checkout", "-q", "-b", "fix")
		writePrompt(fixed)
		git(t, ws, "commit", "-q", "-am", "the date last")
		head := strings.TrimSpace(gitOut(t, ws, "rev-parse", "HEAD~1"))
		rev := filepath.Join(tmp, "event-fix.json")
		if err := os.WriteFile(rev, []byte(`{"pull_request": {"number": 7, "base": {"sha": "`+head+`"}}}`), 0o644); err != nil {
			t.Fatal(err)
		}
		event = rev
		code, stdout, out, _ := run(t)
		if code != 0 {
			t.Fatalf("exit %d, want 0\n%s", code, stdout)
		}
		if usd, err := strconv.ParseFloat(out["delta-usd-per-day"], 64); err != nil || usd >= 0 || out["delta-removed"] != "1" {
			t.Errorf("outputs = %v, want a negative net and one removed", out)
		}
		if strings.Contains(stdout, "::warning") {
			t.Errorf("a removed finding is annotated:\n%s", stdout)
		}
	})
}

func gitOut(t *testing.T, dir string, args ...string) string {
	t.Helper()
	cmd := exec.Command("git", args...)
	cmd.Dir = dir
	cmd.Env = gitEnv()
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("git %v: %v", args, err)
	}
	return string(out)
}
