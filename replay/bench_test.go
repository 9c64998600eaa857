package replay

import (
	"encoding/json"
	"flag"
	"fmt"
	"github.com/cachevet/cachevet/internal/textpos"
	"io"
	"runtime"
	"runtime/metrics"
	"strconv"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/cachevet/cachevet/requests"
)

// replaySize is the size of the log BenchmarkReplay synthesizes.
// Run with -replaysize=1073741824 -benchtime=1x to replay a 1 GB log.
var replaySize = flag.Int64("replaysize", 100<<20, "bytes of JSONL BenchmarkReplay synthesizes")

// agentLog synthesizes an agent's request log on the fly: 24 tenants with
// their own system prompt (a few KB, one in eight with a timestamp in it),
// three tools, conversations of one to eight turns, Anthropic and OpenAI
// models, a request every 250 ms.
type agentLog struct {
	remaining int64
	buf, back []byte
	rec       int
	systems   []string
	sysJSON   [][]byte
	tools     string
	records   atomic.Int64
}

func newAgentLog(size int64) *agentLog {
	g := &agentLog{remaining: size}
	for t := range 24 {
		g.systems = append(g.systems, fmt.Sprintf("You are the support agent of tenant %d.\n", t)+prose(250+10*t))
		j, _ := json.Marshal(g.systems[t])
		g.sysJSON = append(g.sysJSON, j)
	}
	tools, _ := json.Marshal([]any{
		map[string]any{"name": "search_docs", "description": "Search the handbook.", "input_schema": map[string]any{"type": "object", "properties": map[string]any{"q": map[string]any{"type": "string"}}}},
		map[string]any{"name": "open_ticket", "description": "Open a ticket.", "input_schema": map[string]any{"type": "object", "properties": map[string]any{"title": map[string]any{"type": "string"}}}},
		map[string]any{"name": "get_order", "description": "Look an order up.", "input_schema": map[string]any{"type": "object", "properties": map[string]any{"id": map[string]any{"type": "string"}}}},
	})
	g.tools = string(tools)
	return g
}

func (g *agentLog) Read(p []byte) (int, error) {
	if len(g.buf) == 0 {
		if g.remaining <= 0 {
			return 0, io.EOF
		}
		g.back = g.record(g.back[:0])
		g.buf = g.back
	}
	n := copy(p, g.buf)
	g.buf = g.buf[n:]
	g.remaining -= int64(n)
	return n, nil
}

func (g *agentLog) Close() error { return nil }

func (g *agentLog) record(b []byte) []byte {
	g.rec++
	g.records.Add(1)
	tenant := g.rec % len(g.systems)
	ts := t0.Add(time.Duration(g.rec) * 250 * time.Millisecond)
	sysJSON := g.sysJSON[tenant]
	turns := 1 + (g.rec/len(g.systems))%8
	b = append(b, `{"timestamp":"`...)
	b = ts.AppendFormat(b, time.RFC3339Nano)
	if tenant%5 == 4 {
		b = append(b, `","request":{"model":"gpt-4o","messages":[{"role":"system","content":`...)
		b = appendSystem(b, sysJSON, tenant, ts)
		b = append(b, '}')
	} else {
		b = append(b, `","request":{"model":"claude-sonnet-4-5","max_tokens":1024,"tools":`...)
		b = append(b, g.tools...)
		b = append(b, `,"system":[{"type":"text","text":`...)
		b = appendSystem(b, sysJSON, tenant, ts)
		b = append(b, `,"cache_control":{"type":"ephemeral"}}],"cache_control":{"type":"ephemeral"},"messages":[{"role":"user","content":"hello"}`...)
	}
	for i := range turns {
		b = append(b, `,{"role":"assistant","content":"Let me look that up for you; one moment please."},{"role":"user","content":"tenant `...)
		b = strconv.AppendInt(b, int64(tenant), 10)
		b = append(b, ` conversation `...)
		b = strconv.AppendInt(b, int64(g.rec/len(g.systems)/8), 10)
		b = append(b, ` question `...)
		b = strconv.AppendInt(b, int64(i), 10)
		b = append(b, `: where is my order?"}`...)
	}
	b = append(b, "]}}\n"...)
	return b
}

// appendSystem appends a tenant's system prompt as a JSON string, with a
// timestamp at its top for one tenant in eight.
func appendSystem(b, sysJSON []byte, tenant int, ts time.Time) []byte {
	if tenant%8 != 0 {
		return append(b, sysJSON...)
	}
	b = append(b, `"Current time: `...)
	b = ts.AppendFormat(b, time.RFC3339)
	b = append(b, `\n`...)
	return append(b, sysJSON[1:]...)
}

// BenchmarkReplay replays a synthesized log of -replaysize bytes (default
// 100 MB) with no per-record rows kept, and reports throughput, the cost
// per record and the peak live heap.
func BenchmarkReplay(b *testing.B) {
	for range b.N {
		g := newAgentLog(*replaySize)
		peak, stop := samplePeakHeap()
		cpu0 := cpuTime()
		start := time.Now()
		rep, err := Run(Options{Logs: []string{"agent.jsonl"}, KeepRecords: -1,
			Open: func(string) (io.ReadCloser, error) { return g, nil }})
		el := time.Since(start)
		cpu := cpuTime() - cpu0
		stop()
		if err != nil {
			b.Fatal(err)
		}
		if len(rep.Errors) > 0 {
			b.Fatalf("errors: %+v", rep.Errors[0])
		}
		n := g.records.Load()
		b.ReportMetric(float64(*replaySize)/1e6/el.Seconds(), "MB/s")
		b.ReportMetric(float64(*replaySize)/1e6/cpu.Seconds(), "cpu-MB/s")
		b.ReportMetric(float64(el.Nanoseconds())/float64(n), "ns/record")
		b.ReportMetric(float64(cpu.Nanoseconds())/float64(n), "cpu-ns/record")
		b.ReportMetric(float64(*peak.Load())/(1<<20), "peak-heap-MB")
		b.ReportMetric(float64(n), "records")
		b.ReportMetric(rep.Replay.HitRate*100, "hit-%")
	}
}

// samplePeakHeap samples the live heap every 5 ms until stop is called.
func samplePeakHeap() (*atomic.Pointer[uint64], func()) {
	var peak atomic.Pointer[uint64]
	zero := uint64(0)
	peak.Store(&zero)
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	runtime.GC()
	go func() {
		defer wg.Done()
		s := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
		t := time.NewTicker(5 * time.Millisecond)
		defer t.Stop()
		for {
			metrics.Read(s)
			if v := s[0].Value.Uint64(); v > *peak.Load() {
				peak.Store(&v)
			}
			select {
			case <-done:
				return
			case <-t.C:
			}
		}
	}()
	return &peak, func() { close(done); wg.Wait() }
}

// cpuTime is the process's user and system CPU time: on a loaded machine
// wall time says more about the neighbours than about the code.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// BenchmarkReadOnly reads the same synthesized log with the request
// readers alone, the floor under BenchmarkReplay.
func BenchmarkReadOnly(b *testing.B) {
	for range b.N {
		g := newAgentLog(*replaySize)
		cpu0 := cpuTime()
		start := time.Now()
		n := 0
		err := requests.Read("agent.jsonl", textpos.KindLog, g, requests.Options{Records: func(*requests.Record) { n++ }}, &sink{s: &session{}})
		el, cpu := time.Since(start), cpuTime()-cpu0
		if err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(float64(*replaySize)/1e6/el.Seconds(), "MB/s")
		b.ReportMetric(float64(*replaySize)/1e6/cpu.Seconds(), "cpu-MB/s")
		b.ReportMetric(float64(cpu.Nanoseconds())/float64(n), "cpu-ns/record")
	}
}
