// Command gen writes the binary vocabularies embedded by package vocab from
// the .tiktoken files embedded in github.com/pkoukk/tiktoken-go-loader, so
// that nothing is downloaded. Run it with go generate in package vocab.
package main

import (
	"fmt"
	"os"

	"github.com/cachevet/cachevet/tokenizer/internal/bpe"
	"github.com/pkoukk/tiktoken-go-loader/assets"
)

func main() {
	for _, name := range []string{"o200k_base", "cl100k_base"} {
		if err := generate(name); err != nil {
			fmt.Fprintln(os.Stderr, "gen:", err)
			os.Exit(1)
		}
	}
}

func generate(name string) error {
	src, err := assets.Assets.ReadFile(name + ".tiktoken")
	if err != nil {
		return err
	}
	tokens, err := bpe.ParseTiktoken(src)
	if err != nil {
		return fmt.Errorf("%s: %v", name, err)
	}
	data, err := bpe.Build(tokens)
	if err != nil {
		return fmt.Errorf("%s: %v", name, err)
	}
	return os.WriteFile(name+".bpe", data, 0o644)
}
