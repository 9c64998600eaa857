package cli

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"
	"golang.org/x/tools/go/analysis/unitchecker"

	"github.com/cachevet/cachevet/analyzers"
)

func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){
		"cachevet": func() { os.Exit(Main(os.Args[1:], os.Stdout, os.Stderr)) },
		// The go vet -vettool binary, so scripts drive go vet and go fix
		// with the same analyzers.
		"cachevet-vet": func() { unitchecker.Main(analyzers.All()...) },
	})
}

// TestScript runs the txtar scripts in testdata/script: the CLI end to end,
// as users call it.
func TestScript(t *testing.T) {
	testscript.Run(t, testscript.Params{
		Dir: "testdata/script",
		Setup: func(e *testscript.Env) error {
			// The go command needs its caches; the network is off so a
			// script can only use local modules.
			for _, k := range []string{"GOCACHE", "GOMODCACHE", "GOPATH", "GOROOT"} {
				e.Setenv(k, goEnv(k))
			}
			e.Setenv("GOPROXY", "off")
			e.Setenv("GOFLAGS", "-mod=mod")
			e.Setenv("GOTOOLCHAIN", "local")
			// The bundled examples, for scripts that replay them.
			if wd, err := os.Getwd(); err == nil {
				e.Setenv("EXAMPLES", filepath.Join(wd, "..", "testdata", "examples"))
			}
			// Keep config discovery inside the work directory.
			return os.Mkdir(e.WorkDir+"/.git", 0o755)
		},
		Cmds: map[string]func(ts *testscript.TestScript, neg bool, args []string){
			"prompt": cmdPrompt,
		},
	})
}

func goEnv(key string) string {
	out, err := exec.Command("go", "env", key).Output()
	if err != nil {
		return ""
	}
	return strings.TrimSpace(string(out))
}

// cmdPrompt writes a prompt of N policy lines between a head and a tail:
//
//	prompt FILE N HEAD [TAIL]
//
// so scripts can make prompts above or below a model's minimum without
// pasting kilobytes of text.
func cmdPrompt(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) < 3 {
		ts.Fatalf("usage: prompt FILE N HEAD [TAIL]")
	}
	n, err := strconv.Atoi(args[1])
	if err != nil {
		ts.Fatalf("prompt: %v", err)
	}
	var b strings.Builder
	b.WriteString(args[2] + "\n\n")
	for i := 0; i < n; i++ {
		fmt.Fprintf(&b, "Rule %d: when a customer asks about a refund, check the order history, confirm the purchase date and explain the policy in plain words.\n", i+1)
	}
	if len(args) > 3 {
		b.WriteString("\n" + args[3] + "\n")
	}
	path := ts.MkAbs(args[0])
	ts.Check(os.MkdirAll(filepath.Dir(path), 0o755))
	ts.Check(os.WriteFile(path, []byte(b.String()), 0o644))
}
