package main

import (
	"fmt"
	"io"
	"time"

	"github.com/benbjohnson/clock"

	"github.com/bgsim/bgsim/fakes"
)

// The ticking clock of a paced replay on a terminal: while the replay
// waits for the next event, one line shows the virtual time running, in
// the time column of the timeline, rewritten in place with \r every
// tickEvery of real time, and cleared before the next event is shown.
// It lives above the simulation: the replay reads a finished trace, so
// the real clock here never reaches a trace.
const (
	tickEvery = 100 * time.Millisecond
	// minTickedWait is the shortest wait that shows the clock: shorter
	// ones would only flicker.
	minTickedWait = 3 * tickEvery
)

// eraseLine returns to the start of the line and clears it (ANSI EL).
const eraseLine = "\r\x1b[K"

// tickThrough sleeps wait of real time on clk in steps of tickEvery, and
// after each shows on out the virtual time reached between prev and next,
// as if virtual time ran evenly over the wait, in a time column of
// column. It leaves the line empty.
func tickThrough(clk clock.Clock, out io.Writer, column int, prev, next time.Duration, wait time.Duration) error {
	for slept := time.Duration(0); slept < wait; {
		step := min(tickEvery, wait-slept)
		clk.Sleep(step)
		slept += step
		// in floating point, as the pace is: next-prev may overflow
		at := time.Duration(float64(prev) + (float64(next)-float64(prev))*float64(slept)/float64(wait))
		if slept >= wait {
			at = next
		}
		if _, err := fmt.Fprintf(out, "%s%-*s %s", eraseLine, column, fakes.FormatOffset(at),
			"… virtual time passes; the next event is at "+fakes.FormatOffset(next)); err != nil {
			return fmt.Errorf("write output: %w", err)
		}
	}
	if _, err := io.WriteString(out, eraseLine); err != nil {
		return fmt.Errorf("write output: %w", err)
	}
	return nil
}
