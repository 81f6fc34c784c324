package simulator

import (
	"errors"
	"fmt"
	"time"

	"github.com/bgsim/bgsim/fakes"
)

// settle runs what is due at the current instant, so that an action called
// from outside a Run call has its immediate consequences when it returns.
// The queues the action listed ready (readyQueues.acting) that its run did
// not run, as it returns an error instead, get their clock events.
func (s *Sim) settle(err error) error {
	s.ready.acting = false
	if s.running {
		return err // the Run call under way reports an app panic
	}
	if err != nil {
		s.armReady()
		return s.takePanic(err)
	}
	err = s.run(func() error { return s.fireUntil(s.clock.Elapsed(), true, nil) })
	if s.ready.first != nil {
		s.armReady()
	}
	return err
}

// Schedule runs f (typically a user or system action) at offset d from T+0,
// or now if that has passed. A nil f schedules nothing useful: the next Run
// call returns an error matching ErrNilFunc.
func (s *Sim) Schedule(d time.Duration, f func()) fakes.Timer {
	if f == nil {
		s.misuse(fmt.Errorf("%w: Schedule(%s, nil): there is nothing to run", ErrNilFunc, d))
		f = func() {}
	}
	return s.clock.ScheduleOffset(d, f)
}

// Step fires the next event and reports whether there was one. Called
// from inside a run (an event callback), or once the simulation has
// stopped (invalid Config, full trace), it does nothing and reports false.
// Under PanicsFail, an app panic during Step is returned by the next call
// that returns an error (a Run call or an action).
func (s *Sim) Step() bool {
	if s.running || s.cfgErr != nil || s.exhausted != nil {
		return false
	}
	if next, ok := s.clock.NextElapsed(); !ok || next > MaxVirtualTime {
		return false
	}
	s.enterRun()
	defer s.leaveRun()
	s.clock.Step()
	if s.traceFull() {
		_ = s.runaway(nil)
	}
	return true
}

// RunFor runs the simulation for d of virtual time.
//
// RunFor, RunUntilIdle and the actions may run the items of a queue (the
// callbacks and blocks queued on it, such as the progress reports of one
// tick) one after another in a single clock event when nothing else is due
// at that instant: the trace is the same as with one event per item,
// Config.EventBudget counts every item, and only Clock().Fired counts fewer
// events. Step and RunUntil, whose callers look at the simulation between
// events, fire one event per item.
func (s *Sim) RunFor(d time.Duration) error {
	return s.run(func() error {
		end, err := s.endOf("RunFor", d)
		if err != nil {
			return err
		}
		return s.fireUntil(end, true, nil)
	})
}

// RunUntilIdle runs until no event is pending.
func (s *Sim) RunUntilIdle() error {
	return s.run(func() error { return s.fireUntil(0, false, nil) })
}

// ErrRunLimit is matched (errors.Is) by the *RunLimitError RunUntil returns
// when the condition did not become true within the time limit.
var ErrRunLimit = errors.New("simulator: condition not met within the time limit")

// RunLimitError is RunUntil's condition not met within its time limit. Its
// message says so once: "simulator: RunUntil: the condition was not met
// within 5s (stopped at T+00:05.000)".
type RunLimitError struct {
	Limit time.Duration // the limit RunUntil was given
	At    time.Duration // the virtual time the run stopped at, since T+0
}

// Error names the limit and where the run stopped.
func (e *RunLimitError) Error() string {
	return fmt.Sprintf("simulator: RunUntil: the condition was not met within %s (stopped at %s)", e.Limit, fakes.FormatOffset(e.At))
}

// Is makes errors.Is(err, ErrRunLimit) true.
func (e *RunLimitError) Is(target error) bool { return target == ErrRunLimit }

// RunUntil runs until cond is true, for at most limit of virtual time.
// It checks cond before the first event and after each one, and returns
// nil as soon as it holds. If limit passes first it returns a
// *RunLimitError (errors.Is(err, ErrRunLimit)) saying where the run
// stopped; a nil cond returns an error matching ErrNilFunc, and a limit
// past MaxVirtualTime one matching ErrTimeHorizon, without running.
// Otherwise it fails as RunFor does (a runaway past Config.EventBudget,
// an app panic under PanicsFail, ...).
func (s *Sim) RunUntil(cond func(*Sim) bool, limit time.Duration) error {
	if cond == nil {
		return fmt.Errorf("%w: RunUntil(nil, %s): there is no condition to wait for", ErrNilFunc, limit)
	}
	return s.run(func() error {
		deadline, err := s.endOf("RunUntil", limit)
		if err != nil {
			return err
		}
		if err := s.fireUntil(deadline, true, cond); err != nil || cond(s) {
			return err
		}
		return &RunLimitError{Limit: limit, At: s.clock.Elapsed()}
	})
}

// endOf is the virtual time d from now, as an offset from T+0 (as the
// clock keeps it), which must not pass MaxVirtualTime.
func (s *Sim) endOf(call string, d time.Duration) (time.Duration, error) {
	d = max(d, 0)
	if d > MaxVirtualTime-s.clock.Elapsed() {
		return 0, fmt.Errorf("%w: %s(%s) from %s", ErrTimeHorizon, call, d, fakes.FormatOffset(s.clock.Elapsed()))
	}
	return s.clock.Elapsed() + d, nil
}

// fireUntil fires events in order: those due at or before offset endAt if hasEnd,
// else until none is pending; with cond, until cond is true. It leaves the
// clock at endAt. A run that fires its event budget, or fills the trace, is a
// runaway: it stops, and says why (runaway).
func (s *Sim) fireUntil(endAt time.Duration, hasEnd bool, cond func(*Sim) bool) error {
	// Times as offsets, as the clock keeps them: no time.Time arithmetic.
	for n := 0; ; n++ {
		if cond != nil && cond(s) {
			return nil
		}
		next, ok := s.clock.NextElapsed()
		ready := false // the next event is the first ready queue's (ready.go)
		if s.ready.first != nil {
			if now := s.clock.Elapsed(); ok && next <= now {
				s.armReady() // the clock puts their kicks among the others due now
			} else {
				ready, next, ok = true, now, true
			}
		}
		if !ok || hasEnd && next > endAt {
			break
		}
		if next > MaxVirtualTime {
			return fmt.Errorf("%w: the next event is due at %s", ErrTimeHorizon, fakes.FormatOffset(next))
		}
		if n >= s.cfg.EventBudget {
			s.armReady()
			return s.runaway(&fakes.BudgetError{Limit: n, At: s.clock.Elapsed(), Pending: s.clock.Pending()})
		}
		// Without a condition to look at between events, a queue may run
		// its items one after another in one clock event
		// (queue.continueHere); each counts as an event of the budget.
		if cond == nil {
			s.inline = s.cfg.EventBudget - n - 1
		}
		s.inlined = 0
		if ready {
			// The first ready queue runs as its kick would have: nothing
			// else is due at this instant. It starts its next item without
			// asking again whether it may (queue.canStart): what stops a
			// listed queue unlists it (a freeze, R-L5, or its process's
			// end, R-L6). pop and runNext are called here rather than
			// through a function of their own: a call less a queue.
			s.ready.pop().runNext()
		} else {
			s.clock.Step()
		}
		for s.ready.first != nil && s.readyHere() {
			s.inlined++
			s.ready.pop().runNext()
		}
		n += s.inlined
		s.inline, s.inlined = 0, 0
		if s.traceFull() {
			s.armReady()
			return s.runaway(nil)
		}
	}
	if now := s.clock.Elapsed(); hasEnd && endAt > now {
		// Nothing is due before end: this only moves the clock.
		return s.clock.RunFor(endAt - now)
	}
	return nil
}

func (s *Sim) run(f func() error) error {
	if s.running {
		return fakes.ErrReentrantRun
	}
	if s.cfgErr != nil {
		return s.cfgErr
	}
	if s.exhausted != nil {
		return s.exhausted
	}
	if err := s.takeMisuse(); err != nil {
		return err
	}
	s.enterRun()
	defer s.leaveRun()
	err := f()
	if err == nil {
		err = s.takeFault()
	}
	if err == nil {
		return s.takePanic(nil) // before limit, which errors.As makes escape
	}
	var limit *RunLimitError
	if errors.As(err, &limit) {
		return s.takePanic(err) // it says where it stopped already
	}
	return s.takePanic(fmt.Errorf("simulator: run stopped at %s: %w", fakes.FormatOffset(s.clock.Elapsed()), err))
}

// enterRun and leaveRun bracket the firing of events. The counts of app
// code by origin are the Run call's: enterRun forgets the last call's (and
// so leaveRun need not: what counts is read within a run, by runaway).
func (s *Sim) enterRun() {
	s.own()
	s.running = true
	s.runCounts.reset()
}

func (s *Sim) leaveRun() {
	if s.foreign.any() { // as where app code returns (process.go): most runs pay only this check
		s.reportForeign()
	}
	s.running = false
}
