package simtest

import (
	"errors"
	"fmt"
	"reflect"
	"runtime"
	"strings"
	"time"

	"github.com/bgsim/bgsim/appmodel"
	"github.com/bgsim/bgsim/fakes"
	"github.com/bgsim/bgsim/simulator"
	"github.com/bgsim/bgsim/simulator/hang"
)

// LimitError is what the Try forms of the run helpers return when what
// they waited for did not happen within the virtual-time limit. It
// matches simulator.ErrRunLimit with errors.Is.
type LimitError struct {
	What  string        // what was awaited
	Limit time.Duration // the virtual-time limit
	At    time.Duration // where the run stopped, since T+0
	// Status says how far things got, for the message.
	Status string
}

// Error says what was awaited, for how long, and how far things got.
func (e *LimitError) Error() string {
	s := fmt.Sprintf("simtest: %s did not happen within %s of virtual time (stopped at %s)",
		e.What, e.Limit, fakes.FormatOffset(e.At))
	if e.Status != "" {
		s += "; " + e.Status
	}
	return s
}

// Unwrap lets errors.Is match simulator.ErrRunLimit.
func (e *LimitError) Unwrap() error { return simulator.ErrRunLimit }

// Do runs act (an action of the Sim, such as env.Sim().Launch, or test
// code that calls the app's objects) and fails the test if it returns an
// error. Like [Env.App], it makes the calling goroutine the simulation's
// driver.
func (e *Env) Do(act func() error) {
	e.t.Helper()
	e.drive()
	if err := e.watch(act); err != nil {
		if e.hung != nil {
			e.t.Fatalf("simtest: %s: %v", actionName(act), err)
		}
		e.t.Fatalf("simtest: %s at %s: %v%s", actionName(act), fakes.FormatOffset(e.sim.Elapsed()), err, e.ended())
	}
}

// ended says, when the app is not running, how its last process ended: an
// action refused for that (Home after a crash) is explained by it.
func (e *Env) ended() string {
	if e.sim.State().Alive() {
		return ""
	}
	ends := e.Events(simulator.Pattern{Kind: simulator.KindTerminate})
	if len(ends) == 0 {
		return ""
	}
	last := ends[len(ends)-1]
	return fmt.Sprintf("; its last process ended at %s: %s", fakes.FormatOffset(last.At), simulator.Describe(last))
}

// At runs the simulation until offset d from T+0, then does act, as [Do]
// does. It fails the test if the simulation is already past d.
func (e *Env) At(d time.Duration, act func() error) {
	e.t.Helper()
	e.RunTo(d) // a run makes its caller the driver, and Do claims it again
	e.Do(act)
}

// OnMain runs f on the main queue of the running process, now, as the
// app's own code would (the handler of a tap, say), then runs the
// simulation until the instant's work is done. It fails the test if f did
// not run: no process is running, or it is suspended. Like [Env.App], it
// makes the calling goroutine the simulation's driver.
func (e *Env) OnMain(f func(app appmodel.App)) {
	e.t.Helper()
	app := e.App(e.sim.Process()) // App claims the simulation (drive)
	if app == nil {
		e.t.Fatalf("simtest: OnMain: no process runs app code (the app is %s)", e.sim.State())
		return
	}
	ran := false
	app.InvokeOnMainThread(func() { ran = true; f(app) })
	e.RunFor(0)
	if !ran {
		e.t.Fatalf("simtest: OnMain: the main queue did not run (the app is %s)", e.sim.State())
	}
}

// RunTo runs the simulation until offset d from T+0. It fails the test if
// the simulation is already past d or the run returns an error.
func (e *Env) RunTo(d time.Duration) {
	e.t.Helper()
	now := e.sim.Elapsed()
	if now > d {
		e.t.Fatalf("simtest: cannot run to %s: the simulation is already at %s", fakes.FormatOffset(d), fakes.FormatOffset(now))
	}
	e.RunFor(d - now)
}

// RunFor runs the simulation for d of virtual time and fails the test if
// the run returns an error.
func (e *Env) RunFor(d time.Duration) {
	e.t.Helper()
	if err := e.watch(func() error { return e.sim.RunFor(d) }); err != nil {
		e.t.Fatalf("simtest: run for %s: %v", d, err)
	}
}

// RunUntilIdle runs until no event is pending and fails the test if the
// run returns an error (the event budget ran out: something keeps the
// simulation busy).
func (e *Env) RunUntilIdle() {
	e.t.Helper()
	if err := e.watch(e.sim.RunUntilIdle); err != nil {
		e.t.Fatalf("simtest: run until idle: %v", err)
	}
}

// RunUntil runs until cond is true, for at most limit of virtual time, and
// fails the test otherwise; what says what was awaited ("the upload
// completed"), for the failure message.
func (e *Env) RunUntil(cond func(*simulator.Sim) bool, limit time.Duration, what string) {
	e.t.Helper()
	if err := e.TryRunUntil(cond, limit, what); err != nil {
		e.t.Fatal(err)
	}
}

// TryRunUntil is [Env.RunUntil] returning an error (a [*LimitError] on the
// time limit) instead of failing the test.
func (e *Env) TryRunUntil(cond func(*simulator.Sim) bool, limit time.Duration, what string) error {
	return e.runUntil(cond, limit, what, func() string { return "the app is " + e.sim.State().String() })
}

// RunUntilEvent runs until an event matching p is in the trace (one
// already there counts), for at most limit of virtual time, and fails the
// test otherwise.
func (e *Env) RunUntilEvent(p simulator.Pattern, limit time.Duration) {
	e.t.Helper()
	if err := e.TryRunUntilEvent(p, limit); err != nil {
		e.t.Fatal(err)
	}
}

// TryRunUntilEvent is [Env.RunUntilEvent] returning an error instead of
// failing the test.
func (e *Env) TryRunUntilEvent(p simulator.Pattern, limit time.Duration) error {
	seen := 0
	cond := func(s *simulator.Sim) bool {
		tr := s.Trace()
		for ; seen < len(tr); seen++ {
			if p.Matches(tr[seen]) {
				return true
			}
		}
		return false
	}
	return e.runUntil(cond, limit, "an event "+p.String(), func() string { return "the app is " + e.sim.State().String() })
}

// runUntil runs sim.RunUntil and turns its time-limit error into a
// LimitError that says what was awaited.
func (e *Env) runUntil(cond func(*simulator.Sim) bool, limit time.Duration, what string, status func() string) error {
	err := e.watch(func() error { return e.sim.RunUntil(cond, limit) })
	switch {
	case err == nil:
		return nil
	case e.hung != nil:
		return fmt.Errorf("simtest: waiting for %s: %w", what, err)
	case errors.Is(err, simulator.ErrRunLimit):
		return &LimitError{What: what, Limit: limit, At: e.sim.Elapsed(), Status: status()}
	}
	return fmt.Errorf("simtest: waiting for %s: %w", what, err)
}

// watch runs run (a Run call or an action of the Sim) within the hang
// limit. After a hang it refuses to touch the Sim again.
func (e *Env) watch(run func() error) error {
	if e.hung != nil {
		return fmt.Errorf("simtest: the simulation hung earlier and cannot be used: %w", e.hung)
	}
	if e.hangLimit <= 0 {
		return run()
	}
	err := hang.Watch(e.sim, e.hangLimit, run)
	var h *hang.Error
	if errors.As(err, &h) {
		e.hung = h
	}
	return err
}

// actionName is the name of the method act is bound to, for messages:
// "Launch" for sim.Launch.
func actionName(act func() error) string {
	f := runtime.FuncForPC(reflect.ValueOf(act).Pointer())
	if f == nil {
		return "action"
	}
	name := strings.TrimSuffix(f.Name(), "-fm")
	if i := strings.LastIndexAny(name, "./"); i >= 0 {
		name = name[i+1:]
	}
	if strings.HasPrefix(name, "func") {
		return "action"
	}
	return name
}
