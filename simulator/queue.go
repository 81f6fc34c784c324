package simulator

import (
	"time"

	"github.com/bgsim/bgsim/fakes"
)

// Queue names in the trace.
const (
	QueueMain   = "main"
	QueueGlobal = "global"
	// QueueDelegate is a session's delegate queue; the event's Session
	// field says which session's.
	QueueDelegate = "delegate"
)

// queue is a serial dispatch queue of one process, in virtual time. Items
// run one at a time, in order; an item that calls App.Work keeps the queue
// busy for that much virtual CPU time and then continues. Like the whole
// process, a queue runs nothing while the app is suspended (R-L5): its
// pending items wait, and CPU time in progress stops counting until the app
// runs again.
type queue struct {
	p *process
	// items[head:] are the items not over: while busy, the head is the
	// item in progress, which stays there until it is over (returned) rather
	// than being copied out and back, with the write barriers of its
	// pointers, at every item.
	items []queueItem
	// head and the flags sit together in one word: a process, with its
	// main queue, fits a size class (process.go).
	head int32
	// named is the queue's name, an index in queueNames (name): a string
	// field's 16 bytes, twice in a process (its main queue and its first
	// session object's), kept a process out of the 768-byte size class
	// (TestProcessSizeClass).
	named uint8
	busy  bool // the head item, or the work it asked for, is in progress
	// looping: runNext is running items one after another in one clock
	// event (continueHere); it arms the kick itself once it stops.
	looping bool
	// held: the kick is due now with ticket, but not given to the clock.
	// Either runNext is under way (looping) and runs the next item itself
	// once the one before is over (continueHere, settleKick), or the run
	// under way does, as the event the kick would have been (listed in
	// Sim.ready, ready.go). Either runs it in place if nothing else is due
	// now, and otherwise gives the kick to the clock with the ticket, which
	// gives it the place among the events due now that it would have had
	// if armed when held: the order of everything stays the same.
	held   bool
	ready  *queue // the next queue in Sim.ready, if listed there (then held)
	ticket fakes.Ticket
	// kick is the clock event that runs the next item, made the first
	// time a kick waits for a clock event of its own (kickFunc): most
	// items run in the clock event that queued them (ready.go), and a
	// walkthrough's queues never wait. Inline, its 40 bytes, twice in a
	// process (its main queue and its first session object's), kept a
	// process out of the 704-byte size class (TestProcessSizeClass).
	kick *queueKick
	// cpu is the queue's Work (App.Work), made the first time its app
	// asks for some: most queues never do (the walkthrough's none), and
	// inline its 80 bytes, twice in a process (its main queue and its
	// first session object's), kept a process out of the 896-byte size
	// class (TestProcessSizeClass).
	cpu *queueCPU
	// origin is the callback that the item in progress runs, or that
	// queued it; blocks the item queues inherit it (live.go, budget.go).
	origin string
}

// queueKick is a queue's kick: its clock event, made once and Reset after
// that (a queue that runs an item every second for hours allocates nothing
// for it), and what it runs.
type queueKick struct {
	timer fakes.Timer
	run   func() // q.kicked: a method value allocates each time it is taken
}

// kickPending reports whether q's kick waits for its clock event.
func (q *queue) kickPending() bool { return q.kick != nil && q.kick.timer.Pending() }

// stopKick cancels q's kick, if it waits for its clock event.
func (q *queue) stopKick() {
	if q.kick != nil {
		q.kick.timer.Stop()
	}
}

type work struct {
	d    time.Duration
	then func()
}

// queueCPU is a queue's Work: what its item in progress asked for, and
// the CPU time of the one under way.
type queueCPU struct {
	works []work      // Work requested by the item in progress, in order, after the one under way
	timer fakes.Timer // the Work under way, pending while its clock runs
	left  time.Duration
	then  func() // the Work under way's, nil if none
	done  func() // q.cpuDone, made with the queueCPU
}

// work is q's Work, made on first use: for writing. Readers check q.cpu
// for nil instead.
func (q *queue) work() *queueCPU {
	if q.cpu == nil {
		q.cpu = &queueCPU{done: q.cpuDone}
	}
	return q.cpu
}

// working reports whether q's item in progress is spending CPU time
// (App.Work), its clock running or frozen.
func (q *queue) working() bool { return q.cpu != nil && q.cpu.then != nil }

func newQueue(p *process, name string) *queue {
	q := &queue{}
	q.init(p, name)
	return q
}

// queueNames are the names of queues, by queue.named.
var queueNames = [...]string{QueueMain, QueueGlobal, QueueDelegate}

// name is q's name in the trace: QueueMain, QueueGlobal or QueueDelegate.
func (q *queue) name() string { return queueNames[q.named] }

// init readies q, the queue called name (one of queueNames) of p. q.cpu
// is made when Work first needs it, and q.kick when a kick first waits for
// a clock event (kickFunc): most queues need neither.
func (q *queue) init(p *process, name string) {
	q.p = p
	switch name { // its index in queueNames
	case QueueGlobal:
		q.named = 1
	case QueueDelegate:
		q.named = 2
	}
}

// kickFunc is q's kick, with what it runs (kicked), made when a kick
// first waits for a clock event of its own: most items run in the clock
// event that queued them (ready.go), and a queue that never waits makes
// none (a walkthrough's queues).
func (q *queue) kickFunc() *queueKick {
	if q.kick == nil {
		q.kick = &queueKick{run: q.kicked}
	}
	return q.kick
}

// kicked is the clock event of q's kick: runNext, if q may start its next
// item now (canStart), or else the schedule that runNext would end with.
// (A queue listed ready, which the run runs, always may: what stops it while
// listed unlists it, freeze and stop.)
func (q *queue) kicked() {
	if !q.canStart() {
		q.schedule()
		return
	}
	q.runNext()
}

// async appends the block f.
func (q *queue) async(f func()) { q.asyncFrom(f, "") }

// asyncFrom is async for a block that the app's code of origin queues.
func (q *queue) asyncFrom(f func(), origin string) {
	q.push(queueItem{code: block(f), origin: origin})
}

// push appends an item (queue_item.go). It inlines.
func (q *queue) push(it queueItem) {
	q.items = append(q.items, it)
	if !q.busy && !q.held { // schedule, for a queue that is not idle
		q.scheduleKick()
	}
}

// schedule arranges for the next item to run, if the queue can run one.
// Its first checks are inlined where it is called: most calls come while
// the queue is busy or has nothing to run.
func (q *queue) schedule() {
	if !q.busy && !q.idle() && !q.held {
		q.scheduleKick()
	}
}

// scheduleKick is schedule for a queue with an item to run and no kick
// held.
func (q *queue) scheduleKick() {
	if q.kickPending() || !q.p.runnable() {
		return
	}
	if s := q.p.s; q.looping || s.inline > 0 || s.ready.acting {
		// runNext, under way, runs the next item once the one before is
		// over (continueHere, settleKick), or the run under way or the one
		// of the action under way does (Sim.ready): the kick takes its place
		// among the events due now (its ticket) but no clock event yet.
		q.held, q.ticket = true, s.clock.Ticket()
		if !q.looping {
			s.ready.add(q)
		}
		return
	}
	// Reset queues the kick behind the events already due now, as a new
	// timer would be; the zero handle of a queue's first kick is not reset.
	k := q.kickFunc()
	if k.timer.ResetAfter(0); !k.timer.Pending() {
		k.timer = q.p.s.clock.After(0, k.run)
	}
}

// runNext runs the next item, which q may start (canStart: its caller
// checked), and, while nothing else could run in between, the items after
// it (continueHere). What follows them is deferred (ranItems), with the
// recover of a panic of theirs: one deferred call for the whole run of
// items, not one an item (about 25 instructions an item: a tick's reports
// run one after another here).
func (q *queue) runNext() {
	q.looping = true
	defer q.ranItems()
	s := q.p.s
	now := s.clock.Elapsed()
	for {
		q.exec(nil)
		if !q.continueHere(now) {
			return
		}
		s.inlined++
	}
}

// ranItems follows the run of items of runNext, deferred. If an item's
// code panicked (s.inApp is not back to 0), it recovers the panic and ends
// the item (returned), and the run stops there: the panic crashed the
// item's process, whose queues run nothing more. Then the kick held while
// the items ran, or a new one, is armed.
func (q *queue) ranItems() {
	if s := q.p.s; s.inApp != 0 {
		s.inApp--
		q.returned(recover())
	}
	q.looping = false
	if q.held {
		q.settleKick()
	}
	q.schedule()
}

// settleKick gives the clock the kick that schedule held while runNext
// ran, with the ticket it took then.
func (q *queue) settleKick() {
	q.held = false
	if !q.canStart() {
		return
	}
	if s := q.p.s; s.inline > 0 {
		q.held = true
		s.ready.add(q)
		return
	}
	q.armHeld()
}

// armHeld gives the clock the kick held with q.ticket.
func (q *queue) armHeld() {
	q.held = false
	c, k := q.p.s.clock, q.kickFunc()
	k.timer = c.ScheduleTicketOffset(c.Elapsed(), q.ticket, k.run)
}

// canStart reports whether the queue may start its next item now.
func (q *queue) canStart() bool { return !q.busy && !q.idle() && q.p.runnable() }

// pop removes the item at the head.
func (q *queue) pop() {
	var head int
	q.items, head = dropHead(q.items, int(q.head), 64)
	q.head = int32(head)
}

// idle: no item is left to run.
func (q *queue) idle() bool { return int(q.head) == len(q.items) }

// continueHere reports whether the next item may run now (the clock's
// Now when the clock event began, which it still is), in the clock
// event that ran the one before, rather than in one of its own: nothing
// else is due at this instant, so the kick, held (schedule) or to be armed
// as runNext ends, would be the very next event; the run allows it
// (Sim.inline: not under Step or RunUntil, whose callers look between
// events, and within Config.EventBudget, which counts it as an event); and
// the trace has room. The trace is the same either way: an item runs
// exactly where its kick would have run it, and the clock event it saves
// is the only difference (Clock.Fired counts fewer).
func (q *queue) continueHere(now time.Duration) bool {
	s := q.p.s
	if s.inlined >= s.inline || !q.canStart() || s.traceFull() || s.ready.first != nil {
		// (A queue listed ready may come before q's next item: its kick
		// was held before q's, or q's is only armed as runNext ends. The
		// run's budget comes first: under Step and RunUntil, which an
		// exploration's seeds run, it is 0, and that one test is all;
		// asking first whether the queue is empty saved a walkthrough 126
		// instructions but cost a chaos seed 277.)
		return false
	}
	if next, ok := s.clock.NextElapsed(); ok && next <= now {
		return false
	}
	q.held = false // the item the kick stood for runs here
	return true
}

// exec runs app code as the queue's current code: f, the rest of the item
// in progress once its Work is over, or, if f is nil, the next item, which
// it starts (canStart). The levels a block or a callback went through on
// its way to the app (starting the item, the code's bookkeeping, the call
// of the item by its kind) are this one function, and what follows the
// app's code is returned. The caller recovers a panic of the code: it
// defers ranItems or caught around exec.
func (q *queue) exec(f func()) {
	s := q.p.s
	var code itemCode
	if f == nil {
		// (The app's code may push items and so move q.items: the item's
		// code is read before the call.)
		it := &q.items[q.head]
		code = it.code
		q.busy, q.origin = true, it.origin
	}
	// No app code runs when an item starts (exec runs in a clock event,
	// which app code cannot fire): there is no current code to restore
	// after it, and s.inApp is 0 again once the code returns.
	s.current = q
	s.enterCode(q, q.origin, q.origin != "")
	s.inApp++
	switch c := code.(type) {
	case nil:
		f()
	case *progressBatch:
		// The hottest item, a tick's reports, with its run inlined: a call
		// through the interface cost 1% of 10,000 foreground downloads.
		c.run(q)
	default:
		c.run(q)
	}
	s.inApp--
	q.returned(nil)
}

// caught recovers a panic of the app code that exec runs outside a run of
// items (cpuDone), deferred, and ends its item as ranItems does; code that
// returned leaves s.inApp at 0, and then it does nothing. (recover must be
// called by the deferred function itself: ranItems and caught each call
// it.)
func (q *queue) caught() {
	if s := q.p.s; s.inApp != 0 {
		s.inApp--
		q.returned(recover())
	}
}

// returned follows the app code that exec ran, which returned, or panicked
// with r (recovered by ranItems or caught), which it reports as safeCall
// does. Then it starts the Work the code asked for or, if none, ends the
// item (and its process's watchdog, R-L2, if the code did not return in
// this instant).
func (q *queue) returned(r any) {
	s, p := q.p.s, q.p
	if s.foreign.any() {
		s.reportForeign()
	}
	if r != nil {
		s.appPanicked(p, r)
	}
	s.runCounts.add(q.origin) // to name a runaway (budget.go)
	s.leaveCode()
	s.current = nil
	if p.dead {
		// The watchdog of a callback whose process ended in it still comes
		// due (and does nothing): the clock fires the events it always has.
		s.armWatchdog(p)
		return
	}
	if c := q.cpu; c != nil && len(c.works) > 0 {
		s.armWatchdog(p) // R-L2: the callback runs on in virtual time
		w := c.works[0]
		c.works = c.works[1:]
		q.startCPU(w.d, w.then)
		return
	}
	// The item is over: it leaves the queue and what follows it runs. A
	// progress batch stands for one item per report, and leaves with its
	// last.
	q.busy = false
	code := q.items[q.head].code
	if pb, ok := code.(*progressBatch); !ok || !pb.more() {
		q.pop()
		code.over(q)
	}
	if !q.looping {
		q.schedule()
	}
}

func (q *queue) startCPU(d time.Duration, then func()) {
	q.cpu.left, q.cpu.then = d, then
	if q.p.runnable() {
		q.resumeCPU()
	}
}

func (q *queue) resumeCPU() {
	q.cpu.timer = q.p.s.clock.After(q.cpu.left, q.cpu.done)
}

// cpuDone: the Work in progress has had its CPU time.
func (q *queue) cpuDone() {
	then := q.cpu.then
	q.cpu.timer, q.cpu.then = fakes.Timer{}, nil
	if !q.p.dead {
		defer q.caught()
		q.exec(then)
	}
}

// freeze stops the clock of work in progress; thaw restarts it and the
// queue. They bracket a suspension (R-L5).
func (q *queue) freeze() {
	if c := q.cpu; c != nil && c.timer.Pending() {
		c.left = c.timer.WhenOffset() - q.p.s.clock.Elapsed()
		c.timer.Stop()
		c.timer = fakes.Timer{}
	}
	q.stopKick()
	q.unhold()
}

// unhold drops the kick held, if any: the queue is frozen or stopped.
func (q *queue) unhold() {
	if q.held { // as every queue listed ready
		q.p.s.ready.remove(q)
	}
	q.held = false
}

func (q *queue) thaw() {
	if q.working() && !q.cpu.timer.Pending() {
		q.resumeCPU()
	}
	q.schedule()
}

// stop discards everything: the process is gone.
func (q *queue) stop() {
	q.stopKick()
	q.unhold()
	q.items, q.head = nil, 0
	if c := q.cpu; c != nil {
		c.timer.Stop()
		c.works, c.then, c.timer = nil, nil, fakes.Timer{}
	}
}
