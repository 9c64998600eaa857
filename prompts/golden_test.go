package prompts

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cachevet/cachevet/rules"
)

var update = flag.Bool("update", false, "rewrite the .golden files")

// TestGolden reads each fixture under testdata/golden and compares a
// readable dump of its requests and errors with the .golden file beside
// it. Run with -update after a deliberate change and review the diff.
func TestGolden(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("testdata", "golden", "*"))
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, path := range files {
		if strings.HasSuffix(path, ".golden") {
			continue
		}
		n++
		t.Run(filepath.Base(path), func(t *testing.T) {
			data, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			path := filepath.ToSlash(path)
			reqs, errs := Read(path, fileKind(path), data, Options{})
			got := dump(reqs, errs)
			golden := path + ".golden"
			if *update {
				if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test -run TestGolden -update)", err)
			}
			if got != string(want) {
				t.Errorf("%s differs from %s:\n--- got\n%s--- want\n%s", path, golden, got, want)
			}
		})
	}
	if n < 15 {
		t.Errorf("only %d golden fixtures", n)
	}
}

// dump prints requests and errors one line per block and part.
func dump(reqs []*rules.Request, errs []*rules.InputError) string {
	var b strings.Builder
	for _, r := range reqs {
		fmt.Fprintf(&b, "request source=%s model=%q", r.Source, r.Model)
		if r.Model != "" {
			fmt.Fprintf(&b, " @%s", rng(r.ModelSpan))
		}
		b.WriteString("\n")
		for _, blk := range r.Blocks {
			fmt.Fprintf(&b, "  block %s role=%s kind=%s message=%d @%s\n", blk.Section, blk.Role, blk.Kind, blk.Message, rng(blk.Span))
			for _, p := range blk.Parts {
				if p.Slot == nil {
					fmt.Fprintf(&b, "    text @%s %q\n", rng(p.Span), p.Text)
					continue
				}
				s := p.Slot
				fmt.Fprintf(&b, "    slot @%s %s %s %s", rng(p.Span), s.Name, s.Kind, s.Lifetime)
				if s.Runtime != "" {
					fmt.Fprintf(&b, " runtime=%s", s.Runtime)
				}
				if s.Why != "" {
					fmt.Fprintf(&b, " (%s)", s.Why)
				}
				fmt.Fprintf(&b, " %q\n", p.Text)
			}
		}
	}
	for _, e := range errs {
		fmt.Fprintf(&b, "error %s\n", e.Error())
	}
	return b.String()
}

func rng(s rules.Span) string {
	return fmt.Sprintf("%d:%d-%d:%d", s.Line, s.Col, s.EndLine, s.EndCol)
}
