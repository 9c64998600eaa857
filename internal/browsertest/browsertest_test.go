package browsertest

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestConsoleErrorsAreCaught: a console.error call and an uncaught
// exception on the page are both recorded, so Load's cleanup fails the test
// that saw them. The recorded errors are cleared here, after checking them,
// so this test itself passes.
func TestConsoleErrorsAreCaught(t *testing.T) {
	Browser(t)
	page := filepath.Join(t.TempDir(), "bad.html")
	html := `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>bad</title></head>
<body><p id="x">hello</p><script>console.error("boom"); console.log("fine"); missingFunction();</script></body></html>`
	if err := os.WriteFile(page, []byte(html), 0o644); err != nil {
		t.Fatal(err)
	}
	p := Load(t, page, 400, 300)
	if got := Eval[string](p, `document.getElementById('x').textContent`); got != "hello" {
		t.Errorf("DOM text %q", got)
	}
	var errs []string
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		p.mu.Lock()
		errs = append(errs[:0], p.errs...)
		p.mu.Unlock()
		if len(errs) >= 2 {
			break
		}
	}
	joined := strings.Join(errs, "\n")
	if len(errs) != 2 || !strings.Contains(joined, `console.error: "boom"`) || !strings.Contains(joined, "missingFunction") {
		t.Errorf("recorded console errors:\n%s\nwant console.error boom and the uncaught ReferenceError", joined)
	}
	p.mu.Lock()
	p.errs = nil
	p.mu.Unlock()
}
