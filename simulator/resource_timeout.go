package simulator

import (
	"time"

	"github.com/bgsim/bgsim/appmodel"
	"github.com/bgsim/bgsim/fakes"
)

// The resource timeout (TimeoutIntervalForResource, R-S8) bounds a task's
// whole transfer, retries included, from its first resume. Every task of a
// session gets the session's duration and they are armed in resume order,
// so they come due in that order: a session keeps its deadlines in a FIFO
// and the clock holds one event, for the head, rather than one per task.
// Each deadline takes a clock ticket when it is armed and the head's event
// is scheduled with it, so a timeout fires among the events due at its
// instant exactly where a timer of its own would have: the trace is the
// one a timer per task gives.
//
// A task that ends before its deadline is not looked for in the queue: its
// entry is dropped when it reaches the head. If the app reconnects with
// another duration, later tasks go to a queue of their own, so that each
// queue stays in deadline order.

// deadlineQueue is one session's resource deadlines of one duration, in
// the order they were armed.
type deadlineQueue struct {
	d       *daemon
	dur     time.Duration
	entries []deadline
	head    int         // entries before head are gone
	timer   fakes.Timer // the head's timeout
	onFire  func()      // q.fire, made once: a method value made at every arm would be an allocation
}

// deadline is one task's resource deadline: when, and the place among the
// clock's events due then that its own timer would have had.
type deadline struct {
	t      *dtask
	at     time.Duration // clock offset
	ticket fakes.Ticket
}

// armResourceTimeout starts t's resource timeout, at its first resume.
func (d *daemon) armResourceTimeout(t *dtask) {
	b := t.sess
	dur := b.cfg.TimeoutIntervalForResource
	var q *deadlineQueue
	for _, x := range b.deadlines {
		if x.dur == dur {
			q = x
		}
	}
	if q == nil {
		q = &deadlineQueue{d: d, dur: dur}
		q.onFire = q.fire
		b.deadlines = append(b.deadlines, q)
	}
	c := d.s.clock
	now := c.Elapsed()
	// As Clock.After does: a negative duration is now, and the sum
	// saturates rather than wraps.
	at := now + min(max(dur, 0), time.Duration(1<<63-1)-now)
	q.entries = append(q.entries, deadline{t: t, at: at, ticket: c.Ticket()})
	if !q.timer.Pending() {
		q.arm()
	}
}

// resourceTimeoutOver is called when t ends: if its deadline is the head
// of its queue, the queue's event moves on to the next task still under
// way.
func (b *bgSession) resourceTimeoutOver(t *dtask) {
	for _, q := range b.deadlines {
		if q.head < len(q.entries) && q.entries[q.head].t == t {
			q.timer.Stop()
			q.head++
			q.arm()
			return
		}
	}
}

// arm drops the ended tasks at the head and schedules the head's timeout,
// if any task is left.
func (q *deadlineQueue) arm() {
	q.timer.Stop()
	q.timer = fakes.Timer{}
	for q.head < len(q.entries) && q.entries[q.head].t.phase == phaseDone {
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

// fire is the head's timeout: the task fails with -1001 (R-S8).
func (q *deadlineQueue) fire() {
	q.timer = fakes.Timer{}
	t := q.entries[q.head].t
	q.head++
	q.d.fail(t, &appmodel.URLError{Code: appmodel.ErrTimedOut,
		Message: "TimeoutIntervalForResource " + t.sess.cfg.TimeoutIntervalForResource.String() + " passed"}, RuleS8)
	if !q.timer.Pending() {
		q.arm()
	}
}

// compact gives back the room of the entries before head once they are
// most of the queue, so a long run does not keep every deadline it armed.
func (q *deadlineQueue) compact() {
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
