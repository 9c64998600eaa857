// Command bot wires the tool sets into a session.
package main

import (
	"context"
	"fmt"
	"os"

	"example.com/realsdk/progapp/registry"
	"example.com/realsdk/progapp/session"
	"example.com/realsdk/progapp/shell"
	"example.com/realsdk/progapp/toolset"
)

func main() {
	s := session.New(shell.New(map[string]shell.Command{"deploy": {Description: "deploy the app"}}))
	reg := registry.New(map[string]toolset.Tool{"read": {Name: "read"}, "write": {Name: "write"}})
	s.Extra = func() []toolset.Tool {
		if len(os.Args) > 2 {
			return nil
		}
		return reg.List()
	}
	out, err := s.Turn(context.Background(), os.Args[1])
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	fmt.Println(out)
}
