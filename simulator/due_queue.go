package simulator

import (
	"math"
	"time"

	"github.com/bgsim/bgsim/fakes"
)

// dueQueue holds timeouts that come due in the order they are queued, with
// one clock event, for the head, rather than a timer and a closure each.
// A session's timeouts of one kind all wait the session's duration and are
// armed in order, so they come due in that order (resource_timeout.go,
// idle_queue.go); a session keeps one queue per duration, since the app
// may reconnect with another.
//
// Each entry takes a clock ticket when it is queued and the head's event
// is scheduled with it, so an entry comes due among the events of its
// instant exactly where a timer of its own would have: the trace is the
// one a timer per entry gives.
//
// An entry that stops being due (its task ended) is not looked for in the
// queue: stillDue says so when it reaches the head, and it is dropped there.
type dueQueue[E dueItem] struct {
	clock   *fakes.Clock
	dur     time.Duration
	entries fifo[dueEntry[E]] // in blocks: a session may queue one per task
	timer   fakes.Timer       // the head's
	// onFire is what the head's event calls, made once (a method value
	// made at every arm would be an allocation): q.fire, or for a
	// session's first queue of each kind the session's clockEvent, which
	// calls fire when firing says the event is the queue's.
	onFire func()
	// ended counts the entries behind the head that ended (see
	// dueQueues.ended) since the queue last dropped them.
	ended int32
	armed bool // timer was scheduled, and has not fired nor been stopped since
}

// dueItem is what a dueQueue holds. Its methods are the queue's hooks,
// rather than closures given to the queue, which would be allocations of
// their own.
type dueItem interface {
	// task is the task the timeout is about.
	task() *dtask
	// stillDue reports whether the timeout is still to run.
	stillDue() bool
	// comeDue runs the timeout.
	comeDue()
}

// dueEntry is one queued timeout: what it is about, when, and the place
// among the clock's events due then that its own timer would have had.
type dueEntry[E dueItem] struct {
	v      E
	at     time.Duration // clock offset
	ticket fakes.Ticket
}

// dueQueues are a session's queues of one kind, one per duration. Nearly
// always there is one, so the first is part of the session.
type dueQueues[E dueItem] struct {
	first dueQueue[E] // in use once its clock is set
	// more are the queues of other durations: behind a pointer, as nearly
	// no session has one, and a session holds two dueQueues.
	more *[]*dueQueue[E]
}

// others are the queues after the first.
func (qs *dueQueues[E]) others() []*dueQueue[E] {
	if qs.more == nil {
		return nil
	}
	return *qs.more
}

// of returns the queue of entries that wait dur, made on first use. The
// first queue's event calls onFirst, which must call its fire when its
// firing says so; the others' call their own fire.
func (qs *dueQueues[E]) of(c *fakes.Clock, dur time.Duration, onFirst func()) *dueQueue[E] {
	if qs.first.clock == nil {
		qs.first.init(c, dur, onFirst)
		return &qs.first
	}
	if qs.first.dur == dur {
		return &qs.first
	}
	for _, q := range qs.others() {
		if q.dur == dur {
			return q
		}
	}
	q := new(dueQueue[E])
	q.init(c, dur, nil)
	if qs.more == nil {
		qs.more = new([]*dueQueue[E])
	}
	*qs.more = append(*qs.more, q)
	return q
}

// dropHead drops t's entries at the heads of the queues, and moves those
// queues' events on to the next entries still due.
func (qs *dueQueues[E]) dropHead(t *dtask) {
	if qs.first.clock == nil {
		return
	}
	qs.first.dropHead(t)
	for _, q := range qs.others() {
		q.dropHead(t)
	}
}

// ended is dropHead for a task whose entries, once no longer due, never
// are again, as a resource deadline's once its task is done. Entries of
// ended tasks behind the head are not looked for at every end, but once
// they are half the queue they are dropped in one pass: a hundred thousand
// deadlines would otherwise wait for the oldest task to end, each holding
// its place in memory for hours of virtual time. The head, and so the
// clock event, are untouched: the queue comes due as before.
func (qs *dueQueues[E]) ended(t *dtask) {
	if qs.first.clock == nil {
		return
	}
	qs.first.endedTask(t)
	for _, q := range qs.others() {
		q.endedTask(t)
	}
}

// minDropEnded is the queue length below which the entries of ended tasks
// wait for the head: a pass over a few is not worth making.
const minDropEnded = 64

func (q *dueQueue[E]) endedTask(t *dtask) {
	if q.dropHead(t) || q.entries.len() == 0 {
		return
	}
	// t may have no entry here (it waited another duration, or was
	// never resumed): the count is a hint for when to look, not a tally,
	// and it stops at the top of its 32 bits rather than wrap.
	if q.ended < math.MaxInt32 {
		q.ended++
	}
	if q.entries.len() >= minDropEnded && 2*int(q.ended) >= q.entries.len() {
		q.entries.retainBehindFront(func(e *dueEntry[E]) bool { return e.v.stillDue() })
		q.ended = 0
	}
}

// init readies q for entries that wait dur, its event calling onFire, or
// q.fire if onFire is nil.
func (q *dueQueue[E]) init(c *fakes.Clock, dur time.Duration, onFire func()) {
	q.clock, q.dur, q.onFire = c, dur, onFire
	if onFire == nil {
		q.onFire = q.fire
	}
}

// firing reports whether the clock event now firing is q's: its timer was
// armed and the clock no longer holds it (a timer is not pending from the
// moment its event fires). Every other way a timer stops being pending
// here (arm, fire) clears armed first.
func (q *dueQueue[E]) firing() bool { return q.armed && !q.timer.Pending() }

// push queues v, due at clock offset at (which must not be before any
// entry already queued), and arms the queue's event if it has none.
func (q *dueQueue[E]) push(v E, at time.Duration) {
	q.entries.push(dueEntry[E]{v: v, at: at, ticket: q.clock.Ticket()})
	if !q.timer.Pending() {
		q.arm()
	}
}

// dropHead drops the head if it is t's, and moves the queue's event on to
// the next entry still due.
func (q *dueQueue[E]) dropHead(t *dtask) bool {
	if q.entries.len() == 0 || q.entries.front().v.task() != t {
		return false
	}
	q.entries.pop()
	q.arm()
	return true
}

// arm drops the entries at the head that are no longer due and schedules
// the head's event, if an entry is left.
func (q *dueQueue[E]) arm() {
	q.timer.Stop()
	q.timer, q.armed = fakes.Timer{}, false
	for q.entries.len() > 0 && !q.entries.front().v.stillDue() {
		q.entries.pop()
	}
	if q.entries.len() == 0 {
		return
	}
	e := q.entries.front()
	q.timer, q.armed = q.clock.ScheduleTicketOffset(e.at, e.ticket, q.onFire), true
}

// fire is the head's event: the head comes due.
func (q *dueQueue[E]) fire() {
	q.timer, q.armed = fakes.Timer{}, false
	v := q.entries.pop().v
	v.comeDue()
	if !q.timer.Pending() {
		q.arm()
	}
}
