package cachevet

import (
	"go/ast"
	"go/types"
	"strings"

	"github.com/cachevet/cachevet/rules"
)

// source is a function whose result changes between requests.
type source struct {
	kind string
	life rules.Lifetime
}

// sources maps functions (by funcKey) to what their result holds.
var sources = map[string]source{
	"time.Now":                     {rules.KindTime, rules.LifeRequest},
	"time.Since":                   {rules.KindTime, rules.LifeRequest},
	"time.Until":                   {rules.KindTime, rules.LifeRequest},
	"os.Getwd":                     {rules.KindCwd, rules.LifeRequest},
	"os.ReadDir":                   {rules.KindCwd, rules.LifeRequest},
	"os.ReadFile":                  {rules.KindFile, rules.LifeRequest},
	"io.ReadAll":                   {rules.KindFile, rules.LifeRequest},
	"io/ioutil.ReadFile":           {rules.KindFile, rules.LifeRequest},
	"path/filepath.Glob":           {rules.KindCwd, rules.LifeRequest},
	"path/filepath.WalkDir":        {rules.KindCwd, rules.LifeRequest},
	"path/filepath.Walk":           {rules.KindCwd, rules.LifeRequest},
	"os.Hostname":                  {rules.KindEnv, rules.LifeProcess},
	"os.Getenv":                    {rules.KindEnv, rules.LifeProcess},
	"os.LookupEnv":                 {rules.KindEnv, rules.LifeProcess},
	"os.Environ":                   {rules.KindEnv, rules.LifeProcess},
	"os.Getpid":                    {rules.KindEnv, rules.LifeProcess},
	"os.Getppid":                   {rules.KindEnv, rules.LifeProcess},
	"os/exec.(Cmd).Output":         {rules.KindOther, rules.LifeRequest},
	"os/exec.(Cmd).CombinedOutput": {rules.KindOther, rules.LifeRequest},
	"crypto/rand.Text":             {rules.KindRandom, rules.LifeRequest},
	"crypto/rand.Int":              {rules.KindRandom, rules.LifeRequest},
	"crypto/rand.Prime":            {rules.KindRandom, rules.LifeRequest},
}

// sourcePackages are packages every exported function of which is volatile.
var sourcePackages = map[string]source{
	"github.com/google/uuid":     {rules.KindID, rules.LifeRequest},
	"github.com/gofrs/uuid":      {rules.KindID, rules.LifeRequest},
	"github.com/oklog/ulid":      {rules.KindID, rules.LifeRequest},
	"github.com/rs/xid":          {rules.KindID, rules.LifeRequest},
	"github.com/segmentio/ksuid": {rules.KindID, rules.LifeRequest},
	"math/rand":                  {rules.KindRandom, rules.LifeRequest},
	"math/rand/v2":               {rules.KindRandom, rules.LifeRequest},
}

// stableInPackage are functions of source packages that are deterministic.
var stableInPackage = map[string]bool{
	"github.com/google/uuid.MustParse": true, "github.com/google/uuid.Parse": true,
	"github.com/gofrs/uuid.FromStringOrNil": true, "github.com/gofrs/uuid.FromString": true,
	"github.com/oklog/ulid.MustParse": true, "github.com/oklog/ulid.Parse": true,
	"math/rand.New": true, "math/rand/v2.New": true,
}

func lookupSource(key string, fn *types.Func) (source, bool) {
	if s, ok := sources[key]; ok {
		return s, true
	}
	if fn.Pkg() == nil || fn.Signature().Recv() != nil || stableInPackage[key] {
		return source{}, false
	}
	path := fn.Pkg().Path()
	if s, ok := sourcePackages[path]; ok {
		return s, true
	}
	s, ok := sourcePackages[trimVersion(path)]
	return s, ok
}

// source builds the slot for a volatile call; command output names the
// command ("git status").
func (e *evaluator) source(c *ast.CallExpr, key string, src source) layout {
	name := shortKey(key)
	why := shortKey(key)
	kind := src.kind
	if strings.HasPrefix(key, "os/exec.") {
		if cmd := e.definingCall(receiver(c), "os/exec.Command"); cmd != nil {
			var words []string
			for _, a := range cmd.Args {
				if s, ok := e.stringConst(a); ok {
					words = append(words, s)
				}
			}
			name = strings.Join(words, " ")
			why = "output of " + name
			if len(words) > 0 && words[0] == "git" {
				kind = rules.KindGit
			}
		}
	}
	if key == "os.Getenv" || key == "os.LookupEnv" {
		if s, ok := e.stringConst(c.Args[0]); ok {
			name = s
		}
	}
	return slotAt(c, &rules.Slot{Name: name, Kind: kind, Lifetime: src.life, Why: why})
}

// shortKey turns "github.com/google/uuid.NewString" into "uuid.NewString".
func shortKey(key string) string {
	if i := strings.LastIndexByte(key, '/'); i >= 0 {
		return key[i+1:]
	}
	return key
}
