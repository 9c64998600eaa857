package tokenizer

import (
	"fmt"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"
)

// firstUseEnv selects, in a child test process, what to build and count.
const firstUseEnv = "CACHEVET_FIRST_USE"

// TestFirstUseInFreshProcess measures what the first count costs a new
// process, as under go vet, where every package is analyzed in a new
// process: building the counter, faulting in the pages of the embedded
// vocabulary it touches, and counting one prompt. It runs a child process
// per measurement and logs the times (run with -v to see them); it asserts
// nothing about time, only that the child counted.
func TestFirstUseInFreshProcess(t *testing.T) {
	if os.Getenv(firstUseEnv) != "" {
		t.Skip("child process")
	}
	if testing.Short() {
		t.Skip("starts child processes")
	}
	for _, enc := range Encodings() {
		for _, impl := range []string{"fast", "tiktoken"} {
			cmd := exec.Command(os.Args[0], "-test.run=^TestFirstUseChild$", "-test.count=1")
			cmd.Env = append(os.Environ(), firstUseEnv+"="+enc+"/"+impl)
			out, err := cmd.CombinedOutput()
			if err != nil {
				t.Fatalf("%s/%s: %v\n%s", enc, impl, err, out)
			}
			_, after, ok := strings.Cut(string(out), "first-use: ")
			if !ok {
				t.Fatalf("%s/%s: no measurement in %s", enc, impl, out)
			}
			t.Logf("%s/%s first use: %s", enc, impl, strings.TrimSpace(strings.SplitN(after, "\n", 2)[0]))
		}
	}
}

// TestFirstUseChild is the child of TestFirstUseInFreshProcess.
func TestFirstUseChild(t *testing.T) {
	enc, impl, ok := strings.Cut(os.Getenv(firstUseEnv), "/")
	if !ok {
		t.Skip("run by TestFirstUseInFreshProcess")
	}
	prompt := "You are a helpful assistant. Today's date is 2024-11-30.\n\n" +
		"Answer in the user's language — e.g. français, 日本語 or Ελληνικά — and keep it short: ≤ 3 sentences 👍."
	start := time.Now()
	var n int
	switch impl {
	case "fast":
		c, err := newFastCounter(enc)
		if err != nil {
			t.Fatal(err)
		}
		n = c.Count(prompt)
	case "tiktoken":
		ref, err := Reference(enc)
		if err != nil {
			t.Fatal(err)
		}
		n = len(ref.EncodeOrdinary(prompt))
	}
	elapsed := time.Since(start)
	if n == 0 {
		t.Fatal("counted nothing")
	}
	fmt.Printf("first-use: %.3f ms (%d tokens)\n", float64(elapsed.Microseconds())/1000, n)
}
