package main

import (
	"context"
	"fmt"

	"example.com/realsdk/ifaceapp/agent"
	"example.com/realsdk/ifaceapp/anthropicp"
)

func main() {
	a := agent.New(anthropicp.New(), map[string]agent.Tool{
		"read": {Name: "read", Description: "read a file", Category: "fs"},
		"edit": {Name: "edit", Description: "edit a file", Category: "fs"},
	})
	out, _ := a.Handle(context.Background(), "hello")
	fmt.Println(out)
}
