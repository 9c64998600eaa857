package tokenizer

import (
	"fmt"
	"os/exec"
	"strings"
	"sync"
	"testing"

	"github.com/pkoukk/tiktoken-go"
	tiktoken_loader "github.com/pkoukk/tiktoken-go-loader"
)

// tiktoken-go is the reference the fast counter is tested and benchmarked
// against. It lives in a test file so the shipped binaries do not link it
// (and its loader, which embeds the vocabularies a second time).

var loaderOnce sync.Once

func reference(name string) func() (*tiktoken.Tiktoken, error) {
	return sync.OnceValues(func() (*tiktoken.Tiktoken, error) {
		// The offline loader embeds the BPE files, so nothing is downloaded.
		loaderOnce.Do(func() { tiktoken.SetBpeLoader(tiktoken_loader.NewOfflineLoader()) })
		return tiktoken.GetEncoding(name)
	})
}

var references = map[string]func() (*tiktoken.Tiktoken, error){
	O200kBase:  reference(O200kBase),
	Cl100kBase: reference(Cl100kBase),
}

// Reference returns tiktoken-go's encoder for an encoding, built once per
// test process.
func Reference(name string) (*tiktoken.Tiktoken, error) {
	f, ok := references[name]
	if !ok {
		return nil, fmt.Errorf("unknown encoding %q (want o200k_base or cl100k_base)", name)
	}
	return f()
}

// TestShippedBinariesDoNotLinkTiktoken keeps the reference out of the
// commands: the fast counter's vocabularies are the only embedded copy.
func TestShippedBinariesDoNotLinkTiktoken(t *testing.T) {
	if testing.Short() {
		t.Skip("runs go list")
	}
	out, err := exec.Command("go", "list", "-deps", "../cmd/...").CombinedOutput()
	if err != nil {
		t.Fatalf("go list: %v\n%s", err, out)
	}
	for _, pkg := range strings.Fields(string(out)) {
		if strings.Contains(pkg, "tiktoken") || strings.Contains(pkg, "regexp2") {
			t.Errorf("the commands link %s", pkg)
		}
	}
}
