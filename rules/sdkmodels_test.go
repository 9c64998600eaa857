package rules

import (
	"encoding/json"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
)

// sdkModelTypes are the named string types whose constants list the chat
// models of each SDK, by module path and the package directory inside it.
var sdkModelTypes = []struct {
	module, dir string
	types       []string
	provider    string
}{
	{"github.com/anthropics/anthropic-sdk-go", ".", []string{"Model"}, "anthropic"},
	{"github.com/openai/openai-go/v3", "shared", []string{"ChatModel", "ResponsesModel"}, "openai"},
	{"google.golang.org/genai", "interactions/models/interactions", []string{"Model"}, "google"},
}

// TestSDKModelConstants fails when a model constant of the SDK versions
// pinned in testdata/sdkmodels/go.mod does not resolve in the catalog, or
// resolves to another provider's row. It reads the SDK sources from the
// module cache (downloading them through the module proxy when needed).
func TestSDKModelConstants(t *testing.T) {
	if testing.Short() {
		t.Skip("reads three SDK modules from the module cache")
	}
	dirs := sdkModuleDirs(t)
	c := Builtin()
	total := 0
	for _, sdk := range sdkModelTypes {
		dir, ok := dirs[sdk.module]
		if !ok {
			t.Fatalf("go mod download did not report %s", sdk.module)
		}
		ids := modelConstants(t, filepath.Join(dir, sdk.dir), sdk.types)
		if len(ids) < 10 {
			t.Fatalf("%s: found %d model constants of %v; the SDK layout changed", sdk.module, len(ids), sdk.types)
		}
		total += len(ids)
		for _, id := range ids {
			r, err := c.Resolve(id)
			if err != nil {
				t.Errorf("%s: %v", sdk.module, err)
				continue
			}
			if r.Profile.Provider != sdk.provider {
				t.Errorf("%s: %s resolves to %s of provider %s", sdk.module, id, r.Profile.ID, r.Profile.Provider)
			}
		}
	}
	t.Logf("%d model constants resolve", total)
}

// sdkModuleDirs downloads (or finds in the module cache) the modules that
// testdata/sdkmodels/go.mod requires and returns their directories.
func sdkModuleDirs(t *testing.T) map[string]string {
	t.Helper()
	var args []string
	for _, sdk := range sdkModelTypes {
		args = append(args, sdk.module)
	}
	cmd := exec.Command("go", append([]string{"mod", "download", "-json"}, args...)...)
	cmd.Dir = filepath.Join("testdata", "sdkmodels")
	cmd.Env = append(os.Environ(), "GOWORK=off", "GOFLAGS=-mod=mod")
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go mod download: %v\n%s", err, out)
	}
	dirs := map[string]string{}
	dec := json.NewDecoder(strings.NewReader(string(out)))
	for dec.More() {
		var m struct{ Path, Dir, Error string }
		if err := dec.Decode(&m); err != nil {
			t.Fatal(err)
		}
		if m.Error != "" {
			t.Fatalf("%s: %s", m.Path, m.Error)
		}
		dirs[m.Path] = m.Dir
	}
	return dirs
}

// modelConstants returns the string values of the constants declared with
// one of the named types in the package in dir, sorted.
func modelConstants(t *testing.T, dir string, types []string) []string {
	t.Helper()
	want := map[string]bool{}
	for _, ty := range types {
		want[ty] = true
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	fset := token.NewFileSet()
	for _, e := range entries {
		name := e.Name()
		if !strings.HasSuffix(name, ".go") || strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, filepath.Join(dir, name), nil, parser.SkipObjectResolution)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range f.Decls {
			gd, ok := d.(*ast.GenDecl)
			if !ok || gd.Tok != token.CONST {
				continue
			}
			for _, spec := range gd.Specs {
				vs := spec.(*ast.ValueSpec)
				id, ok := vs.Type.(*ast.Ident)
				if !ok || !want[id.Name] {
					continue // untyped, or another type
				}
				for _, v := range vs.Values {
					lit, ok := v.(*ast.BasicLit)
					if !ok || lit.Kind != token.STRING {
						continue
					}
					if s, err := strconv.Unquote(lit.Value); err == nil {
						seen[s] = true
					}
				}
			}
		}
	}
	out := make([]string, 0, len(seen))
	for s := range seen {
		out = append(out, s)
	}
	sort.Strings(out)
	return out
}
