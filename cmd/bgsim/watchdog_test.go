package main

import (
	"errors"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/benbjohnson/clock"

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
	for _, want := range []string{"scenario spin: the simulation did not finish within 10s of real time (--hang-timeout)", ".spinForever(", "watchdog_test.go:"} {
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
