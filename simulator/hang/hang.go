// Package hang detects a simulation whose Run call does not return in real
// time: an app model stuck in a loop that never calls back into the
// simulator (a `for {}` in a callback). Virtual time cannot catch that,
// since it does not move while the app's code runs; the wall clock can.
// This package is the one place of bgsim that reads it, and it stays
// outside the simulation: the simulation itself never waits or reads the
// clock.
//
// # Use
//
// Wrap each Run call (or action) of a simulation:
//
//	err := hang.Watch(sim, 10*time.Second, func() error { return sim.RunFor(time.Hour) })
//	var stuck *hang.Error
//	if errors.As(err, &stuck) {
//		fmt.Println(stuck)          // which callback is running, since when
//		_ = stuck.Trace             // the trace up to the hang
//		os.Exit(1)                  // the stuck goroutine cannot be stopped
//	}
//
// Go cannot stop a goroutine from outside: the app's code keeps running on
// after Watch returns, and the Sim must not be used again. A program must
// exit; a test must fail (and its binary exit) rather than carry on
// beside a goroutine that spins.
package hang

import (
	"errors"
	"fmt"
	"time"

	"github.com/bgsim/bgsim/simulator"
)

// DefaultLimit is the wall-clock time a Run call may take before it is
// taken as hung. Even long scenarios run in well under a second.
const DefaultLimit = 10 * time.Second

// ErrHung is matched (errors.Is) by every *Error.
var ErrHung = errors.New("hang: the simulation did not return")

// Error reports a Run call that did not return within Limit of real time.
type Error struct {
	Limit time.Duration
	// Activity is what the simulation was running when the limit passed:
	// almost always the callback that never returns.
	Activity simulator.Activity
	// Trace is the trace up to the hang.
	Trace []simulator.Event
	// Unrepeated says the same run, played again to name what hung, ran
	// to its end: since a simulation repeats itself exactly, the first
	// run was starved of CPU time (the limit is too short for the
	// machine's load) or the app model depends on something outside the
	// simulation, such as real time or another goroutine.
	Unrepeated bool
}

// Error says what hung, where in virtual time, and what to do about it.
func (e *Error) Error() string {
	if e.Unrepeated {
		return fmt.Sprintf("hang: the simulation did not return within %s of real time, but the same run played again "+
			"ran to its end: the first run was starved of CPU time (raise the hang limit on a loaded machine), "+
			"or the app model depends on something outside the simulation (real time, another goroutine)", e.Limit)
	}
	return fmt.Sprintf("hang: the simulation did not return within %s of real time; running: %s; "+
		"%d trace events so far (an app callback that never returns, such as a loop that never ends, hangs the app; "+
		"on a device the watchdog would kill it)", e.Limit, e.Activity, len(e.Trace))
}

// Is makes errors.Is(err, ErrHung) true.
func (e *Error) Is(target error) bool { return target == ErrHung }

// Watch calls run on a new goroutine and waits for it for at most limit of
// real time (DefaultLimit if limit <= 0). It returns run's error, or an
// *Error naming what sim is running if run has not returned by then; run
// then goes on in the background (see the package doc). A panic in run is
// re-raised on the caller's goroutine.
func Watch(sim *simulator.Sim, limit time.Duration, run func() error) error {
	if limit <= 0 {
		limit = DefaultLimit
	}
	type result struct {
		err   error
		panic any
		ok    bool
	}
	sim.WatchActivity() // before the run's goroutine starts, which it happens before
	done := make(chan result, 1)
	// The run gets a goroutine of its own and the watch reads the real
	// clock: both outside the simulation, which stays on one goroutine
	// and in virtual time.
	go func() { // the run, whole, on one goroutine; this one only waits
		r := result{}
		defer func() {
			if !r.ok {
				r.panic = recover()
			}
			done <- r
		}()
		r.err = run()
		r.ok = true
	}()
	timer := time.NewTimer(limit) // the real clock, read here only: see the package doc
	defer timer.Stop()
	select {
	case r := <-done:
		sim.Own() // the caller drives the simulation again
		if !r.ok {
			panic(r.panic)
		}
		return r.err
	case <-timer.C:
		return &Error{Limit: limit, Activity: sim.Activity(), Trace: sim.TraceSoFar()}
	}
}
