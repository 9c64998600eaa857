// Package vocab embeds the binary vocabularies of the exact encodings.
//
// The files are generated from the tiktoken-go-loader module's .tiktoken
// files; a test rebuilds them and fails if they drift.
package vocab

//go:generate go run ./gen

import _ "embed"

var (
	//go:embed o200k_base.bpe
	o200kBase string
	//go:embed cl100k_base.bpe
	cl100kBase string
)

// Data returns the binary vocabulary (see package bpe) of an encoding, or
// "" if it has none.
func Data(encoding string) string {
	switch encoding {
	case "o200k_base":
		return o200kBase
	case "cl100k_base":
		return cl100kBase
	}
	return ""
}
