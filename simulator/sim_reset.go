package simulator

import (
	"errors"

	"github.com/bgsim/bgsim/fakes"
)

// ErrResetWhileRunning is returned by the next Run call after Reset was
// called from inside the simulation (the app's code, a scheduled
// function): Reset then does nothing, as the run under way still uses
// what it would clear.
var ErrResetWhileRunning = errors.New("simulator: Reset called while the simulation runs; it did nothing")

// Reset makes s a new simulation with cfg's settings and no app
// installed, exactly as New(cfg) would return it: the same Config checks
// (an invalid cfg is returned by every action and Run call, and nothing is
// recorded), the same state and, from then on, the same trace, byte for
// byte. What Reset adds is that s keeps the memory its last run's parts
// hold, for a caller that plays one run after another (exploring many
// seeds) to allocate it once rather than every run:
//
//   - the Sim itself, with its clock, container and network, its own
//     Config and its user defaults' array;
//   - the trace's store, emptied (its first block and first strings, and
//     the array of the events Trace decoded; the blocks a long trace
//     added are let go), the hasher and the ring of last events of the
//     Config.TraceKeep modes that use them, each kept for a later run
//     that keeps its trace so, and what observers are lent;
//   - the timer arrays of the clock, the heap of flows of the network,
//     where the run grew them, and the network's first transfer;
//   - the container's first file records and temporary names;
//   - the first processes and background sessions the last run made (8
//     of each at most), with the sessions' batches of progress reports and
//     the task objects a relaunched app was given (8 at most), cleared,
//     handed out before anything new is allocated.
//
// Everything read from s before Reset belongs to the old run and must not
// be used afterwards: the slice Trace returned and its events (their text
// may lie in the store's reused block), iterators from Events and
// TraceSoFar, Timers, Transfers, and the objects the simulation handed the
// app (its sessions and tasks); what Violations and Config returned are
// copies, and stay. Network, Clock, Files and Defaults return the same
// pointers as before, now to the new run's network, clock, container and
// user defaults. Whatever the last run installed is gone, as on a
// new Sim: the app (Install), observers (Observe, ObserveLazily), a JSON
// Lines stream (StreamJSONL: what it has not written yet is dropped, so
// call FlushStream first), activity publishing (WatchActivity), scheduled
// functions, and the goroutine that owned it.
//
// Reset must not be called while another goroutine reads s (Activity,
// TraceSoFar), nor from inside the simulation: there it does nothing,
// and the next Run call returns ErrResetWhileRunning. Reset on a zero Sim
// makes it, in place, what New returns.
func (s *Sim) Reset(cfg Config) {
	if s.running || s.inApp > 0 {
		s.misuse(ErrResetWhileRunning)
		return
	}
	s.spares = s.spareParts()
	// Every field as New leaves it, whatever fields a Sim gains (simRun),
	// but for what Reset carries over, which init then readies: the parts
	// (the clock, container and network reset themselves keeping their
	// arrays), the sink (zeroed by spareParts), the spares and the user
	// defaults' array, emptied.
	s.simRun = simRun{}
	s.defaults = s.defaults.spare()
	s.init(cfg)
}

// simSpares is the memory a Sim's earlier runs left for its next ones
// (Reset), every part of it cleared: what the part of a new Sim would
// hold. A Sim never reset has none.
type simSpares struct {
	procs    *process // linked by madeBefore
	sessions []*bgSession
	// The trace's parts (traceSink.spare), for the next run that keeps
	// its trace the way that uses them.
	store *traceStore
	more  *sinkMore
	lent  *lentEvent
	// batches are the progress batches the last run's sessions kept
	// (linked by nextSpare), and events their Events for the sinks that
	// take one (progressBatch.full), each cleared: a walkthrough's one
	// batch is 256 bytes, its Event as many again under a hash.
	batches *progressBatch
	events  []*Event
	// taskObjs are the task objects the last run's tasks had last, but
	// for those inside them or inside session objects (dtask.obj0,
	// sessionObj.obj0), cleared, up to maxSpareTaskObjs.
	taskObjs []*taskObj
	// config is the last run's own Config, if it had one (simConfig.set).
	config *Config
	// onClock is s.clockEvent as a func, made once: its receiver is the
	// Sim, which stays where it is from run to run.
	onClock func()
}

// maxSpareProcs is how many processes of a run Reset keeps: its first
// ones. A walkthrough launches two, a chaos seed a few; a long run that
// relaunches the app thousands of times does not keep them all alive
// (a process takes 704 bytes) for a next run that needs a few.
const maxSpareProcs = 8

// maxSpareTaskObjs is how many task objects outside their tasks and
// session objects (those a relaunched app was given past each session
// object's first) Reset keeps. A walkthrough's relaunched app makes none;
// a run that relaunches an app holding thousands of tasks does not keep
// all their objects alive for a next run that needs a few.
const maxSpareTaskObjs = 8

// maxSpareSessions is how many background sessions of a run Reset keeps,
// with their progress batches: a walkthrough makes one, and a run with
// hundreds of session identifiers does not keep them all (a session is
// 1,280 bytes with its first batch) for a next run that needs one or two.
const maxSpareSessions = 8

// spareParts clears what the last run of s made that the next may use,
// and returns the spares with it, s.sink zeroed.
func (s *Sim) spareParts() *simSpares {
	sp := s.spares
	if sp == nil {
		sp = new(simSpares)
	}
	for _, b := range s.ownDaemon.sessions {
		if len(sp.sessions) == maxSpareSessions {
			break
		}
		for _, t := range b.tasks {
			if o := t.obj; o != nil && o != &t.obj0 && o != &o.so.obj0 && len(sp.taskObjs) < maxSpareTaskObjs {
				*o = taskObj{}
				sp.taskObjs = append(sp.taskObjs, o)
			}
		}
		sp.spareBatches(b, b.spare)
		sp.spareBatches(b, b.spareOne)
		handler := b.wake0.handler
		*b = bgSession{onClock: b.onClock, onWake: b.onWake} // bound to b, which stays
		b.wake0.handler = handler                            // bound to b.wake0, as well
		sp.sessions = append(sp.sessions, b)
	}
	// After the sessions: a task object may be inside a process's session
	// object (sessionObj.obj0), which clearing the process clears.
	for p := s.made; p != nil; {
		older := p.madeBefore
		*p = process{madeBefore: sp.procs}
		sp.procs, p = p, older
	}
	if c := s.cfg.Config; c != nil && c != zeroDefaults() {
		*c = Config{}
		sp.config = c
	}
	s.sink.spare(sp)
	s.sink = traceSink{}
	return sp
}

// spare is an empty store with d's array, cleared, for a reset Sim: the
// reference app keeps three keys, a walkthrough's only allocation for
// its defaults.
func (d *defaultsStore) spare() defaultsStore {
	e := d.entries
	clear(e[:cap(e)])
	return defaultsStore{entries: e[:0]}
}

// boundClockEvent is s.clockEvent as a func (Sim.clockFunc): made once
// for a Sim that is reset, kept in its spares; for every run of a Sim
// that is not (most are made for one run).
func (s *Sim) boundClockEvent() func() {
	sp := s.spares
	if sp == nil {
		return s.clockEvent
	}
	if sp.onClock == nil {
		sp.onClock = s.clockEvent
	}
	return sp.onClock
}

// boundLinkChanged is the Sim's daemon as the network's link listener
// (daemon.linkChanged): a struct of one pointer, which the network keeps
// in its interface as it is, where the method value it replaces was a
// closure made for every new Sim (one of its allocations).
func (s *Sim) boundLinkChanged() fakes.LinkListener { return daemonLinks{&s.ownDaemon} }

// daemonLinks hears the network's link changes for d.
type daemonLinks struct{ d *daemon }

// LinkChanged is d.linkChanged.
func (l daemonLinks) LinkChanged(old, cur fakes.Link) { l.d.linkChanged(old, cur) }

// processObj is a zero process for the run, a spare of an earlier one
// (Reset) if there is one, made with a session for the daemon if it is a
// new Sim's first (firstParts), listed among the run's processes for the
// next Reset to keep if it is one of the first maxSpareProcs.
func (s *Sim) processObj() *process {
	p := (*process)(nil)
	if sp := s.spares; sp != nil && sp.procs != nil {
		p, sp.procs = sp.procs, sp.procs.madeBefore
		p.madeBefore = nil
	} else if s.spares == nil && s.made == nil {
		g := new(firstParts) // a new Sim's first process
		p = &g.p
		p.reserved = &g.b
	} else {
		p = new(process)
	}
	if s.pids <= maxSpareProcs {
		p.madeBefore, s.made = s.made, p
	}
	return p
}

// newBGSession is a zero background session for the run but for its
// timers' func (clockFunc) and its wakes' (onWake), a spare of an earlier
// one (Reset) if there is one, else the one made with a new Sim's first
// process (firstParts) if it is still free. The next Reset keeps those
// the daemon still lists, and their funcs: made when the session is,
// rather than at its first timer or wake (nearly every session arms one,
// and a walkthrough's wakes the app), a spare's are the ones it had, and
// a reset Sim's walkthrough makes none.
func (s *Sim) newBGSession() *bgSession {
	if sp := s.spares; sp != nil {
		if b := popSpare(&sp.sessions); b != nil {
			return b
		}
	}
	b := s.reservedSession()
	if b == nil {
		b = new(bgSession)
	}
	b.onClock, b.onWake = b.clockEvent, b.handleWake
	return b
}

// firstParts are a new Sim's first process and first background session,
// made together (processObj), one allocation rather than two: nearly
// every run that launches its app makes a session, and most in their
// first process. A process and a session are 696 and 1,272 bytes with the
// malloc header, 1,968 together: the 2,048-byte class, 64 bytes more than
// the 704- and 1,280-byte classes apart, for an allocation less (each
// about 40-75 ns on a new Sim, BenchmarkFreshMemory). A run that never
// makes a session leaves its 1,280 bytes unused. Each part is handed out
// once (the session by reservedSession), and after that is a process or
// session like any other: Reset spares it, and the whole stays alive
// while either part is referenced.
type firstParts struct {
	p process
	b bgSession
}

// reservedSession is the session made with the run's first process
// (firstParts), if it was and is not handed out yet, else nil.
func (s *Sim) reservedSession() *bgSession {
	for p := s.made; p != nil; p = p.madeBefore { // the first made is last
		if b := p.reserved; b != nil {
			p.reserved = nil
			return b
		}
	}
	return nil
}

// spareBatches keeps the batches of list (linked by nextSpare), each
// cleared, and their Events, for the next run's sessions: but for b's own
// (batch0), which stays in b, cleared with it.
func (sp *simSpares) spareBatches(b *bgSession, list *progressBatch) {
	for pb := list; pb != nil; {
		next := pb.nextSpare
		if e := pb.full; e != nil {
			*e = Event{}
			sp.events = append(sp.events, e)
		}
		if pb != &b.batch0 {
			*pb = progressBatch{nextSpare: sp.batches}
			sp.batches = pb
		}
		pb = next
	}
}

// newProgressBatch is a zero progress batch for the run, a spare of an
// earlier one (Reset) if there is one.
func (s *Sim) newProgressBatch() *progressBatch {
	if sp := s.spares; sp != nil && sp.batches != nil {
		pb := sp.batches
		sp.batches, pb.nextSpare = pb.nextSpare, nil
		return pb
	}
	return new(progressBatch)
}

// newTaskObj is a zero task object for the run, a spare of an earlier
// run's (Reset) if there is one.
func (s *Sim) newTaskObj() *taskObj {
	if sp := s.spares; sp != nil {
		if o := popSpare(&sp.taskObjs); o != nil {
			return o
		}
	}
	return new(taskObj)
}

// newEvent is a zero Event for the run's progress batches (fullEvent), a
// spare of an earlier run's (Reset) if there is one.
func (s *Sim) newEvent() *Event {
	if sp := s.spares; sp != nil {
		if e := popSpare(&sp.events); e != nil {
			return e
		}
	}
	return new(Event)
}

// popSpare takes the last of spares, nil if there is none, and clears its
// slot.
func popSpare[T any](spares *[]*T) *T {
	n := len(*spares) - 1
	if n < 0 {
		return nil
	}
	p := (*spares)[n]
	(*spares)[n] = nil
	*spares = (*spares)[:n]
	return p
}
