package simulator

import (
	"errors"
	"fmt"
	"time"

	"github.com/bgsim/bgsim/fakes"
)

// settle runs what is due at the current instant, so that an action called
// from outside a Run call has its immediate consequences when it returns.
func (s *Sim) settle(err error) error {
	if s.running {
		return err // the Run call under way reports an app panic
	}
	if err != nil {
		return s.takePanic(err)
	}
	return s.run(func() error { return s.clock.RunUntil(s.clock.Now()) })
}

// Schedule runs f (typically a user or system action) at offset d from T+0,
// or now if that has passed.
func (s *Sim) Schedule(d time.Duration, f func()) fakes.Timer {
	return s.clock.Schedule(s.cfg.Start.Add(d), f)
}

// Step fires the next event and reports whether there was one. Called
// from inside a run (an event callback) it does nothing and reports false.
// Under PanicsFail, an app panic during Step is returned by the next call
// that returns an error (a Run call or an action).
func (s *Sim) Step() bool {
	if s.running {
		return false
	}
	s.running = true
	defer func() { s.running = false }()
	return s.clock.Step()
}

// RunFor runs the simulation for d of virtual time.
func (s *Sim) RunFor(d time.Duration) error {
	return s.run(func() error { return s.clock.RunFor(d) })
}

// RunUntilIdle runs until no event is pending.
func (s *Sim) RunUntilIdle() error {
	return s.run(func() error { return s.clock.RunUntilIdle(s.cfg.EventBudget) })
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
func (s *Sim) RunUntil(cond func(*Sim) bool, limit time.Duration) error {
	deadline := s.clock.Now().Add(limit)
	return s.run(func() error {
		for n := 0; !cond(s); n++ {
			if n == s.cfg.EventBudget {
				return &fakes.BudgetError{Limit: n, At: s.clock.Elapsed(), Pending: s.clock.Pending()}
			}
			next, ok := s.clock.Next()
			if !ok || next.After(deadline) {
				if err := s.clock.RunUntil(deadline); err != nil {
					return err
				}
				return &RunLimitError{Limit: limit, At: s.clock.Elapsed()}
			}
			s.clock.Step()
		}
		return nil
	})
}

func (s *Sim) run(f func() error) error {
	if s.running {
		return fakes.ErrReentrantRun
	}
	s.running = true
	defer func() { s.running = false }()
	if err := f(); err != nil {
		var limit *RunLimitError
		if errors.As(err, &limit) {
			return s.takePanic(err) // it says where it stopped already
		}
		return s.takePanic(fmt.Errorf("simulator: run stopped at %s: %w", fakes.FormatOffset(s.clock.Elapsed()), err))
	}
	return s.takePanic(nil)
}
