package explore

import (
	"fmt"
	"runtime"
	"sync"
	"sync/atomic"
	"time"

	"github.com/bgsim/bgsim/scenarios"
	"github.com/bgsim/bgsim/simulator"
	"github.com/bgsim/bgsim/simulator/hang"
)

// Exploration watches for hung seeds with the real clock: the one place it
// reads it, above the simulations, each of which stays on one goroutine and
// in virtual time. Two ways:
//
//   - a worker's seeds (the first run of each) run on the worker's own
//     goroutine, in a seat that one watchdog goroutine looks at on a coarse
//     ticker: per seed, a few atomic operations and no goroutine, channel or
//     timer (nor, unless the run keeps its trace, activity publishing: a
//     hung seed is run again, keeping it, for the report);
//   - the rarer runs (a hung seed run again to keep its trace, the runs of
//     determinism and shrinking) are watched one by one, on a goroutine of
//     their own and with a timer (watched).

// seat is a worker's place: the simulation its seeds reuse (own) and,
// when a watchdog looks for hung seeds, what it watches. The worker's
// goroutine writes index and runs; the watchdog reads them.
type seat struct {
	// runs counts the seat's run starts and ends: odd while a run is under
	// way. The worker and the watchdog both try to move it from a start
	// to its end; the watchdog moving it first means the run hung.
	runs atomic.Uint64
	// sim is the simulation of the run under way, for the hang report.
	sim atomic.Pointer[simulator.Sim]
	// index is the seed (its index) the worker is on; written before runs
	// moves, read by the watchdog after.
	index int
	// replay, on a seat that replaces a hung one, is the hung run's result:
	// the first run of the seed on it returns it instead of running again.
	replay *scenarios.Result
	// observe is the run's own Observe, called by publish; activity says
	// whether the run publishes what it runs (Sim.WatchActivity).
	observe  func(*simulator.Sim)
	activity bool
	publish  func(*simulator.Sim)
	// own is the worker's simulation, reset for the first run of each of
	// its seeds (scenarios.Options.Sim) rather than made anew: made with
	// the seat's first run, never shared. A seat that replaces a hung one
	// makes its own, as the hung run goes on with its predecessor's.
	own *simulator.Sim
}

// reused is the seat's simulation for its next seed's first run.
func (w *seat) reused() *simulator.Sim {
	if w.own == nil {
		w.own = new(simulator.Sim) // a zero Sim, reset, is a new one
	}
	return w.own
}

func newSeat() *seat {
	w := &seat{}
	w.publish = func(sim *simulator.Sim) {
		if w.observe != nil {
			w.observe(sim)
		}
		if w.activity {
			sim.WatchActivity()
		}
		w.sim.Store(sim)
	}
	return w
}

// watchedOn runs scenario s with opts on the calling goroutine, in seat w,
// for the watchdog to see; if activity, the Sim publishes what it runs,
// for a hang's report to name it. If the watchdog gives the run up as hung before
// it returns, the goroutine leaves (runtime.Goexit): a new one has taken
// its place and finished the seed (parallel).
func (t *target) watchedOn(w *seat, s *scenarios.Scenario, opts scenarios.Options, activity bool) *scenarios.Result {
	if res := w.replay; res != nil {
		w.replay = nil
		return res
	}
	w.observe, opts.Observe, w.activity = opts.Observe, w.publish, activity
	w.sim.Store(nil)
	v := w.runs.Add(1)
	res := s.Run(opts)
	if !w.runs.CompareAndSwap(v, v+1) {
		runtime.Goexit() // the seed was reported hung; its replacement goes on
	}
	w.observe = nil
	return res
}

// watchdog is the one goroutine that watches the seats of an exploration.
type watchdog struct {
	limit  time.Duration
	seats  []atomic.Pointer[seat]
	resume func(w *seat)
	done   chan struct{}
	once   sync.Once
}

// newWatchdog starts watching workers seats; resume is started on a
// goroutine of its own with the seat that replaces a hung one.
func newWatchdog(limit time.Duration, workers int, resume func(w *seat)) *watchdog {
	d := &watchdog{limit: limit, seats: make([]atomic.Pointer[seat], workers), resume: resume, done: make(chan struct{})}
	for k := range d.seats {
		d.seats[k].Store(newSeat())
	}
	go d.watch() // real time, above the simulations: it reads the seats, never a Sim's state
	return d
}

// seat is worker k's seat.
func (d *watchdog) seat(k int) *seat { return d.seats[k].Load() }

// stop ends the watchdog.
func (d *watchdog) stop() { d.once.Do(func() { close(d.done) }) }

// watch looks at each seat every tick: a run seen under way, unchanged, for
// the limit of real time has hung. It is reported up to one tick late.
func (d *watchdog) watch() {
	tick := max(d.limit/10, time.Millisecond)
	ticker := time.NewTicker(tick) // the real clock: a hang is real time passing, which virtual time cannot see
	defer ticker.Stop()
	type sighting struct {
		runs  uint64
		since time.Time
	}
	seen := make([]sighting, len(d.seats))
	for {
		select {
		case <-d.done:
			return
		case now := <-ticker.C:
			for k := range d.seats {
				w := d.seats[k].Load()
				v := w.runs.Load()
				if v%2 == 0 || v != seen[k].runs {
					seen[k] = sighting{v, now}
					continue
				}
				if now.Sub(seen[k].since) < d.limit || !w.runs.CompareAndSwap(v, v+1) {
					continue
				}
				err := &hang.Error{Limit: d.limit}
				if sim := w.sim.Load(); sim != nil {
					err.Activity, err.Trace = sim.Activity(), sim.TraceSoFar()
				}
				next := newSeat()
				next.index = w.index
				next.replay = &scenarios.Result{Trace: err.Trace, Err: fmt.Errorf("explore: %w", err)}
				d.seats[k].Store(next)
				seen[k] = sighting{}
				// The hung goroutine cannot be stopped: a new one finishes
				// the seed from the replayed result and goes on as the worker.
				go d.resume(next) // a worker of its own again: each simulation still on one goroutine
			}
		}
	}
}

// watched runs scenario s with opts on a goroutine of its own and waits at
// most the target's hang limit of real time for it. A run that does not
// return in time ends with a *hang.Error naming the callback it was
// running.
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
	// Above the simulation: the run, whole, on a goroutine of its own,
	// watched by the real clock; the simulation itself stays on that one
	// goroutine and in virtual time.
	go func() { done <- s.Run(opts) }() // the whole run on one goroutine, watched from this one
	timer := time.NewTimer(t.hangLimit) // real time, outside the run it watches
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
