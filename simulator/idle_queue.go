package simulator

import (
	"time"

	"github.com/bgsim/bgsim/fakes"
)

// Every attempt arms its idle check (R-S8) when it starts, due one
// TimeoutIntervalForRequest later; nearly always the bytes are flowing by
// then and the check does nothing. Every attempt of a session waits the
// session's duration and they start in order, so they come due in that
// order: a session keeps these first checks in a FIFO and the clock holds
// one event, for the head, rather than a timer and a closure per attempt.
// Each entry takes a clock ticket when it is queued and the head's event
// is scheduled with it, so a check runs among the events due at its
// instant exactly where a timer of its own would have: the trace is the
// one a timer per attempt gives. The later checks of an attempt (after a
// stall, or re-armed by a check that found bytes moved) are rare and keep
// a timer of their own (timeout.go).
//
// An attempt that ends before its check is not looked for in the queue:
// its entry is dropped when it reaches the head. If the app reconnects
// with another duration, later attempts go to a queue of their own, so
// that each queue stays in due order.

// idleQueue is one session's first idle checks of one duration, in the
// order the attempts started.
type idleQueue struct {
	d       *daemon
	dur     time.Duration
	entries []idleEntry
	head    int         // entries before head are gone
	timer   fakes.Timer // the head's check
	onFire  func()      // q.fire, made once: a method value made at every arm would be an allocation
}

// idleEntry is the first idle check of task t's attempt x: when, and the
// place among the clock's events due then that its own timer would have
// had.
type idleEntry struct {
	t      *dtask
	x      *fakes.Transfer
	at     time.Duration // clock offset
	ticket fakes.Ticket
}

// live reports whether the check is still due: the attempt is the task's
// current one and nothing stopped its check.
func (e *idleEntry) live() bool { return e.t.idleQueued && e.t.xfer == e.x }

// queueIdleCheck arms the first idle check of t's attempt x, as it starts.
func (d *daemon) queueIdleCheck(t *dtask, x *fakes.Transfer) {
	b := t.sess
	dur := b.cfg.TimeoutIntervalForRequest
	var q *idleQueue
	for _, c := range b.idles {
		if c.dur == dur {
			q = c
		}
	}
	if q == nil {
		q = &idleQueue{d: d, dur: dur}
		q.onFire = q.fire
		b.idles = append(b.idles, q)
	}
	c := d.s.clock
	// As Clock.Schedule takes it: a time in the past is now.
	at := max(x.LastByteAt().Add(dur).Sub(c.Start()), c.Elapsed())
	q.entries = append(q.entries, idleEntry{t: t, x: x, at: at, ticket: c.Ticket()})
	t.idleQueued = true
	if !q.timer.Pending() {
		q.arm()
	}
}

// idleCheckOver is called when t's attempt stops: its queued check will
// not run and, if it is the head of its queue, the queue's event moves on
// to the next attempt still under way.
func (b *bgSession) idleCheckOver(t *dtask) {
	if !t.idleQueued {
		return
	}
	t.idleQueued = false
	for _, q := range b.idles {
		if q.head < len(q.entries) && q.entries[q.head].t == t {
			q.arm()
		}
	}
}

// arm drops the dead checks at the head and schedules the head's, if any
// is left.
func (q *idleQueue) arm() {
	q.timer.Stop()
	q.timer = fakes.Timer{}
	for q.head < len(q.entries) && !q.entries[q.head].live() {
		q.entries[q.head] = idleEntry{} // let the task and its attempt go
		q.head++
	}
	q.compact()
	if q.head == len(q.entries) {
		return
	}
	c := q.d.s.clock
	e := q.entries[q.head]
	q.timer = c.ScheduleTicket(c.Start().Add(e.at), e.ticket, q.onFire)
}

// fire is the head's check.
func (q *idleQueue) fire() {
	q.timer = fakes.Timer{}
	e := q.entries[q.head]
	q.entries[q.head] = idleEntry{}
	q.head++
	e.t.idleQueued = false
	q.d.idleCheck(e.t, e.x)
	if !q.timer.Pending() {
		q.arm()
	}
}

// compact gives back the room of the entries before head once they are
// most of the queue, so a long run does not keep every check it queued.
func (q *idleQueue) compact() {
	if q.head == len(q.entries) {
		q.entries, q.head = nil, 0 // all gone: let the array go too
		return
	}
	if q.head < 64 || q.head < len(q.entries)/2 {
		return
	}
	n := copy(q.entries, q.entries[q.head:])
	clear(q.entries[n:])
	q.entries, q.head = q.entries[:n], 0
}
