package simulator

import "github.com/bgsim/bgsim/fakes"

// Every attempt arms its idle check (R-S8) when it starts, due one
// TimeoutIntervalForRequest later; nearly always the bytes are flowing by
// then and the check does nothing. Every attempt of a session waits the
// session's duration and they start in order, so they come due in that
// order: a session keeps these first checks in a dueQueue per duration
// (due_queue.go), with one clock event for the head, rather than a timer
// and a closure per attempt. The later checks of an attempt (after a
// stall, or re-armed by a check that found bytes moved) are rare and keep
// a timer of their own (timeout.go).

// idleEntry is the first idle check of task t's attempt x, queued in its
// session's dueQueue of the duration.
type idleEntry struct {
	t *dtask
	x *fakes.Transfer
}

// task is the task whose attempt is checked.
func (e idleEntry) task() *dtask { return e.t }

// stillDue: the attempt is the task's current one and nothing stopped its
// check.
func (e idleEntry) stillDue() bool { return e.t.idleQueued && e.t.xfer == e.x }

// comeDue runs the check.
func (e idleEntry) comeDue() {
	e.t.idleQueued = false
	e.t.sess.d.idleCheck(e.t, e.x)
}

// queueIdleCheck arms the first idle check of t's attempt x, as it starts.
func (d *daemon) queueIdleCheck(t *dtask, x *fakes.Transfer) {
	b := t.sess
	c := d.s.clock
	q := b.idles.of(c, b.cfg.TimeoutIntervalForRequest, b.clockFunc())
	t.idleQueued = true
	// As Clock.Schedule takes it: a time in the past is now.
	q.push(idleEntry{t, x}, max(x.LastByteAt().Add(q.dur).Sub(c.Start()), c.Elapsed()))
}

// idleCheckOver is called when t's attempt stops: its queued check will
// not run and, if it is the head of its queue, the queue's event moves on
// to the next attempt still under way.
func (b *bgSession) idleCheckOver(t *dtask) {
	if !t.idleQueued {
		return
	}
	t.idleQueued = false
	b.idles.dropHead(t)
}
