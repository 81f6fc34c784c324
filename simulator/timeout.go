package simulator

import (
	"time"

	"github.com/bgsim/bgsim/appmodel"
	"github.com/bgsim/bgsim/fakes"
)

// The request timeout (TimeoutIntervalForRequest, R-S8) is an idle timer
// that every byte resets. A transfer moving bytes cannot time out, so the
// daemon keeps a timer only while one is not moving: from the start of an
// attempt (the round trip), when it stalls, and when the link loses its
// bandwidth. A check that finds bytes moving again lapses until the next of
// those changes. The cost of a transfer therefore grows with the changes of
// its state, not with the virtual seconds it runs: a download trickling for
// a week costs one check, not one a minute.

// armIdleTimeout (re)starts the idle check of t's attempt, due
// TimeoutIntervalForRequest after the last byte moved, unless one is
// pending: the attempt's first, in its session's queue (idle_queue.go),
// or a later one on a timer of its own.
func (d *daemon) armIdleTimeout(t *dtask) {
	x := t.xfer
	if x == nil || t.idleQueued || t.peek().idleTimer.Pending() {
		return
	}
	d.scheduleIdleCheck(t, x, x.LastByteAt().Add(t.sess.cfg.TimeoutIntervalForRequest))
}

// scheduleIdleCheck puts a check of t's attempt x on a timer of its own,
// at at: a stalled or re-checked attempt, rare enough to keep it in the
// task's rare part.
func (d *daemon) scheduleIdleCheck(t *dtask, x *fakes.Transfer, at time.Time) {
	m := t.rare()
	m.idleTimer = d.s.clock.Schedule(at, func() {
		m.idleTimer = fakes.Timer{}
		d.idleCheck(t, x)
	})
}

// idleCheck runs when t's attempt x may have been idle for the whole
// request timeout: it abandons the attempt and, in a background session,
// retries it (R-S8); or, if bytes moved since, waits again.
func (d *daemon) idleCheck(t *dtask, x *fakes.Transfer) {
	if t.xfer != x || x.Moving() {
		return // a later attempt, or bytes flowing: a stall or link change re-arms
	}
	limit := t.sess.cfg.TimeoutIntervalForRequest
	now := d.s.clock.Now()
	if last := x.LastByteAt(); t.challenged || now.Sub(last) < limit {
		next := last.Add(limit)
		if !next.After(now) {
			next = now.Add(limit) // waiting for the app's answer to a challenge
		}
		d.scheduleIdleCheck(t, x, next)
		return
	}
	t.got = t.bytes()
	t.setSentGot(x.Sent())
	x.Cancel()
	t.xfer = nil
	d.retryAfter(t, &appmodel.URLError{Code: appmodel.ErrTimedOut,
		Message: "no byte for TimeoutIntervalForRequest " + limit.String()}, RuleS8)
}

// linkStilled arms the idle check of every transfer in flight when the link
// keeps its kind but moves nothing (bandwidth 0): none of them moves now.
func (d *daemon) linkStilled() {
	for _, b := range d.sessions {
		for _, t := range b.tasks {
			if t.xfer != nil {
				d.armIdleTimeout(t)
			}
		}
	}
}
