package requests

import (
	"strconv"
	"os"
	"path/filepath"
	"testing"
)

func TestDump(t *testing.T) {
	if os.Getenv("DUMP") == "" {
		t.Skip()
	}
	files, _ := filepath.Glob(os.Getenv("DUMP"))
	for _, f := range files {
		rpm := 1.0
		if os.Getenv("RPM") != "" {
			rpm, _ = strconv.ParseFloat(os.Getenv("RPM"), 64)
		}
		res := lintFile(t, f, Options{}, rpm)
		t.Logf("== %s err=%v reqs=%d", f, res.err, len(res.reqs))
		for _, e := range res.errs {
			t.Logf("  ERR %v", e)
		}
		for _, fd := range res.findings {
			txt := ""
			if fd.Span.Line > 0 && fd.Span.EndLine == fd.Span.Line {
				txt = spanText(t, fd.Span)
			}
			t.Logf("  %s %s %d:%d-%d:%d %q | %s", fd.Rule, fd.Severity, fd.Span.Line, fd.Span.Col, fd.Span.EndLine, fd.Span.EndCol, truncate(txt, 50), fd.Message)
			for _, r := range fd.Related {
				t.Logf("     related %d:%d %s", r.Span.Line, r.Span.Col, r.Message)
			}
		}
	}
}
