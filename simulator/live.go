package simulator

import (
	"fmt"
	"time"

	"github.com/bgsim/bgsim/fakes"
)

// Activity is what a simulation is running at one moment. Sim.Activity
// reads it safely from any goroutine: it is how a watchdog outside the
// simulation (package hang) says which callback is stuck.
type Activity struct {
	// InApp: the app's code is running; the other fields say which.
	InApp   bool
	Process int
	Queue   string
	// Callback is the delegate method running, or, if Block, the one that
	// queued the running block (After, InvokeOnMainThread, Work...).
	Callback string
	Block    bool
	// At is the virtual time the code started at.
	At time.Duration
}

// String describes the activity in one line.
func (a Activity) String() string {
	if !a.InApp {
		return "no app code is running (the simulator itself is)"
	}
	what := a.Callback
	if a.Block {
		what = "a block queued by " + a.Callback
	}
	return fmt.Sprintf("%s on queue %q of process %d, since %s", what, a.Queue, a.Process, fakes.FormatOffset(a.At))
}

// Activity is what the simulation is running now. Unlike every other
// method, it may be called from any goroutine.
func (s *Sim) Activity() Activity {
	if a := s.live.Load(); a != nil {
		return *a
	}
	return Activity{}
}

// TraceSoFar is the trace up to the last event recorded. Unlike Trace, it
// may be called from any goroutine, even while a Run call is under way: it
// decodes what the trace has published, which is never modified. It has
// events only when the run keeps every event (Config.TraceKeep KeepAll).
func (s *Sim) TraceSoFar() []Event { return s.sink.store.published() }

// enterCode notes that q's code starts running for the code of origin,
// and publishes it if watched. Small enough to inline: it runs at every
// queue item, and nearly always nobody watches.
func (s *Sim) enterCode(q *queue, origin string, block bool) {
	s.origin = origin
	if s.watched {
		s.publishCode(q.p.pid, q.name(), origin, block)
	}
}

// enterCallback notes that the running code is the delegate method cb,
// of process pid's.
func (s *Sim) enterCallback(pid int, cb Callback) {
	s.origin = string(cb)
	if q := s.current; q != nil {
		q.origin = s.origin
		if s.watched {
			s.publishCode(pid, q.name(), s.origin, false)
		}
	}
}

// publishCode publishes the app code running now, for Activity.
func (s *Sim) publishCode(pid int, queue, origin string, block bool) {
	s.live.Store(&Activity{InApp: true, Process: pid, Queue: queue, Callback: origin, Block: block,
		At: s.clock.Elapsed()})
}

// leaveCode publishes that no app code runs.
func (s *Sim) leaveCode() {
	if s.watched {
		s.live.Store(nil)
	}
}

// WatchActivity makes the Sim publish what it runs, for Activity, from now
// on. Publishing costs an allocation each time app code starts, so it is
// off until a watchdog asks for it: package hang calls it before a watched
// run. Call it from the goroutine that runs the simulation, before it runs.
func (s *Sim) WatchActivity() { s.watched = true }
