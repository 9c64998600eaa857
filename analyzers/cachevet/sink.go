package cachevet

import (
	"cmp"
	"go/ast"
	"go/token"
	"go/types"
	"slices"

	goanalysis "golang.org/x/tools/go/analysis"

	"github.com/cachevet/cachevet/analyzers/internal/flow"
	"github.com/cachevet/cachevet/rules"
)

// SinkFact marks an exported function whose argument becomes part of a
// request this package sends: an option function storing it in a field the
// request reads (WithSystemMessage(s)). It carries the request with that
// part; a caller in another package fills in its argument and checks the
// request there, where the value is built.
type SinkFact struct {
	Param int
	// Request is the request as this package sends it; Blocks[Block].
	// Parts[Part] stands for the argument.
	Request     rules.Request
	Block, Part int
}

func (*SinkFact) AFact() {}

func (f *SinkFact) String() string { return "sink(" + string(rune('0'+f.Param%10)) + ")" }

// SinkPackageFact marks a package that exports a SinkFact: only its
// importers need to look for calls of them.
type SinkPackageFact struct{}

func (*SinkPackageFact) AFact() {}

func (*SinkPackageFact) String() string { return "sinks" }

// exportSinks exports a SinkFact for each exported function whose
// argument one of the requests sends.
func (a *analysis) exportSinks(reqs []*sdkRequest) {
	done := map[*types.Func]bool{}
	for _, r := range reqs {
		if len(r.sinks) == 0 {
			continue
		}
		for bi, blk := range r.req.Blocks {
			for pj, p := range blk.Parts {
				ref := r.sinks[p.Slot]
				if ref == nil || done[ref.Fn] {
					continue
				}
				done[ref.Fn] = true
				a.pass.ExportObjectFact(ref.Fn, &SinkFact{Param: ref.Param, Request: *r.req, Block: bi, Part: pj})
			}
		}
	}
	if len(done) > 0 {
		a.pass.ExportPackageFact(&SinkPackageFact{})
	}
}

// importsSinks reports whether a direct import exports sink facts.
func importsSinks(pass *goanalysis.Pass) bool {
	for _, imp := range pass.Pkg.Imports() {
		if pass.ImportPackageFact(imp, new(SinkPackageFact)) {
			return true
		}
	}
	return false
}

// sinkSend maps the call of a sink in another package: its request with
// the argument in place of the part it stands for. Only findings at this
// package's code are kept; the rest belong to the sending package.
func sinkSend(f *SinkFact) mapper {
	return func(b *builder, c *ast.CallExpr) bool {
		if f.Param >= len(c.Args) || f.Block >= len(f.Request.Blocks) || f.Part >= len(f.Request.Blocks[f.Block].Parts) {
			return false
		}
		req := f.Request
		req.Blocks = make([]rules.Block, len(f.Request.Blocks))
		copy(req.Blocks, f.Request.Blocks)
		blk := &req.Blocks[f.Block]
		parts := append([]rules.Part(nil), blk.Parts[:f.Part]...)
		parts = append(parts, b.text(c.Args[f.Param])...)
		blk.Parts = append(parts, blk.Parts[f.Part+1:]...)
		req.Span, req.File = b.r.req.Span, b.r.req.File
		*b.r.req = req
		b.r.local = true
		return true
	}
}

// fieldSends adds the calls of func-typed fields that hold a library's
// send (streamImpl: genkit.GenerateStream, a seam for tests) as send sites
// of that send: the call passes the send's arguments.
func (a *analysis) fieldSends() {
	added := false
	for field, calls := range a.FieldCalls {
		var send mapper
		for _, w := range a.FieldWrites[field] {
			if fn := flow.FuncValue(a.pass.TypesInfo, w.Rhs); fn != nil {
				if m := sendOf(flow.FuncKey(fn), fn.Signature().Params().Len()); m != nil {
					send = m
				}
			}
		}
		if send == nil {
			continue
		}
		for _, c := range calls {
			if f := a.fileOf(c.Call.Pos()); f != nil && c.Fd.Body != nil && len(c.Call.Args) > 0 {
				a.sendSites = append(a.sendSites, sendSite{file: f, fd: c.Fd, call: c.Call, send: send})
				added = true
			}
		}
	}
	if added {
		// The map's order is not the source's: send sites are kept in
		// source order.
		slices.SortStableFunc(a.sendSites, func(x, y sendSite) int { return cmp.Compare(x.call.Pos(), y.call.Pos()) })
	}
}

// fileOf is the file of the package that holds pos.
func (a *analysis) fileOf(pos token.Pos) *ast.File {
	for _, f := range a.pass.Files {
		if f.FileStart <= pos && pos < f.FileEnd {
			return f
		}
	}
	return nil
}
