package flow

import (
	"go/ast"
	"go/types"
	"strings"
	"time"

	"github.com/cachevet/cachevet/rules"
)

// source is a function whose result is not a constant, with how often
// the value changes (contract "Lifetimes"): not how often the code runs.
type source struct {
	kind string
	life rules.Lifetime
}

// sources maps functions (by funcKey) to what their result holds. The
// process's surroundings (working directory, host, environment, PID,
// executable) are fixed once per process; a listing of files or a
// command's output once per session; the clock and file contents read per
// call every request (a date without a time of day: see timeMethod).
var sources = map[string]source{
	"time.Now":              {rules.KindTime, rules.LifeRequest},
	"time.Since":            {rules.KindTime, rules.LifeRequest},
	"time.Until":            {rules.KindTime, rules.LifeRequest},
	"os.Getwd":              {rules.KindCwd, rules.LifeProcess},
	"os.ReadDir":            {rules.KindCwd, rules.LifeSession},
	"os.ReadFile":           {rules.KindFile, rules.LifeRequest},
	"io.ReadAll":            {rules.KindFile, rules.LifeRequest},
	"io/ioutil.ReadFile":    {rules.KindFile, rules.LifeRequest},
	"io/fs.ReadFile":        {rules.KindFile, rules.LifeRequest},
	"path/filepath.Glob":    {rules.KindCwd, rules.LifeSession},
	"path/filepath.WalkDir": {rules.KindCwd, rules.LifeSession},
	"path/filepath.Walk":    {rules.KindCwd, rules.LifeSession},
	"io/fs.ReadDir":         {rules.KindCwd, rules.LifeSession},
	"io/fs.Glob":            {rules.KindCwd, rules.LifeSession},
	"os.Hostname":           {rules.KindEnv, rules.LifeProcess},
	"os.Getenv":             {rules.KindEnv, rules.LifeProcess},
	"os.LookupEnv":          {rules.KindEnv, rules.LifeProcess},
	"os.Environ":            {rules.KindEnv, rules.LifeProcess},
	"os.ExpandEnv":          {rules.KindEnv, rules.LifeProcess},
	"os.Getpid":             {rules.KindEnv, rules.LifeProcess},
	"os.Getppid":            {rules.KindEnv, rules.LifeProcess},
	"os.Getuid":             {rules.KindEnv, rules.LifeProcess},
	"os.Executable":         {rules.KindEnv, rules.LifeProcess},
	"os.UserHomeDir":        {rules.KindEnv, rules.LifeProcess},
	// The home directory is the same text in every process of a user,
	// unlike the working directory.
	"github.com/mitchellh/go-homedir.Dir":    {rules.KindEnv, rules.LifeProcess},
	"github.com/mitchellh/go-homedir.Expand": {rules.KindEnv, rules.LifeProcess},
	"os.UserConfigDir":                       {rules.KindEnv, rules.LifeProcess},
	"os.UserCacheDir":                        {rules.KindEnv, rules.LifeProcess},
	"os.TempDir":                             {rules.KindEnv, rules.LifeProcess},
	"os/user.Current":                        {rules.KindEnv, rules.LifeProcess},
	"runtime.NumCPU":                         {rules.KindEnv, rules.LifeProcess},
	"runtime.Version":                        {rules.KindEnv, rules.LifeProcess},
	"runtime.GOROOT":                         {rules.KindEnv, rules.LifeProcess},
	"os/exec.(Cmd).Output":                   {rules.KindOther, rules.LifeSession},
	"os/exec.(Cmd).CombinedOutput":           {rules.KindOther, rules.LifeSession},
	"crypto/rand.Text":                       {rules.KindRandom, rules.LifeRequest},
	"crypto/rand.Int":                        {rules.KindRandom, rules.LifeRequest},
	"crypto/rand.Prime":                      {rules.KindRandom, rules.LifeRequest},
}

// perCallCommands are commands whose output changes on every call.
var perCallCommands = map[string]bool{"date": true, "uuidgen": true, "uptime": true}

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
	s, ok := sourcePackages[TrimVersion(path)]
	return s, ok
}

// source builds the slot for a volatile call; command output names the
// command ("git status").
func (e *Evaluator) source(c *ast.CallExpr, key string, src source) Layout {
	name := shortKey(key)
	why := shortKey(key)
	kind, life := src.kind, src.life
	if strings.HasPrefix(key, "os/exec.") {
		if cmd := e.definingCall(Receiver(c), "os/exec.Command"); cmd != nil {
			var words []string
			for _, a := range cmd.Args {
				if s, ok := e.StringConst(a); ok {
					words = append(words, s)
				}
			}
			name = strings.Join(words, " ")
			why = "output of " + name
			if len(words) > 0 && words[0] == "git" {
				kind = rules.KindGit
			}
			if len(words) > 0 && perCallCommands[words[0]] {
				life = rules.LifeRequest
			}
		}
	}
	var runtime string
	if kind == rules.KindFile {
		runtime = rules.RuntimeFile
		if pathReads[key] && len(c.Args) > 0 {
			life = fileLife(e.inputLife(c.Args[0]).life)
		}
	}
	if key == "os.Getenv" || key == "os.LookupEnv" {
		if s, ok := e.StringConst(c.Args[0]); ok {
			name = s
		}
	}
	return SlotAt(c, &rules.Slot{Name: name, Kind: kind, Lifetime: life, Why: why, Runtime: runtime, Origin: e.A.Span(c.Pos(), c.End())})
}

// pathReads are the file reads whose first argument is the file's path.
var pathReads = map[string]bool{"os.ReadFile": true, "io/ioutil.ReadFile": true, "io/fs.ReadFile": true}

// fileLife is how often a file's contents read at run time change, told
// by its path: a fixed path (a context file, AGENTS.md, one under the
// working directory) reads the same bytes every time, while a path that
// changes per request or session reads other content.
func fileLife(path rules.Lifetime) rules.Lifetime {
	if path == rules.LifeRequest || path == rules.LifeSession {
		return path
	}
	return rules.LifeStable
}

// timeMethod is the result of a time.Time method on a volatile time: a
// formatted time changes as often as its layout shows (once a day without
// a time of day), a date's fields once a day, anything else as the time.
// ok is false for methods that are not time.Time's.
func (e *Evaluator) timeMethod(c *ast.CallExpr, key string, t *rules.Slot) (*rules.Slot, bool) {
	if t.Kind != rules.KindTime || !strings.HasPrefix(key, "time.(Time).") {
		return nil, false
	}
	life := t.Lifetime
	why := t.Why
	switch name := strings.TrimPrefix(key, "time.(Time)."); name {
	case "Format", "AppendFormat":
		layout, ok := e.StringConst(c.Args[len(c.Args)-1])
		if !ok {
			break // a layout not known: as volatile as the time
		}
		if l := layoutLife(layout); l != rules.LifeRequest && life == rules.LifeRequest {
			life, why = l, "date without a time of day"
		}
	case "Year", "Month", "Day", "Weekday", "YearDay", "Date", "ISOWeek":
		if life == rules.LifeRequest {
			life, why = rules.LifeDay, "date without a time of day"
		}
	}
	if life == t.Lifetime {
		return t, true
	}
	s := *t
	s.Lifetime, s.Why = life, why
	return &s, true
}

// layoutLife is how often a time formatted with a layout changes, told by
// formatting two instants of one day and one of another day: a layout
// with a time of day changes every request, one with only a date once a
// day, one with neither never.
func layoutLife(layout string) rules.Lifetime {
	morning := time.Date(2026, 3, 4, 0, 0, 0, 0, time.UTC)
	night := time.Date(2026, 3, 4, 23, 59, 59, 999999999, time.UTC)
	if morning.Format(layout) != night.Format(layout) {
		return rules.LifeRequest
	}
	other := time.Date(2027, 11, 25, 0, 0, 0, 0, time.UTC) // every date field differs
	if morning.Format(layout) == other.Format(layout) {
		return rules.LifeStable
	}
	return rules.LifeDay
}

// shortKey turns "github.com/google/uuid.NewString" into "uuid.NewString".
func shortKey(key string) string {
	if i := strings.LastIndexByte(key, '/'); i >= 0 {
		return key[i+1:]
	}
	return key
}
