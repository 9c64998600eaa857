package cachevet

import (
	"go/token"
	"go/types"
	"strconv"
	"testing"

	"github.com/cachevet/cachevet/requests"
)

// TestTypeShapeBounded checks that the shape of a type whose structs nest
// many struct fields deep (SDK config types, a type that holds pointers
// to itself) stays small: each level used to multiply the work.
func TestTypeShapeBounded(t *testing.T) {
	pkg := types.NewPackage("example.com/p", "p")
	name := types.NewTypeName(token.NoPos, pkg, "Config", nil)
	named := types.NewNamed(name, nil, nil)
	var fields []*types.Var
	var tags []string
	for i := range 60 {
		fields = append(fields, types.NewField(token.NoPos, pkg, "F"+strconv.Itoa(i), types.NewPointer(named), false))
		tags = append(tags, `json:"f`+strconv.Itoa(i)+`"`)
	}
	fields = append(fields, types.NewField(token.NoPos, pkg, "Model", types.Typ[types.String], false),
		types.NewField(token.NoPos, pkg, "Messages", types.NewSlice(types.Typ[types.String]), false))
	tags = append(tags, `json:"model"`, `json:"messages"`)
	named.SetUnderlying(types.NewStruct(fields, tags))

	s := typeShape(named, 0)
	if n := countShape(s); n > 62*63 {
		t.Fatalf("shape of a self-nesting type has %d nodes", n)
	}
	if got := requests.DetectShape(s, ""); got != requests.BodyChat {
		t.Errorf("DetectShape = %q, want %q", got, requests.BodyChat)
	}
}

func countShape(s *requests.Shape) int {
	n := 1
	for _, f := range s.Fields {
		n += countShape(f.Value)
	}
	for _, e := range s.Elems {
		n += countShape(e)
	}
	return n
}
