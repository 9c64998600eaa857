package cli

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

// TestExamplesGolden keeps the scan of the bundled examples byte for byte
// in every format (go test ./cli -run ExamplesGolden -update rewrites the
// files in testdata/examples after a reviewed change): a refactoring of
// the readers must not move a finding, an error or a column.
func TestExamplesGolden(t *testing.T) {
	root, err := filepath.Abs("..")
	if err != nil {
		t.Fatal(err)
	}
	for _, format := range []string{"text", "json", "sarif", "github", "checkstyle", "html"} {
		t.Run(format, func(t *testing.T) {
			var out, errOut bytes.Buffer
			code := run([]string{"scan", "--fail-on", "none", "--format", format, "testdata/examples"},
				&streams{Out: &out, Err: &errOut, Getenv: func(string) string { return "" }, Dir: root})
			if code != exitClean {
				t.Fatalf("exit %d: %s", code, errOut.String())
			}
			// SARIF names the checkout's folder as SRCROOT: the golden file
			// holds a placeholder, so it passes in any clone.
			got := bytes.ReplaceAll(out.Bytes(), []byte("file://"+filepath.ToSlash(root)+"/"), []byte("file:///ROOT/"))
			golden := filepath.Join("testdata", "examples", "scan."+format)
			if *update {
				if err := os.WriteFile(golden, got, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("scan --format %s of testdata/examples differs from %s", format, golden)
			}
		})
	}
}
