package main

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/benbjohnson/clock"

	"github.com/bgsim/bgsim/appmodel"
	"github.com/bgsim/bgsim/scenarios"
	"github.com/bgsim/bgsim/simulator"
	"github.com/bgsim/bgsim/simulator/hang"
)

// spinForever stands for an app callback with a loop that never ends.
func spinForever(stop *atomic.Bool) {
	for !stop.Load() {
	}
}

// Defect 13 (the CLI's side): a simulation that does not return is
// reported after --hang-timeout of real time, with where it is stuck, and
// gives exit code 1.
func TestDefect13RunWatchedReportsAHang(t *testing.T) {
	stop := new(atomic.Bool)
	defer stop.Store(true) // let the goroutine end
	m := clock.NewMock()
	type result struct {
		sim *simulator.Sim
		err error
	}
	done := make(chan result, 1)
	go func() {
		sim, err := runWatched(env{clock: m}, "spin", 10*time.Second, func() (*simulator.Sim, error) {
			spinForever(stop)
			return nil, nil
		})
		done <- result{sim, err}
	}()
	var r result
wait:
	for {
		select {
		case r = <-done:
			break wait
		default:
			m.Add(time.Second) // real time passes, on the mock clock
			time.Sleep(time.Millisecond)
		}
	}
	if r.sim != nil || !errors.Is(r.err, hang.ErrHung) {
		t.Fatalf("runWatched = %v, %v; want a hang", r.sim, r.err)
	}
	if code := exitCode(r.err); code != exitFailed {
		t.Errorf("exit code %d, want %d", code, exitFailed)
	}
	msg := r.err.Error()
	t.Logf("the report:\n%s", msg)
	for _, want := range []string{"scenario spin: the simulation did not finish within 10s of real time (--hang-timeout)", ".spinForever\n", "watchdog_test.go:"} {
		if !strings.Contains(msg, want) {
			t.Errorf("the report does not say %q:\n%s", want, msg)
		}
	}
	if strings.Contains(msg, "runtime.") || strings.Contains(msg, "simulationGoroutine") {
		t.Errorf("the report shows the runtime's or the watchdog's frames:\n%s", msg)
	}
}

// A simulation that finishes in time passes through, error and all; a
// panic comes back on the caller's goroutine; 0 runs without a limit.
func TestRunWatchedPassesThrough(t *testing.T) {
	sim := simulator.New(simulator.Config{})
	stopped := errors.New("stopped")
	for _, limit := range []time.Duration{0, time.Hour} {
		got, err := runWatched(env{clock: clock.NewMock()}, "test", limit, func() (*simulator.Sim, error) { return sim, stopped })
		if got != sim || err != stopped {
			t.Errorf("limit %s: runWatched = %v, %v; want the run's", limit, got, err)
		}
	}
	defer func() {
		if r := recover(); r != "boom" {
			t.Errorf("recovered %v, want the run's panic", r)
		}
	}()
	_, _ = runWatched(env{clock: clock.NewMock()}, "test", time.Hour, func() (*simulator.Sim, error) { panic("boom") })
	t.Error("no panic")
}

// spinningApp is an app model whose OnActivated never returns until stop
// is set: a real loop in app code.
type spinningApp struct {
	appmodel.AppDelegateBase
	stop *atomic.Bool
}

func (a spinningApp) OnActivated(app appmodel.App) {
	app.Log("about to spin")
	spinForever(a.stop)
}

// Defect 13 end to end: 'bgsim run FILE' with a Go model that never
// returns from OnActivated reports the hang, names the scenario and the
// app code, writes no trace, and exits 1, also with --out.
func TestDefect13RunFileReportsAHang(t *testing.T) {
	stop := new(atomic.Bool)
	defer stop.Store(true)
	scenarios.Register("test-spinner", func() appmodel.AppDelegate { return spinningApp{stop: stop} })
	dir := t.TempDir()
	file := filepath.Join(dir, "spin.yaml")
	yaml := "name: spin\nsummary: an app that never returns from OnActivated\napp: {go: test-spinner}\nsteps:\n  - {at: 0s, do: launch}\n"
	if err := os.WriteFile(file, []byte(yaml), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{
		{"run", "--hang-timeout", "5s", file},
		{"run", "--hang-timeout", "5s", "--format", "jsonl", "--out", filepath.Join(dir, "out.jsonl"), file},
	} {
		m := clock.NewMock()
		var stdout, stderr bytes.Buffer
		done := make(chan int, 1)
		go func() {
			done <- execute(args, env{stdin: strings.NewReader(""), stdout: &stdout, stderr: &stderr, clock: m})
		}()
		var code int
	wait:
		for {
			select {
			case code = <-done:
				break wait
			default:
				m.Add(time.Second)
				time.Sleep(time.Millisecond)
			}
		}
		if code != exitFailed {
			t.Errorf("%q: exit code %d, want %d; stderr:\n%s", args, code, exitFailed, stderr.String())
		}
		if strings.Contains(stderr.String(), "simulator.(*Sim)") {
			t.Errorf("%q: the report shows the simulator's frames below the app's:\n%s", args, stderr.String())
		}
		for _, want := range []string{"bgsim: scenario spin: the simulation did not finish within 5s of real time", "spinningApp.OnActivated\n", "watchdog_test.go:",
			"The app was running OnActivated on queue \"main\" of process 1", "The trace so far ends:\n", "app     OnActivated on main"} {
			if !strings.Contains(stderr.String(), want) {
				t.Errorf("%q: stderr does not say %q:\n%s", args, want, stderr.String())
			}
		}
		t.Logf("%q:\n%s", args, stderr.String())
		if stdout.Len() != 0 {
			t.Errorf("%q: wrote %q", args, stdout.String())
		}
	}
}

// The frames of a stack dump a hang report keeps: the app's code down to
// the simulator; all of them (but the runtime's) if the simulator itself
// is stuck.
func TestTrimStack(t *testing.T) {
	dump := func(frames ...string) string {
		var b strings.Builder
		b.WriteString("goroutine 7 [running]:\n")
		for _, f := range frames {
			b.WriteString(f + "(0x1?)\n\t/src/" + f + ".go:1 +0x1f\n")
		}
		b.WriteString(simulationFrame + "...)\n\t/src/watchdog.go:9\n")
		return b.String()
	}
	for _, c := range []struct {
		name   string
		frames []string
		want   []string
	}{
		{"app code", []string{"runtime.asyncPreempt", "example.com/app.loop", "example.com/app.Delegate.OnActivated",
			"github.com/bgsim/bgsim/simulator.(*Sim).invoke", "github.com/bgsim/bgsim/fakes.(*Clock).Step"},
			[]string{"example.com/app.loop", "example.com/app.Delegate.OnActivated"}},
		{"stuck in the simulator", []string{"github.com/bgsim/bgsim/simulator.(*Sim).loop", "github.com/bgsim/bgsim/fakes.(*Clock).Step", "example.com/scenario.Run"},
			[]string{"github.com/bgsim/bgsim/simulator.(*Sim).loop", "github.com/bgsim/bgsim/fakes.(*Clock).Step", "example.com/scenario.Run"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			var want []string
			for _, f := range c.want {
				want = append(want, "  "+f, "      /src/"+f+".go:1")
			}
			if got := trimStack(dump(c.frames...)); got != strings.Join(want, "\n") {
				t.Errorf("trimStack =\n%s\nwant\n%s", got, strings.Join(want, "\n"))
			}
		})
	}
}

// Defect 13 for exploration: 'bgsim explore FILE' with a Go model that
// never returns from OnActivated reports each hung seed, with the callback,
// instead of hanging, and exits 1. The exploration's watchdog reads the
// real clock, so the limit is short.
func TestDefect13ExploreReportsHungSeeds(t *testing.T) {
	stop := new(atomic.Bool)
	defer stop.Store(true)
	scenarios.Register("test-spinner-explore", func() appmodel.AppDelegate { return spinningApp{stop: stop} })
	file := filepath.Join(t.TempDir(), "spin.yaml")
	yaml := "name: spin\nsummary: an app that never returns from OnActivated\napp: {go: test-spinner-explore}\nsteps:\n  - {do: launch}\n"
	if err := os.WriteFile(file, []byte(yaml), 0o644); err != nil {
		t.Fatal(err)
	}
	out, errs, code := run(t, "explore", file, "--seeds", "1..2", "--quiet", "--hang-timeout", "300ms")
	if code != exitFailed {
		t.Fatalf("exit %d, want %d; stderr %s", code, exitFailed, errs)
	}
	for _, want := range []string{"2 failing", "broke run", "OnActivated", "did not return within 300ms"} {
		if !strings.Contains(out, want) {
			t.Errorf("the report does not say %q:\n%s", want, out)
		}
	}
}
