package bpe

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"strconv"
)

// ParseTiktoken reads a .tiktoken file (one "base64-token rank" per line)
// into tokens indexed by rank. Ranks must be dense. It is for the generator
// and for tests; counting never parses base64.
func ParseTiktoken(text []byte) ([]string, error) {
	var tokens []string
	seen := 0
	for lineNo, line := range bytes.Split(text, []byte("\n")) {
		if len(line) == 0 {
			continue
		}
		b64, rankText, ok := bytes.Cut(line, []byte(" "))
		if !ok {
			return nil, fmt.Errorf("line %d: want \"token rank\"", lineNo+1)
		}
		tok, err := base64.StdEncoding.DecodeString(string(b64))
		if err != nil {
			return nil, fmt.Errorf("line %d: %v", lineNo+1, err)
		}
		rank, err := strconv.Atoi(string(rankText))
		if err != nil || rank < 0 || rank >= 1<<30 {
			return nil, fmt.Errorf("line %d: bad rank %q", lineNo+1, rankText)
		}
		for len(tokens) <= rank {
			tokens = append(tokens, "")
		}
		if tokens[rank] != "" || len(tok) == 0 {
			return nil, fmt.Errorf("line %d: rank %d repeated or empty token", lineNo+1, rank)
		}
		tokens[rank] = string(tok)
		seen++
	}
	if seen != len(tokens) {
		return nil, fmt.Errorf("ranks are not dense: %d tokens, highest rank %d", seen, len(tokens)-1)
	}
	return tokens, nil
}
