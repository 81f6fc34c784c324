package simulator

import (
	"errors"
	"time"

	"github.com/bgsim/bgsim/appmodel"
	"github.com/bgsim/bgsim/fakes"
)

// bgSession is a background session as the daemon keeps it: its tasks,
// the events waiting for the app, and the session object of the process
// connected to it, if any.
type bgSession struct {
	d      *daemon
	id     string
	cfg    appmodel.SessionConfig
	tasks  []*dtask  // in creation order
	tasks0 [1]*dtask // tasks' first array: most sessions make one task at a time

	// active counts tasks under way, transferring those moving bytes: the
	// launch decision (R-S5) and the progress ticker read them at every
	// step, so they are kept rather than recounted.
	active, transferring int32

	events eventQueue // waiting for delivery, in order (R-D2)
	// wakers counts the events in events that may wake the app; last is
	// the last task id given. (32 bits each, side by side: a session fits
	// the 1,280-byte size class, TestSessionSizeClass.)
	wakers, last int32
	conn         *sessionObj // the connected session object, nil if none
	// current is the event the delivery item took, delivering says it
	// took one (delivery.go), and inFlight that it is being delivered and
	// its process did not end since: a flag rather than a pointer to
	// current, which left no room for wake.finishTo (TestSessionSizeClass).
	current    sessionEvent
	delivering bool
	inFlight   bool
	pumping    bool // an event is on the delegate queue
	// wontWake: the events waiting will not wake the app, and the trace
	// said so: it was woken for them and never recreated the session
	// (R-I6), or the session sends no launch events (R-S11). A new event
	// that wakes, or a connect, clears it.
	wontWake bool
	// (The flags side by side, the counters of 32 bits and the rare parts
	// behind pointers keep a session within 1,272 bytes: with the malloc
	// header, the 1,280-byte size class. TestSessionSizeClass holds it
	// there.)
	// ticking and checking: progress and check were armed and have not
	// fired since (clockEvent).
	ticking, checking bool
	// movingUnsorted: moving is out of id order (movingList.insert); the
	// ticker sorts it before it walks it.
	movingUnsorted bool
	wake           *wake       // a system wake for this session, in progress
	check          fakes.Timer // a pending look at whether to wake the app
	progress       fakes.Timer // the progress ticker (progress.go)
	onClock        func()      // b.clockEvent, made with the session (clockFunc)
	// moving is the tasks in phaseTransferring, in id order: the ones the
	// progress ticker reports on (progress.go).
	moving movingList
	// spare and spareOne are the progress batches of ticks and of final
	// reports whose reports were all delivered, for later ones to reuse,
	// each a list linked through progressBatch.nextSpare.
	spare, spareOne *progressBatch
	// deadlines are the resource timeouts of its tasks (R-S8), one queue
	// per duration, usually one (resource_timeout.go).
	deadlines dueQueues[deadline]
	// idles are the first idle checks of its attempts (R-S8), one queue
	// per duration, usually one (idle_queue.go).
	idles dueQueues[idleEntry]

	// onWake is b.handleWake, what a wake of b alone calls in the woken
	// process (handlerOf), made with the session as onClock is.
	onWake func(p *process)
	// rare is the part of the session few use, made on first use
	// (rarely): it keeps a session within its size class with onWake.
	rare *sessionRare

	// The first blocks of events and of the first queues of deadlines and
	// idle checks (fifo.startWith): each holds one or two entries at a
	// time in nearly every session, and in the session they are 88 bytes
	// rather than three allocations of 128 bytes in all.
	events0    [1]queuedEvent
	deadlines0 [1]dueEntry[deadline]
	idles0     [1]dueEntry[idleEntry]
	// task0 and wake0 are the session's first task and first wake
	// (newTask, newWake), each used once and never again for another, so
	// that whatever still points at one (an ended process's task object,
	// a completion handler called late) points at it alone. Nearly every
	// session makes a task and nearly every walkthrough-like run wakes
	// the app once: two allocations become bytes of the session, which
	// stays within its size class with the malloc header
	// (TestSessionSizeClass).
	task0 dtask
	wake0 wake
	// batch0 is the session's first progress batch (takeBatch), used once
	// and then kept on spare or spareOne like any other: nearly every
	// session that moves bytes reports progress. In the session it is one
	// allocation less (a walkthrough's), and no byte more: a session with
	// it is 1,272 bytes, the 1,280-byte class with the malloc header, as
	// many bytes as a 1,024-byte session and a 256-byte batch apart
	// (TestSessionSizeClass).
	batch0 progressBatch
}

// sessionRare is the part of a background session that few sessions
// use.
type sessionRare struct {
	// deferredUntil is when the rate limiter last said this session's wake
	// may happen, as a clock offset (never 0: a deferral is to a later
	// instant), so each deferral is traced once per session (R-R1).
	deferredUntil time.Duration
	// invalidating is the session object that asked for invalidation (R-G4).
	invalidating *sessionObj
}

// rarely is b's rare part, made if it was not yet: for writing. Readers
// check b.rare for nil instead.
func (b *bgSession) rarely() *sessionRare {
	if b.rare == nil {
		b.rare = new(sessionRare)
	}
	return b.rare
}

// newWake is a wake for b, in process p if p is not nil: b.wake0 if b
// has not used it yet.
func (b *bgSession) newWake(p *process) *wake {
	if b.wake0.b == nil {
		b.wake0 = wake{b: b, p: p, handler: b.wake0.handler} // a reset Sim's, if it made it
		return &b.wake0
	}
	return &wake{b: b, p: p}
}

// newTask registers a new task, suspended until the app resumes it.
func (b *bgSession) newTask(kind appmodel.TaskKind, req appmodel.Request) *dtask {
	b.last++
	req.Header = req.Header.Clone() // R-D9: sent as they were when the task was made
	t := &b.task0
	if t.sess != nil {
		t = new(dtask)
	}
	*t = dtask{sess: b, id: int(b.last), kindOf: uint8(kind), req: req}
	if b.tasks == nil {
		b.tasks = b.tasks0[:0]
	}
	b.tasks = append(b.tasks, t)
	if kind == appmodel.DataKind {
		b.d.rarely().foregroundOnly = true // R-S2: it fails once the app stops
	}
	return t
}

func (b *bgSession) task(id int) *dtask {
	// Ids are given from 1 in order and tasks are never dropped, so task
	// id is at id-1; every trace event about a task looks it up.
	if id >= 1 && id <= len(b.tasks) && b.tasks[id-1].id == id {
		return b.tasks[id-1]
	}
	// Task ids are given in order, so the slice is sorted by id.
	lo, hi := 0, len(b.tasks)
	for lo < hi {
		m := (lo + hi) / 2
		if b.tasks[m].id < id {
			lo = m + 1
		} else {
			hi = m
		}
	}
	if lo < len(b.tasks) && b.tasks[lo].id == id {
		return b.tasks[lo]
	}
	return nil
}

// setPhase moves t to ph, keeping the counters true. A move the task
// table does not allow is a fault of the simulator and is refused.
func (b *bgSession) setPhase(t *dtask, ph taskPhase) {
	if !taskMoveOK(t.phase, ph) {
		b.d.s.fault(checkTaskMove(t.phase, ph))
		return
	}
	if t.phase.active() {
		b.active--
	}
	if t.phase == phaseTransferring {
		b.transferring--
		b.moving.remove(t)
	}
	t.phase = ph
	if ph.active() {
		b.active++
	}
	if ph == phaseTransferring {
		b.transferring++
		if b.moving.insert(t) {
			b.movingUnsorted = true
		}
	}
}

// eventKind is a delegate message the daemon queues for the app.
type eventKind uint8

const (
	evFinishDownloading eventKind = iota
	evComplete
	evChallenge
	evReceiveData // an upload's response body (R-D9)
)

// sessionEvent is one queued delegate message. A session may queue two for
// each of a hundred thousand tasks, so it holds only what most need: an
// upload's response body and a completion's error are read from the task,
// which never changes them once it is done (R-D9, R-D2); a challenge is
// behind a pointer.
type sessionEvent struct {
	kind     eventKind
	t        *dtask
	location string          // evFinishDownloading: the downloaded file (R-D6)
	ch       *challengeEvent // evChallenge
}

// err is the error DidCompleteWithError reports: the task's, for
// evComplete; nil for the other events.
func (e sessionEvent) err() *appmodel.URLError {
	if e.kind != evComplete {
		return nil
	}
	return e.t.err
}

// challengeEvent is what a queued challenge carries: the challenge, and
// the daemon's reply to the server once the app answers (R-S5).
type challengeEvent struct {
	challenge appmodel.Challenge
	reply     func(answered bool)
}

func (b *bgSession) push(e sessionEvent) {
	if e.wakes() {
		b.wakers++
		b.wontWake = false
	}
	b.events.push(e)
}

// wakes reports whether the event may make the daemon wake the app. The
// cancellations of a force-quit never do: the app hears of them when the
// user launches it and it recreates the session (R-E3); nor do those of
// Background App Refresh switched off (R-E4, bgsim's choice). Nor do those
// of a data task or an upload from memory: such tasks work only while the
// app runs, and their -997 waits until it next does (R-S2).
func (e sessionEvent) wakes() bool {
	if e.t != nil && e.t.foregroundOnly() {
		return false
	}
	err := e.err()
	return err == nil || !err.HasReason ||
		(err.Reason != appmodel.ReasonUserForceQuit && err.Reason != appmodel.ReasonBackgroundUpdatesDisabled)
}

// pop takes the next queued event.
func (b *bgSession) pop() sessionEvent {
	e := b.events.pop()
	if e.wakes() {
		b.wakers--
	}
	return e
}

// hasChallenge reports whether a challenge waits in the queue. It is asked
// at every completion: the queue's challenges are counted by their own
// list, not scanned for.
func (b *bgSession) hasChallenge() bool { return b.events.challenged() }

// maybeInvalid finishes an invalidation once every task is over and every
// event delivered: DidBecomeInvalidWithError(nil), and the identifier is
// free for a new session (R-G4).
func (b *bgSession) maybeInvalid() {
	r := b.rare
	if r == nil || r.invalidating == nil || b.active > 0 || b.events.len() > 0 || b.pumping {
		return
	}
	so := r.invalidating
	r.invalidating = nil
	if b.conn == so {
		b.conn = nil
	}
	b.d.removeSession(b)
	if so.p.dead {
		return
	}
	so.queue.async(func() {
		so.callback(&callbackEvent{cb: CbDidBecomeInvalidWithError, detail: "nil", rule: RuleG4})
		so.delegate.DidBecomeInvalidWithError(so, nil)
	})
}

// clockFunc is what the session's own timers call: the progress ticker,
// the look at whether to wake the app, the heads of its first queues of
// resource deadlines and idle checks, and its wake's budget. One function
// made once for all of them, rather than a method value or a closure each
// (five allocations a session, and one more at every look or wake), finds
// which one is due. It is made with the session (Sim.newBGSession), and
// kept with it when a reset Sim reuses it.
func (b *bgSession) clockFunc() func() { return b.onClock }

// errNoSessionTimer is a defect of the simulator: a session's clock event
// fired and none of its timers was due.
var errNoSessionTimer = errors.New("simulator: a session's clock event found none of its timers due")

// clockEvent runs the session's timer whose event is firing: the one that
// was armed and that the clock no longer holds as pending (a timer stops
// being pending as its event fires). The session never stops these
// timers other than through what clears their flags first (dueQueue.arm),
// so exactly one of them is in that state.
func (b *bgSession) clockEvent() {
	switch {
	case b.ticking && !b.progress.Pending():
		b.ticking = false
		b.tick()
	case b.checking && !b.check.Pending():
		b.checking = false
		b.wakeCheck()
	case b.deadlines.first.firing():
		b.deadlines.first.fire()
	case b.idles.first.firing():
		b.idles.first.fire()
	case b.wake != nil && b.wake.budgeting && !b.wake.budget.Pending():
		b.budgetFired(b.wake)
	default:
		b.d.s.fault(errNoSessionTimer)
	}
}
