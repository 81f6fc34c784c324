package main

import (
	"bytes"
	"encoding/json"
	"io"
	"os"
	"time"

	"github.com/bgsim/bgsim/fakes"
)

// The time column of a replayed timeline. bgsim run sizes it for the
// run's latest time (simulator.RenderText): T+00:20.000 under an hour,
// T+01:00:00.000 past one. A replay shows each event as it reads it, so
// it sizes the column before the first: by a file's last event, which it
// reads first, from the end (a trace's times never go back), so that a
// file replays in run's columns; standard input cannot be read ahead,
// so its replay keeps room for hours from the start. Either way an event
// past the hour never pushes its line right of the lines above it.

// shortTimeWidth is the time column under an hour, as
// simulator.RenderText lays it out: T+mm:ss.mmm and two to spare.
const shortTimeWidth = 13

// tailRead is how much of a file's end replay reads for its last event;
// a last line longer than that (no trace writes one) gets the room for
// hours.
const tailRead = 64 << 10

// timeColumn is the width of the time column of a timeline whose latest
// time is at.
func timeColumn(at time.Duration) int { return max(len(fakes.FormatOffset(at)), shortTimeWidth) }

// hoursColumn is the time column with room for hours, for a trace whose
// last time is not known.
var hoursColumn = timeColumn(time.Hour)

// replayTimeWidth is the time column for replaying the trace at path
// (stdio: in, standard input): by the last event of a regular file, or
// else with room for hours.
func replayTimeWidth(path string, in io.Reader) int {
	var f *os.File
	if path == stdio {
		stdin, ok := in.(*os.File)
		if !ok {
			return hoursColumn
		}
		f = stdin
	} else {
		opened, err := os.Open(path)
		if err != nil {
			return hoursColumn // openTrace says why
		}
		defer opened.Close()
		f = opened
	}
	at, ok := lastEventAt(f)
	if !ok {
		return hoursColumn
	}
	return timeColumn(at)
}

// lastEventAt reads the time of the last event of the trace in the
// regular file f, with ReadAt, which leaves the offset the replay reads
// from where it is. ok is false for anything else: a pipe, a last line
// that is not an event (a broken trace, which the replay will report).
func lastEventAt(f *os.File) (at time.Duration, ok bool) {
	st, err := f.Stat()
	if err != nil || !st.Mode().IsRegular() {
		return 0, false
	}
	n := min(st.Size(), tailRead)
	buf := make([]byte, n)
	if _, err := f.ReadAt(buf, st.Size()-n); err != nil && err != io.EOF {
		return 0, false
	}
	buf = bytes.TrimRight(buf, " \t\r\n") // blank lines at the end are accepted
	i := bytes.LastIndexByte(buf, '\n')
	if i < 0 && n < st.Size() {
		return 0, false // a last line longer than tailRead
	}
	var ev struct {
		Seq  int64         `json:"seq"`
		Kind string        `json:"kind"`
		At   time.Duration `json:"at"`
	}
	if json.Unmarshal(buf[i+1:], &ev) != nil || ev.Seq == 0 || ev.Kind == "" {
		return 0, false // a header, or not an event
	}
	return ev.At, true
}
