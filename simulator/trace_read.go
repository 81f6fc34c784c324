package simulator

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
)

// Bounds of a trace read by a TraceReader, used where TraceLimits leaves a
// field zero. A line of a trace bgsim wrote is a few hundred bytes, and the
// default event budget gives traces far below 1 GiB.
const (
	DefaultMaxTraceLine int64 = 16 << 20 // 16 MiB
	DefaultMaxTraceSize int64 = 1 << 30  // 1 GiB
)

// TraceLimits bound what a TraceReader reads, so that a file that is not
// a trace (/dev/zero, a disk image) is refused with a clear error after a
// bounded read instead of filling memory. Zero fields take the defaults.
type TraceLimits struct {
	// MaxLine is the longest line accepted, in bytes, without its line
	// ending. Default DefaultMaxTraceLine.
	MaxLine int64
	// MaxSize is the most bytes read in all. Default DefaultMaxTraceSize.
	MaxSize int64
}

func (l TraceLimits) withDefaults() TraceLimits {
	if l.MaxLine <= 0 {
		l.MaxLine = DefaultMaxTraceLine
	}
	if l.MaxSize <= 0 {
		l.MaxSize = DefaultMaxTraceSize
	}
	return l
}

// ErrNotATrace is returned for input whose first line is not a bgsim
// trace header.
var ErrNotATrace = errors.New("simulator: not a bgsim trace")

// ErrTraceTooLarge is returned when a line or the whole input exceeds the
// reader's TraceLimits.
var ErrTraceTooLarge = errors.New("simulator: trace too large")

// A TraceReader reads a JSON Lines trace written by WriteJSONL one line at
// a time, so its memory is one line whatever the length of the trace.
//
// It accepts what editors and other systems do to a text file: CRLF line
// endings, a byte-order mark, a missing final newline, blank lines at the
// end. A blank line before an event is an error (the trace was cut or
// spliced), as is a line or an input beyond its TraceLimits. Errors name
// the line.
type TraceReader struct {
	in     *bufio.Reader
	limits TraceLimits
	header Header
	raw    []byte // the header's line
	line   int    // number of the last line read
	size   int64  // bytes read
	buf    []byte
	blank  int   // number of the first blank line not yet followed by an event; 0 if none
	err    error // the first error: every later call returns it
}

// NewTraceReader reads and checks the header of the trace r holds: its
// first line must be a header of the format TraceFormat, version
// TraceFormatVersion. The error for a header that is JSON but not a valid
// header keeps the JSON error, which names the field.
func NewTraceReader(r io.Reader, limits TraceLimits) (*TraceReader, error) {
	t := &TraceReader{in: bufio.NewReaderSize(r, 64<<10), limits: limits.withDefaults()}
	raw, err := t.readLine()
	if errors.Is(err, io.EOF) {
		return nil, fmt.Errorf("%w: empty input", ErrNotATrace)
	}
	if err != nil {
		return nil, err
	}
	t.raw = bytes.Clone(bytes.TrimPrefix(raw, []byte("\uFEFF")))
	if err := t.parseHeader(t.raw); err != nil {
		return nil, err
	}
	return t, nil
}

func (t *TraceReader) parseHeader(raw []byte) error {
	// Unmarshal goes on past a field of the wrong type, so Format is set
	// whenever the line is a JSON object that names it.
	err := json.Unmarshal(raw, &t.header)
	if t.header.Format != TraceFormat {
		if err != nil {
			return fmt.Errorf("%w: line 1 is not a %s header: %w", ErrNotATrace, TraceFormat, err)
		}
		return fmt.Errorf("%w: line 1 is not a %s header (format %q)", ErrNotATrace, TraceFormat, t.header.Format)
	}
	if err != nil {
		return fmt.Errorf("simulator: trace header (line 1): %w", err)
	}
	if t.header.Version != TraceFormatVersion {
		return fmt.Errorf("simulator: trace format version %d, this bgsim reads version %d", t.header.Version, TraceFormatVersion)
	}
	return nil
}

// Header is the trace's header.
func (t *TraceReader) Header() Header { return t.header }

// HeaderLine is the header's line as it is in the input, without its line
// ending and byte-order mark: to compare traces byte for byte.
func (t *TraceReader) HeaderLine() []byte { return t.raw }

// Line is the number of the line NextLine or Next returned last (1 for
// the header), counting every line of the input.
func (t *TraceReader) Line() int { return t.line }

// NextLine returns the next event's line as it is in the input, without
// its line ending, or io.EOF after the last event. The slice is valid
// until the next call. After an error, every call returns it.
func (t *TraceReader) NextLine() ([]byte, error) {
	if t.err != nil {
		return nil, t.err
	}
	raw, err := t.nextLine()
	if err != nil && !errors.Is(err, io.EOF) {
		t.err = err
	}
	return raw, err
}

func (t *TraceReader) nextLine() ([]byte, error) {
	for {
		raw, err := t.readLine()
		if errors.Is(err, io.EOF) {
			return nil, io.EOF // blank lines at the end are fine
		}
		if err != nil {
			return nil, err
		}
		if len(bytes.TrimSpace(raw)) == 0 {
			if t.blank == 0 {
				t.blank = t.line
			}
			continue
		}
		if t.blank != 0 {
			return nil, fmt.Errorf("simulator: trace line %d is blank; blank lines may only end a trace", t.blank)
		}
		return raw, nil
	}
}

// Next returns the next event, or io.EOF after the last one. After an
// error, every call returns it.
func (t *TraceReader) Next() (Event, error) {
	raw, err := t.NextLine()
	if err != nil {
		return Event{}, err
	}
	var e Event
	if err := json.Unmarshal(raw, &e); err != nil {
		t.err = fmt.Errorf("simulator: trace line %d: %w", t.line, err)
		return Event{}, t.err
	}
	return e, nil
}

// readLine reads one line without its line ending ("\n" or "\r\n"),
// reading no more than the limits allow. It returns io.EOF at the end of
// the input.
func (t *TraceReader) readLine() ([]byte, error) {
	t.buf = t.buf[:0]
	for {
		chunk, err := t.in.ReadSlice('\n')
		t.size += int64(len(chunk))
		if t.size > t.limits.MaxSize {
			return nil, fmt.Errorf("%w: more than %s (at line %d)", ErrTraceTooLarge, formatBytes(t.limits.MaxSize), t.line+1)
		}
		t.buf = append(t.buf, chunk...)
		// Without its line ending (or the "\r" that may begin one), the
		// line so far is already longer than allowed: stop reading it.
		if int64(len(trimEOL(t.buf))) > t.limits.MaxLine {
			return nil, fmt.Errorf("%w: line %d is longer than %s", ErrTraceTooLarge, t.line+1, formatBytes(t.limits.MaxLine))
		}
		ended := err == nil || errors.Is(err, io.EOF)
		switch {
		case errors.Is(err, bufio.ErrBufferFull):
			continue
		case ended && len(t.buf) > 0: // with or without a final newline
			t.line++
			return trimEOL(t.buf), nil
		case ended:
			return nil, io.EOF
		default:
			return nil, fmt.Errorf("simulator: read trace (line %d): %w", t.line+1, err)
		}
	}
}

func trimEOL(b []byte) []byte {
	b = bytes.TrimSuffix(b, []byte("\n"))
	return bytes.TrimSuffix(b, []byte("\r"))
}

// formatBytes writes n in the largest binary unit that divides it: 16 MiB.
func formatBytes(n int64) string {
	for _, u := range []struct {
		size int64
		name string
	}{{1 << 30, "GiB"}, {1 << 20, "MiB"}, {1 << 10, "KiB"}} {
		if n >= u.size && n%u.size == 0 {
			return fmt.Sprintf("%d %s", n/u.size, u.name)
		}
	}
	return fmt.Sprintf("%d bytes", n)
}

// ReadJSONL reads a whole trace written by WriteJSONL, within the default
// TraceLimits. It holds every event in memory: to go through a long trace,
// use a TraceReader.
func ReadJSONL(r io.Reader) (Header, []Event, error) {
	t, err := NewTraceReader(r, TraceLimits{})
	if err != nil {
		return Header{}, nil, err
	}
	var events []Event
	for {
		e, err := t.Next()
		if errors.Is(err, io.EOF) {
			return t.header, events, nil
		}
		if err != nil {
			return t.header, events, err
		}
		events = append(events, e)
	}
}
