package main

import (
	"bufio"
	"errors"
	"fmt"
	"io"
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
}

func (p realtimePace) wait(prev, next time.Duration) error {
	if d := time.Duration(float64(next-prev) / p.speed); d > 0 {
		p.clk.Sleep(d)
	}
	return nil
}

// stepPace waits for a line (Enter) on in before each event; at the end of
// the input it shows the rest at once.
type stepPace struct {
	in  *bufio.Reader
	eof bool
}

func (p *stepPace) wait(time.Duration, time.Duration) error {
	if p.eof {
		return nil
	}
	if _, err := p.in.ReadString('\n'); err != nil {
		if errors.Is(err, io.EOF) {
			p.eof = true
			return nil
		}
		return fmt.Errorf("read standard input: %w", err)
	}
	return nil
}

// parsePace reads a --pace value: "" (no pacing), "step", or "Nx" (N times
// faster than virtual time; "1x" is real time).
func parsePace(s string, e env) (pacer, error) {
	switch {
	case s == "":
		return noPace{}, nil
	case s == "step":
		return &stepPace{in: bufio.NewReader(e.stdin)}, nil
	case strings.HasSuffix(s, "x"):
		speed, err := strconv.ParseFloat(strings.TrimSuffix(s, "x"), 64)
		if err == nil && speed > 0 && speed < 1e12 {
			return realtimePace{clk: e.clock, speed: speed}, nil
		}
	}
	return nil, usagef("bad --pace %q: want Nx (N times faster than virtual time, e.g. 10x, 0.5x) or step (Enter for each event)", s)
}
