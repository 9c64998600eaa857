package requests

import (
	"bufio"
	"bytes"
	"errors"
	"github.com/cachevet/cachevet/internal/textpos"
	"io"
	"strconv"

	"github.com/cachevet/cachevet/rules"
)

// maxLineBytes bounds one JSONL record; a longer line is reported and
// skipped without being held in memory. A variable so tests can lower it.
var maxLineBytes = 64 << 20

// maxPendingErrors bounds the unreadable records before the first
// request: past it the file is not a JSON Lines log (a binary file, a
// text file), and reading stops instead of reporting every line.
const maxPendingErrors = 100

// maxOtherRecords is how many records of another kind (valid JSON, no
// request) open a JSONL file before it is taken for something else.
const maxOtherRecords = 1000

// logReader streams a JSON Lines request log: one record per line, held
// in memory one at a time, so a log of any size is read in memory bounded
// by its longest line.
type logReader struct {
	rd    *reader
	order *orderTracker
	// Until the first request, errors are held back: a JSONL file of other
	// records (a dataset, an event log) is ErrNotRequest with nothing sent.
	pending []*rules.InputError
	flushed bool
	other   int // valid JSON records that are not requests
	buf     []byte
}

func readLog(path string, r io.Reader, opts Options, sink rules.Sink) error {
	lr := &logReader{rd: &reader{path: path, opts: opts, sink: sink, cache: &literalCache{}}, order: newOrderTracker()}
	br := bufio.NewReaderSize(r, 256<<10)
	line, record := 0, 0
	for {
		text, tooLong, err := lr.readLine(br)
		if err != nil && !errors.Is(err, io.EOF) {
			return err
		}
		if text == nil && !tooLong && errors.Is(err, io.EOF) {
			break
		}
		line++
		if tooLong {
			record++
			lr.error(rules.Errorf(rules.Span{File: path, Line: line, Col: 1}, "record %d is longer than %s; skipped", record, sizeString(maxLineBytes)))
		} else if len(bytes.TrimSpace(text)) > 0 {
			record++
			record += lr.record(text, line, record) - 1
		}
		if errors.Is(err, io.EOF) {
			break
		}
		if lr.rd.sent {
			continue
		}
		if n := len(lr.pending); n >= maxPendingErrors {
			lr.flush()
			lr.rd.error(rules.Errorf(rules.Span{File: path, Line: line, Col: 1},
				"stopped after %d unreadable records and no request: not a JSON Lines request log", n))
			return nil
		}
		if lr.other >= maxOtherRecords {
			return ErrNotRequest // a JSONL file of something else: do not read it all
		}
	}
	return lr.finish()
}

// readLine returns the next line without its line break. A line over the
// limit is consumed and reported as tooLong; the reusable buffer grows to
// the longest line read and is dropped after an unusually long one.
func (lr *logReader) readLine(br *bufio.Reader) (text []byte, tooLong bool, err error) {
	if cap(lr.buf) > 8<<20 {
		lr.buf = nil
	}
	lr.buf = lr.buf[:0]
	chunk, err := br.ReadSlice('\n')
	if !errors.Is(err, bufio.ErrBufferFull) && len(chunk) > 0 {
		// The common case: the whole line is in the reader's buffer, valid
		// until the next read, by which time the record is built.
		return trimLineEnd(chunk), false, err
	}
	for {
		if !tooLong {
			if len(lr.buf)+len(chunk) > maxLineBytes+2 {
				tooLong, lr.buf = true, lr.buf[:0]
			} else {
				lr.buf = append(lr.buf, chunk...)
			}
		}
		if !errors.Is(err, bufio.ErrBufferFull) {
			break
		}
		chunk, err = br.ReadSlice('\n')
	}
	if err != nil && len(lr.buf) == 0 && !tooLong {
		return nil, false, err
	}
	return trimLineEnd(lr.buf), tooLong, err
}

func sizeString(n int) string {
	if n >= 1<<20 {
		return strconv.Itoa(n>>20) + " MB"
	}
	return strconv.Itoa(n) + " bytes"
}

func trimLineEnd(b []byte) []byte {
	b = bytes.TrimSuffix(b, []byte("\n"))
	return bytes.TrimSuffix(b, []byte("\r"))
}

// record parses and builds one JSONL record and returns how many records
// the line held: one, or the spans of an OpenTelemetry export.
func (lr *logReader) record(text []byte, line, record int) int {
	src := textpos.NewLineSource(lr.rd.path, text, line)
	start := 0
	if line == 1 {
		start = len(text) - len(skipBOM(text))
	}
	root, end, err := textpos.ParseJSONPrefix(text, start)
	if err == nil && end < len(text) {
		err = &textpos.Error{Off: end, Msg: "invalid character " + textpos.QuoteByte(text, end) + " after JSON record (one record per line)"}
	}
	if err != nil {
		lr.error(syntaxInputError(src, err))
		return 1
	}
	if ads := adapt(root, src); ads != nil {
		for i, a := range ads {
			if b := buildAdapted(lr.rd, a); b != nil {
				b.req.Record = record + i
				lr.flush()
				lr.rd.emit(b, lr.order)
			}
		}
		if !lr.rd.sent {
			lr.other++
		}
		return max(1, len(ads))
	}
	body, bsrc, hint, ierr := unwrap(root, src)
	if ierr != nil {
		lr.error(ierr)
		return 1
	}
	b := build(lr.rd, bsrc, body, hint)
	if b == nil {
		if ierr, ok := unreadError(bsrc, body, record); ok {
			lr.error(ierr) // a request that is wrong, not a record of another kind
			return 1
		}
		lr.other++
		return 1
	}
	lr.flush()
	lr.rd.emitRecord(b, record, root, lr.order)
	return 1
}

func (lr *logReader) error(e *rules.InputError) {
	if lr.flushed {
		lr.rd.error(e)
		return
	}
	lr.pending = append(lr.pending, e)
}

// flush sends the held-back errors: the file is a log after all.
func (lr *logReader) flush() {
	if lr.flushed {
		return
	}
	lr.flushed = true
	for _, e := range lr.pending {
		lr.rd.error(e)
	}
	lr.pending = nil
}

// finish decides what a log without requests was: records of another kind
// make it not a request log; only broken records make it a broken log.
func (lr *logReader) finish() error {
	if lr.rd.sent {
		return nil
	}
	if lr.other > 0 || len(lr.pending) == 0 {
		return ErrNotRequest
	}
	lr.flush()
	return nil
}
