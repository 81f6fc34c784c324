package simulator

import (
	"time"

	"github.com/bgsim/bgsim/appmodel"
)

// The resource timeout (TimeoutIntervalForResource, R-S8) bounds a task's
// whole transfer, retries included, from its first resume. Every task of a
// session gets the session's duration and they are armed in resume order,
// so they come due in that order: a session keeps its deadlines in a
// dueQueue per duration (due_queue.go), with one clock event for the head.

// deadline is one task's resource deadline, queued in its session's
// dueQueue of the duration.
type deadline struct{ t *dtask }

// task is the task the deadline bounds.
func (e deadline) task() *dtask { return e.t }

// stillDue: the task has not ended.
func (e deadline) stillDue() bool { return e.t.phase != phaseDone }

// comeDue fails the task (d.resourceTimeout).
func (e deadline) comeDue() { e.t.sess.d.resourceTimeout(e) }

// armResourceTimeout starts t's resource timeout, at its first resume.
func (d *daemon) armResourceTimeout(t *dtask) {
	b := t.sess
	c := d.s.clock
	q := b.deadlines.of(c, b.cfg.TimeoutIntervalForResource, b.clockFunc())
	now := c.Elapsed()
	// As Clock.After does: a negative duration is now, and the sum
	// saturates rather than wraps.
	q.push(deadline{t}, now+min(max(q.dur, 0), time.Duration(1<<63-1)-now))
}

// resourceTimeoutOver is called when t ends: if its deadline is the head
// of its queue, the queue's event moves on to the next task still under
// way. A done task stays done, so its deadline may be dropped from
// anywhere in the queue (dueQueues.ended).
func (b *bgSession) resourceTimeoutOver(t *dtask) {
	b.deadlines.ended(t)
}

// resourceTimeout is a deadline come due: the task fails with -1001 (R-S8).
func (d *daemon) resourceTimeout(e deadline) {
	t := e.t
	d.fail(t, &appmodel.URLError{Code: appmodel.ErrTimedOut,
		Message: "TimeoutIntervalForResource " + t.sess.cfg.TimeoutIntervalForResource.String() + " passed"}, RuleS8)
}
