package tokenizer

import "testing"

func TestCount(t *testing.T) {
	tests := []struct {
		enc, text string
		want      int
	}{
		{O200kBase, "", 0},
		{O200kBase, "hello world", 2},
		{Cl100kBase, "hello world", 2},
		{O200kBase, "<|endoftext|>", 7}, // special-token text counts as ordinary text
	}
	for _, tt := range tests {
		c, err := ForEncoding(tt.enc)
		if err != nil {
			t.Fatal(err)
		}
		if got := c.Count(tt.text); got != tt.want {
			t.Errorf("%s Count(%q) = %d, want %d", tt.enc, tt.text, got, tt.want)
		}
	}
	if _, err := ForEncoding("p50k_base"); err == nil {
		t.Error("unknown encoding: want error")
	}
}

func TestScaled(t *testing.T) {
	base, _ := ForEncoding(O200kBase)
	s := Scaled{Base: base, Ratio: 1.5}
	if got := s.Count("hello world"); got != 3 {
		t.Errorf("scaled count = %d, want 3", got)
	}
}
