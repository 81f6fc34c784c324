package explore

import (
	"fmt"
	"sync/atomic"
	"time"

	"github.com/bgsim/bgsim/scenarios"
	"github.com/bgsim/bgsim/simulator"
	"github.com/bgsim/bgsim/simulator/hang"
)

// watched runs scenario s with opts on a goroutine of its own and waits at most
// the target's hang limit of real time for it: the one place exploration
// reads the real clock, outside the simulation. A run that does not return
// in time ends with a *hang.Error naming the callback it was running.
func (t *target) watched(s *scenarios.Scenario, opts scenarios.Options) *scenarios.Result {
	var seen atomic.Pointer[simulator.Sim]
	observe := opts.Observe
	opts.Observe = func(sim *simulator.Sim) {
		if observe != nil {
			observe(sim)
		}
		sim.WatchActivity()
		seen.Store(sim)
	}
	done := make(chan *scenarios.Result, 1)
	// Above the simulation: the seed's run, whole, on a goroutine of its
	// own, watched by the real clock; the simulation itself stays on that
	// one goroutine and in virtual time.
	go func() { done <- s.Run(opts) }()
	timer := time.NewTimer(t.hangLimit)
	defer timer.Stop()
	select {
	case res := <-done:
		return res
	case <-timer.C:
	}
	err := &hang.Error{Limit: t.hangLimit}
	if sim := seen.Load(); sim != nil {
		err.Activity, err.Trace = sim.Activity(), sim.TraceSoFar()
	}
	return &scenarios.Result{Trace: err.Trace, Err: fmt.Errorf("explore: %w", err)}
}
