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
	name  string
	p     *process
	items []queueItem // pending items are items[head:]
	head  int
	busy  bool   // an item, or the work it asked for, is in progress
	done  func() // completion of the item in progress
	works []work // Work requested by the item in progress, in order
	kick  fakes.Timer
	run   func()      // q.runNext, made once: a method value allocates each time it is taken
	cpu   fakes.Timer // the Work in progress
	left  time.Duration
	then  func()
	// origin is the callback that the item in progress runs, or that
	// queued it; blocks the item queues inherit it (live.go, budget.go).
	origin string
}

type queueItem struct {
	f      func()
	done   func()
	origin string // "" for a callback the system queues
}

type work struct {
	d    time.Duration
	then func()
}

func newQueue(p *process, name string) *queue {
	q := &queue{name: name, p: p}
	q.run = q.runNext
	return q
}

// async appends f; done, if not nil, runs once f and all the work it
// started are over.
func (q *queue) async(f, done func()) { q.asyncFrom(f, done, "") }

// asyncFrom is async for a block that the app's code of origin queues.
func (q *queue) asyncFrom(f, done func(), origin string) {
	q.items = append(q.items, queueItem{f: f, done: done, origin: origin})
	q.schedule()
}

// schedule arranges for the next item to run, if the queue can run one.
func (q *queue) schedule() {
	if q.busy || q.head == len(q.items) || q.kick.Pending() || !q.p.runnable() {
		return
	}
	q.kick = q.p.s.clock.After(0, q.run)
}

func (q *queue) runNext() {
	q.kick = fakes.Timer{}
	if q.busy || q.head == len(q.items) || !q.p.runnable() {
		return
	}
	it := q.items[q.head]
	q.items[q.head] = queueItem{}
	q.head++
	switch {
	case q.head == len(q.items):
		q.items, q.head = q.items[:0], 0 // empty: reuse the array from its start
	case q.head >= 64 && q.head >= len(q.items)/2:
		// A queue that never empties would otherwise keep every item it
		// ever ran: move the pending ones to the front now and then.
		n := copy(q.items, q.items[q.head:])
		clear(q.items[n:])
		q.items, q.head = q.items[:n], 0
	}
	q.busy, q.done, q.origin = true, it.done, it.origin
	q.exec(it.f)
}

// exec runs f as the queue's current code, then starts the work it asked
// for or, if none, finishes the item.
func (q *queue) exec(f func()) {
	s := q.p.s
	prev := s.current
	s.current = q
	s.enterCode(q, q.origin, q.origin != "")
	s.safeCall(q.p, f)
	s.countCode(q.origin)
	s.leaveCode()
	s.current = prev
	if q.p.dead {
		return
	}
	if len(q.works) > 0 {
		w := q.works[0]
		q.works = q.works[1:]
		q.startCPU(w.d, w.then)
		return
	}
	q.busy = false
	done := q.done
	q.done = nil
	if done != nil {
		done()
	}
	q.schedule()
}

func (q *queue) startCPU(d time.Duration, then func()) {
	q.left, q.then = d, then
	if q.p.runnable() {
		q.resumeCPU()
	}
}

func (q *queue) resumeCPU() {
	then := q.then
	q.cpu = q.p.s.clock.After(q.left, func() {
		q.cpu, q.then = fakes.Timer{}, nil
		if !q.p.dead {
			q.exec(then)
		}
	})
}

// freeze stops the clock of work in progress; thaw restarts it and the
// queue. They bracket a suspension (R-L5).
func (q *queue) freeze() {
	if q.cpu.Pending() {
		q.left = q.cpu.When().Sub(q.p.s.clock.Now())
		q.cpu.Stop()
		q.cpu = fakes.Timer{}
	}
	if q.kick.Pending() {
		q.kick.Stop()
		q.kick = fakes.Timer{}
	}
}

func (q *queue) thaw() {
	if q.then != nil && !q.cpu.Pending() {
		q.resumeCPU()
	}
	q.schedule()
}

// stop discards everything: the process is gone.
func (q *queue) stop() {
	q.kick.Stop()
	q.cpu.Stop()
	q.items, q.head, q.works, q.then, q.done = nil, 0, nil, nil, nil
	q.kick, q.cpu = fakes.Timer{}, fakes.Timer{}
}
