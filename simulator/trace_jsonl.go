package simulator

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"iter"
	"slices"
)

// TraceFormat and TraceFormatVersion name the JSON Lines trace format.
// The version changes whenever a reader of the old format would misread
// the new one. Version 2: a crash's location moved from "reason" to
// "where", background-task ids from "task" to "bgtask", and task events
// carry the task's description in "desc".
const (
	TraceFormat        = "bgsim-trace"
	TraceFormatVersion = 2
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
	// File and FileSHA256 name the scenario file the run played and its
	// content (SHA-256, hex), so that a trace of a user's file can be
	// verified by running that file again; empty for a built-in scenario.
	File       string `json:"file,omitempty"`
	FileSHA256 string `json:"file_sha256,omitempty"`
	// Mistakes are the reference app's mistake switches the command line
	// added to the file's (bgsim run --mistake).
	Mistakes []string `json:"mistakes,omitempty"`
}

// Header returns the trace header of this run.
func (s *Sim) Header() Header {
	return Header{Format: TraceFormat, Version: TraceFormatVersion,
		Scenario: s.cfg.Scenario, Seed: s.cfg.Seed, Bgsim: Version}
}

// WriteJSONL writes h and then one JSON object per event, one per line.
func WriteJSONL(w io.Writer, h Header, events []Event) error {
	return WriteJSONLSeq(w, h, slices.Values(events))
}

// WriteJSONLSeq is WriteJSONL for a sequence of events, such as
// Sim.Events: it writes a long trace without holding it all as Events.
func WriteJSONLSeq(w io.Writer, h Header, events iter.Seq[Event]) error {
	bw := bufio.NewWriter(w)
	enc := json.NewEncoder(bw)
	if err := enc.Encode(h); err != nil {
		return fmt.Errorf("simulator: write trace header: %w", err)
	}
	for e := range events {
		if err := enc.Encode(&e); err != nil {
			return fmt.Errorf("simulator: write trace event %d: %w", e.Seq, err)
		}
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("simulator: write trace: %w", err)
	}
	return nil
}
