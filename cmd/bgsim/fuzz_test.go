package main

import (
	"bytes"
	"math"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/benbjohnson/clock"
)

// noSleep is a clock whose Sleep returns at once: a fuzzed --pace 1x must
// not make the fuzzer wait.
type noSleep struct{ clock.Clock }

func (noSleep) Sleep(time.Duration) {}

// FuzzCLIArgs runs bgsim in-process with fuzzed arguments (NUL-separated;
// seeds in testdata/fuzz/FuzzCLIArgs): whatever the command line, bgsim
// exits with 0, 1 or 2 and never hits an internal error (a panic). It
// runs in a temporary directory holding a trace, t.jsonl, and refuses
// arguments with a path separator, so it reads and writes nothing else.
func FuzzCLIArgs(f *testing.F) {
	f.Add("run\x00lifecycle\x00--format\x00jsonl")
	var trace bytes.Buffer
	if code := execute([]string{"run", "lifecycle", "--format", "jsonl"},
		env{stdin: strings.NewReader(""), stdout: &trace, stderr: os.Stderr, clock: noSleep{clock.NewMock()}}); code != exitOK {
		f.Fatalf("cannot make the test trace: exit %d", code)
	}
	f.Fuzz(func(t *testing.T, line string) {
		args := strings.Split(line, "\x00")
		if len(line) > 512 || len(args) > 12 || strings.ContainsAny(line, `/\`) {
			t.Skip("too long, or names a path outside the test directory")
		}
		t.Chdir(t.TempDir())
		if err := os.WriteFile("t.jsonl", trace.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		var stdout, stderr bytes.Buffer
		code := execute(args, env{stdin: strings.NewReader("\n\n"), stdout: &stdout, stderr: &stderr, clock: noSleep{clock.NewMock()}})
		if code != exitOK && code != exitFailed && code != exitUsage {
			t.Fatalf("%q: exit code %d", args, code)
		}
		if strings.Contains(stderr.String(), "internal error") {
			t.Fatalf("%q: %s", args, stderr.String())
		}
		if code == exitUsage && stderr.Len() == 0 {
			t.Fatalf("%q: exit 2 without a message", args)
		}
	})
}

// FuzzPace parses fuzzed --pace values (seeds in testdata/fuzz/FuzzPace)
// and waits between fuzzed event times: an accepted pace is within the
// documented range, a refused one is a usage error, and no wait is
// negative.
func FuzzPace(f *testing.F) {
	f.Add("10x", int64(0), int64(time.Second))
	f.Fuzz(func(t *testing.T, s string, prev, next int64) {
		p, err := parsePace(s, env{stdin: strings.NewReader(""), clock: noSleep{clock.NewMock()}})
		if err != nil {
			if exitCode(err) != exitUsage || !showsUsage(err) {
				t.Fatalf("%q: %v is not a usage error", s, err)
			}
			return
		}
		if rt, ok := p.(realtimePace); ok {
			if !(rt.speed >= minPace && rt.speed <= maxPace) {
				t.Fatalf("%q: speed %v outside %s", s, rt.speed, paceRange)
			}
			clk := &sleepRecorder{}
			rt.clk = clk
			if err := rt.wait(time.Duration(prev), time.Duration(next)); err != nil {
				t.Fatal(err)
			}
			// What the wait should be, in floating point: no overflow.
			want := (float64(next) - float64(prev)) / rt.speed
			switch {
			case want < 1 && len(clk.slept) != 0:
				t.Fatalf("%q: from %d to %d slept %v, want no wait", s, prev, next, clk.slept)
			case want >= 1 && (len(clk.slept) != 1 || clk.slept[0] < 1):
				t.Fatalf("%q: from %d to %d slept %v, want one wait of %g ns", s, prev, next, clk.slept, want)
			case want >= 1 && want < math.MaxInt64 && math.Abs(float64(clk.slept[0])-want) > 1+want*1e-9:
				t.Fatalf("%q: from %d to %d slept %v, want %g ns", s, prev, next, clk.slept[0], want)
			}
		}
	})
}
