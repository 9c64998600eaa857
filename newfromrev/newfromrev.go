// Package newfromrev keeps only findings on lines changed since a git
// revision, as golangci-lint's --new-from-rev does: lines added or modified
// in `git diff REV` plus every line of untracked files.
package newfromrev

import (
	"bufio"
	"bytes"
	"fmt"
	"os/exec"
	"path"
	"strconv"
	"strings"

	"github.com/cachevet/cachevet/rules"
)

// Lines is the set of changed lines of one file.
type Lines struct {
	// All marks a file that is wholly new (untracked).
	All   bool
	lines map[int]bool
}

// Contains reports whether line n changed.
func (l *Lines) Contains(n int) bool { return l != nil && (l.All || l.lines[n]) }

// Len is the number of changed lines, or -1 for a wholly new file.
func (l *Lines) Len() int {
	if l.All {
		return -1
	}
	return len(l.lines)
}

func (l *Lines) add(from, count int) {
	if l.lines == nil {
		l.lines = map[int]bool{}
	}
	for n := from; n < from+count; n++ {
		l.lines[n] = true
	}
}

// Changes maps a file path, relative to the directory given to Changed and
// with forward slashes, to its changed lines.
type Changes map[string]*Lines

// Changed runs `git diff --unified=0 REV` in dir and lists untracked files,
// and returns the lines changed relative to rev. Paths are relative to dir.
func Changed(dir, rev string) (Changes, error) {
	if strings.HasPrefix(rev, "-") {
		return nil, fmt.Errorf("invalid revision %q", rev)
	}
	diff, err := Git(dir, "diff", "--unified=0", "--no-color", "--no-ext-diff", "--relative", rev, "--")
	if err != nil {
		return nil, err
	}
	ch, err := ParseDiff(diff)
	if err != nil {
		return nil, err
	}
	untracked, err := Git(dir, "ls-files", "--others", "--exclude-standard", "-z")
	if err != nil {
		return nil, err
	}
	for _, f := range bytes.Split(untracked, []byte{0}) {
		if len(f) > 0 {
			ch[string(f)] = &Lines{All: true}
		}
	}
	return ch, nil
}

// Git runs git with args in dir and returns its standard output; a failure
// carries git's own message.
func Git(dir string, args ...string) ([]byte, error) {
	cmd := exec.Command("git", append([]string{"-c", "core.quotePath=false"}, args...)...)
	cmd.Dir = dir
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		msg := strings.TrimSpace(stderr.String())
		if msg == "" {
			msg = err.Error()
		}
		return nil, fmt.Errorf("git %s: %s", args[0], msg)
	}
	return out, nil
}

// ParseDiff reads a unified diff (any context size) and returns the lines
// of the new side that were added. Deleted files are left out; a hunk that
// only deletes marks no line.
func ParseDiff(diff []byte) (Changes, error) {
	ch := Changes{}
	var cur *Lines
	sc := bufio.NewScanner(bytes.NewReader(diff))
	sc.Buffer(make([]byte, 0, 64*1024), 64<<20)
	var h hunk // lines still expected in the current hunk
	lineNo := 0
	for sc.Scan() {
		lineNo++
		l := sc.Text()
		if h.oldLeft > 0 || h.newLeft > 0 {
			if err := h.line(l, cur); err != nil {
				return nil, fmt.Errorf("diff line %d: %v", lineNo, err)
			}
			continue
		}
		switch {
		case strings.HasPrefix(l, "diff "):
			cur = nil
		case strings.HasPrefix(l, "+++ "):
			name, err := diffPath(strings.TrimPrefix(l, "+++ "))
			if err != nil {
				return nil, fmt.Errorf("diff line %d: %v", lineNo, err)
			}
			cur = nil
			if name != "" {
				if cur = ch[name]; cur == nil {
					cur = &Lines{}
					ch[name] = cur
				}
			}
		case strings.HasPrefix(l, "@@ "):
			var err error
			if h, err = parseHunk(l); err != nil {
				return nil, fmt.Errorf("diff line %d: %v", lineNo, err)
			}
		}
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	return ch, nil
}

// hunk tracks the position inside a hunk body.
type hunk struct {
	newLine, oldLeft, newLeft int
}

// line consumes one body line; counting them keeps an added line that
// starts with "++ " from being read as a file header.
func (h *hunk) line(l string, cur *Lines) error {
	switch {
	case strings.HasPrefix(l, "+") && h.newLeft > 0:
		if cur != nil {
			cur.add(h.newLine, 1)
		}
		h.newLine++
		h.newLeft--
	case strings.HasPrefix(l, "-") && h.oldLeft > 0:
		h.oldLeft--
	case strings.HasPrefix(l, " ") || l == "":
		h.newLine++
		h.oldLeft--
		h.newLeft--
	case strings.HasPrefix(l, `\`): // "\ No newline at end of file"
	default:
		return fmt.Errorf("unexpected line in hunk: %.40q", l)
	}
	return nil
}

// parseHunk reads "@@ -a,b +c,d @@" (counts default to 1).
func parseHunk(l string) (hunk, error) {
	f := strings.Fields(l)
	if len(f) < 3 || !strings.HasPrefix(f[1], "-") || !strings.HasPrefix(f[2], "+") {
		return hunk{}, fmt.Errorf("bad hunk header %q", l)
	}
	_, oldCount, err1 := rangeOf(f[1][1:])
	from, newCount, err2 := rangeOf(f[2][1:])
	if err1 != nil || err2 != nil {
		return hunk{}, fmt.Errorf("bad hunk header %q", l)
	}
	return hunk{newLine: from, oldLeft: oldCount, newLeft: newCount}, nil
}

func rangeOf(s string) (from, count int, err error) {
	a, b, ok := strings.Cut(s, ",")
	if from, err = strconv.Atoi(a); err != nil || from < 0 {
		return 0, 0, fmt.Errorf("bad range %q", s)
	}
	count = 1
	if ok {
		if count, err = strconv.Atoi(b); err != nil || count < 0 || count > 1<<30 {
			return 0, 0, fmt.Errorf("bad range %q", s)
		}
	}
	return from, count, nil
}

// diffPath turns "b/dir/file" (possibly C-quoted) into "dir/file"; it
// returns "" for /dev/null (a deleted file).
func diffPath(s string) (string, error) {
	s = strings.TrimRight(s, "\t")
	if strings.HasPrefix(s, `"`) {
		u, err := strconv.Unquote(s)
		if err != nil {
			return "", fmt.Errorf("bad quoted path %s", s)
		}
		s = u
	}
	if s == "/dev/null" {
		return "", nil
	}
	if i := strings.IndexByte(s, '/'); i >= 0 && i <= 1 {
		s = s[i+1:] // the b/ (or other one-letter) prefix
	}
	return path.Clean(s), nil
}

// Filter keeps findings on changed lines. A finding with no line is kept
// when its file changed at all.
func Filter(findings []rules.Finding, changed Changes) []rules.Finding {
	var out []rules.Finding
	for _, f := range findings {
		l, ok := changed[f.Span.File]
		if !ok {
			continue
		}
		if f.Span.Line <= 0 && (l.All || len(l.lines) > 0) || l.Contains(f.Span.Line) {
			out = append(out, f)
		}
	}
	return out
}
