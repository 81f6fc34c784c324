package fakes

import "time"

// event is a Timer for code of this package that keeps many of them and
// always knows its clock: a transfer's own event. It is the callback and
// the slot's handle, half a Timer, with the same semantics.
type event struct {
	f       func()
	id, gen uint32
}

// newEvent schedules f d from now.
func newEvent(c *Clock, d time.Duration, f func()) event {
	id, gen := c.timers.alloc(f)
	c.push(id, c.afterOffset(d))
	return event{f: f, id: id, gen: gen}
}

// resetAfter is Timer.ResetAfter.
func (e *event) resetAfter(c *Clock, d time.Duration) {
	at := c.afterOffset(d)
	if c.timers.live(e.id, e.gen) {
		c.repush(e.id, at)
		return
	}
	e.id, e.gen = c.timers.alloc(e.f)
	c.push(e.id, at)
}

// stop is Timer.Stop.
func (e *event) stop(c *Clock) {
	if e.f == nil || !c.timers.live(e.id, e.gen) {
		return
	}
	c.stopSlot(e.id)
}
