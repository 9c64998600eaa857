package requests

import (
	"encoding/json"
	"github.com/cachevet/cachevet/internal/textpos"
	"reflect"
	"strings"
	"testing"

	"github.com/cachevet/cachevet/rules"
)

// toAny converts a node tree to what encoding/json decodes, to compare
// the two parsers.
func toAny(n *textpos.Node) any {
	switch n.Type {
	case textpos.TNull:
		return nil
	case textpos.TBool:
		return n.Str == "true"
	case textpos.TNumber:
		return json.Number(n.Str)
	case textpos.TString:
		return n.Str
	case textpos.TArray:
		out := make([]any, len(n.Elems))
		for i, e := range n.Elems {
			out[i] = toAny(e)
		}
		return out
	}
	out := map[string]any{}
	for _, m := range n.Members {
		out[m.Key] = toAny(m.Val)
	}
	return out
}

func stdDecode(t testing.TB, data []byte) any {
	d := json.NewDecoder(strings.NewReader(string(data)))
	d.UseNumber()
	var v any
	if err := d.Decode(&v); err != nil {
		t.Fatalf("encoding/json: %v", err)
	}
	return v
}

func TestParseJSONMatchesStdlib(t *testing.T) {
	tests := []string{
		`{}`, `[]`, `null`, `true`, `-0.5e+10`, `"x"`,
		`{"a": [1, 2.5, -3e2, true, false, null], "b": {"c": "d"}}`,
		`"esc \" \\ \/ \b \f \n \r \t \u00e9 \ud83d\ude00 \u2028"`,
		`"lone \ud83d and \ude00 surrogates"`,
		`"raw UTF-8: é 日本 😀"`,
		`{"dup": 1, "dup": 2}`,
		" \t\r\n {\"ws\" : [ 1 , 2 ] } \n",
		`[[[[[[[[[[]]]]]]]]]]`,
	}
	for _, src := range tests {
		n, err := textpos.ParseJSON([]byte(src))
		if err != nil {
			t.Errorf("textpos.ParseJSON(%q): %v", src, err)
			continue
		}
		if got, want := toAny(n), stdDecode(t, []byte(src)); !reflect.DeepEqual(got, want) {
			t.Errorf("textpos.ParseJSON(%q) = %#v, encoding/json gives %#v", src, got, want)
		}
	}
}

func TestParseJSONErrors(t *testing.T) {
	tests := []struct {
		src  string
		line int
		col  int
		msg  string
	}{
		{`{"a": 1,}`, 1, 9, "invalid character '}' looking for beginning of object key string"},
		{"{\n  \"a\": tru\n}", 2, 11, "invalid character '\\n' in literal true"},
		{`{"a" 1}`, 1, 6, "invalid character '1' after object key"},
		{`[1 2]`, 1, 4, "invalid character '2' after array element"},
		{`{"a": "unterminated`, 1, 7, "unterminated string"},
		{"{\"a\": \"tab\there\"}", 1, 11, "invalid control character U+0009 in string"},
		{"{\"a\": \"bad \xff byte\"}", 1, 12, "invalid UTF-8 byte 0xff in string"},
		{`{"a": "\x"}`, 1, 8, `invalid escape 'x' in string`},
		{`{"a": "\u12g4"}`, 1, 8, `invalid \u escape in string`},
		{`{"a": 01}`, 1, 8, "invalid character '1' after object key:value pair"},
		{`{"a": -}`, 1, 8, "invalid character '}' in numeric literal"},
		{`{"a": 1.}`, 1, 9, "invalid character '}' after decimal point in numeric literal"},
		{`{"a": 1} x`, 1, 10, "invalid character 'x' after top-level value"},
		{"", 1, 1, "unexpected end of JSON input"},
		{`{"a": [1, 2`, 1, 12, "unexpected end of JSON input in array"},
		{strings.Repeat("[", textpos.MaxDepth+1), 1, textpos.MaxDepth + 1, "nesting deeper than 1000 levels"},
	}
	for _, tt := range tests {
		_, err := textpos.ParseJSON([]byte(tt.src))
		se, ok := err.(*textpos.Error)
		if !ok {
			t.Errorf("textpos.ParseJSON(%q) = %v, want a syntax error", tt.src, err)
			continue
		}
		src := textpos.NewFileSource("f.json", []byte(tt.src))
		line, col := src.Pos(se.Off)
		if line != tt.line || col != tt.col || se.Msg != tt.msg {
			t.Errorf("textpos.ParseJSON(%q): %d:%d %s; want %d:%d %s", tt.src, line, col, se.Msg, tt.line, tt.col, tt.msg)
		}
		// encoding/json takes invalid UTF-8 and any depth; this parser
		// reports both.
		lenient := strings.Contains(tt.msg, "UTF-8") || strings.Contains(tt.msg, "nesting")
		if _, err := json.Marshal(json.RawMessage(tt.src)); err == nil && !lenient {
			t.Errorf("encoding/json accepts %q", tt.src)
		}
	}
}

// TestStringSpans maps positions inside escaped strings back to the raw
// columns: a literal after \n, \", \u escapes and surrogate pairs.
func TestStringSpans(t *testing.T) {
	tests := []struct {
		src  string // one JSON string, the wanted part between « and »
		line int
	}{
		{`"plain «2026-11-30T09:41:07Z» text"`, 1},
		{`"line\nbreak «2026-11-30T09:41:07Z»\n"`, 1},
		{`"quote \" and \\ then «2026-11-30T09:41:07Z»"`, 1},
		{`"\u00e9\u00e9 «2026-11-30T09:41:07Z»"`, 1},
		{`"emoji \ud83d\ude00 «2026-11-30T09:41:07Z» \u0041"`, 1},
		{`"raw é 日本 «2026-11-30T09:41:07Z»"`, 1},
		{"{\n  \"system\": \"tab\\there «2026-11-30T09:41:07Z»\"\n}", 2},
	}
	for _, tt := range tests {
		raw, start, end := marked(t, tt.src)
		root, err := textpos.ParseJSON([]byte(raw))
		if err != nil {
			t.Fatalf("%s: %v", raw, err)
		}
		n := root
		if n.Type == textpos.TObject {
			n = n.Members[0].Val
		}
		lits := findLiterals(n.Str, rules.NameOverrides{})
		if len(lits) != 1 {
			t.Fatalf("%s: found %s", raw, showLits(n.Str, lits))
		}
		src := textpos.NewFileSource("f.json", []byte(raw))
		sp := src.StrSpan(n, lits[0].start, lits[0].end)
		lineStart := strings.LastIndexByte(raw[:start], '\n') + 1
		wantCol, wantEnd := start-lineStart+1, end-lineStart+1
		if sp.Line != tt.line || sp.Col != wantCol || sp.EndLine != tt.line || sp.EndCol != wantEnd {
			t.Errorf("%s: span %d:%d-%d:%d, want %d:%d-%d:%d", raw, sp.Line, sp.Col, sp.EndLine, sp.EndCol, tt.line, wantCol, tt.line, wantEnd)
		}
	}
}

// TestJSONStringOffsets checks the decoded-to-raw table byte by byte.
func TestJSONStringOffsets(t *testing.T) {
	raw := `"a\n\u00e9\ud83d\ude00b"`
	n, err := textpos.ParseJSON([]byte(raw))
	if err != nil {
		t.Fatal(err)
	}
	// a(1) \n(2) é: 2 bytes from \u00e9 (4) 😀: 4 bytes from the pair (10) b(22), quote(23)
	want := []int{1, 2, 4, 4, 10, 10, 10, 10, 22, 23}
	if got := strOffsets([]byte(raw), n); !reflect.DeepEqual(got, want) {
		t.Errorf("offsets %v, want %v", got, want)
	}
}

// strOffsets is the decoded-to-source table of a string node of data,
// one entry per decoded byte and one past the end.
func strOffsets(data []byte, n *textpos.Node) []int {
	src := textpos.NewFileSource("", data)
	offs := make([]int, len(n.Str)+1)
	for i := range offs {
		offs[i] = src.StrOffset(n, i)
	}
	return offs
}
