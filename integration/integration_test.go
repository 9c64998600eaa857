package integration

import (
	"bytes"
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
)

// inCI is set by CI systems; tools the CI installs must then be present.
var inCI = os.Getenv("CI") == "true"

func repoRoot(t *testing.T) string {
	t.Helper()
	root, err := filepath.Abs("..")
	if err != nil {
		t.Fatal(err)
	}
	return root
}

// need finds a tool, failing in CI and skipping locally when it is missing.
func need(t *testing.T, name string, extra ...string) string {
	t.Helper()
	if p, err := exec.LookPath(name); err == nil {
		return p
	}
	for _, p := range extra {
		if _, err := os.Stat(p); err == nil {
			return p
		}
	}
	if inCI {
		t.Fatalf("%s is not installed; CI must install it", name)
	}
	t.Skipf("%s is not installed", name)
	return ""
}

func gopathBin(t *testing.T) string {
	out, err := exec.Command("go", "env", "GOPATH").Output()
	if err != nil {
		t.Fatal(err)
	}
	return filepath.Join(strings.TrimSpace(string(out)), "bin")
}

var (
	buildOnce sync.Once
	binDir    string
	buildErr  error
	buildOut  []byte
)

// cachevetBin builds ./cmd/cachevet once per test binary and returns the
// directory holding it.
func cachevetBin(t *testing.T) string {
	t.Helper()
	buildOnce.Do(func() {
		binDir, buildErr = os.MkdirTemp("", "cachevet-bin")
		if buildErr != nil {
			return
		}
		cmd := exec.Command("go", "build", "-o", filepath.Join(binDir, "cachevet"), "./cmd/cachevet")
		cmd.Dir = repoRoot(t)
		buildOut, buildErr = cmd.CombinedOutput()
	})
	if buildErr != nil {
		t.Fatalf("building cachevet: %v\n%s", buildErr, buildOut)
	}
	return binDir
}

func TestMain(m *testing.M) {
	flag.Parse()
	code := m.Run()
	if binDir != "" {
		os.RemoveAll(binDir)
	}
	os.Exit(code)
}

func TestActionlint(t *testing.T) {
	bin := need(t, "actionlint", filepath.Join(gopathBin(t), "actionlint"))
	cmd := exec.Command(bin, "-color=false", ".github/workflows/cachevet.yml")
	cmd.Dir = repoRoot(t)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("actionlint: %v\n%s", err, out)
	}
}

// copyDir copies a fixture tree.
func copyDir(t *testing.T, src, dst string) {
	t.Helper()
	err := filepath.Walk(src, func(p string, info os.FileInfo, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		target := filepath.Join(dst, rel)
		if info.IsDir() {
			return os.MkdirAll(target, 0o755)
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(target, data, info.Mode().Perm())
	})
	if err != nil {
		t.Fatal(err)
	}
}

func readOutputs(t *testing.T, path string) map[string]string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, l := range strings.Split(strings.TrimSpace(string(data)), "\n") {
		k, v, ok := strings.Cut(l, "=")
		if !ok {
			t.Fatalf("bad GITHUB_OUTPUT line %q", l)
		}
		out[k] = v
	}
	return out
}

// TestActionScript runs the action's steps as the runner would, with the
// runner's files pointing at temporary files.
func TestActionScript(t *testing.T) {
	need(t, "jq")
	root := repoRoot(t)
	bin := cachevetBin(t)
	tmp := t.TempDir()
	ws := filepath.Join(tmp, "workspace")
	copyDir(t, filepath.Join(root, "integration/testdata/mixed"), ws)
	files := map[string]string{}
	for _, f := range []string{"GITHUB_OUTPUT", "GITHUB_STEP_SUMMARY", "GITHUB_PATH"} {
		files[f] = filepath.Join(tmp, strings.ToLower(f))
		if err := os.WriteFile(files[f], nil, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	runner := filepath.Join(tmp, "runner")
	if err := os.Mkdir(runner, 0o755); err != nil {
		t.Fatal(err)
	}
	env := append(os.Environ(),
		"PATH="+bin+string(os.PathListSeparator)+os.Getenv("PATH"),
		"ACTION_PATH="+root, "GITHUB_WORKSPACE="+ws, "RUNNER_TEMP="+runner,
		"GITHUB_OUTPUT="+files["GITHUB_OUTPUT"], "GITHUB_STEP_SUMMARY="+files["GITHUB_STEP_SUMMARY"], "GITHUB_PATH="+files["GITHUB_PATH"],
		"INPUT_PATHS=.", "INPUT_PACKAGES=./...", "INPUT_MODEL=", "INPUT_RPM=2", "INPUT_FAIL_ON=warning",
		"INPUT_FORMAT=github", "INPUT_UPLOAD_SARIF=true", "INPUT_SARIF_FILE=out/cachevet.sarif", "INPUT_VERSION=",
		"GITHUB_EVENT_NAME=push", // not a pull request, even when the tests run in one
	)
	script := filepath.Join(root, ".github/action/run.sh")

	t.Run("run", func(t *testing.T) {
		cmd := exec.Command(script, "run")
		cmd.Env = env
		var stdout, stderr bytes.Buffer
		cmd.Stdout, cmd.Stderr = &stdout, &stderr
		err := cmd.Run()
		code := 0
		if ee, ok := err.(*exec.ExitError); ok {
			code = ee.ExitCode()
		} else if err != nil {
			t.Fatal(err)
		}
		if code != 1 {
			t.Fatalf("exit code %d, want 1 (warnings and a malformed file)\nstdout:\n%s\nstderr:\n%s", code, &stdout, &stderr)
		}
		if !regexp.MustCompile(`(?m)^::warning file=prompts/support\.md,line=3,`).Match(stdout.Bytes()) {
			t.Errorf("no warning annotation for prompts/support.md:3:\n%s", &stdout)
		}
		if !regexp.MustCompile(`(?m)^::error file=requests/broken\.json,`).Match(stdout.Bytes()) {
			t.Errorf("no error annotation for the malformed request body:\n%s", &stdout)
		}
		out := readOutputs(t, files["GITHUB_OUTPUT"])
		if n, err := strconv.Atoi(out["findings"]); err != nil || n < 2 {
			t.Errorf("findings output = %q, want at least 2", out["findings"])
		}
		if usd, err := strconv.ParseFloat(out["usd-per-day"], 64); err != nil || usd <= 0 {
			t.Errorf("usd-per-day output = %q, want a positive amount", out["usd-per-day"])
		}
		if out["sarif-file"] != "out/cachevet.sarif" || out["exit-code"] != "1" || out["html-dir"] != "cachevet-html" {
			t.Errorf("outputs = %v", out)
		}
		for _, mode := range []string{"scan", "go"} {
			page, err := os.ReadFile(filepath.Join(ws, "cachevet-html", "cachevet-"+mode+".html"))
			if err != nil {
				t.Fatalf("cache map of %s: %v", mode, err)
			}
			if !bytes.Contains(page, []byte(`<div class="bar" role="list"`)) {
				t.Errorf("cache map of %s draws no request", mode)
			}
		}
		sarif, err := os.ReadFile(filepath.Join(ws, "out/cachevet.sarif"))
		if err != nil {
			t.Fatal(err)
		}
		if bytes.Count(sarif, []byte(`"version": "2.1.0"`)) != 1 || !bytes.Contains(sarif, []byte(`"primaryLocationLineHash"`)) {
			t.Errorf("merged SARIF is not one log with fingerprints")
		}
		summary, _ := os.ReadFile(files["GITHUB_STEP_SUMMARY"])
		if !bytes.Contains(summary, []byte("## cachevet")) || !bytes.Contains(summary, []byte("| **Total** |")) || !bytes.Contains(summary, []byte("2 rpm")) {
			t.Errorf("step summary:\n%s", summary)
		}
	})

	t.Run("link", func(t *testing.T) {
		cmd := exec.Command(script, "link")
		cmd.Env = append(env, "ARTIFACT_URL=https://github.com/o/r/actions/runs/1/artifacts/2")
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("link: %v\n%s", err, out)
		}
		summary, _ := os.ReadFile(files["GITHUB_STEP_SUMMARY"])
		if !bytes.Contains(summary, []byte("**Cache map:** [cachevet-cache-map](https://github.com/o/r/actions/runs/1/artifacts/2)")) {
			t.Errorf("step summary has no link to the cache map:\n%s", summary)
		}
	})

	t.Run("install", func(t *testing.T) {
		cmd := exec.Command(script, "install")
		cmd.Env = env
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("install: %v\n%s", err, out)
		}
		p, _ := os.ReadFile(files["GITHUB_PATH"])
		dir := strings.TrimSpace(string(p))
		if _, err := os.Stat(filepath.Join(dir, "cachevet")); err != nil {
			t.Errorf("GITHUB_PATH = %q holds no cachevet: %v", dir, err)
		}
	})
}

// TestPreCommit runs the real pre-commit against a commit of the current
// working tree. It compiles cachevet from scratch, so it runs only in CI or
// when asked for with -run PreCommit.
func TestPreCommit(t *testing.T) {
	if !inCI && !strings.Contains(flag.Lookup("test.run").Value.String(), "PreCommit") {
		t.Skip("slow: runs in CI or with -run PreCommit")
	}
	preCommit := need(t, "pre-commit")
	need(t, "git")
	root := repoRoot(t)
	tmp := t.TempDir()

	// pre-commit installs a hook repository at a commit: commit the working
	// tree, uncommitted changes included, into a scratch repository.
	hookRepo := filepath.Join(tmp, "hooks")
	ls := exec.Command("git", "ls-files", "-z", "--cached", "--others", "--exclude-standard")
	ls.Dir = root
	list, err := ls.Output()
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range bytes.Split(list, []byte{0}) {
		if len(f) == 0 {
			continue
		}
		src := filepath.Join(root, string(f))
		info, err := os.Lstat(src)
		if err != nil || !info.Mode().IsRegular() {
			continue // deleted in the work tree, or not a file
		}
		data, err := os.ReadFile(src)
		if err != nil {
			t.Fatal(err)
		}
		dst := filepath.Join(hookRepo, string(f))
		if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(dst, data, info.Mode().Perm()); err != nil {
			t.Fatal(err)
		}
	}
	git(t, hookRepo, "init", "-q")
	git(t, hookRepo, "add", "-A")
	git(t, hookRepo, "commit", "-q", "-m", "snapshot")

	user := filepath.Join(tmp, "user")
	fixture, err := os.ReadFile(filepath.Join(root, "integration/testdata/mixed/prompts/support.md"))
	if err != nil {
		t.Fatal(err)
	}
	git(t, tmp, "init", "-q", user)
	write := func(content []byte) {
		if err := os.MkdirAll(filepath.Join(user, "prompts"), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(user, "prompts/support.md"), content, 0o644); err != nil {
			t.Fatal(err)
		}
		git(t, user, "add", "prompts/support.md")
	}
	gomodcache, _ := exec.Command("go", "env", "GOMODCACHE").Output()
	try := func() (string, error) {
		cmd := exec.Command(preCommit, "try-repo", hookRepo, "cachevet", "--files", "prompts/support.md")
		cmd.Dir = user
		cmd.Env = append(gitEnv(), "PRE_COMMIT_HOME="+filepath.Join(tmp, "cache"),
			"GOMODCACHE="+strings.TrimSpace(string(gomodcache)), "GOFLAGS=-modcacherw")
		out, err := cmd.CombinedOutput()
		return string(out), err
	}

	write(fixture)
	out, err := try()
	if err == nil || !strings.Contains(out, "PC001") {
		t.Fatalf("hook passed a cache-hostile prompt (err %v):\n%s", err, out)
	}
	// The fix: the date moves to the end, after the stable policies.
	fixed := strings.Replace(string(fixture), " Il est {{ .Now }}.", "", 1) + "\nIl est {{ .Now }}.\n"
	write([]byte(fixed))
	if out, err := try(); err != nil {
		t.Fatalf("hook failed on the fixed prompt: %v\n%s", err, out)
	}
}

func gitEnv() []string {
	return append(os.Environ(), "GIT_AUTHOR_NAME=t", "GIT_AUTHOR_EMAIL=t@example.com",
		"GIT_COMMITTER_NAME=t", "GIT_COMMITTER_EMAIL=t@example.com", "GIT_CONFIG_GLOBAL=/dev/null", "GIT_CONFIG_NOSYSTEM=1")
}

func git(t *testing.T, dir string, args ...string) {
	t.Helper()
	cmd := exec.Command("git", args...)
	cmd.Dir = dir
	cmd.Env = gitEnv()
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("git %v: %v\n%s", args, err, out)
	}
}
