package simulator

import (
	"cmp"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/bgsim/bgsim/fakes"
)

// MaxVirtualTime is the end of virtual time: a run stops with
// ErrTimeHorizon rather than fire an event this long after T+0. It keeps
// every offset far from the end of time.Duration's range, so that adding
// any duration the app may ask for (at most MaxAppDuration) never
// saturates.
const MaxVirtualTime = 100 * 365 * 24 * time.Hour

// ErrTimeHorizon is matched by the error of a Run call that reached
// MaxVirtualTime.
var ErrTimeHorizon = errors.New("simulator: virtual time reached its end (MaxVirtualTime)")

// traceFull reports whether the trace keeps Config.MaxTraceEvents events.
// It bounds only a trace that keeps every event: the other sinks hold no
// more memory as a run goes on. The count comes first: it is nearly always
// below the bound, and then that one comparison is all that is run (it is
// inlined at every event and every step of a run: emitEvent's share 503 ->
// 441 instructions a walkthrough).
func (s *Sim) traceFull() bool {
	return s.sink.n >= s.cfg.MaxTraceEvents && s.cfg.TraceKeep == KeepAll
}

// anonymousCode names the blocks of app code counted with no origin: code
// that no callback of the app's queued.
const anonymousCode = "the app's code"

// codeCounts counts blocks of app code by origin. One origin often runs
// many blocks in a row (the progress reports of a tick, a loop of After),
// so the count of the last origin is kept aside and only added to the
// list when another origin runs or the counts are read. Origins are the
// app's callbacks and blocks, a handful of names: a list searched in order
// beats a map, and its first entries are part of the counts.
type codeCounts struct {
	list []originCount // kept across Run calls; starts in buf
	// buf holds the origins of a Run call of the walkthrough (4): most
	// runs never make list anew. (The tests' busiest Run calls have 7.)
	buf  [4]originCount
	last string
	n    int // blocks of last not yet in list
}

// originCount is how many blocks of app code ran for one origin.
type originCount struct {
	origin string
	n      int
}

// add counts a block of origin. It inlines: most blocks have the origin
// of the one before. (Once flushed, last's count starts again from 0.)
func (c *codeCounts) add(origin string) {
	if origin == c.last {
		c.n++
		return
	}
	c.start(origin)
}

// start counts the first block of origin after another origin's. It is
// kept out of line so that add inlines where every item of a queue ends
// (queue.returned): about 15 instructions an item.
//
//go:noinline
func (c *codeCounts) start(origin string) {
	c.flush()
	c.last, c.n = origin, 1
}

func (c *codeCounts) flush() {
	n := c.n
	if n == 0 {
		return
	}
	c.n = 0
	for i := range c.list {
		if c.list[i].origin == c.last {
			c.list[i].n += n
			return
		}
	}
	if c.list == nil {
		c.list = c.buf[:0]
	}
	c.list = append(c.list, originCount{c.last, n})
}

// reset forgets every count: a new Run call starts.
func (c *codeCounts) reset() {
	c.list = c.list[:0]
	c.last, c.n = "", 0
}

// busiest is the origin of the most blocks of app code run in this Run
// call, and how many ran for it, and in all.
func (s *Sim) busiest() (string, int, int) {
	type kv struct {
		k string
		n int
	}
	var all []kv
	total := 0
	s.runCounts.flush()
	for _, c := range s.runCounts.list {
		if c.origin == "" {
			c.origin = anonymousCode
		}
		all = append(all, kv{c.origin, c.n})
		total += c.n
	}
	if len(all) == 0 {
		return "", 0, 0
	}
	slices.SortFunc(all, func(a, b kv) int {
		if c := cmp.Compare(b.n, a.n); c != 0 {
			return c
		}
		return cmp.Compare(a.k, b.k)
	})
	return all[0].k, all[0].n, total
}

// runaway stops a run whose budget ran out (cause): a trace event says
// which callback kept scheduling, and the app is killed as the watchdog
// would kill an app that never lets go of the CPU, so that the next Run
// call does not resume the loop.
func (s *Sim) runaway(cause error) error {
	s.stopping = true
	defer func() { s.stopping = false }()
	who, n, total := s.busiest()
	why := "no app code ran: a part of the simulator kept scheduling"
	if who != "" {
		why = fmt.Sprintf("the app's code kept scheduling from %s (%d of the %d blocks of app code run)", who, n, total)
	}
	detail := "runaway stopped at " + fakes.FormatOffset(s.clock.Elapsed()) + ": "
	if s.traceFull() {
		detail += fmt.Sprintf("the trace reached Config.MaxTraceEvents (%d events, %d more dropped); %s",
			s.cfg.MaxTraceEvents, s.dropped, why)
		s.exhausted = fmt.Errorf("%w: %s", ErrTraceFull, detail)
	} else {
		detail += fmt.Sprintf("the run fired its Config.EventBudget (%d events); %s", s.cfg.EventBudget, why)
	}
	s.emit(Event{Actor: ActorSystem, Kind: KindSystem, Detail: detail})
	if p := s.proc; p != nil && !p.dead {
		ev := EvWatchdogKill
		if s.state == suspended {
			ev = EvSystemKill
		}
		_ = s.terminate(ev, TermWatchdog, "killed after a runaway: "+why)
	}
	if s.exhausted != nil {
		return s.exhausted
	}
	return fmt.Errorf("%w; %s", cause, why)
}
