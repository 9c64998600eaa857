// Package browsertest loads a page in headless Chromium for tests, driven
// from Go with chromedp: it evaluates JavaScript against the DOM, saves
// screenshots under the test's artifact directory, and fails the test on any
// console error, uncaught exception or browser log error.
//
// Chromium is found on PATH (chromium, chromium-browser, google-chrome).
// Without it the test is skipped, unless CI is set: then a missing browser
// fails the test, so a CI run cannot pass without the browser checks.
package browsertest

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

// Page is one loaded page.
type Page struct {
	t   *testing.T
	ctx context.Context
	mu  sync.Mutex
	// errs are the console errors seen so far.
	errs []string
}

// browsers are the executable names tried, in order.
var browsers = []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"}

// Browser returns the path of the Chromium executable, or skips the test
// when there is none and CI is unset (with CI set it fails).
func Browser(t *testing.T) string {
	t.Helper()
	for _, name := range browsers {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if os.Getenv("CI") != "" {
		t.Fatalf("no Chromium on PATH (tried %v); CI installs it (apt-get install chromium)", browsers)
	}
	t.Skipf("no Chromium on PATH (tried %v): install it to run the browser checks", browsers)
	return ""
}

// Load opens the HTML file at path (as a file:// URL) in a fresh headless
// browser with a width×height viewport and waits until it has loaded. The
// browser closes when the test ends; any console error seen by then fails
// the test.
func Load(t *testing.T, path string, width, height int) *Page {
	t.Helper()
	exe := Browser(t)
	abs, err := filepath.Abs(path)
	if err != nil {
		t.Fatal(err)
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(exe),
		chromedp.NoSandbox, // tests and CI run as root
		chromedp.Flag("disable-gpu", true),
		chromedp.Flag("hide-scrollbars", true),
		chromedp.WindowSize(width, height),
		chromedp.UserDataDir(t.TempDir()),
	)
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelCtx := chromedp.NewContext(actx)
	p := &Page{t: t, ctx: ctx}
	t.Cleanup(func() {
		cancelCtx()
		cancelAlloc()
		p.mu.Lock()
		defer p.mu.Unlock()
		for _, e := range p.errs {
			t.Errorf("browser console: %s", e)
		}
	})
	if err := chromedp.Listen(ctx, p.listen); err != nil {
		t.Fatalf("starting %s: %v", exe, err)
	}
	run, cancel := context.WithTimeout(ctx, 60*time.Second)
	defer cancel()
	if err := chromedp.Do(run,
		chromedp.EmulateViewport(int64(width), int64(height)),
		chromedp.Navigate("file://"+filepath.ToSlash(abs)),
		chromedp.WaitReady(chromedp.CSS("body")),
	); err != nil {
		t.Fatalf("loading %s: %v", path, err)
	}
	return p
}

// listen records console errors; it runs on chromedp's event goroutine.
func (p *Page) listen(ev any) {
	var msg string
	switch e := ev.(type) {
	case *runtime.EventConsoleAPICalled:
		if e.Type != runtime.ConsoleAPICalledTypeError && e.Type != runtime.ConsoleAPICalledTypeAssert {
			return
		}
		msg = "console." + string(e.Type) + ":"
		for _, a := range e.Args {
			if a.Value != nil {
				msg += " " + string(a.Value)
			} else {
				msg += " " + a.Description
			}
		}
	case *runtime.EventExceptionThrown:
		msg = "uncaught exception: " + e.ExceptionDetails.Text
		if e.ExceptionDetails.Exception != nil {
			msg += " " + e.ExceptionDetails.Exception.Description
		}
	case *log.EventEntryAdded:
		if e.Entry.Level != log.EntryLevelError {
			return
		}
		msg = fmt.Sprintf("%s error: %s %s", e.Entry.Source, e.Entry.Text, e.Entry.URL)
	default:
		return
	}
	p.mu.Lock()
	p.errs = append(p.errs, msg)
	p.mu.Unlock()
}

// Eval evaluates a JavaScript expression in the page and returns its value
// decoded into T (numbers as float64 or int, objects into structs).
func Eval[T any](p *Page, expr string) T {
	p.t.Helper()
	ctx, cancel := context.WithTimeout(p.ctx, 30*time.Second)
	defer cancel()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](expr))
	if err != nil {
		p.t.Fatalf("evaluating %s: %v", expr, err)
	}
	return v
}

// Click clicks the first element matching a CSS selector.
func (p *Page) Click(selector string) {
	p.t.Helper()
	ctx, cancel := context.WithTimeout(p.ctx, 30*time.Second)
	defer cancel()
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(selector))); err != nil {
		p.t.Fatalf("clicking %s: %v", selector, err)
	}
}

// Screenshot saves a PNG of the whole page as name under the test's
// artifact directory (go test -artifacts keeps it, under -outputdir) and
// returns its path.
func (p *Page) Screenshot(name string) string {
	p.t.Helper()
	ctx, cancel := context.WithTimeout(p.ctx, 60*time.Second)
	defer cancel()
	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		p.t.Fatalf("screenshot: %v", err)
	}
	path := filepath.Join(p.t.ArtifactDir(), name)
	if err := os.WriteFile(path, png, 0o644); err != nil {
		p.t.Fatal(err)
	}
	p.t.Logf("screenshot: %s", path)
	return path
}

// ColorScheme emulates prefers-color-scheme: "light" or "dark".
func (p *Page) ColorScheme(scheme string) {
	p.t.Helper()
	ctx, cancel := context.WithTimeout(p.ctx, 30*time.Second)
	defer cancel()
	_, err := chromedp.Call(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
		Features: []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: scheme}},
	})
	if err != nil {
		p.t.Fatalf("emulating prefers-color-scheme %s: %v", scheme, err)
	}
}

// Key sends key presses to the focused element ("\t" is Tab, " " Space).
func (p *Page) Key(keys string) {
	p.t.Helper()
	ctx, cancel := context.WithTimeout(p.ctx, 30*time.Second)
	defer cancel()
	if err := chromedp.Do(ctx, chromedp.KeyEvent(keys)); err != nil {
		p.t.Fatalf("pressing %q: %v", keys, err)
	}
}
