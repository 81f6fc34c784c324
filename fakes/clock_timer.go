package fakes

import "time"

// Timer is the handle of one scheduled event, returned by [Clock.Schedule]
// and [Clock.After]. It is a small value: keep it in a variable or a field
// and call its methods there. The zero Timer is a valid handle of nothing:
// Stop and Pending report false.
//
// The clock keeps its events in a slab it reuses, so scheduling allocates
// nothing; a handle names its slot and the slot's generation, so a handle
// to an event that fired or was stopped never touches the slot's next
// tenant.
type Timer struct {
	c   *Clock
	f   func()
	at  int64 // due offset, as of this handle's last Schedule or Reset
	ref slotRef
	// Four fields, no more: the compiler keeps a struct of up to four in
	// registers, so an inlined Pending reads the two words it needs from
	// its owner. A fifth field made every inlined Pending copy the whole
	// handle to the stack twice first (the walkthrough checks 72 times).
}

// pending reports whether the handle's slot still holds its event.
func (t Timer) pending() bool {
	return t.c != nil && t.c.timers.live(t.ref)
}

// Stop cancels the event and reports whether it was still pending.
func (t Timer) Stop() bool {
	// Small enough to inline: a Stop of the zero Timer costs a test, and
	// any other passes two words rather than the handle's four. Most
	// Stops find nothing pending (18 of a walkthrough's 21).
	return t.c != nil && t.c.stop(t.ref)
}

// Reset reschedules the event for virtual time at (now, if at is in the
// past), whether or not it already fired or was stopped, and reports whether
// it was pending. A reset event queues behind events already due at the
// same instant, as a newly scheduled one would. Reset updates the handle it
// is called on: for an event that had fired, a copy of the handle made
// before the Reset does not follow the new event.
func (t *Timer) Reset(at time.Time) bool {
	if t.c == nil {
		return false
	}
	return t.ResetAfter(time.Duration(t.c.offset(at) - t.c.now))
}

// ResetOffset is Reset for an instant given as virtual time since the
// clock's start (see [Clock.Elapsed]): what a caller that keeps its times
// as offsets needs, without a time.Time on the way.
func (t *Timer) ResetOffset(at time.Duration) bool {
	if t.c == nil {
		return false
	}
	return t.ResetAfter(time.Duration(t.c.offsetOf(at) - t.c.now))
}

// ResetAfter is Reset(now + d).
//
// It is the one implementation of the three: Reset and ResetOffset come
// here with their instant less now (at or after now, so it comes back as
// it was). A queue's kick and a session's progress ticker re-arm with it
// after their event fired, so it schedules the event itself rather than
// through a helper shared with them: one call less each time.
func (t *Timer) ResetAfter(d time.Duration) bool {
	c := t.c
	if c == nil {
		return false
	}
	at := c.afterOffset(d)
	t.at = at
	if c.timers.live(t.ref) {
		c.repush(t.ref.id(), at)
		return true
	}
	t.ref = c.schedule(t.f, at, 0, false).ref
	return false
}

// Pending reports whether the event is still scheduled.
func (t Timer) Pending() bool { return t.pending() }

// When is the virtual time the event is (or was last) due at.
func (t Timer) When() time.Time {
	if t.c == nil {
		return time.Time{}
	}
	return t.c.start.Add(t.WhenOffset())
}

// WhenOffset is When as virtual time since the clock's start (see
// [Clock.Elapsed]); 0 for the zero Timer.
func (t Timer) WhenOffset() time.Duration {
	if t.c == nil {
		return 0
	}
	if t.pending() {
		return time.Duration(t.c.timers.slots[t.ref.id()].at)
	}
	return time.Duration(t.at)
}
