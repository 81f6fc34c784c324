package main

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/benbjohnson/clock"
)

// A pacer waits, between two events of a replay, as long as the replay's
// pace asks: a fraction of the virtual time between them, or a key press.
type pacer interface {
	// wait is called before each event but the first, with the virtual
	// time of the event shown last and of the one about to be shown.
	wait(prev, next time.Duration) error
}

// noPace shows every event at once.
type noPace struct{}

func (noPace) wait(time.Duration, time.Duration) error { return nil }

// realtimePace sleeps the virtual time between events divided by speed,
// on clk: the real clock in the program, a mock in tests.
type realtimePace struct {
	clk   clock.Clock
	speed float64
	// maxGap, if set, is the longest real wait between two events: a
	// longer idle gap is cut to it, and out gets a line saying how much
	// virtual time passed, so a replay never sits silent.
	maxGap time.Duration
	out    io.Writer
	// tick shows, on a terminal, a clock of the virtual time that runs
	// while the replay waits, on one line rewritten in place (see tick.go).
	tick bool
	// timeWidth is the time column of the timeline (replayTimeWidth), in
	// which the clock runs and after which the cut gap's line starts;
	// 0 is the column under an hour.
	timeWidth int
}

// column is the time column of the timeline p paces.
func (p realtimePace) column() int { return max(p.timeWidth, shortTimeWidth) }

func (p realtimePace) wait(prev, next time.Duration) error {
	// In floating point: next-prev can overflow for a hand-made trace, and
	// the quotient can exceed time.Duration at slow paces.
	d := (float64(next) - float64(prev)) / p.speed
	if p.maxGap > 0 && d > float64(p.maxGap) {
		if p.out != nil {
			// indented under the description column of the timeline:
			// after the time, a space, the actor's 7 columns, a space
			if _, err := fmt.Fprintf(p.out, "%*s… %s of virtual time pass, shown in %s (--max-gap)\n",
				p.column()+9, "", next-prev, p.maxGap); err != nil {
				return fmt.Errorf("write output: %w", err)
			}
		}
		d = float64(p.maxGap)
	}
	switch {
	case d >= math.MaxInt64:
		p.clk.Sleep(math.MaxInt64)
	case p.tick && p.out != nil && d >= float64(minTickedWait):
		return tickThrough(p.clk, p.out, p.column(), prev, next, time.Duration(d))
	case d >= 1:
		p.clk.Sleep(time.Duration(d))
	}
	return nil
}

// stepPace waits for a key before each event: Enter (or space, on a
// terminal) shows the next, q stops; at the end of the input it shows the
// rest at once.
type stepPace struct {
	keys keySource
	eof  bool
}

func (p *stepPace) wait(time.Duration, time.Duration) error {
	if p.eof {
		return nil
	}
	k, err := p.keys.next()
	switch {
	case err != nil:
		return fmt.Errorf("read standard input: %w", err)
	case k == keyQuit:
		return errQuit
	case k == keyEnd:
		p.eof = true
	}
	return nil
}

// hint tells the user, on standard error, which keys step the replay.
func (p *stepPace) hint() string {
	if _, ok := p.keys.(*terminalKeys); ok {
		return "bgsim: press Enter or space for the next event, q to stop, Ctrl-D for the rest"
	}
	return "bgsim: press Enter for each next event, q and Enter to stop; end of input shows the rest"
}

// errQuit is a step replay's q: the user stops the replay.
var errQuit = errors.New("bgsim: replay stopped by q")

// The range of N in --pace Nx. Slower than 0.001x, a second of virtual
// time lasts over a quarter of an hour; faster than 1000000x, a day of
// virtual time lasts under a tenth of a second: no one watches either.
const (
	minPace = 0.001
	maxPace = 1e6
)

var paceRange = strconv.FormatFloat(minPace, 'f', -1, 64) + "x to " + strconv.FormatFloat(maxPace, 'f', -1, 64) + "x"

// parsePace reads a --pace value: "" (no pacing), "step", or "Nx" (N times
// faster than virtual time; "1x" is real time), N from minPace to maxPace.
func parsePace(s string, e env) (pacer, error) {
	switch {
	case s == "":
		return noPace{}, nil
	case s == "step":
		if f, ok := e.stdin.(*os.File); ok && isTerminal(f) {
			return &stepPace{keys: &terminalKeys{in: f, exit: os.Exit}}, nil
		}
		return &stepPace{keys: &lineKeys{in: bufio.NewReader(e.stdin)}}, nil
	case strings.HasSuffix(s, "x"):
		speed, err := strconv.ParseFloat(strings.TrimSuffix(s, "x"), 64)
		if err != nil {
			break
		}
		if !(speed >= minPace && speed <= maxPace) { // also NaN
			return nil, usagef("bad --pace %q: N must be from %s", s, paceRange)
		}
		return realtimePace{clk: e.clock, speed: speed}, nil
	}
	return nil, usagef("bad --pace %q: want Nx (N times faster than virtual time, e.g. 10x, 0.5x; from %s) or step (Enter for each event)", s, paceRange)
}
