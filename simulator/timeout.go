package simulator

import (
	"github.com/bgsim/bgsim/appmodel"
	"github.com/bgsim/bgsim/fakes"
)

// armIdleTimeout starts the request timeout of t's attempt: an idle timer
// that every byte resets. When it fires the attempt is abandoned and, in a
// background session, retried (R-S8).
func (d *daemon) armIdleTimeout(t *dtask) {
	start := d.s.clock.Now()
	limit := t.sess.cfg.TimeoutIntervalForRequest
	var check func()
	check = func() {
		t.idleTimer = fakes.Timer{}
		x := t.xfer
		if x == nil {
			return
		}
		last := x.LastByteAt()
		if last.Before(start) {
			last = start
		}
		now := d.s.clock.Now()
		if t.challenged || now.Sub(last) < limit {
			next := last.Add(limit)
			if !next.After(now) {
				next = now.Add(limit)
			}
			t.idleTimer = d.s.clock.Schedule(next, check)
			return
		}
		t.got, t.sentGot = t.bytes(), x.Sent()
		x.Cancel()
		t.xfer = nil
		d.retryAfter(t, &appmodel.URLError{Code: appmodel.ErrTimedOut,
			Message: "no byte for TimeoutIntervalForRequest " + limit.String()}, RuleS8)
	}
	t.idleTimer = d.s.clock.Schedule(start.Add(limit), check)
}
