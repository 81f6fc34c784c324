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
	ref := c.timers.alloc(f)
	c.push(ref.id(), c.afterOffset(d))
	return event{f: f, ref: ref}
}

// resetAfter is Timer.ResetAfter.
func (e *event) resetAfter(c *Clock, d time.Duration) {
	at := c.afterOffset(d)
	if c.timers.live(e.ref) {
		c.repush(e.ref.id(), at)
		return
	}
	e.ref = c.timers.alloc(e.f)
	c.push(e.ref.id(), at)
}

// stop is Timer.Stop.
func (e *event) stop(c *Clock) {
	if e.f != nil {
		c.stop(e.ref)
	}
}
