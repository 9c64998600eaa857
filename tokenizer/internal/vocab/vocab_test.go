package vocab

import (
	"bytes"
	"testing"

	"github.com/cachevet/cachevet/tokenizer/internal/bpe"
	tiktoken_loader "github.com/pkoukk/tiktoken-go-loader"
	"github.com/pkoukk/tiktoken-go-loader/assets"
)

var encodings = []string{"o200k_base", "cl100k_base"}

// TestEmbeddedMatchesSource rebuilds each binary vocabulary from the
// loader's .tiktoken file and requires the embedded one to be identical,
// so a change of source data, format or hash without `go generate` fails.
func TestEmbeddedMatchesSource(t *testing.T) {
	for _, name := range encodings {
		src, err := assets.Assets.ReadFile(name + ".tiktoken")
		if err != nil {
			t.Fatal(err)
		}
		tokens, err := bpe.ParseTiktoken(src)
		if err != nil {
			t.Fatal(err)
		}
		built, err := bpe.Build(tokens)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(built, []byte(Data(name))) {
			t.Errorf("%s: embedded vocabulary is stale; run go generate ./tokenizer/internal/vocab", name)
		}
	}
}

// TestEmbeddedMatchesLoader checks every rank tiktoken-go uses, through the
// loader's own parser, against the embedded table.
func TestEmbeddedMatchesLoader(t *testing.T) {
	loader := tiktoken_loader.NewOfflineLoader()
	for _, name := range encodings {
		ranks, err := loader.LoadTiktokenBpe(name + ".tiktoken")
		if err != nil {
			t.Fatal(err)
		}
		v, err := bpe.Open(Data(name))
		if err != nil {
			t.Fatal(err)
		}
		if v.Len() != len(ranks) {
			t.Fatalf("%s: %d tokens, loader has %d", name, v.Len(), len(ranks))
		}
		for tok, rank := range ranks {
			if got := v.Rank(tok); got != uint32(rank) {
				t.Fatalf("%s: Rank(%q) = %d, loader %d", name, tok, got, rank)
			}
			if got := v.Token(uint32(rank)); got != tok {
				t.Fatalf("%s: Token(%d) = %q, loader %q", name, rank, got, tok)
			}
		}
	}
}

func TestUnknownEncoding(t *testing.T) {
	if Data("p50k_base") != "" {
		t.Error("p50k_base: want no data")
	}
}
