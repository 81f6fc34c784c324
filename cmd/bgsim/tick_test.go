package main

import (
	"bytes"
	"slices"
	"strings"
	"testing"
	"time"
)

// On a terminal a paced replay shows the virtual time running through a
// wait, on one line rewritten in place, and clears it before the next
// event.
func TestTickingClock(t *testing.T) {
	clk := &sleepRecorder{}
	var out bytes.Buffer
	p := realtimePace{clk: clk, speed: 20, out: &out, tick: true}
	if err := p.wait(10*time.Second, 20*time.Second); err != nil { // 10 s at 20x: 500 ms of real time
		t.Fatal(err)
	}
	if want := slices.Repeat([]time.Duration{tickEvery}, 5); !slices.Equal(clk.slept, want) {
		t.Errorf("slept %v, want %v", clk.slept, want)
	}
	frames := strings.Split(out.String(), eraseLine)
	if frames[0] != "" || frames[len(frames)-1] != "" {
		t.Errorf("the clock's line is not rewritten from its start and cleared at the end: %q", out.String())
	}
	var clocks []string
	for _, f := range frames[1 : len(frames)-1] {
		clocks = append(clocks, strings.Fields(f)[0])
		if strings.Contains(f, "\n") {
			t.Errorf("the clock's line ends a line: %q", f)
		}
		if !strings.HasSuffix(f, "the next event is at T+00:20.000") {
			t.Errorf("frame %q does not say when the next event is", f)
		}
	}
	if want := []string{"T+00:12.000", "T+00:14.000", "T+00:16.000", "T+00:18.000", "T+00:20.000"}; !slices.Equal(clocks, want) {
		t.Errorf("the clock showed %v, want %v", clocks, want)
	}
}

// A gap cut by --max-gap keeps its line, then the clock runs through the
// whole virtual gap in the cut time.
func TestTickingClockCutGap(t *testing.T) {
	clk := &sleepRecorder{}
	var out bytes.Buffer
	p := realtimePace{clk: clk, speed: 1, maxGap: 400 * time.Millisecond, out: &out, tick: true}
	if err := p.wait(0, time.Hour); err != nil {
		t.Fatal(err)
	}
	s := out.String()
	if !strings.HasPrefix(s, "                      … 1h0m0s of virtual time pass, shown in 400ms (--max-gap)\n"+eraseLine+"T+15:00.000") {
		t.Errorf("want the cut-gap line, then the clock at a quarter of the gap; got %q", s)
	}
	if !strings.HasSuffix(s, eraseLine+"T+01:00:00.000 … virtual time passes; the next event is at T+01:00:00.000"+eraseLine) {
		t.Errorf("the clock does not end at the next event: %q", s)
	}
	if len(clk.slept) != 4 {
		t.Errorf("slept %v, want 4 ticks of 100ms", clk.slept)
	}
}

// In a timeline whose time column has room for hours, the cut gap's line
// starts under the descriptions and the clock's text under the actors, as
// with the column under an hour.
func TestTickingClockInTheHoursColumn(t *testing.T) {
	var out bytes.Buffer
	p := realtimePace{clk: &sleepRecorder{}, speed: 1, maxGap: 400 * time.Millisecond, out: &out, tick: true, timeWidth: hoursColumn}
	if err := p.wait(0, time.Hour); err != nil {
		t.Fatal(err)
	}
	s := out.String()
	if !strings.HasPrefix(s, strings.Repeat(" ", 23)+"… 1h0m0s of virtual time pass") {
		t.Errorf("want the cut-gap line 23 columns in, one more than under an hour; got %q", s)
	}
	if !strings.Contains(s, eraseLine+"T+15:00.000    … virtual time passes") {
		t.Errorf("want the clock in a 14-column time column; got %q", s)
	}
}

// No clock off a terminal, and none for a wait too short to read it.
func TestNoTickingClock(t *testing.T) {
	for _, c := range []struct {
		name string
		tick bool
		next time.Duration
	}{
		{"not a terminal", false, 10 * time.Second},
		{"short wait", true, minTickedWait - time.Millisecond},
	} {
		t.Run(c.name, func(t *testing.T) {
			clk := &sleepRecorder{}
			var out bytes.Buffer
			if err := (realtimePace{clk: clk, speed: 1, out: &out, tick: c.tick}).wait(0, c.next); err != nil {
				t.Fatal(err)
			}
			if out.Len() != 0 || !slices.Equal(clk.slept, []time.Duration{c.next}) {
				t.Errorf("wrote %q and slept %v, want nothing written and one sleep of %s", out.String(), clk.slept, c.next)
			}
		})
	}
}
