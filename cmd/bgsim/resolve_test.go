package main

import (
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/benbjohnson/clock"
)

// timerCounter is a mock clock that counts the watchdog timers started on
// it: the moments --hang-timeout starts counting.
type timerCounter struct {
	*clock.Mock
	timers atomic.Int32
}

func (c *timerCounter) Timer(d time.Duration) *clock.Timer {
	c.timers.Add(1)
	return c.Mock.Timer(d)
}

// --hang-timeout counts the simulation alone: a run by name (and verify of
// a built-in scenario's trace) looks the scenario up and checks its
// mistakes before the watchdog starts, so what fails there never starts
// it; a run that gets that far starts it once.
func TestScenarioResolvedBeforeTheWatchdog(t *testing.T) {
	dir := t.TempDir()
	unknown := filepath.Join(dir, "unknown.jsonl")
	header := `{"format":"bgsim-trace","version":2,"scenario":"nope","seed":0,"bgsim":"0.1.0"}` + "\n"
	if err := os.WriteFile(unknown, []byte(header), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		args   []string
		code   int
		timers int32
	}{
		{[]string{"run", "nope", "--hang-timeout", "1h"}, exitUsage, 0},
		{[]string{"run", "lifecycle", "--mistake", "forget-completion-handler", "--hang-timeout", "1h"}, exitUsage, 0},
		{[]string{"run", "--mistake", "no-such-mistake", "--hang-timeout", "1h"}, exitUsage, 0},
		{[]string{"verify", unknown, "--hang-timeout", "1h"}, exitUsage, 0},
		{[]string{"run", "lifecycle", "--hang-timeout", "1h", "--out", filepath.Join(dir, "out.txt")}, exitOK, 1},
		{[]string{"--hang-timeout", "1h"}, exitOK, 1},
	} {
		clk := &timerCounter{Mock: clock.NewMock()}
		var stderr strings.Builder
		code := execute(c.args, env{stdin: strings.NewReader(""), stdout: io.Discard, stderr: &stderr, clock: clk})
		if code != c.code {
			t.Errorf("%q: exit code %d, want %d; stderr:\n%s", c.args, code, c.code, stderr.String())
		}
		if got := clk.timers.Load(); got != c.timers {
			t.Errorf("%q: the watchdog started %d time(s), want %d", c.args, got, c.timers)
		}
	}
}
