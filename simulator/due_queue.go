package simulator

import (
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
// queue: live says so when it reaches the head, and it is dropped there.
type dueQueue[E any] struct {
	clock   *fakes.Clock
	dur     time.Duration
	entries []dueEntry[E]
	head    int         // entries before head are gone
	timer   fakes.Timer // the head's
	onFire  func()      // q.fire, made once: a method value made at every arm would be an allocation
	live    func(*E) bool
	due     func(E)
}

// dueEntry is one queued timeout: what it is about, when, and the place
// among the clock's events due then that its own timer would have had.
type dueEntry[E any] struct {
	v      E
	at     time.Duration // clock offset
	ticket fakes.Ticket
}

// dueQueueOf returns the queue of qs whose entries wait dur, or nil.
func dueQueueOf[E any](qs []*dueQueue[E], dur time.Duration) *dueQueue[E] {
	for _, q := range qs {
		if q.dur == dur {
			return q
		}
	}
	return nil
}

// addDueQueue adds to qs a queue of entries that wait dur: live says
// whether an entry is still due, due runs one that comes due.
func addDueQueue[E any](qs *[]*dueQueue[E], c *fakes.Clock, dur time.Duration, live func(*E) bool, due func(E)) *dueQueue[E] {
	q := &dueQueue[E]{clock: c, dur: dur, live: live, due: due}
	q.onFire = q.fire
	*qs = append(*qs, q)
	return q
}

// push queues v, due at clock offset at (which must not be before any
// entry already queued), and arms the queue's event if it has none.
func (q *dueQueue[E]) push(v E, at time.Duration) {
	q.entries = append(q.entries, dueEntry[E]{v: v, at: at, ticket: q.clock.Ticket()})
	if !q.timer.Pending() {
		q.arm()
	}
}

// dropHead drops the head if is says it is the one that ended, and moves
// the queue's event on to the next entry still due.
func (q *dueQueue[E]) dropHead(is func(*E) bool) bool {
	if q.head == len(q.entries) || !is(&q.entries[q.head].v) {
		return false
	}
	q.entries[q.head] = dueEntry[E]{} // let what it names go
	q.head++
	q.arm()
	return true
}

// arm drops the entries at the head that are no longer due and schedules
// the head's event, if an entry is left.
func (q *dueQueue[E]) arm() {
	q.timer.Stop()
	q.timer = fakes.Timer{}
	for q.head < len(q.entries) && !q.live(&q.entries[q.head].v) {
		q.entries[q.head] = dueEntry[E]{}
		q.head++
	}
	q.compact()
	if q.head == len(q.entries) {
		return
	}
	e := q.entries[q.head]
	q.timer = q.clock.ScheduleTicket(q.clock.Start().Add(e.at), e.ticket, q.onFire)
}

// fire is the head's event: the head comes due.
func (q *dueQueue[E]) fire() {
	q.timer = fakes.Timer{}
	v := q.entries[q.head].v
	q.entries[q.head] = dueEntry[E]{}
	q.head++
	q.due(v)
	if !q.timer.Pending() {
		q.arm()
	}
}

// compact gives back the room of the entries before head once they are
// most of the queue, so a long run does not keep every entry it queued.
func (q *dueQueue[E]) compact() {
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
