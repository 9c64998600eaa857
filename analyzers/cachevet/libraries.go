package cachevet

import (
	"go/ast"
	"go/types"
	"strings"

	"github.com/cachevet/cachevet/analyzers/internal/flow"
)

// A library is an SDK or framework whose calls send requests. Each one
// lives in a file of its own (anthropic.go, openai.go, goopenai.go,
// genai.go, langchain.go) that registers it from init: adding a library is
// that file and its tests (see NOTES on adding one).
type library struct {
	// imports are the import paths (major version suffix removed) whose
	// import makes a package a possible sender; a path ending in "/"
	// covers every package under it.
	imports []string
	// sends maps each send function, by funcKey, to the mapper of its
	// request.
	sends map[string]mapper
}

// mapper maps the call of a send function onto the request model; false
// when its parameters cannot be followed (built elsewhere).
type mapper func(b *builder, c *ast.CallExpr) bool

var (
	// libraries are the registered libraries, in registration order.
	libraries []*library
	// sends is every library's send functions by funcKey.
	sends = map[string]mapper{}
)

// register adds a library; a send function registered twice is a
// programming error.
func register(l *library) {
	libraries = append(libraries, l)
	for key, m := range l.sends {
		if _, dup := sends[key]; dup {
			panic("cachevet: send function " + key + " registered twice")
		}
		sends[key] = m
	}
}

// importsSDK reports whether the package imports a library directly: only
// such a package can send a request.
func importsSDK(pkg *types.Package) bool {
	for _, imp := range pkg.Imports() {
		if libraryPath(imp.Path()) {
			return true
		}
	}
	return false
}

// paramsArg is the composite literal of a request's parameters, argument
// i of the send call: written there, in a local variable, or returned by a
// helper of this package (whose evaluator then becomes the builder's).
func (b *builder) paramsArg(c *ast.CallExpr, i int) *ast.CompositeLit {
	if i >= len(c.Args) {
		return nil
	}
	x := c.Args[i]
	var outer []litVar // variables of the hops nearer the send
	for range flow.MaxHelperDepth {
		params, held := b.literalHeld(x)
		if params != nil {
			// Assignments to the fields of the variables the value
			// passed through on its way to the send (req := build();
			// req.Tools = ...; send(req)) apply after the literal's own.
			for i := len(outer) - 1; i >= 0; i-- {
				b.litVars[params] = append(b.litVars[params], outer[i])
			}
			b.r.assembled = append(b.r.assembled, params)
			return params
		}
		if held != nil {
			outer = append(outer, *held)
		}
		ret, sub := b.helper(x)
		if ret == nil {
			return nil // parameters built elsewhere: nothing to map
		}
		// The field values assigned in the functions left behind are
		// evaluated in their own frames.
		b.e.Share(sub)
		b.e, x = sub, ret
	}
	return nil
}

// libraryType reports whether a type (through pointers and slices) is a
// named type of a registered library's package.
func libraryType(t types.Type) bool {
	n := namedType(t)
	i := strings.LastIndexByte(n, '.')
	return i > 0 && libraryPath(n[:i])
}

// libraryPath reports whether an import path is one of a registered
// library's.
func libraryPath(path string) bool {
	path = flow.TrimVersion(path)
	for _, l := range libraries {
		for _, want := range l.imports {
			if path == want || strings.HasSuffix(want, "/") && strings.HasPrefix(path, want) {
				return true
			}
		}
	}
	return false
}
