package textpos

import (
	"fmt"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

// checkOffsets checks every key and value of a converted YAML tree
// against yaml.v3's own line and column (NodeOffset from the line's
// start), so counting on from the last node on a line stays exact.
func checkOffsets(t *testing.T, text string, y *yaml.Node, n *Node, lineOff int, seen map[*Node]bool) {
	t.Helper()
	if n == nil || seen[n] {
		return // an alias shares its anchor's node
	}
	seen[n] = true
	l := NewLines(text)
	if want := NodeOffset(text, l, lineOff+y.Line, y.Column); n.Start != want && !n.Raw {
		t.Fatalf("%q: node %q at %d, yaml.v3 says %d", text, y.Value, n.Start, want)
	}
	if n.YAML != nil {
		if _, _, stop, _ := AlignScalar(text, n.Start, n.Str, n.YAML.Style); n.End != stop {
			t.Fatalf("%q: string %q ends at %d, its alignment at %d", text, n.Str, n.End, stop)
		}
	}
	switch y.Kind {
	case yaml.MappingNode:
		if n.Raw {
			return
		}
		k := 0
		for i := 0; i+1 < len(y.Content); i += 2 {
			if y.Content[i].Tag == "!!merge" {
				continue
			}
			for k < len(n.Members) && n.Members[k].Key != y.Content[i].Value {
				k++
			}
			if k == len(n.Members) {
				t.Fatalf("%q: key %q missing", text, y.Content[i].Value)
			}
			key := y.Content[i]
			if want := NodeOffset(text, l, lineOff+key.Line, key.Column); n.Members[k].KeyStart != want {
				t.Fatalf("%q: key %q at %d, yaml.v3 says %d", text, key.Value, n.Members[k].KeyStart, want)
			}
			checkOffsets(t, text, y.Content[i+1], n.Members[k].Val, lineOff, seen)
			k++
		}
	case yaml.SequenceNode:
		for i, e := range y.Content {
			checkOffsets(t, text, e, n.Elems[i], lineOff, seen)
		}
	}
}

// TestConvertYAMLOffsets converts documents whose nodes share lines (flow
// collections, non-ASCII before them, keys before their values) and
// checks each offset; a tree of a part of the file (front matter) counts
// lines from where the part starts.
func TestConvertYAMLOffsets(t *testing.T) {
	tests := []struct {
		name, text string
		start      int // the parsed part starts at this line (0-based offset)
	}{
		{"block", "a: 1\nb:\n  c: \"x\"\n  d: [1, 2]\n", 0},
		{"flow line", "{a: 1, bb: \"two\", ccc: [x, {y: z}], d: 'q'}\n", 0},
		{"non-ASCII", "{é: ü, ñ: [日本, 語], k: \"v\"}\n", 0},
		{"keys before values", "x: {k1: v1, k2: {k3: v3}}\ny: [a, {b: c}]\n", 0},
		{"aliases", "base: &b {m: 1, n: 2}\nr: {<<: *b, o: 3}\ns: *b\n", 0},
		{"front matter", "---\nmodel: gpt-5\nconfig: {t: 0.2, k: [1, 2]}\n---\nbody\n", 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l := NewLines(tt.text)
			start, end := l.Start(tt.start+1), len(tt.text)
			if tt.start > 0 {
				end = strings.LastIndex(tt.text, "---")
			}
			y, err := ParseYAML([]byte(tt.text[start:end]))
			if err != nil {
				t.Fatal(err)
			}
			src := NewFileSource("f.yaml", []byte(tt.text))
			n, cerr := ConvertYAML(src, y, tt.start)
			if cerr != nil {
				t.Fatal(cerr)
			}
			checkOffsets(t, tt.text, y.Content[0], n, tt.start, map[*Node]bool{})
		})
	}
}

// TestConvertYAMLMerge: a merge adds only the members the mapping does not
// set itself, whichever comes first.
func TestConvertYAMLMerge(t *testing.T) {
	text := "base: &b {m: 1, n: 2, o: 3}\nr:\n  n: own\n  <<: *b\n  o: own too\n"
	y, _ := ParseYAML([]byte(text))
	n, err := ConvertYAML(NewFileSource("f.yaml", []byte(text)), y, 0)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, m := range n.Get("r").Members {
		got = append(got, m.Key+"="+m.Val.Str)
	}
	if want := "n=own m=1 o=own too"; strings.Join(got, " ") != want {
		t.Errorf("members %v, want %s", got, want)
	}
}

// FuzzConvertYAML checks the converted tree's offsets against yaml.v3's
// positions on any document that parses and converts.
func FuzzConvertYAML(f *testing.F) {
	for _, s := range []string{"a: 1\n", "{a: [b, {c: d}], é: 'x'}\n", "a: &x {b: 1}\nc: {<<: *x, d: 2}\n",
		"- \"q\\u00e9\"\n- |\n  block\n- {{ x }}\n", "k: !!str 5\nl: ~\n"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		y, err := ParseYAML(data)
		if err != nil || len(y.Content) == 0 {
			return
		}
		n, cerr := ConvertYAML(NewFileSource("f.yaml", data), y, 0)
		if cerr != nil {
			return
		}
		checkOffsets(t, string(data), y.Content[0], n, 0, map[*Node]bool{})
	})
}

// promptValuesYAML is a YAML file of agents with prompt values of at
// least size bytes, as agent frameworks keep them.
func promptValuesYAML(size int) []byte {
	var b strings.Builder
	b.WriteString("agents:\n")
	for n := 1; b.Len() < size; n++ {
		fmt.Fprintf(&b, "  agent_%d:\n    role: researcher %d\n    system_prompt: |-\n", n, n)
		for i := range 12 {
			fmt.Fprintf(&b, "      Answer the question about {{ topic_%d }} from the context below, citing sources.\n", i)
		}
		fmt.Fprintf(&b, "    planning:\n      initial_plan: \"Plan for {{ task }} step %d\"\n", n)
	}
	return []byte(b.String())
}

// flowLineYAML is one flow mapping of at least size bytes on one line.
func flowLineYAML(size int) []byte {
	var b strings.Builder
	b.WriteString("{")
	for i := 0; b.Len() < size; i++ {
		fmt.Fprintf(&b, "key_%d: \"välue %d\", ", i, i)
	}
	b.WriteString("end: 1}\n")
	return []byte(b.String())
}

func benchmarkYAMLTree(b *testing.B, data []byte) {
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := NewDoc("f.yaml", KindYAML, data).YAMLTree(); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkYAMLTree parses and converts a YAML file: time per byte stays
// flat as the file grows (it grew with the file's size while every
// string scalar copied the whole file).
func BenchmarkYAMLTree(b *testing.B) {
	for _, size := range []int{256 << 10, 1 << 20, 4 << 20} {
		b.Run(fmt.Sprintf("values-%dKB", size>>10), func(b *testing.B) { benchmarkYAMLTree(b, promptValuesYAML(size)) })
	}
	// One long line: offsets count on from the last node, not from the
	// line's start.
	for _, size := range []int{64 << 10, 256 << 10} {
		b.Run(fmt.Sprintf("flow-line-%dKB", size>>10), func(b *testing.B) { benchmarkYAMLTree(b, flowLineYAML(size)) })
	}
}

// BenchmarkYAMLMerge merges a large mapping into a large mapping.
func BenchmarkYAMLMerge(b *testing.B) {
	var s strings.Builder
	s.WriteString("base: &b\n")
	for i := range 5000 {
		fmt.Fprintf(&s, "  k%d: %d\n", i, i)
	}
	s.WriteString("r:\n  <<: *b\n")
	for i := range 5000 {
		fmt.Fprintf(&s, "  own%d: %d\n", i, i)
	}
	benchmarkYAMLTree(b, []byte(s.String()))
}
