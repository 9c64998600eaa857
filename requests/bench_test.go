package requests

import (
	"bytes"
	"encoding/json"
	"flag"
	"github.com/cachevet/cachevet/internal/textpos"
	"io"
	"os"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/cachevet/cachevet/rules"
)

// logSize is the size of the synthesized log BenchmarkReadLog streams.
// Run with -logsize=1073741824 -benchtime=1x to read a 1 GB log.
var logSize = flag.Int64("logsize", 8<<20, "bytes of JSONL BenchmarkReadLog synthesizes")

// logGen synthesizes a JSONL request log on the fly: realistic records
// (a long system prompt, tools, a short conversation) that differ in their
// user turn, sampling parameters and, now and then, tool order, so a log
// of any size costs no disk and no memory to produce.
type logGen struct {
	remaining int64
	buf       []byte
	rec       int
	pieces    [][]byte // templates around the per-record values
}

func newLogGen(size int64) *logGen {
	system, err := os.ReadFile("testdata/anthropic/missing-breakpoint.json")
	if err != nil {
		panic(err)
	}
	var req map[string]any
	if err := json.Unmarshal(system, &req); err != nil {
		panic(err)
	}
	sys, _ := json.Marshal(req["system"])
	toolsA := `[{"type":"function","function":{"name":"get_device_status","description":"Returns the health of a unit.","parameters":{"type":"object","properties":{"serial":{"type":"string"}},"required":["serial"]}}},{"type":"function","function":{"name":"list_backups","description":"Lists backup versions.","parameters":{"type":"object","properties":{"folder":{"type":"string"},"limit":{"type":"integer"}}}}}]`
	toolsB := `[{"type":"function","function":{"name":"list_backups","description":"Lists backup versions.","parameters":{"type":"object","properties":{"folder":{"type":"string"},"limit":{"type":"integer"}}}}},{"type":"function","function":{"name":"get_device_status","description":"Returns the health of a unit.","parameters":{"type":"object","properties":{"serial":{"type":"string"}},"required":["serial"]}}}]`
	pieces := [][]byte{
		[]byte(`{"timestamp":"2026-11-30T09:41:07Z","request":{"model":"gpt-5.1","temperature":0.`),
		[]byte(`,"tools":`),
		[]byte(`,"messages":[{"role":"system","content":` + string(sys) + `},{"role":"user","content":"My unit LS4-`),
		[]byte(` shows a degraded pool."},{"role":"assistant","content":"Do you have a current backup?"},{"role":"user","content":"Yes, number `),
		[]byte(`."}]},"response":{"id":"chatcmpl-`),
		[]byte(`"}}` + "\n"),
		[]byte(toolsA), []byte(toolsB),
	}
	return &logGen{remaining: size, pieces: pieces}
}

func (g *logGen) Read(p []byte) (int, error) {
	if len(g.buf) == 0 {
		if g.remaining <= 0 {
			return 0, io.EOF
		}
		g.buf = g.record(g.buf[:0])
	}
	n := copy(p, g.buf)
	g.buf = g.buf[n:]
	g.remaining -= int64(n)
	return n, nil
}

func (g *logGen) record(b []byte) []byte {
	g.rec++
	n := strconv.Itoa(g.rec)
	tools := g.pieces[6]
	if g.rec%97 == 0 {
		tools = g.pieces[7]
	}
	b = append(b, g.pieces[0]...)
	b = append(b, byte('0'+g.rec%10))
	b = append(b, g.pieces[1]...)
	b = append(b, tools...)
	b = append(b, g.pieces[2]...)
	b = append(b, n...)
	b = append(b, g.pieces[3]...)
	b = append(b, n...)
	b = append(b, g.pieces[4]...)
	b = append(b, n...)
	return append(b, g.pieces[5]...)
}

// countSink keeps nothing but counts, like a sink that checks and drops
// each request.
type countSink struct{ reqs, findings, errs int }

func (c *countSink) Request(*rules.Request)  { c.reqs++ }
func (c *countSink) Finding(rules.Finding)   { c.findings++ }
func (c *countSink) Error(*rules.InputError) { c.errs++ }

// peakMemory samples the heap while f runs.
func peakMemory(f func()) (heapInuse, sys uint64) {
	var stop atomic.Bool
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		var ms runtime.MemStats
		for !stop.Load() {
			runtime.ReadMemStats(&ms)
			heapInuse, sys = max(heapInuse, ms.HeapInuse), max(sys, ms.Sys)
			time.Sleep(5 * time.Millisecond)
		}
	}()
	f()
	stop.Store(true)
	wg.Wait()
	return heapInuse, sys
}

// BenchmarkReadLog streams a synthesized log and reports throughput and
// peak memory: memory stays flat however large the log is.
func BenchmarkReadLog(b *testing.B) {
	b.SetBytes(*logSize)
	var peakHeap, peakSys uint64
	var sink countSink
	for b.Loop() {
		sink = countSink{}
		runtime.GC()
		h, s := peakMemory(func() {
			if err := Read("log.jsonl", textpos.KindOf("log.jsonl"), newLogGen(*logSize), Options{}, &sink); err != nil {
				b.Fatal(err)
			}
		})
		peakHeap, peakSys = max(peakHeap, h), max(peakSys, s)
	}
	if sink.reqs == 0 || sink.errs != 0 {
		b.Fatalf("%d requests, %d errors", sink.reqs, sink.errs)
	}
	b.ReportMetric(float64(peakHeap)/(1<<20), "peak-MB")
	b.ReportMetric(float64(peakSys)/(1<<20), "sys-MB")
	b.ReportMetric(float64(sink.reqs), "records")
}

func benchBody(b *testing.B) []byte {
	data, err := os.ReadFile("testdata/anthropic/blocks.json")
	if err != nil {
		b.Fatal(err)
	}
	return data
}

// BenchmarkParseJSON is the position-keeping scanner on a request body.
func BenchmarkParseJSON(b *testing.B) {
	data := benchBody(b)
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		if _, err := textpos.ParseJSON(data); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkStdlibTokens is the alternative: encoding/json's Token stream
// with InputOffset for positions.
func BenchmarkStdlibTokens(b *testing.B) {
	data := benchBody(b)
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		d := json.NewDecoder(bytes.NewReader(data))
		for {
			_, err := d.Token()
			if err == io.EOF {
				break
			}
			if err != nil {
				b.Fatal(err)
			}
			_ = d.InputOffset()
		}
	}
}

// BenchmarkStdlibUnmarshal is encoding/json without positions, for scale.
func BenchmarkStdlibUnmarshal(b *testing.B) {
	data := benchBody(b)
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		var v any
		if err := json.Unmarshal(data, &v); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkFindLiterals scans a long system prompt with a few literals.
func BenchmarkFindLiterals(b *testing.B) {
	prose, err := os.ReadFile("testdata/promptfoo/prompts/system.txt")
	if err != nil {
		b.Fatal(err)
	}
	text := "Current time: 2026-11-30T09:41:07Z. Request ID: req_011CV3xYz8Q2.\n" + string(prose) + strings.Repeat(" trace 4bf92f3577b34da6a3ce929d0e0e4736", 3)
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		if len(findLiterals(text, rules.NameOverrides{})) != 5 {
			b.Fatal("literals")
		}
	}
}

// BenchmarkReadRequest reads one Anthropic request file into the model.
func BenchmarkReadRequest(b *testing.B) {
	data := benchBody(b)
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		var sink countSink
		if err := Read("r.json", textpos.KindOf("r.json"), bytes.NewReader(data), Options{}, &sink); err != nil || sink.reqs != 1 {
			b.Fatal(err)
		}
	}
}
