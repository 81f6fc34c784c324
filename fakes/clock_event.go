package fakes

import "time"

// event is a Timer for code of this package that keeps many of them and
// always knows its clock: a transfer's own event. It is the callback and
// the slot's handle, half a Timer, with the same semantics.
type event struct {
	f   func()
	ref slotRef
}

// newEvent schedules f d from now.
func newEvent(c *Clock, d time.Duration, f func()) event {
	return event{f: f, ref: c.schedule(f, c.afterOffset(d), 0, false).ref}
}

// resetAfter is Timer.ResetAfter.
func (e *event) resetAfter(c *Clock, d time.Duration) {
	at := c.afterOffset(d)
	if c.timers.live(e.ref) {
		c.repush(e.ref.id(), at)
		return
	}
	e.ref = c.schedule(e.f, at, 0, false).ref
}

// stop is Timer.Stop.
func (e *event) stop(c *Clock) {
	if e.f != nil {
		c.stop(e.ref)
	}
}
