package main

import (
	"bytes"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/benbjohnson/clock"

	"github.com/bgsim/bgsim/simulator"
)

// stampWriter records, for each write, the mock clock's time since it
// started.
type stampWriter struct {
	clk    *clock.Mock
	start  time.Time
	mu     sync.Mutex
	stamps []time.Duration
	text   []string
}

func (w *stampWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.stamps = append(w.stamps, w.clk.Now().Sub(w.start))
	w.text = append(w.text, string(p))
	return len(p), nil
}

func writeTestTrace(t *testing.T, at ...time.Duration) string {
	t.Helper()
	var events []simulator.Event
	for i, d := range at {
		events = append(events, simulator.Event{Seq: i + 1, At: d, Actor: simulator.ActorUser,
			Kind: simulator.KindUserAction, Detail: "step " + string(rune('A'+i))})
	}
	var buf bytes.Buffer
	h := simulator.Header{Format: simulator.TraceFormat, Version: simulator.TraceFormatVersion, Scenario: "test"}
	if err := simulator.WriteJSONL(&buf, h, events); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "trace.jsonl")
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestReplayPaceMock replays at 2x on a mock clock: each event is written
// once the mock clock reached half its virtual time.
func TestReplayPaceMock(t *testing.T) {
	path := writeTestTrace(t, 0, time.Second, time.Second, 4*time.Second)
	m := clock.NewMock()
	out := &stampWriter{clk: m, start: m.Now()}
	var stderr bytes.Buffer
	done := make(chan int)
	go func() {
		done <- execute([]string{"replay", "--pace", "2x", path},
			env{stdin: strings.NewReader(""), stdout: out, stderr: &stderr, clock: m})
	}()
	var code int
wait:
	for {
		select {
		case code = <-done:
			break wait
		default:
			m.WaitForAllTimers() // fires the replay's pending sleep, if any
			time.Sleep(100 * time.Microsecond)
		}
	}
	if code != exitOK {
		t.Fatalf("exit code %d, stderr: %s", code, stderr.String())
	}
	want := []time.Duration{0, 500 * time.Millisecond, 500 * time.Millisecond, 2 * time.Second}
	// the events, then a blank line and the outcome summary
	if len(out.stamps) != len(want)+2 || !strings.HasPrefix(out.text[len(want)+1], "Outcome: ") {
		t.Fatalf("%d writes, want %d events and the summary: %q", len(out.stamps), len(want), out.text)
	}
	for i, w := range want {
		if out.stamps[i] != w {
			t.Errorf("event %d written at %s on the mock clock, want %s", i+1, out.stamps[i], w)
		}
		if step := "step " + string(rune('A'+i)); !strings.Contains(out.text[i], step) {
			t.Errorf("write %d is %q, want %q", i+1, out.text[i], step)
		}
	}
	if got := m.Now().Sub(out.start); got != 2*time.Second {
		t.Errorf("the replay slept %s in all, want 2s", got)
	}
	if s := strings.Join(out.text, ""); strings.Contains(s, "\r") {
		t.Errorf("a replay into a pipe shows the terminal's ticking clock: %q", s)
	}
}

// TestReplayNoPace never touches the clock.
func TestReplayNoPace(t *testing.T) {
	path := writeTestTrace(t, 0, time.Hour)
	m := clock.NewMock()
	out := &stampWriter{clk: m, start: m.Now()}
	code := execute([]string{"replay", path}, env{stdin: strings.NewReader(""), stdout: out, stderr: os.Stderr, clock: m})
	// two events, a blank line and the summary, all at once
	if code != exitOK || len(out.stamps) != 4 || out.stamps[3] != 0 {
		t.Fatalf("code %d, stamps %v", code, out.stamps)
	}
}

// TestReplayStep shows one event per line of input, then the rest at the
// end of the input.
func TestReplayStep(t *testing.T) {
	path := writeTestTrace(t, 0, time.Second, 2*time.Second, 3*time.Second)
	in := strings.NewReader("\n\n")
	var out, stderr bytes.Buffer
	code := execute([]string{"replay", "--pace", "step", path},
		env{stdin: in, stdout: &out, stderr: &stderr, clock: clock.NewMock()})
	if code != exitOK {
		t.Fatalf("exit code %d, stderr: %s", code, stderr.String())
	}
	if n := strings.Count(out.String(), "step "); n != 4 {
		t.Errorf("%d events shown, want 4:\n%s", n, out.String())
	}
	if !strings.Contains(stderr.String(), "press Enter") {
		t.Errorf("no hint on stderr: %q", stderr.String())
	}
}

func TestParsePace(t *testing.T) {
	e := env{stdin: strings.NewReader(""), clock: clock.NewMock()}
	for _, ok := range []string{"", "step", "1x", "10x", "0.5x", "1e3x", "0.001x", "1000000x"} {
		if _, err := parsePace(ok, e); err != nil {
			t.Errorf("parsePace(%q): %v", ok, err)
		}
	}
	// Defect 14: absurd paces are refused, not silently unpaced.
	for _, bad := range []string{"x", "0x", "-2x", "10", "fast", "NaNx", "Infx", "steps", "1e-300x", "0.0009x", "1000001x", "1e300x"} {
		if _, err := parsePace(bad, e); err == nil {
			t.Errorf("parsePace(%q) accepted", bad)
		}
	}
}

// sleepRecorder is a clock whose Sleep records its argument and returns.
type sleepRecorder struct {
	clock.Clock
	slept []time.Duration
}

func (c *sleepRecorder) Sleep(d time.Duration) { c.slept = append(c.slept, d) }

// The wait between events never overflows into no wait at all, whatever
// the pace and the times in the trace.
func TestRealtimePaceWait(t *testing.T) {
	for _, c := range []struct {
		name       string
		speed      float64
		prev, next time.Duration
		want       []time.Duration
	}{
		{"2x", 2, time.Second, 3 * time.Second, []time.Duration{time.Second}},
		{"same time", 1, time.Second, time.Second, nil},
		{"backwards", 1, 3 * time.Second, time.Second, nil},
		{"slowest pace, long gap", minPace, 0, math.MaxInt64 / 2, []time.Duration{math.MaxInt64}},
		{"gap over the range of Duration", 1, math.MinInt64, math.MaxInt64, []time.Duration{math.MaxInt64}},
	} {
		t.Run(c.name, func(t *testing.T) {
			clk := &sleepRecorder{}
			if err := (realtimePace{clk: clk, speed: c.speed}).wait(c.prev, c.next); err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(clk.slept, c.want) {
				t.Errorf("slept %v, want %v", clk.slept, c.want)
			}
		})
	}
}

// TestReplayStepQuit stops a step replay at q: the events after it are not
// shown, and the replay says where it stopped.
func TestReplayStepQuit(t *testing.T) {
	path := writeTestTrace(t, 0, time.Second, 2*time.Second, 3*time.Second)
	var out, stderr bytes.Buffer
	code := execute([]string{"replay", "--pace", "step", path},
		env{stdin: strings.NewReader("\nq\n\n"), stdout: &out, stderr: &stderr, clock: clock.NewMock()})
	if code != exitOK {
		t.Fatalf("exit code %d, stderr: %s", code, stderr.String())
	}
	if n := strings.Count(out.String(), "step "); n != 2 {
		t.Errorf("%d events shown, want 2 (A, then Enter, B, then q):\n%s", n, out.String())
	}
	if !strings.Contains(out.String(), "(replay stopped at T+00:01.000 by q)") {
		t.Errorf("no line saying where the replay stopped:\n%s", out.String())
	}
}
