package gocheck

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// benchPackages is the size of the generated module: large enough that
// per-package costs (process start under go vet, facts) dominate.
const benchPackages = 300

// genModule writes a module of n packages. Each package builds a prompt
// with the time ahead of a stable text and, every tenth package aside,
// imports its predecessor so facts cross package boundaries. With sdk the
// prompt is sent with anthropic-sdk-go (the module reuses the real-SDK
// fixture's go.mod and go.sum); without, it is only returned.
func genModule(b *testing.B, n int, sdk bool) string {
	b.Helper()
	dir := b.TempDir()
	mod := "module example.com/bench\n\ngo 1.26\n"
	if sdk {
		data, err := os.ReadFile(filepath.Join("testdata", "realsdk", "go.mod"))
		if err != nil {
			b.Fatal(err)
		}
		mod = strings.Replace(string(data), "module example.com/realsdk", "module example.com/bench", 1)
		sum, err := os.ReadFile(filepath.Join("testdata", "realsdk", "go.sum"))
		if err != nil {
			b.Fatal(err)
		}
		writeFile(b, filepath.Join(dir, "go.sum"), string(sum))
	}
	writeFile(b, filepath.Join(dir, "go.mod"), mod)
	for i := range n {
		writeFile(b, filepath.Join(dir, fmt.Sprintf("p%03d", i), "p.go"), benchSource(i, sdk))
	}
	return dir
}

func benchSource(i int, sdk bool) string {
	var b strings.Builder
	fmt.Fprintf(&b, "package p%03d\n\nimport (\n\t\"context\"\n\t\"time\"\n", i)
	if i%10 != 0 {
		fmt.Fprintf(&b, "\n\tprev \"example.com/bench/p%03d\"\n", i-1)
	}
	if sdk {
		b.WriteString("\n\t\"github.com/anthropics/anthropic-sdk-go\"\n")
	}
	b.WriteString(")\n\n")
	fmt.Fprintf(&b, "const rules = %q\n\n", strings.Repeat(fmt.Sprintf("Rule %d: answer briefly and cite the policy. ", i), 200))
	b.WriteString("// Prompt puts the time first: volatile content ahead of stable rules.\n")
	b.WriteString("func Prompt() string {\n\ts := \"Now: \" + time.Now().String() + \"\\n\" + rules\n")
	if i%10 != 0 {
		b.WriteString("\ts += prev.Prompt()\n")
	}
	b.WriteString("\treturn s\n}\n\n")
	if !sdk {
		b.WriteString("// Ask is where a request would be sent.\nfunc Ask(ctx context.Context) string { _ = ctx; return Prompt() }\n")
		return b.String()
	}
	b.WriteString(`// Ask sends the prompt with a breakpoint.
func Ask(ctx context.Context, c *anthropic.Client) (*anthropic.Message, error) {
	return c.Messages.New(ctx, anthropic.MessageNewParams{
		Model:     anthropic.ModelClaudeSonnet4_5,
		MaxTokens: 1024,
		System: []anthropic.TextBlockParam{{
			Text:         Prompt(),
			CacheControl: anthropic.NewCacheControlEphemeralParam(),
		}},
	})
}
`)
	return b.String()
}

func writeFile(b *testing.B, path, content string) {
	b.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		b.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		b.Fatal(err)
	}
}

// touchAll appends a comment to every package, so their build and vet
// actions miss the cache while the SDK and the standard library stay
// cached: the state after a large edit or a branch switch.
func touchAll(b *testing.B, dir string, n, round int) {
	b.Helper()
	for i := range n {
		path := filepath.Join(dir, fmt.Sprintf("p%03d", i), "p.go")
		f, err := os.OpenFile(path, os.O_APPEND|os.O_WRONLY, 0)
		if err != nil {
			b.Fatal(err)
		}
		fmt.Fprintf(f, "// edit %d\n", round)
		f.Close()
	}
}

// runGo runs a go command in dir; exit status 1 with output is accepted
// because go vet exits 1 when it reports findings.
func runGo(b *testing.B, dir string, args ...string) {
	b.Helper()
	cmd := exec.Command("go", args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), goEnv...)
	out, err := cmd.CombinedOutput()
	if err != nil && (cmd.ProcessState == nil || cmd.ProcessState.ExitCode() != 1) {
		b.Fatalf("go %s: %v\n%s", strings.Join(args, " "), err, out)
	}
}

// BenchmarkGoCheck times gocheck.Run (go/packages + checker, in process)
// over the generated module. go/packages has no result cache, so every
// iteration loads, type-checks and analyzes everything.
func BenchmarkGoCheck(b *testing.B) {
	for _, sdk := range []bool{false, true} {
		b.Run(variant(sdk), func(b *testing.B) {
			if sdk {
				needProxy(b)
			}
			dir := genModule(b, benchPackages, sdk)
			for b.Loop() {
				fs, errs, err := Run(Options{Dir: dir, Env: goEnv})
				if err != nil || len(errs) > 0 {
					b.Fatal(err, errs)
				}
				if sdk && len(fs) == 0 {
					b.Fatal("no findings on the SDK module")
				}
			}
		})
	}
}

// BenchmarkGoVet times `go vet` with cachevet-vet against plain `go vet`
// on the same module. warm: nothing changed since the last run, so the go
// command answers from its vet cache (packages with findings exit 1 in text
// mode and are not cached, so they re-run). edited: every package changed,
// so each is recompiled and re-vetted; dependencies stay cached. Each
// sub-benchmark runs once untimed first, so the SDK and the standard
// library are compiled before timing.
func BenchmarkGoVet(b *testing.B) {
	needProxy(b)
	bin := buildVetTool(b)
	tools := map[string][]string{
		"cachevet": {"vet", "-vettool=" + bin, "./..."},
		"plain":    {"vet", "./..."},
	}
	for _, sdk := range []bool{false, true} {
		dir := genModule(b, benchPackages, sdk)
		for _, tool := range []string{"cachevet", "plain"} {
			for _, state := range []string{"warm", "edited"} {
				b.Run(variant(sdk)+"/"+tool+"/"+state, func(b *testing.B) {
					runGo(b, dir, tools[tool]...)
					round := 0
					for b.Loop() {
						if state == "edited" {
							b.StopTimer()
							round++
							touchAll(b, dir, benchPackages, round)
							b.StartTimer()
						}
						runGo(b, dir, tools[tool]...)
					}
				})
			}
		}
	}
}

func variant(sdk bool) string {
	if sdk {
		return "sdk"
	}
	return "nosdk"
}
