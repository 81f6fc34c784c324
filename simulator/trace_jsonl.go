package simulator

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
)

// TraceFormat and TraceFormatVersion name the JSON Lines trace format.
// The version changes whenever a reader of the old format would misread
// the new one.
const (
	TraceFormat        = "bgsim-trace"
	TraceFormatVersion = 1
)

// Version is bgsim's version, recorded in every trace header.
const Version = "0.1.0"

// Header is the first line of a JSON Lines trace: what produced the events
// that follow, so that a trace can be replayed and verified.
type Header struct {
	Format   string `json:"format"`
	Version  int    `json:"version"`
	Scenario string `json:"scenario"`
	Seed     uint64 `json:"seed"`
	Bgsim    string `json:"bgsim"`
}

// Header returns the trace header of this run.
func (s *Sim) Header() Header {
	return Header{Format: TraceFormat, Version: TraceFormatVersion,
		Scenario: s.cfg.Scenario, Seed: s.cfg.Seed, Bgsim: Version}
}

// WriteJSONL writes h and then one JSON object per event, one per line.
func WriteJSONL(w io.Writer, h Header, events []Event) error {
	bw := bufio.NewWriter(w)
	enc := json.NewEncoder(bw)
	if err := enc.Encode(h); err != nil {
		return fmt.Errorf("simulator: write trace header: %w", err)
	}
	for i := range events {
		if err := enc.Encode(&events[i]); err != nil {
			return fmt.Errorf("simulator: write trace event %d: %w", events[i].Seq, err)
		}
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("simulator: write trace: %w", err)
	}
	return nil
}

// ErrNotATrace is returned by ReadJSONL for input whose first line is not a
// bgsim trace header.
var ErrNotATrace = errors.New("simulator: not a bgsim trace")

// ReadJSONL reads a trace written by WriteJSONL. Errors name the line.
func ReadJSONL(r io.Reader) (Header, []Event, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64*1024), 16*1024*1024)
	var h Header
	var events []Event
	line := 0
	for sc.Scan() {
		line++
		if line == 1 {
			if err := json.Unmarshal(sc.Bytes(), &h); err != nil || h.Format != TraceFormat {
				return h, nil, fmt.Errorf("%w: line 1 is not a %s header", ErrNotATrace, TraceFormat)
			}
			if h.Version != TraceFormatVersion {
				return h, nil, fmt.Errorf("simulator: trace format version %d, this bgsim reads version %d", h.Version, TraceFormatVersion)
			}
			continue
		}
		var e Event
		if err := json.Unmarshal(sc.Bytes(), &e); err != nil {
			return h, events, fmt.Errorf("simulator: trace line %d: %w", line, err)
		}
		events = append(events, e)
	}
	if err := sc.Err(); err != nil {
		return h, events, fmt.Errorf("simulator: read trace: %w", err)
	}
	if line == 0 {
		return h, nil, fmt.Errorf("%w: empty input", ErrNotATrace)
	}
	return h, events, nil
}
