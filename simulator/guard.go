package simulator

import (
	"errors"
	"fmt"
)

// ErrInsideAppCode is matched (errors.Is) by the error a lifecycle action
// (Launch, Home, ForceQuit, MemoryPressureKill, Crash...) returns when the
// app's own code calls it: such actions belong to the user and the system,
// and running one in the middle of a callback would nest callbacks, end a
// process twice or recurse. The action does nothing; schedule it with
// Sim.Schedule to run it once the callback has returned.
var ErrInsideAppCode = errors.New("simulator: lifecycle action called from inside the app's code")

// ErrNilFunc is matched by the error of a Sim method given a nil function
// (Schedule, RunUntil).
var ErrNilFunc = errors.New("simulator: nil function")

// ErrTraceFull is matched by the error of every Run call and action once
// the trace has reached Config.MaxTraceEvents: the simulation stopped there.
var ErrTraceFull = errors.New("simulator: the trace is full (Config.MaxTraceEvents)")

// guard refuses a user or system action the simulation cannot take now: its
// Config is invalid, the trace is full, or the app's code is running.
func (s *Sim) guard(action string) error {
	if s.inApp == 0 {
		s.own()
	}
	if s.cfgErr != nil {
		return s.cfgErr
	}
	if s.exhausted != nil {
		return s.exhausted
	}
	if s.inApp > 0 {
		return fmt.Errorf("%w: %s called from %s; schedule it with Sim.Schedule instead",
			ErrInsideAppCode, action, s.runningCode())
	}
	return nil
}

// runningCode describes the app code running now, for messages.
func (s *Sim) runningCode() string {
	pid := 0
	if s.current != nil {
		pid = s.current.p.pid
	} else if s.proc != nil {
		pid = s.proc.pid
	}
	if s.origin == "" {
		return fmt.Sprintf("the app's code (process %d)", pid)
	}
	return fmt.Sprintf("%s (process %d)", s.origin, pid)
}

// misuse records an error of the caller of a Sim method that cannot return
// one (Schedule); the next Run call returns it.
func (s *Sim) misuse(err error) {
	if r := s.rarely(); r.pendingErr == nil {
		r.pendingErr = err
	}
}
