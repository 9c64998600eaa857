// Package vetjson reads the JSON objects out of the go command's `go vet
// -json` output, which also holds "# package" headers and, on a cold module
// cache or a toolchain switch, "go: downloading …" notes on the same stream.
// The real-SDK tests and the real-world scorer both read it.
package vetjson

import (
	"bytes"
	"encoding/json"
	"io"
)

// Values returns the JSON objects of the output and nothing else: an object
// is a line that starts with '{' and runs to the end of the value.
func Values(r io.Reader) ([]json.RawMessage, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, err
	}
	var values []json.RawMessage
	for len(data) > 0 {
		if data[0] != '{' {
			nl := bytes.IndexByte(data, '\n')
			if nl < 0 {
				break
			}
			data = data[nl+1:]
			continue
		}
		dec := json.NewDecoder(bytes.NewReader(data))
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			return nil, err
		}
		values = append(values, raw)
		data = bytes.TrimLeft(data[dec.InputOffset():], " \t\r\n")
	}
	return values, nil
}
