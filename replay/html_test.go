package replay

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// chromium finds a headless-capable Chromium; the test is skipped without
// one except in CI, where .ci/run installs it.
func chromium(t *testing.T) string {
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "headless_shell"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if os.Getenv("CI") != "" {
		t.Fatal("no chromium in CI")
	}
	t.Skip("chromium not installed")
	return ""
}

// TestHTMLInChromium renders the worked example's page in a real headless
// Chromium: the DOM it builds has one timeline bar per record, the miss
// causes and the slot a miss comes from; a screenshot is kept as a test
// artifact.
func TestHTMLInChromium(t *testing.T) {
	bin := chromium(t)
	rep := example(t)
	dir := t.ArtifactDir()
	page := filepath.Join(dir, "replay.html")
	f, err := os.Create(page)
	if err != nil {
		t.Fatal(err)
	}
	if err := WriteHTML(f, rep); err != nil {
		t.Fatal(err)
	}
	f.Close()
	run := func(args ...string) string {
		ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
		defer cancel()
		base := []string{"--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
			"--user-data-dir=" + t.TempDir(), "--window-size=1280,1800"}
		out, err := exec.CommandContext(ctx, bin, append(base, args...)...).Output()
		if err != nil {
			t.Fatalf("chromium %v: %v", args, err)
		}
		return string(out)
	}
	dom := run("--dump-dom", "file://"+page)
	if n := len(regexp.MustCompile(`<g><title>`).FindAllString(dom, -1)); n != len(rep.Replay.Records) {
		t.Errorf("timeline has %d bars, want %d", n, len(rep.Replay.Records))
	}
	if n := strings.Count(dom, `class="miss"`); n != len(rep.Replay.Misses) {
		t.Errorf("timeline marks %d misses, want %d", n, len(rep.Replay.Misses))
	}
	for _, want := range []string{"<code>system-changed</code>", "<code>tool-order</code>", "<code>ttl-expired</code>", "<code>{{.GitStatus}}</code>"} {
		if !strings.Contains(dom, want) {
			t.Errorf("rendered page lacks %s", want)
		}
	}
	shot := filepath.Join(dir, "replay.png")
	run("--screenshot="+shot, "file://"+page)
	if st, err := os.Stat(shot); err != nil || st.Size() < 10000 {
		t.Errorf("screenshot %s missing or empty: %v", shot, err)
	}
}
